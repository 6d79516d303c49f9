"""A small notes-and-members REST API in Flask, served over HTTPS on
127.0.0.1 in one of two modes. MODE=vulnerable has the mistakes
launchready's live probes look for (those they find today and those of
issue 15); MODE=hardened is the same app done right. The tests start it with
Debian's python3-flask (/usr/bin/python3); nothing here talks to the network.

Environment: MODE, PORT (0 picks one), TLS_CERT and TLS_KEY (PEM files;
without them it serves plain HTTP), JWT_SECRET (the HS256 key of the test
tokens), FAKE_CLIENT_KEY (a generated, fake key the vulnerable bundle leaks),
DB_PATH (the SQLite file; default a temporary one), STATE_FILE (written after
every request: a digest of every row, which the test reads directly, never
through the app), REQUEST_LOG (one JSON line per request: method, path,
content length, status). The chosen port is printed as "listening <port>".

The data lives in SQLite: members, notes and accounts. The write endpoints
(POST, PUT, PATCH, DELETE /api/notes...) really insert, change and delete
rows when given valid bodies, so a probe run that changed anything shows in
the digest.
"""

import base64
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
import traceback

from flask import Flask, Response, abort, g, jsonify, request
from werkzeug.debug import DebuggedApplication
from werkzeug.exceptions import HTTPException
from werkzeug.serving import WSGIRequestHandler, make_server

MODE = "hardened" if os.environ.get("MODE") == "hardened" else "vulnerable"
HARDENED = MODE == "hardened"
SECRET = os.environ.get("JWT_SECRET", "flask-twin-jwt-secret").encode()
ALLOWED_ORIGIN = "https://app.notes.test"

DB_PATH = os.environ.get("DB_PATH") or os.path.join(tempfile.mkdtemp(prefix="flask-twin-"), "notes.db")
STATE_FILE = os.environ.get("STATE_FILE", "")
REQUEST_LOG = os.environ.get("REQUEST_LOG", "")
LOCK = threading.Lock()

app = Flask(__name__, static_folder=None)


# --- data -----------------------------------------------------------------

def db():
    if "db" not in g:
        g.db = sqlite3.connect(DB_PATH)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def init_db():
    conn = sqlite3.connect(DB_PATH)
    conn.executescript(
        """
        DROP TABLE IF EXISTS members; DROP TABLE IF EXISTS notes; DROP TABLE IF EXISTS accounts;
        CREATE TABLE members (id TEXT PRIMARY KEY, name TEXT, email TEXT, role TEXT);
        CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT, title TEXT, body TEXT);
        CREATE TABLE accounts (username TEXT PRIMARY KEY, password_sha256 TEXT, member TEXT);
        INSERT INTO members VALUES ('1', 'Ana', 'ana@notes.test', 'member'), ('2', 'Bo', 'bo@notes.test', 'member'),
                                   ('9', 'Root', 'admin@notes.test', 'admin');
        INSERT INTO notes (owner, title, body) VALUES ('1', 'groceries', 'milk'), ('2', 'diary', 'private');
        """
    )
    conn.execute("INSERT INTO accounts VALUES (?, ?, ?)", ("ana", hashlib.sha256(b"correct horse battery staple").hexdigest(), "1"))
    conn.commit()
    conn.close()


def digest():
    """A digest of every row of every table (an update keeps the counts but
    changes the digest)."""
    conn = sqlite3.connect(DB_PATH)
    rows = {}
    for table in ("members", "notes", "accounts"):
        rows[table] = [list(r) for r in conn.execute("SELECT * FROM %s ORDER BY 1" % table)]
    conn.close()
    text = json.dumps(rows, sort_keys=True)
    return {"digest": hashlib.sha256(text.encode()).hexdigest(), "rows": {k: len(v) for k, v in rows.items()}}


def write_state():
    if not STATE_FILE:
        return
    tmp = STATE_FILE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(digest(), f)
    os.replace(tmp, STATE_FILE)


# --- tokens -----------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def verify_jwt(token):
    """The claims of a valid token, else None. The vulnerable mode trusts
    the token's own alg header and accepts alg: none unsigned."""
    try:
        head_b64, body_b64, sig_b64 = token.split(".")
        header = json.loads(unb64url(head_b64))
        claims = json.loads(unb64url(body_b64))
    except Exception:
        return None
    alg = str(header.get("alg", ""))
    if alg.lower() == "none":
        if HARDENED:
            return None
        return claims  # the mistake: an unsigned token is believed
    if alg != "HS256":
        return None
    want = hmac.new(SECRET, (head_b64 + "." + body_b64).encode(), hashlib.sha256).digest()
    try:
        got = unb64url(sig_b64)
    except Exception:
        return None
    if not hmac.compare_digest(want, got):
        return None
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] < time.time():
        return None
    return claims


