const express = require('express');
const cors = require('cors');
const helmet = require('helmet');
const session = require('express-session');
const rateLimit = require('express-rate-limit');
const authRouter = require('./routes/auth');

const app = express();
app.set('trust proxy', 1);
app.use(helmet());

const allowed = ['https://app.example.com', 'https://admin.example.com'];
app.use(cors({
  origin(origin, callback) {
    if (!origin || allowed.includes(origin)) return callback(null, true);
    callback(new Error('Not allowed by CORS'));
  },
  credentials: true,
}));
app.use('/public', cors({ origin: /^https:\/\/([a-z0-9-]+\.)?example\.com$/ }));

app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { secure: true, httpOnly: true, sameSite: 'lax' },
}));

const authLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 });
app.use('/api/auth', authLimiter, authRouter);

app.use((err, req, res, next) => {
  if (process.env.NODE_ENV !== 'production') {
    return res.status(500).json({ message: err.message, stack: err.stack });
  }
  res.status(500).json({ message: 'Internal error' });
});

module.exports = app;
