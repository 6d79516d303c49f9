// class: cors, cookie, ratelimit, debug, headers
// Known-safe: a hardened Express app.
const express = require('express');
const helmet = require('helmet');
const cors = require('cors');
const session = require('express-session');
const rateLimit = require('express-rate-limit');

const app = express();
app.set('trust proxy', 1);
app.use(helmet());
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
app.use(session({
  name: 'sid',
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { secure: true, httpOnly: true, sameSite: 'lax', maxAge: 3600000 },
}));
app.use(rateLimit({ windowMs: 60 * 1000, limit: 100 }));

app.post('/login', (req, res) => res.json({ ok: true }));
app.post('/password/forgot', (req, res) => res.status(202).end());

app.use((err, req, res, next) => {
  req.log?.error(err);
  res.status(500).json({ error: 'internal error' });
});

module.exports = app;
