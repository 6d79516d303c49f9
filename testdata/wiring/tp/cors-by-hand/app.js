const express = require('express');

const app = express();

// Reflecting the request's Origin together with credentials, by hand.
app.use((req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

module.exports = app;
