// A serverless handler's response object: the headers are a plain map.
exports.handler = async (event) => ({
  statusCode: 200,
  headers: {
    'Access-Control-Allow-Origin': event.headers.origin,
    'Access-Control-Allow-Credentials': true,
  },
  body: JSON.stringify({ ok: true }),
});
