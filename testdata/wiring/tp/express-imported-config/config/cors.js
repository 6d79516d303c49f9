// CORS settings shared by the API and the admin app.
module.exports = {
  origin: true,
  credentials: true,
  maxAge: 600,
};
