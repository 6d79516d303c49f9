// class: debug
// Each errorhandler() call is judged on its own guard.
const express = require('express');
const errorhandler = require('errorhandler');

const app = express();

if (process.env.NODE_ENV === 'development') {
  app.use(errorhandler());
}

app.use(errorhandler()); // want code/stack-trace-response

module.exports = app;
