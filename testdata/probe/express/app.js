// A small community-platform API, served over HTTPS on 127.0.0.1 in one of
// two modes. MODE=vulnerable has the mistakes launchready's live probes look
// for; MODE=hardened is the same app done right. The tests and
// bench/probe.sh start it; nothing here talks to the network.
//
// Environment: MODE, PORT (0 picks one), TLS_CERT and TLS_KEY (PEM files;
// without them it serves plain HTTP), FAKE_CLIENT_KEY (a generated, fake
// key the vulnerable bundle leaks), REQUEST_LOG (a file that gets one JSON
// line per request received: method, path, content-length, status).
// The chosen port is printed as "listening <port>" on stdout.
//
// It keeps a small in-memory store (users, books, password changes) with
// write endpoints that really create, update and delete rows when given
// valid bodies; GET /__test/state (not in the spec) returns the row counts,
// so a test can prove that a probe run changed nothing.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const express = require('express');
const cors = require('cors');
const cookieParser = require('cookie-parser');
const helmet = require('helmet');
const session = require('express-session');
const { rateLimit } = require('express-rate-limit');

const mode = process.env.MODE === 'hardened' ? 'hardened' : 'vulnerable';
const hardened = mode === 'hardened';

// Fixture data: two members and an admin, with bearer tokens.
const users = {
  'member-token-1': { id: '1', role: 'member', email: 'ana@community.test' },
  'member-token-2': { id: '2', role: 'member', email: 'bo@community.test' },
  'admin-token-1': { id: '9', role: 'admin', email: 'admin@community.test' },
};
const members = [
  { id: '1', name: 'Ana', email: 'ana@community.test' },
  { id: '2', name: 'Bo', email: 'bo@community.test' },
];

const app = express();

// Every request received, written before anything else can refuse it.
if (process.env.REQUEST_LOG) {
  app.use((req, res, next) => {
    res.on('finish', () => {
      const line = JSON.stringify({
        method: req.method,
        path: req.path,
        length: Number(req.get('content-length') || 0),
        status: res.statusCode,
      });
      fs.appendFileSync(process.env.REQUEST_LOG, line + '\n');
    });
    next();
  });
}

if (hardened) {
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(cors({ origin: ['https://app.community.test'], credentials: true }));
} else {
  // Reflects any Origin with credentials: the classic CORS mistake.
  app.use(cors({ origin: true, credentials: true }));
}

app.use(
  session({
    name: 'connect.sid',
    secret: 'express-twin-session-secret-for-tests',
    resave: false,
    saveUninitialized: true,
    cookie: hardened
      ? { secure: true, httpOnly: true, sameSite: 'lax' }
      : { secure: false, httpOnly: false },
  }),
);
// A generous limit, as many apps have: the body size is the probe's to keep small.
app.use(express.json({ limit: '1mb' }));
app.use(cookieParser());

// Members also sign in with a JWT (HS256, sub = the member's id). The
// vulnerable mode decodes it without verifying anything (jwt.decode for
// jwt.verify: alg none, any signature and any exp pass); the hardened one
// verifies the signature with a fixed algorithm and the expiry.
const jwtSecret = 'express-twin-jwt-secret-for-tests';
function fromJWT(tok) {
  const parts = tok.split('.');
  if (parts.length !== 3) return undefined;
  let header, claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!header || !claims || typeof claims.sub !== 'string') return undefined;
  if (hardened) {
    if (header.alg !== 'HS256') return undefined;
    const want = crypto.createHmac('sha256', jwtSecret).update(parts[0] + '.' + parts[1]).digest();
    const got = Buffer.from(parts[2], 'base64url');
    if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
  }
  return Object.values(users).find((u) => u.id === claims.sub);
}

function who(req) {
  const h = req.get('authorization') || '';
  const m = /^Bearer (.+)$/.exec(h);
  if (!m) return undefined;
  return users[m[1]] || fromJWT(m[1]);
}

// A signed-in request gets a session cookie on its first answer (an API
// that keeps a server session besides the token): the vulnerable mode sets
// it without any flag.
app.use((req, res, next) => {
  if (who(req) && !req.get('cookie')) {
    res.cookie('auth_session', crypto.randomBytes(12).toString('hex'),
      hardened ? { secure: true, httpOnly: true, sameSite: 'lax' } : {});
  }
  next();
});

