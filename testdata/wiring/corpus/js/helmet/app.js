// class: headers
const express = require('express');
const helmet = require('helmet');

const app = express();

// app.use(helmet()); // want code/security-header-disabled

app.use('/admin', helmet({ contentSecurityPolicy: false, frameguard: false })); // want code/security-header-disabled

module.exports = app;
