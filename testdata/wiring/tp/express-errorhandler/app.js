const express = require('express');
const errorhandler = require('errorhandler');

const app = express();
// errorhandler: "This middleware is only intended to be used in a
// development environment, as the full error stack traces ... will be sent
// back to the client when an error occurs."
app.use(errorhandler());

module.exports = app;
