// A small community-platform API, served over HTTPS on 127.0.0.1 in one of
// two modes. MODE=vulnerable has the mistakes launchready's live probes look
// for; MODE=hardened is the same app done right. The tests and
// bench/probe.sh start it; nothing here talks to the network.
//
// Environment: MODE, PORT (0 picks one), TLS_CERT and TLS_KEY (PEM files),
// FAKE_CLIENT_KEY (a generated, fake key the vulnerable bundle leaks).
// The chosen port is printed as "listening <port>" on stdout.
'use strict';

const fs = require('node:fs');
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
app.use(express.json({ limit: '16kb' }));
app.use(cookieParser());

function who(req) {
  const h = req.get('authorization') || '';
  const m = /^Bearer (.+)$/.exec(h);
  return m ? users[m[1]] : undefined;
}

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
      '<body><div id="app"></div><script src="/static/app.js"></script></body></html>',
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

// Health.
if (hardened) {
  app.get('/health', (req, res) => res.json({ status: 'ok' }));
}

// Core flow: the member feed.
app.get('/api/feed', requireUser, async (req, res) => {
  if (!hardened) await new Promise((r) => setTimeout(r, 80));
  const lang = req.cookies.lang === 'nl' ? 'nl' : 'en';
  res.json([{ id: 'p1', text: lang === 'nl' ? 'Welkom!' : 'Welcome!' }]);
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
app.post('/auth/login', hardened ? loginLimit : (req, res, next) => next(), (req, res) => {
  res.status(401).json({ error: 'wrong email or password' });
});

// Errors: the vulnerable mode shows the stack, as a development build does.
app.use((err, req, res, next) => {
  if (hardened) {
    res.status(500).json({ error: 'internal error' });
    return;
  }
  res.status(500).type('text/plain').send(err.stack);
});

const server = https.createServer(
  { cert: fs.readFileSync(process.env.TLS_CERT), key: fs.readFileSync(process.env.TLS_KEY) },
  app,
);
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write('listening ' + server.address().port + '\n');
});
