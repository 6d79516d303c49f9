const fastify = require('fastify')();

fastify.get('/embed', async (request, reply) => {
  reply.header('Access-Control-Allow-Origin', 'null');
  return {};
});
