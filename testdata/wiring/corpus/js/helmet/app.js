// class: headers
const express = require('express');
const helmet = require('helmet');

const app = express();

// app.use(helmet()); // want code/security-headers-disabled

app.use('/admin', helmet({ contentSecurityPolicy: false, frameguard: false })); // want code/security-headers-disabled

module.exports = app;