function requireUser(req, res, next) {
  if (!hardened) return next();
  const u = who(req);
  if (!u) return res.status(401).json({ error: 'sign in first' });
  req.user = u;
  next();
}

function requireAdmin(req, res, next) {
  const u = who(req);
  if (hardened && (!u || u.role !== 'admin')) {
    return res.status(u ? 403 : 401).json({ error: 'admins only' });
  }
  next();
}

// The page and its bundle.
app.get('/', (req, res) => {
  res.type('html').send(
    '<!doctype html><html><head><title>Community</title></head>' +
      '<body><div id="app"></div><script src="/static/app.js"></script><script src="/main.js"></script></body></html>',
  );
});
app.get('/static/app.js', (req, res) => {
  res.type('application/javascript');
  if (hardened) {
    res.send('!function(){fetch("/api/feed").then(function(r){return r.json()})}();');
    return;
  }
  const key = process.env.FAKE_CLIENT_KEY || '';
  res.send('!function(){var k="' + key + '";fetch("/api/feed",{headers:{"x-key":k}})}();\n//# sourceMappingURL=app.js.map');
});
if (!hardened) {
  app.get('/static/app.js.map', (req, res) => {
    const key = process.env.FAKE_CLIENT_KEY || '';
    res.json({ version: 3, sources: ['src/app.ts'], sourcesContent: ['const key = "' + key + '";\nexport {}'], mappings: 'AAAA' });
  });
  // Serving the project directory's dotfiles: the deployment mistake.
  app.get('/.env', (req, res) => {
    res.type('text/plain').send('DATABASE_URL=postgres://app:Hk4nJ8sLq2Wv@db.internal/community\nNODE_ENV=production\n');
  });
}

