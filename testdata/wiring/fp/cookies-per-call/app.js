const express = require('express');
const Koa = require('koa');

const app = express();

app.get('/prefs', (req, res) => {
  res.cookie('theme', req.query.theme, { secure: true, httpOnly: true, sameSite: 'lax' });
  // Deleting a cookie: flags do not matter on a cookie the browser drops.
  res.cookie('sid', '', { maxAge: 0 });
  res.clearCookie('legacy');
  res.setHeader('Set-Cookie', 'prefs=compact; Path=/; Secure; HttpOnly; SameSite=Lax');
  res.json({ ok: true });
});

const koa = new Koa();
koa.use(async (ctx) => {
  // cookies: secure follows the request (true on HTTPS), httpOnly is
  // "true by default".
  ctx.cookies.set('session', ctx.state.token);
});

module.exports = app;
