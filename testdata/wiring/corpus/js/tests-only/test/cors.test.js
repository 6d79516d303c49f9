// class: cors, cookie
// Known-safe: test code sets whatever it needs.
const request = require('supertest');
const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: true, credentials: true }));
app.get('/x', (req, res) => res.cookie('session', 'abc').send('ok'));

test('cors', async () => {
  await request(app).get('/x').set('Origin', 'https://evil.example');
});
