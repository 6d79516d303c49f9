const ALLOWED = ['https://app.example.com'];

exports.handler = async (event) => ({
  statusCode: 200,
  headers: {
    'Access-Control-Allow-Origin': ALLOWED.includes(event.headers.origin) ? event.headers.origin : ALLOWED[0],
    'Access-Control-Allow-Credentials': true,
    'Set-Cookie': 'theme=dark; Path=/; Secure; HttpOnly',
  },
  body: '{}',
});
