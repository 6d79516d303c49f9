// class: cookie
// Known-safe: every cookie option set the way the docs recommend.
const express = require('express');
const session = require('express-session');
const rateLimit = require('express-rate-limit');

const app = express();
app.set('trust proxy', 1);

app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { secure: true, httpOnly: true, sameSite: 'lax' },
}));

const loginLimiter = rateLimit({ windowMs: 60 * 1000, limit: 5 });

app.post('/login', loginLimiter, (req, res) => {
  res.cookie('session_id', req.session.id, { secure: true, httpOnly: true, sameSite: 'strict' });
  res.cookie('locale', 'en', { secure: true, httpOnly: true });
  res.clearCookie('auth_token');
  res.end();
});

module.exports = app;
