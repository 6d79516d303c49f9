const express = require('express');
const Hapi = require('@hapi/hapi');

const app = express();
const auth = express.Router();

auth.post('/', (req, res) => res.json(signIn(req.body)));
app.use('/api/login', auth);

const server = Hapi.server({ port: 3000 });
server.route({
  method: 'POST',
  path: '/token',
  handler: (request) => issue(request.payload),
});