// The shop's single-page client (both modes ship the same one): its
// API is in no spec, only in main.js, robots.txt and what the server
// answers, as an attacker finds it.
app.get('/main.js', (req, res) => {
  res.type('application/javascript').send(
    '!function(){var host="",http={get:function(u){return fetch(u).then(function(r){return r.json()})}};\n' +
      'function search(q){return http.get(host+"/rest/products/search?q="+encodeURIComponent(q))}\n' +
      "function whoami(){return http.get(host+'/rest/user/whoami')}\n" +
      'function users(){return fetch(`${host}/api/Users`)}\n' +
      'function basket(id){return fetch(`/rest/basket/${id}`)}\n' +
      'function version(){return http.get(host+"/rest/admin/application-version")}\n' +
      'function ftp(){return http.get(host+"/ftp")}\n' +
      'window.shop={search:search,whoami:whoami,users:users,basket:basket,version:version,ftp:ftp}}();\n',
  );
});
const products = [
  { id: 1, name: 'Apple Juice', price: 1.99 },
  { id: 2, name: 'Banana Juice', price: 1.99 },
];
// Product search is public in both modes; the vulnerable one builds its
// SQL from the query text, and an unbalanced quote gets the database's
// error back, as sequelize reports it.
app.get('/rest/products/search', (req, res) => {
  const q = typeof req.query.q === 'string' ? req.query.q : '';
  if (!hardened && /['"]/.test(q.replace(/''/g, ''))) {
    return res.status(500).json({
      error: {
        message: 'SQLITE_ERROR: near "\'": syntax error',
        sql: "SELECT * FROM Products WHERE ((name LIKE '%" + q.slice(0, 40) + "%') AND deletedAt IS NULL) ORDER BY name",
      },
    });
  }
  res.json({ status: 'success', data: products.filter((p) => p.name.toLowerCase().includes(q.toLowerCase().slice(0, 100))) });
});
// Who am I: an empty user without credentials, in both modes (no data).
app.get('/rest/user/whoami', (req, res) => {
  const u = who(req);
  res.json({ user: u ? { id: u.id, email: u.email } : {} });
});
if (!hardened) {
  app.get('/robots.txt', (req, res) => res.type('text/plain').send('User-agent: *\nDisallow: /ftp\n'));
  // The shop's file drop, browsable (serve-index).
  app.use('/ftp', require('serve-index')(require('node:path').join(__dirname, 'ftp'), { icons: false }));
  // The users API the client calls, without any authentication.
  app.get('/api/Users', (req, res) => res.json({ status: 'success', data: Object.values(users).map((u) => ({ id: u.id, email: u.email, role: u.role })) }));
  app.get('/rest/admin/application-version', (req, res) => res.json({ version: '3.1.0', node: process.version }));
} else {
  app.get('/api/Users', requireAdmin, (req, res) => res.json({ status: 'success', data: Object.values(users) }));
}

// Health.
if (hardened) {
  app.get('/health', (req, res) => res.json({ status: 'ok' }));
} else {
  // A status route that crashes (its stack goes out through the error
  // handler below), next to the other things a development build leaves
  // open: Prometheus-style metrics, a version endpoint naming the
  // runtime, and a database dump in the web root.
  app.get('/status', (req, res) => {
    const deps = undefined;
    res.json({ status: 'ok', db: deps.db });
  });
  app.get('/metrics', (req, res) => {
    const m = process.memoryUsage();
    res.type('text/plain; version=0.0.4').send(
      '# HELP process_resident_memory_bytes Resident memory size in bytes.\n' +
        '# TYPE process_resident_memory_bytes gauge\n' +
        'process_resident_memory_bytes ' + m.rss + '\n' +
        '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{route="/api/feed"} 12\n',
    );
  });
  app.get('/api/version', (req, res) => {
    res.json({ version: '1.4.2', node: process.version, express: require('express/package.json').version });
  });
  app.get('/db.sql', (req, res) => {
    res.type('application/sql').send(
      '-- PostgreSQL database dump\n\nCREATE TABLE public.members (\n    id integer NOT NULL,\n    email text\n);\n' +
        "INSERT INTO public.members VALUES (1, 'ana@community.test');\n",
    );
  });
}

// Core flow: the member feed.
app.get('/api/feed', requireUser, async (req, res) => {
  if (!hardened) await new Promise((r) => setTimeout(r, 250));
  const lang = req.cookies.lang === 'nl' ? 'nl' : 'en';
  res.json([{ id: 'p1', text: lang === 'nl' ? 'Welkom!' : 'Welcome!' }]);
});

// The signed-in member: the only route that refuses a request without a
// token in both modes.
app.get('/api/me', (req, res) => {
  const u = who(req);
  if (!u) return res.status(401).json({ error: 'sign in first' });
  res.json({ id: u.id, role: u.role, email: u.email });
});

// Members: list, one member, and the admin view.
app.get('/api/members', requireUser, (req, res) => res.json(members));
app.get('/api/members/:memberId', requireUser, (req, res) => {
  const m = members.find((x) => x.id === req.params.memberId);
  if (!m) return res.status(404).json({ error: 'no such member' });
  if (hardened && req.user.role !== 'admin' && req.user.id !== m.id) {
    return res.status(404).json({ error: 'no such member' });
  }
  res.json(m);
});
app.get('/api/admin/users', requireAdmin, (req, res) => res.json(Object.values(users)));

// Search: the vulnerable mode trusts its input and throws.
app.get('/api/search', requireUser, (req, res) => {
  const raw = req.query.limit;
  if (hardened) {
    const limit = Number(raw ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return res.status(400).json({ error: 'limit must be a whole number from 1 to 100' });
    }
    return res.json({ limit, results: [] });
  }
  if (raw !== undefined && !/^\d+$/.test(String(raw))) {
    throw new TypeError('Cannot read properties of undefined (reading \'slice\')');
  }
  res.json({ results: [] });
});

// Login: the hardened mode allows 5 attempts a minute per client.
const loginLimit = rateLimit({ windowMs: 60_000, limit: 5, standardHeaders: 'draft-8', legacyHeaders: false });
// No password is ever right here. The vulnerable mode tells an unknown
// email from a wrong password (login enumeration).
app.post('/auth/login', hardened ? loginLimit : (req, res, next) => next(), (req, res) => {
  const email = req.body && typeof req.body.email === 'string' ? req.body.email : '';
  if (!hardened && !Object.values(users).some((u) => u.email === email)) {
    return res.status(404).json({ error: 'no such user' });
  }
  res.status(401).json({ error: hardened ? 'wrong email or password' : 'wrong password' });
});

// The store: rows a probe must never create, change or delete.
const store = {
  users: [{ id: '1', email: 'ana@community.test', name: 'Ana' }],
  books: [{ id: '1', title: 'Dune', author: 'Frank Herbert', year: 1965 }],
  passwords: { '1': 'correct horse battery staple' },
  passwordChanges: 0,
  nextId: 100,
};
const isObj = (b) => b !== null && typeof b === 'object' && !Array.isArray(b);
const str = (v, max) => typeof v === 'string' && v.length > 0 && v.length <= max;
// The vulnerable mode checks types only (no lengths, no formats): a valid
// body of any size is stored.
const userFields = {
  email: (v) => (hardened ? str(v, 254) && /^[^@\s]+@[^@\s]+$/.test(v) : typeof v === 'string'),
  name: (v) => (hardened ? str(v, 100) : typeof v === 'string'),
};
const bookFields = {
  title: (v) => (hardened ? str(v, 200) : typeof v === 'string'),
  author: (v) => (hardened ? str(v, 100) : typeof v === 'string'),
  year: (v) => Number.isInteger(v) && (!hardened || (v >= 0 && v <= 3000)),
};
// valid checks a body: every field present (partial: the fields given).
function valid(fields, body, partial) {
  if (!isObj(body)) return false;
  const given = Object.keys(body);
  if (hardened && given.some((k) => !(k in fields))) return false;
  if (partial && !given.some((k) => k in fields)) return false;
  return Object.keys(fields).every((k) => (partial && !(k in body)) || fields[k](body[k]));
}
function table(name, fields, param) {
  const rows = store[name];
  const pick = (b) => Object.fromEntries(Object.keys(fields).filter((k) => k in b).map((k) => [k, b[k]]));
  app.post('/api/' + name, requireUser, (req, res) => {
    if (!valid(fields, req.body, false)) return res.status(400).json({ error: 'invalid ' + name + ' body' });
    const row = { id: String(store.nextId++), ...pick(req.body) };
    rows.push(row);
    res.status(201).json(row);
  });
  const find = (req, res) => {
    const row = rows.find((r) => r.id === req.params[param]);
    if (!row) res.status(404).json({ error: 'no such row' });
    return row;
  };
  app.put('/api/' + name + '/:' + param, requireUser, (req, res) => {
    const row = find(req, res);
    if (!row) return;
    if (!valid(fields, req.body, false)) return res.status(400).json({ error: 'invalid ' + name + ' body' });
    Object.assign(row, pick(req.body));
    res.json(row);
  });
  app.patch('/api/' + name + '/:' + param, requireUser, (req, res) => {
    const row = find(req, res);
    if (!row) return;
    if (!valid(fields, req.body, true)) return res.status(400).json({ error: 'invalid ' + name + ' body' });
    Object.assign(row, pick(req.body));
    res.json(row);
  });
  app.delete('/api/' + name + '/:' + param, requireUser, (req, res) => {
    const row = find(req, res);
    if (!row) return;
    rows.splice(rows.indexOf(row), 1);
    res.status(204).end();
  });
}
table('users', userFields, 'userId');
table('books', bookFields, 'bookId');

// Password change: the vulnerable mode does not check the current password.
app.post('/auth/password', requireUser, (req, res) => {
  const b = req.body;
  const id = (req.user || who(req) || { id: '1' }).id;
  if (!isObj(b) || !str(b.next, hardened ? 128 : Infinity) || (hardened && b.current !== store.passwords[id])) {
    return res.status(400).json({ error: 'give the current password and a new one' });
  }
  store.passwords[id] = b.next;
  store.passwordChanges++;
  res.status(204).end();
});

// Test only, not in the spec: the row counts, and a digest of every row
// (an update keeps the counts but changes the digest).
app.get('/__test/state', (req, res) => {
  const digest = crypto
    .createHash('sha256')
    .update(JSON.stringify([store.users, store.books, store.passwords]))
    .digest('hex');
  res.json({ users: store.users.length, books: store.books.length, passwordChanges: store.passwordChanges, digest });
});

// Errors: the vulnerable mode shows the stack, as a development build does.
app.use((err, req, res, next) => {
  if (hardened) {
    // A client error (malformed JSON, too large) keeps its 4xx status.
    const status = err.status >= 400 && err.status < 500 ? err.status : 500;
    res.status(status).json({ error: status === 500 ? 'internal error' : 'bad request' });
    return;
  }
  res.status(500).type('text/plain').send(err.stack);
});

const server = process.env.TLS_CERT
  ? https.createServer({ cert: fs.readFileSync(process.env.TLS_CERT), key: fs.readFileSync(process.env.TLS_KEY) }, app)
  : http.createServer(app);
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write('listening ' + server.address().port + '\n');
});
