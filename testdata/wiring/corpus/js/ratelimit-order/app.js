// class: ratelimit
// Express docs: "Middleware functions are executed sequentially, therefore
// the order of middleware inclusion is important": app.use(limiter) covers
// only the routes registered after it.
const express = require('express');
const rateLimit = require('express-rate-limit');
const app = express();
const limiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 });
app.post('/login', (req, res) => res.json({ ok: true })); // want code/auth-route-without-rate-limit
app.use(limiter);
app.post('/password/reset', (req, res) => res.json({ ok: true }));
module.exports = app;
