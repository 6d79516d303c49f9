// class: cors
const express = require('express');
const cors = require('cors');

const app = express();

// Public widget API: the cors package's default origin is "*".
app.use('/widgets', cors()); // want code/cors-wildcard

// The dashboard API: origin: true reflects the request's Origin.
app.use('/api', cors({ origin: true, credentials: true })); // want code/cors-any-origin-with-credentials

// An uploads endpoint someone "fixed" by hand.
app.options('/uploads', (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin); // want code/cors-any-origin-with-credentials
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.sendStatus(204);
});

module.exports = app;
