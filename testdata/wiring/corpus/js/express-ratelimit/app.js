// class: ratelimit
const express = require('express');
const rateLimit = require('express-rate-limit');
const auth = require('./auth');

const app = express();
app.use(express.json());

const resetLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 5 });

// A limiter on a path prefix covers the routes under it.
app.use('/rest/user/reset-password', resetLimiter);
app.post('/rest/user/reset-password', auth.resetPassword);
app.post('/rest/user/reset-password/confirm', auth.confirmReset);

app.post('/rest/user/login', auth.login); // want code/auth-route-without-rate-limit
app.post('/api/signup', auth.signup); // want code/auth-route-without-rate-limit

const otpLimiter = rateLimit({ windowMs: 60 * 1000, limit: 3 });
app.post('/api/otp/verify', otpLimiter, auth.verifyOtp);

app.get('/api/products', (req, res) => res.json([]));

module.exports = app;
