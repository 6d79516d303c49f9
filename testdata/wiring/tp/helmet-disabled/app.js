const express = require('express');
const helmet = require('helmet');

const app = express();
// helmet: each protection can be switched off, helmet({ contentSecurityPolicy: false }).
app.use(helmet({
  contentSecurityPolicy: false,
  frameguard: false,
  hsts: { maxAge: 31536000 },
}));

module.exports = app;
