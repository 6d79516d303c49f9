// class: cookie
// RFC 6265: a Set-Cookie without Secure and HttpOnly; built by
// concatenation it is the same header.
const http = require('http');
http.createServer((req, res) => {
  res.setHeader('Set-Cookie', 'session=' + req.url + '; Path=/'); // want code/session-cookie-insecure code/session-cookie-not-httponly
  res.setHeader('Set-Cookie', 'session=' + req.url + '; Path=/; Secure; HttpOnly');
  res.end();
}).listen(3000);
