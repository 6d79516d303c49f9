const express = require('express');
const errorhandler = require('errorhandler');

const app = express();
if (process.env.NODE_ENV === 'development') {
  app.use(errorhandler());
}
if (app.get('env') === 'development') {
  app.use(errorhandler({ log: true }));
}

module.exports = app;
