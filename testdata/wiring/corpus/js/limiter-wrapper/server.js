// class: ratelimit
// rate-limiter-flexible wrapped in a small middleware of the file.
const express = require('express');
const { RateLimiterMemory } = require('rate-limiter-flexible');

const loginLimiter = new RateLimiterMemory({ points: 5, duration: 60 });
const app = express();

const rl = (req, res, next) =>
  loginLimiter.consume(req.ip).then(() => next()).catch(() => res.status(429).end());

app.post('/login', rl, (req, res) => res.json({ ok: true }));

// A middleware that calls no limiter covers nothing.
const audit = (req, res, next) => { console.log(req.ip); next(); };
app.post('/password/reset', audit, (req, res) => res.end()); // want code/auth-route-without-rate-limit

module.exports = app;