def who():
    h = request.headers.get("Authorization", "")
    if not h.startswith("Bearer "):
        return None
    return verify_jwt(h[len("Bearer "):])


def need_user():
    u = who()
    if u is None:
        abort(Response(json.dumps({"error": "sign in first"}), 401, mimetype="application/json"))
    return u


def need_admin():
    u = need_user()
    if HARDENED and u.get("role") != "admin":
        abort(Response(json.dumps({"error": "admins only"}), 403, mimetype="application/json"))
    return u


def session_cookie(resp):
    """A session cookie on an authenticated API answer, as apps that mix
    bearer tokens and server sessions set it."""
    if HARDENED:
        resp.set_cookie("session", "s-" + hashlib.sha256(str(time.time()).encode()).hexdigest()[:24], secure=True, httponly=True, samesite="Lax")
    else:
        resp.set_cookie("session", "s-" + hashlib.sha256(str(time.time()).encode()).hexdigest()[:24])
    return resp


# --- every answer -----------------------------------------------------------

@app.after_request
def every_answer(resp):
    if "session" not in request.cookies and request.path.startswith("/api/") and who() is not None:
        # A signed-in API request gets a server session on its first
        # answer, as Flask-Login apps set one.
        session_cookie(resp)
    origin = request.headers.get("Origin")
    if HARDENED:
        if origin == ALLOWED_ORIGIN:
            resp.headers["Access-Control-Allow-Origin"] = origin
            resp.headers["Access-Control-Allow-Credentials"] = "true"
            resp.headers["Vary"] = "Origin"
        resp.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        resp.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        resp.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    elif origin:
        # Reflects any Origin with credentials: the classic CORS mistake.
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.headers["Access-Control-Allow-Credentials"] = "true"
        if request.method == "OPTIONS":
            resp.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
            resp.headers["Access-Control-Allow-Headers"] = request.headers.get("Access-Control-Request-Headers", "Authorization")
    return resp


@app.errorhandler(Exception)
def on_error(e):
    if isinstance(e, HTTPException):
        return e
    if HARDENED:
        return jsonify(error="internal error"), 500
    if isinstance(e, json.JSONDecodeError):
        # Left to the Werkzeug debugger: its traceback page.
        raise e
    # Elsewhere the traceback as text, as a development build shows it.
    return Response(traceback.format_exc(), 500, mimetype="text/plain")


# --- the page, its bundle, and what a careless deploy serves ------------------

PAGE = ('<!doctype html><html><head><title>Notes</title></head>'
        '<body><div id="app"></div><script src="/static/app.js"></script></body></html>')


@app.get("/")
def index():
    return Response(PAGE, mimetype="text/html")


@app.get("/static/app.js")
def bundle():
    if HARDENED:
        return Response('!function(){fetch("/api/feed").then(function(r){return r.json()})}();', mimetype="application/javascript")
    key = os.environ.get("FAKE_CLIENT_KEY", "")
    return Response('!function(){var k="' + key + '";fetch("/api/feed",{headers:{"x-key":k}})}();\n//# sourceMappingURL=app.js.map',
                    mimetype="application/javascript")


if not HARDENED:
    @app.get("/static/app.js.map")
    def source_map():
        key = os.environ.get("FAKE_CLIENT_KEY", "")
        return jsonify(version=3, sources=["src/app.ts"], sourcesContent=['const key = "' + key + '";\nexport {}'], mappings="AAAA")

    @app.get("/static/")
    def listing():
        # An Apache-style index page, as a misconfigured static server shows.
        rows = "".join('<tr><td><a href="%s">%s</a></td><td>2026-11-30 10:00</td><td>1.2K</td></tr>' % (n, n)
                       for n in ("app.js", "app.js.map", "backup-2026-11-30.sql"))
        return Response("<html><head><title>Index of /static/</title></head><body><h1>Index of /static/</h1>"
                        '<table><tr><th>Name</th><th>Last modified</th><th>Size</th></tr>'
                        '<tr><td><a href="/">Parent Directory</a></td></tr>' + rows + "</table></body></html>", mimetype="text/html")

    @app.get("/.env")
    def dotenv():
        return Response("DATABASE_URL=postgres://notes:Hk4nJ8sLq2Wv@db.internal/notes\nFLASK_ENV=production\n", mimetype="text/plain")

    @app.get("/metrics")
    def metrics():
        return Response("# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n"
                        'http_requests_total{method="GET",path="/api/feed"} 1027\n'
                        "# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\n"
                        "process_resident_memory_bytes 3.1457e+07\n", mimetype="text/plain; version=0.0.4")

    @app.get("/version")
    def version():
        import flask
        import werkzeug
        return jsonify(app="notes", version="1.4.2", flask=flask.__version__, werkzeug=werkzeug.__version__,
                       python="%d.%d.%d" % sys.version_info[:3], framework="Flask " + flask.__version__)


