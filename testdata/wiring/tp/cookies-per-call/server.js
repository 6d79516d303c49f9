const Koa = require('koa');
const Fastify = require('fastify');
const Hapi = require('@hapi/hapi');

const app = new Koa();
app.use(async (ctx) => {
  // cookies: "secure ... (false by default for HTTP, true by default for
  // HTTPS)" -- switched off here.
  ctx.cookies.set('session', ctx.state.token, { secure: false });
});

const fastify = Fastify();
fastify.get('/lang', async (request, reply) => {
  // @fastify/cookie: "By default, the HttpOnly attribute is not set."
  reply.setCookie('lang', 'en', { secure: true });
  return 'ok';
});

const server = Hapi.server({ port: 3000 });
server.route({
  method: 'GET',
  path: '/remember',
  handler: (request, h) => {
    // hapi: "isSecure - sets the 'Secure' flag. Defaults to true."
    return h.response('ok').state('remember_me', '1', { isSecure: false, isHttpOnly: false });
  },
});
