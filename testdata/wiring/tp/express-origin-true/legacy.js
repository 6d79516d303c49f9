const cookieSession = require('cookie-session');

module.exports = function legacySessions(app) {
  app.use(cookieSession({
    name: 'session',
    keys: [process.env.SESSION_KEY],
    secure: false,
    httpOnly: false,
  }));
};