# --- the API ------------------------------------------------------------------

if HARDENED:
    @app.get("/health")
    def health():
        return jsonify(status="ok")


@app.get("/api/feed")
def feed():
    need_user()
    if not HARDENED:
        time.sleep(0.6)  # an N+1 query, say
    return jsonify([{"id": "p1", "text": "Welcome!"}])


@app.get("/api/me")
def me():
    u = need_user()
    row = db().execute("SELECT id, name, email FROM members WHERE id = ?", (str(u.get("sub")),)).fetchone()
    return jsonify(dict(row) if row else {})


@app.get("/api/members")
def members():
    need_user()
    return jsonify([dict(r) for r in db().execute("SELECT id, name FROM members WHERE role = 'member' ORDER BY id")])


@app.get("/api/members/<member_id>")
def member(member_id):
    u = need_user()
    row = db().execute("SELECT id, name, email FROM members WHERE id = ?", (member_id,)).fetchone()
    if row is None or HARDENED and u.get("role") != "admin" and str(u.get("sub")) != member_id:
        return jsonify(error="no such member"), 404
    return jsonify(dict(row))


@app.get("/api/admin/users")
def admin_users():
    need_admin()
    return jsonify([dict(r) for r in db().execute("SELECT id, email, role FROM members ORDER BY id")])


@app.get("/api/reports/summary")
def report_summary():
    # Admin only by its spec's x-roles; no path word says so.
    need_admin()
    return jsonify(members=3, notes=db().execute("SELECT count(*) FROM notes").fetchone()[0], revenue_eur=1042)


@app.get("/api/invoices")
def invoices():
    # Sensitive, and the vulnerable mode forgot the auth check.
    if HARDENED:
        need_user()
    return jsonify([{"id": "inv-1", "member": "1", "amount_eur": 12, "iban": "NL91ABNA0417164300"}])


@app.get("/api/search")
def search():
    need_user()
    q = request.args.get("q", "")
    limit = request.args.get("limit", "10")
    if HARDENED:
        if not limit.isdigit() or not 1 <= int(limit) <= 100 or len(q) > 100:
            return jsonify(error="limit must be a whole number from 1 to 100, q at most 100 characters"), 400
        rows = db().execute("SELECT id, title FROM notes WHERE title LIKE ? LIMIT ?", ("%" + q + "%", int(limit))).fetchall()
        return jsonify([dict(r) for r in rows])
    # The mistake: the query is built from the input.
    rows = db().execute("SELECT id, title FROM notes WHERE title LIKE '%" + q + "%' LIMIT " + limit).fetchall()
    return jsonify([dict(r) for r in rows])


LOGIN_ATTEMPTS = {}


@app.post("/users/v1/login")
def login():
    if HARDENED:
        now = time.time()
        ip = request.remote_addr
        with LOCK:
            recent = [t for t in LOGIN_ATTEMPTS.get(ip, []) if now - t < 60]
            recent.append(now)
            LOGIN_ATTEMPTS[ip] = recent
        left = max(0, 5 - len(recent))
        headers = {"RateLimit-Policy": "5;w=60", "RateLimit": "limit=5, remaining=%d, reset=60" % left}
        if len(recent) > 5:
            headers["Retry-After"] = "60"
            return jsonify(error="too many attempts"), 429, headers
    else:
        headers = {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("username"), str) or not isinstance(body.get("password"), str):
        return jsonify(error="give a username and a password"), 400, headers
    row = db().execute("SELECT password_sha256, member FROM accounts WHERE username = ?", (body["username"],)).fetchone()
    if row is not None and hmac.compare_digest(row["password_sha256"], hashlib.sha256(body["password"].encode()).hexdigest()):
        return jsonify(token="issued-out-of-band"), 200, headers
    if not HARDENED and row is None:
        # The mistake: an unknown user gets another answer than a wrong password.
        return jsonify(error="no such user"), 404, headers
    if not HARDENED:
        return jsonify(error="wrong password for ana"), 401, headers
    return jsonify(error="wrong username or password"), 401, headers


