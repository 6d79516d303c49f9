// class: ratelimit
// Express docs: app.use(path, ...) "matches any path that follows its path
// immediately with a /": /api/auth covers /api/auth/login, not
// /api/authz/login.
const express = require('express');
const rateLimit = require('express-rate-limit');
const app = express();
const limiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 });
app.use('/api/auth', limiter);
app.post('/api/auth/login', (req, res) => res.json({ ok: true }));
app.post('/api/auth', (req, res) => res.json({ ok: true, session: 1 }));
app.post('/api/authz/login', (req, res) => res.json({ ok: true })); // want code/auth-route-without-rate-limit
app.post('/signup', (req, res) => res.json({ ok: true })); // want code/auth-route-without-rate-limit
app.use('/signup', limiter);
module.exports = app;
