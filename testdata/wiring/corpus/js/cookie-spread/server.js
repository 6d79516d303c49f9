// class: cookie
// Cookie options built from a spread or completed after the literal.
const express = require('express');
const { cookieOptions } = require('./shared');

const app = express();
const base = { httpOnly: true, secure: true, sameSite: 'strict' };

app.post('/profile', (req, res) => {
  res.cookie('token', req.body.t, { ...base, maxAge: 3600 * 1000 });
  res.json({ ok: true });
});

// Options from another module: unknown, not judged.
app.post('/sso', (req, res) => {
  res.cookie('session', req.body.t, { ...cookieOptions });
  res.end();
});

function setAuth(res, t) {
  const o = { httpOnly: true };
  o.secure = true;
  res.cookie('auth', t, o);
}

function setRefresh(res, t) {
  const r = { ...base };
  r.httpOnly = false; // want code/session-cookie-not-httponly
  res.cookie('refresh_token', t, r);
}

module.exports = { app, setAuth, setRefresh };
