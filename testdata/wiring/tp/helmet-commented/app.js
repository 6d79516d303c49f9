const express = require('express');
const helmet = require('helmet');

const app = express();
// TODO: re-enable once the inline scripts are gone
// app.use(helmet());

module.exports = app;
