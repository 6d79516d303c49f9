// class: cors, cookie
// cors docs: "origin ... default '*'"; code under a development guard
// does not run in production.
const express = require('express');
const cors = require('cors');
const app = express();
if (process.env.NODE_ENV !== 'production') {
  app.use(cors());
}
const isDev = process.env.NODE_ENV === 'development';
if (isDev) {
  app.use(cors({ origin: true, credentials: true }));
}
if (process.env.NODE_ENV === 'production') {
  app.use(cors()); // want code/cors-wildcard
}
app.get('/prefs', (req, res) => {
  if (process.env.NODE_ENV === 'test') {
    res.cookie('session_id', 'fixture', { httpOnly: false });
  }
  res.cookie('sid', req.query.v, { httpOnly: true }); // want code/session-cookie-insecure
  res.end();
});
module.exports = app;
