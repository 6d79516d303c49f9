const Hapi = require('@hapi/hapi');

const server = Hapi.server({ port: 3000 });
// hapi state: isSecure and isHttpOnly "Defaults to true".
server.state('session', { ttl: 24 * 60 * 60 * 1000, isSameSite: 'Lax' });
server.route({
  method: 'GET',
  path: '/',
  handler: (request, h) => h.response('ok').state('remember_me', '1'),
});
