const fastify = require('fastify')({ logger: true });

fastify.register(require('@fastify/cors'), {
  origin: '*',
  credentials: true,
});

fastify.listen({ port: 3000 });
