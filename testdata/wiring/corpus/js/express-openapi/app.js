// class: ratelimit
const express = require('express');
const { initialize } = require('express-openapi');
const fs = require('fs');
const yaml = require('js-yaml');

const app = express();
const apiDoc = yaml.load(fs.readFileSync('./api/openapi.yaml', 'utf8'));

// Routes come from the spec; handlers are bound by operationId.
initialize({
  app,
  apiDoc,
  operations: {
    loginUser: (req, res) => res.json({ token: 'x' }),
    listPets: (req, res) => res.json([]),
  },
});

app.listen(3000);
