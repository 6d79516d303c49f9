// class: debug
const express = require('express');
const errorhandler = require('errorhandler');

const app = express();

app.get('/', (req, res) => res.send('ok'));

// errorhandler sends full stack traces to the client: development only.
app.use(errorhandler()); // want code/stack-trace-response

app.use((err, req, res, next) => {
  res.status(500).json({ message: err.message, stack: err.stack }); // want code/stack-trace-response
});

module.exports = app;