def note_body(partial):
    """The note fields of the request body, else None. Both modes check the
    types; the hardened mode also the lengths and unknown fields."""
    if HARDENED:
        body = request.get_json(silent=True)
    else:
        body = json.loads(request.get_data(as_text=True))  # a malformed body raises: a 500 with the traceback
    if not isinstance(body, dict):
        return None
    fields = {"title": 200, "body": 2000}
    if HARDENED and any(k not in fields for k in body):
        return None
    out = {}
    for k, max_len in fields.items():
        if k not in body:
            if partial:
                continue
            return None
        v = body[k]
        if not isinstance(v, str) or HARDENED and not 0 < len(v) <= max_len:
            return None
        out[k] = v
    if partial and not out:
        return None
    return out


@app.post("/api/notes")
def create_note():
    u = need_user()
    b = note_body(False)
    if b is None:
        return jsonify(error="give a title and a body (strings)"), 400
    conn = db()
    cur = conn.execute("INSERT INTO notes (owner, title, body) VALUES (?, ?, ?)", (str(u.get("sub")), b["title"], b["body"]))
    conn.commit()
    return jsonify(id=cur.lastrowid, **b), 201


@app.route("/api/notes/<int:note_id>", methods=["PUT", "PATCH", "DELETE"])
def change_note(note_id):
    need_user()
    conn = db()
    if conn.execute("SELECT 1 FROM notes WHERE id = ?", (note_id,)).fetchone() is None:
        return jsonify(error="no such note"), 404
    if request.method == "DELETE":
        conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        conn.commit()
        return "", 204
    b = note_body(request.method == "PATCH")
    if b is None:
        return jsonify(error="invalid note body"), 400
    for k, v in b.items():
        conn.execute("UPDATE notes SET %s = ? WHERE id = ?" % k, (v, note_id))
    conn.commit()
    return jsonify(id=note_id, **b)


# --- a single-page app's catch-all ---------------------------------------------

@app.route("/<path:anything>", methods=["GET", "HEAD"])
def catch_all(anything):
    # Every path the app does not know answers the page with 200, as a
    # single-page app's history fallback does: that is not a served /.env,
    # a health endpoint or an admin console. Unknown API paths get a 404.
    if anything.startswith("api/"):
        return jsonify(error="not found"), 404
    return Response(PAGE, mimetype="text/html")


# --- the request log and the state file ---------------------------------------

class Logged:
    """WSGI middleware: every request as it came in, with the status sent,
    in the request log, and the state file written, before the answer goes
    out (the answer is produced whole first: they are small)."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, environ, start_response):
        seen = {}

        def start(status, headers, exc_info=None):
            seen["status"] = int(status.split()[0])
            seen["start"] = (status, headers, exc_info)
            return lambda data: None

        body = self.inner(environ, start)
        try:
            chunks = list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
            with LOCK:
                if REQUEST_LOG:
                    with open(REQUEST_LOG, "a") as f:
                        f.write(json.dumps({"method": environ.get("REQUEST_METHOD"), "path": environ.get("PATH_INFO"),
                                            "length": int(environ.get("CONTENT_LENGTH") or 0), "status": seen.get("status", 0)}) + "\n")
                write_state()
        start_response(*seen["start"])
        return chunks


class Handler(WSGIRequestHandler):
    # (Werkzeug's server closes every connection: each request is a new
    # TLS handshake, hence the latency limit of 300 ms.)

    def log_request(self, *args, **kwargs):
        pass

    def version_string(self):
        if HARDENED:
            return "notes"
        return WSGIRequestHandler.version_string(self)  # Werkzeug/2.2.2 Python/3.11.2


def main():
    init_db()
    wsgi = app.wsgi_app
    if not HARDENED:
        # The Werkzeug debugger's traceback page on an uncaught error (its
        # console stays off: evalex=False runs no code).
        app.config["PROPAGATE_EXCEPTIONS"] = True
        wsgi = DebuggedApplication(wsgi, evalex=False)
    app.wsgi_app = wsgi
    ssl_context = None
    if os.environ.get("TLS_CERT"):
        ssl_context = (os.environ["TLS_CERT"], os.environ["TLS_KEY"])
    server = make_server("127.0.0.1", int(os.environ.get("PORT") or 0), Logged(app), threaded=True,
                         request_handler=Handler, ssl_context=ssl_context)
    write_state()
    print("listening %d" % server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
