const Hapi = require('@hapi/hapi');

const server = Hapi.server({
  port: 3000,
  routes: {
    cors: { origin: ['https://app.example.com'], credentials: true },
  },
});
