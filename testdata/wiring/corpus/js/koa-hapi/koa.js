// class: cors
const Koa = require('koa');
const cors = require('@koa/cors');

const app = new Koa();

// @koa/cors v5: origin defaults to "*", and to the request's Origin when
// credentials is set.
app.use(cors({ credentials: true })); // want code/cors-any-origin-with-credentials

app.use(async (ctx, next) => {
  ctx.set('Access-Control-Allow-Origin', ctx.get('Origin')); // want code/cors-reflected-origin
  await next();
});

app.listen(3000);
