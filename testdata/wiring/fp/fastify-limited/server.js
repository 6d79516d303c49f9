const fastify = require('fastify')({ logger: true });

fastify.register(require('@fastify/rate-limit'), { max: 100, timeWindow: '1 minute' });

fastify.post('/auth/login', async (request, reply) => {
  const user = await login(request.body);
  if (!user) {
    request.log.warn({ email: request.body.email }, 'login failed');
    return reply.code(401).send({ error: 'wrong email or password' });
  }
  return user;
});

fastify.listen({ port: 3000 });
