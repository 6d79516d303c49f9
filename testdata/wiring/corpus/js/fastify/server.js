// class: cors, cookie
const fastify = require('fastify')({ logger: true });

fastify.register(require('@fastify/cors'), { origin: true, credentials: true }); // want code/cors-any-origin-with-credentials
fastify.register(require('@fastify/cookie'));

fastify.get('/me', async (request, reply) => {
  // @fastify/cookie: setCookie sets no Secure or HttpOnly by default.
  reply.setCookie('sessionId', request.id, { path: '/' }); // want code/session-cookie-insecure code/session-cookie-not-httponly
  reply.setCookie('sid', request.id, { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
  return { ok: true };
});

fastify.listen({ port: 3000 });
