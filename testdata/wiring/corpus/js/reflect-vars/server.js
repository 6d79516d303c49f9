// class: cors
// Fetch standard: Access-Control-Allow-Origin set to the request's Origin
// allows every site; a value read into a variable first is the same echo.
const http = require('http');
const express = require('express');
const app = express();
http.createServer((req, res) => {
  const origin = req.headers['origin'];
  res.setHeader('Access-Control-Allow-Origin', origin); // want code/cors-reflected-origin
  res.end('ok');
}).listen(8080);
app.use((req, res, next) => {
  const { origin } = req.headers;
  res.header('Access-Control-Allow-Origin', origin); // want code/cors-any-origin-with-credentials
  res.header('Access-Control-Allow-Credentials', true);
  next();
});
const allowed = ['https://app.example.com'];
app.use((req, res, next) => {
  const { origin } = req.headers;
  if (allowed.includes(origin)) {
    res.header('Access-Control-Allow-Origin', origin);
  }
  next();
});
module.exports = app;
