// class: cors
'use strict';

const Hapi = require('@hapi/hapi');

const init = async () => {
  // hapi's cors.origin defaults to ['*'] and echoes the request's Origin.
  const server = Hapi.server({ port: 3000, routes: { cors: { credentials: true } } }); // want code/cors-any-origin-with-credentials

  server.route({
    method: 'GET',
    path: '/public/catalog',
    // cors: true takes the default origin ['*'], which hapi answers with the request's own Origin (its test: Hapi.server({ routes: { cors: true } }) answers Origin http://example.com/ with access-control-allow-origin: http://example.com/).
    options: { cors: true }, // want code/cors-reflected-origin
    handler: () => ({ items: [] }),
  });

  server.route({
    method: 'GET',
    path: '/me',
    options: { cors: { origin: ['https://app.example.com'], credentials: true } },
    handler: (request) => request.auth.credentials,
  });

  await server.start();
};

init();
