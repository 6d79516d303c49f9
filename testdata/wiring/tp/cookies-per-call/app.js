const express = require('express');

const app = express();

// Express res.cookie options: "secure: Marks the cookie to be used with
// HTTPS only", "httpOnly: Flags the cookie to be accessible only by the
// web server" -- neither is set unless given.
app.get('/prefs', (req, res) => {
  res.cookie('theme', req.query.theme);
  res.cookie('sid', req.session.id, { sameSite: 'lax' });
  res.setHeader('Set-Cookie', 'prefs=compact; Path=/; HttpOnly');
  res.json({ ok: true });
});

module.exports = app;
