// class: cors
// Known-safe: an allow-list checked before the origin is echoed.
const express = require('express');
const cors = require('cors');

const allowed = ['https://app.example.com', 'https://admin.example.com'];

const app = express();

app.use(cors({
  origin(origin, callback) {
    if (!origin || allowed.includes(origin)) {
      return callback(null, true);
    }
    return callback(new Error('not allowed by CORS'));
  },
  credentials: true,
}));

app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (allowed.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  }
  next();
});

app.use('/v2', cors({ origin: 'https://app.example.com', credentials: true }));

module.exports = app;
