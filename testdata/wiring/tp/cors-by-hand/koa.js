const Koa = require('koa');
const cors = require('@koa/cors');

const app = new Koa();
// @koa/cors: "origin ... default is '*'. If `credentials` set and return
// `true`, the `origin` default value will set to the request `Origin` header"
app.use(cors({ credentials: true }));
app.use(async (ctx, next) => {
  ctx.set('Access-Control-Allow-Origin', '*');
  await next();
});
