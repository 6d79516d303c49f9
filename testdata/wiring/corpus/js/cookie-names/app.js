// class: cookie
// express res.cookie docs: "httpOnly: Flags the cookie to be accessible
// only by the web server" (default false), "secure" (default false).
// Session names are whole tokens of the cookie's name; CSRF double-submit
// cookies must stay readable by scripts (Angular reads XSRF-TOKEN).
const express = require('express');
const app = express();
app.get('/ui', (req, res) => {
  res.cookie('sidebar_collapsed', '1', { secure: true, httpOnly: true });
  res.cookie('consent_tokenized_banner', 'yes', { secure: true, httpOnly: true });
  res.cookie('XSRF-TOKEN', req.csrfToken(), { secure: true });
  res.cookie('_csrf', req.csrfToken(), { secure: true, httpOnly: false });
  res.cookie('refreshToken', req.user.rt, { secure: true }); // want code/session-cookie-not-httponly
  res.cookie('user-session', req.user.id, { httpOnly: true }); // want code/session-cookie-insecure
  res.cookie('XSRF-TOKEN', req.csrfToken(), { httpOnly: false }); // want code/cookie-insecure
  res.cookie('sidebar_collapsed', '1', { secure: true }); // want code/cookie-not-httponly
  res.end();
});
module.exports = app;
