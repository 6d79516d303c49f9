const Hapi = require('@hapi/hapi');

// hapi cors: "origin ... Defaults to any origin ['*']", and hapi answers an
// allowed origin with the request's own Origin.
const server = Hapi.server({
  port: 3000,
  routes: {
    cors: { credentials: true },
  },
});
