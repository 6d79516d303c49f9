const express = require('express');

const app = express();
const allowed = ['https://app.example.com'];

app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (allowed.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  next();
});

app.get('/public', (req, res) => {
  res.set('Access-Control-Allow-Origin', allowed.includes(req.get('origin')) ? req.get('origin') : allowed[0]);
  res.json({});
});

module.exports = app;
