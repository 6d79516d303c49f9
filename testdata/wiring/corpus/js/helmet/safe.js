// class: headers
// Known-safe: helmet with its defaults, and a CSP tuned rather than off.
const express = require('express');
const helmet = require('helmet');

const app = express();
app.use(helmet());
app.use('/docs', helmet({
  contentSecurityPolicy: {
    directives: { 'script-src': ["'self'", 'https://cdn.example.com'] },
  },
}));

module.exports = app;
