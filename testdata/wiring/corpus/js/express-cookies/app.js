// class: cookie, ratelimit
const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');

const app = express();
app.set('trust proxy', 1);

// express-session: cookie.httpOnly defaults to true, cookie.secure to false.
app.use(session({ // want code/session-cookie-insecure
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
}));

app.use('/legacy', cookieSession({
  name: 'legacy_session',
  keys: [process.env.COOKIE_KEY],
  secure: false, // want code/session-cookie-insecure
  httpOnly: false, // want code/session-cookie-not-httponly
}));

app.post('/login', (req, res) => { // want code/auth-route-without-rate-limit
  // res.cookie: Express sets neither Secure nor HttpOnly unless told.
  res.cookie('auth_token', req.user.token, { maxAge: 3600000 }); // want code/session-cookie-insecure code/session-cookie-not-httponly
  res.cookie('remember_me', '1', { httpOnly: true, sameSite: 'none' }); // want code/session-cookie-insecure code/cookie-samesite-none-insecure
  res.cookie('theme', req.body.theme || 'light'); // want code/cookie-insecure code/cookie-not-httponly
  res.redirect('/');
});

module.exports = app;
