const express = require('express');
const { rateLimit } = require('express-rate-limit');
const Sentry = require('@sentry/node');

Sentry.init({ dsn: process.env.SENTRY_DSN });
const app = express();
const resetLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 5 });

app.get('/health', (req, res) => res.json({ ok: true }));
app.post('/auth/reset-password', resetLimiter, async (req, res) => {
  await sendResetLink(req.body.email);
  res.status(202).end();
});

app.listen(3000);
