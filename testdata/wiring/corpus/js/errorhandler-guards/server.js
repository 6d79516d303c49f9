// class: debug
// Each errorhandler() call is judged on its own guard.
const express = require('express');
const errorhandler = require('errorhandler');

const app = express();

if (process.env.NODE_ENV === 'development') {
  app.use(errorhandler());
}

app.use(errorhandler()); // want code/stack-trace-response

// The stack only when a development flag says so.
const dev = app.get('env') === 'development';
app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ message: 'error', stack: dev ? err.stack : undefined });
});

module.exports = app;
