const express = require('express');
const cors = require('cors');
const session = require('express-session');

const app = express();
const corsOptions = {
  origin: (origin, callback) => callback(null, true),
  credentials: true,
};
app.use(cors(corsOptions));
app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { httpOnly: false, sameSite: 'none' },
}));

app.post('/api/auth/login', async (req, res) => {
  res.json(await login(req.body));
});
app.post('/api/invites', requireAdmin, async (req, res) => {
  res.status(201).json(await invite(req.body));
});

app.use((err, req, res, next) => {
  res.status(500).json({ message: err.message, stack: err.stack });
});

app.listen(3000);
