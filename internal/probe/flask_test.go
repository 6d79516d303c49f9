package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/localtls"
	"github.com/launchready/launchready/internal/probe/flasktwin"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/secrets"
)

// flaskClass is one class of mistake the vulnerable Flask twin has and the
// hardened one fixes.
type flaskClass struct {
	class string
	// rule is the finding the probes must produce on the vulnerable twin;
	// path, when set, must be in the finding's URL.
	rule, path string
	// pending names the detector that has not landed yet: the expectation
	// is logged, not asserted, until it does.
	pending string
	// twin asks the twin itself (not through the probes) whether it has
	// the mistake, so the app is proven vulnerable (and hardened) even
	// while a detector is pending.
	twin func(tc *twinClient) bool
}

// flaskExpected is every expected finding of the vulnerable Flask twin,
// per class, with its rule id once known. None may appear on the hardened
// twin.
var flaskExpected = []flaskClass{
	{class: "missing auth on a sensitive operation", rule: "live/unauthenticated-access", path: "/api/invoices",
		twin: func(tc *twinClient) bool { return tc.status("GET", "/api/invoices", "", "") == 200 }},
	{class: "IDOR between member ids", rule: "live/bola", path: "/api/members/2",
		twin: func(tc *twinClient) bool { return tc.status("GET", "/api/members/2", tc.member, "") == 200 }},
	{class: "admin operation (path word) reachable with a member token", rule: "live/member-reaches-admin", path: "/api/admin/users",
		twin: func(tc *twinClient) bool { return tc.status("GET", "/api/admin/users", tc.member, "") == 200 }},
	{class: "admin operation (x-roles: [admin] only) reachable with a member token", rule: "live/member-reaches-admin", path: "/api/reports/summary",
		twin: func(tc *twinClient) bool { return tc.status("GET", "/api/reports/summary", tc.member, "") == 200 }},
	{class: "reflected CORS origin with credentials", rule: "live/cors-reflected-origin-with-credentials",
		twin: func(tc *twinClient) bool {
			h := tc.headers("GET", "/api/feed", tc.member, "https://evil.example")
			return h.Get("Access-Control-Allow-Origin") == "https://evil.example" && h.Get("Access-Control-Allow-Credentials") == "true"
		}},
	{class: "insecure session cookie on an authenticated API answer", rule: "live/cookie-not-secure", path: "/api/",
		twin: func(tc *twinClient) bool {
			c := tc.headers("GET", "/api/me", tc.member, "").Get("Set-Cookie")
			return strings.HasPrefix(c, "session=") && !strings.Contains(c, "Secure")
		}},
	{class: "Python traceback on bad input", rule: "live/stack-trace-exposed", path: "/api/search",
		twin: func(tc *twinClient) bool {
			return strings.Contains(tc.body("GET", "/api/search?q=%27", tc.member), "Traceback (most recent call last)")
		}},
	{class: "Werkzeug debugger page on a malformed body", rule: "live/stack-trace-exposed", path: "/api/notes",
		twin: func(tc *twinClient) bool {
			return strings.Contains(tc.bodyPost("/api/notes", tc.member, "{bad"), "Werkzeug Debugger")
		}},
	{class: "server error on malformed input", rule: "live/server-error-on-bad-input", path: "/api/notes",
		twin: func(tc *twinClient) bool { return tc.statusPost("/api/notes", tc.member, "{bad") == 500 }},
	{class: "SQL error string (SQLite)", rule: "live/stack-trace-exposed", path: "/api/search",
		twin: func(tc *twinClient) bool {
			return strings.Contains(tc.body("GET", "/api/search?q=%27", tc.member), "sqlite3.OperationalError")
		}},
	{class: "directory listing", rule: "live/directory-listing", path: "/static/",
		twin: func(tc *twinClient) bool {
			return strings.Contains(tc.body("GET", "/static/", ""), "Index of /static/")
		}},
	{class: "/metrics exposed next to the spec", rule: "live/debug-endpoint-exposed", path: "/metrics",
		twin: func(tc *twinClient) bool {
			return strings.Contains(tc.body("GET", "/metrics", ""), "# TYPE http_requests_total counter")
		}},
	{class: "version disclosure in a body", rule: "live/version-disclosed", path: "/version",
		twin: func(tc *twinClient) bool {
			return strings.Contains(tc.body("GET", "/version", ""), `"flask":"`)
		}},
	{class: "version disclosure in the Server header", rule: "live/version-leak",
		twin: func(tc *twinClient) bool {
			return strings.Contains(tc.headers("GET", "/", "", "").Get("Server"), "Werkzeug/")
		}},
	{class: "login without a rate limit", rule: "live/no-rate-limit", path: "/users/v1/login",
		twin: func(tc *twinClient) bool {
			for range 7 {
				if tc.statusPost("/users/v1/login", "", `{"username":"nobody","password":"wrong"}`) == 429 {
					return false
				}
			}
			return true
		}},
	{class: "login enumeration (unknown user vs wrong password)", rule: "live/login-enumeration", path: "/users/v1/login",
		twin: func(tc *twinClient) bool {
			return tc.bodyPost("/users/v1/login", "", `{"username":"nobody","password":"wrong"}`) != tc.bodyPost("/users/v1/login", "", `{"username":"ana","password":"wrong"}`)
		}},
	{class: "JWT with alg: none accepted", rule: "live/jwt-alg-none-accepted",
		twin: func(tc *twinClient) bool { return tc.status("GET", "/api/me", unsigned(tc.member), "") == 200 }},
	{class: "served /.env", rule: "live/exposed-file", path: "/.env",
		twin: func(tc *twinClient) bool { return strings.Contains(tc.body("GET", "/.env", ""), "DATABASE_URL=") }},
	{class: "secret in the client bundle", rule: "live/secret-in-client", path: "/static/app.js",
		twin: func(tc *twinClient) bool { return strings.Contains(tc.body("GET", "/static/app.js", ""), "sk_live_") }},
	{class: "source map with sources", rule: "live/source-map-exposed",
		twin: func(tc *twinClient) bool {
			return strings.Contains(tc.body("GET", "/static/app.js.map", ""), "sourcesContent")
		}},
	{class: "no health endpoint (the SPA catch-all 200 is not one)", rule: "live/health-endpoint-missing",
		twin: func(tc *twinClient) bool { return !strings.Contains(tc.body("GET", "/health", ""), `"status":"ok"`) }},
	{class: "weak security headers", rule: "live/security-headers",
		twin: func(tc *twinClient) bool { return tc.headers("GET", "/", "", "").Get("Content-Security-Policy") == "" }},
	{class: "no HSTS", rule: "live/hsts-missing",
		twin: func(tc *twinClient) bool {
			return tc.headers("GET", "/", "", "").Get("Strict-Transport-Security") == ""
		}},
	{class: "slow core flow", rule: "live/slow-core-flow", path: "/api/feed",
		twin: func(tc *twinClient) bool {
			start := time.Now()
			tc.status("GET", "/api/feed", tc.member, "")
			return time.Since(start) > 500*time.Millisecond
		}},
}

// flaskFalsePositives must not be reported on the vulnerable twin either:
// it checks signatures and expiry (only alg: none is its mistake), and its
// catch-all page answers /.git/config and the backup its listing names.
var flaskFalsePositives = []struct{ rule, path string }{
	{"live/jwt-bad-signature-accepted", ""},
	{"live/jwt-expired-accepted", ""},
	{"live/exposed-file", "/.git/"},
	{"live/backup-exposed", ""},
	{"live/api-docs-exposed", ""},
}

// flaskStatusPending are the checks that cannot run on the twin until a
// pending detector lands, and why; every other check must run.
var flaskStatusPending = map[string]string{}

// The SPA catch-all answers 200 to every unknown path in both modes: on the
// hardened twin, /.env, /.git/config and /health... answer the page, and
// none of it may be reported (no exposed file, no health endpoint from it).
var flaskCatchAll = []string{"/.env", "/.git/config", "/console", "/admin", "/launchready-not-a-path"}

// twinClient sends the test's own requests to the twin (never the probes').
type twinClient struct {
	t      *testing.T
	c      *http.Client
	base   string
	member string
}

func (tc *twinClient) do(method, path, token, origin, body string) *http.Response {
	tc.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, tc.base+path, rd)
	if err != nil {
		tc.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := tc.c.Do(req)
	if err != nil {
		tc.t.Fatal(err)
	}
	return resp
}

func (tc *twinClient) read(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return string(b)
}

func (tc *twinClient) status(method, path, token, origin string) int {
	r := tc.do(method, path, token, origin, "")
	tc.read(r)
	return r.StatusCode
}

func (tc *twinClient) headers(method, path, token, origin string) http.Header {
	r := tc.do(method, path, token, origin, "")
	tc.read(r)
	return r.Header
}

func (tc *twinClient) body(method, path, token string) string {
	return tc.read(tc.do(method, path, token, "", ""))
}

func (tc *twinClient) bodyPost(path, token, body string) string {
	return tc.read(tc.do("POST", path, token, "", body))
}

func (tc *twinClient) statusPost(path, token, body string) int {
	r := tc.do("POST", path, token, "", body)
	tc.read(r)
	return r.StatusCode
}

// unsigned is the token with alg: none and no signature.
func unsigned(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return token
	}
	return base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
}

// startFlask starts the twin in mode over HTTPS with a certificate from ca.
func startFlask(t *testing.T, python, mode string, ca *testCA, clientKey, jwtSecret string) (*flasktwin.Twin, string) {
	t.Helper()
	dir := t.TempDir()
	leaf := ca.leaf(t, "127.0.0.1", time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour), false)
	certPEM, keyPEM, err := localtls.PEMFiles(leaf)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	tw := flasktwin.Start(t, python, flasktwin.Options{Mode: mode, CertFile: certFile, KeyFile: keyFile, ClientKey: clientKey, JWTSecret: jwtSecret})
	return tw, "https://127.0.0.1:" + tw.Port
}

// flaskRepo is a repository with the twin's spec and probe settings.
func flaskRepo(t *testing.T) string {
	t.Helper()
	r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
	for src, dst := range map[string]string{"openapi.yaml": "openapi.yaml", "launchready.yml": ".launchready.yml"} {
		b, err := os.ReadFile(filepath.Join(flasktwin.Dir(), src))
		if err != nil {
			t.Fatal(err)
		}
		r.Write(dst, string(b))
	}
	r.Commit("twin")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r.Dir
}

// runAllTokens runs every probe check against base with the given tokens.
func runAllTokens(t *testing.T, repo, base string, ca *testCA, member, admin string) map[string]check.Result {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repo, ".launchready.yml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Decode(raw, ".launchready.yml")
	if err != nil {
		t.Fatal(err)
	}
	in := &check.Input{Repo: repo, Scan: check.Scan{Mode: check.ModeWorktree}, Config: cfg, Now: time.Now(), Secrets: &redact.Set{},
		Detector: secrets.NewDetector(gitrepo.WorktreeSource{Root: repo}, cfg),
		Live:     &check.LiveTarget{URL: base, MemberToken: member, AdminToken: admin, AllowLoopback: true, CACertPEM: ca.pem}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out := map[string]check.Result{}
	// In report order, each check once those it runs after (Meta.After)
	// are done, as the pipeline runs them.
	checks := NewRun(nil).Checks()
	for len(out) < len(checks) {
		for _, c := range checks {
			m := c.Meta()
			if _, done := out[m.ID]; done {
				continue
			}
			ready := true
			for _, a := range m.After {
				_, done := out[a]
				ready = ready && done
			}
			if ready {
				out[m.ID] = c.Run(ctx, in)
			}
		}
	}
	return out
}

// TestFlaskTwin probes the real Flask app (Debian's python3-flask, data in
// SQLite) in both modes: every expected finding on the vulnerable twin
// (the classes whose detector has not landed are logged as pending), none
// on the hardened one; the twin itself is checked to have (and to fix)
// every class; and after the full allow-post run its data digest is
// unchanged and its request log has no PUT, PATCH or DELETE.
func TestFlaskTwin(t *testing.T) {
	if testing.Short() {
		t.Skip("starts python3")
	}
	python := flasktwin.Need(t)
	ca := newCA(t)
	key := fixture.FakeToken("sk_live_", "flask-twin", 24)
	secret := "flask-twin-jwt-secret-" + fixture.FakeToken("", "jwt", 16)
	member := flasktwin.Token(secret, "1", "member", time.Hour)
	admin := flasktwin.Token(secret, "9", "admin", time.Hour)
	repo := flaskRepo(t)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.pem)
	for _, mode := range []string{"vulnerable", "hardened"} {
		t.Run(mode, func(t *testing.T) {
			tw, base := startFlask(t, python, mode, ca, key, secret)
			tc := &twinClient{t: t, base: base, member: member,
				c: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil, TLSClientConfig: &tls.Config{RootCAs: pool}}}}
			before := tw.State(t)

			res := runAllTokens(t, repo, base, ca, member, admin)
			got := renderAll(res, base)
			if strings.Contains(got, key) || strings.Contains(got, member) || strings.Contains(got, admin) {
				t.Errorf("a key or token appears unredacted in the findings:\n%s", got)
			}

			// The data is unchanged, and no probe sent a method that
			// changes data.
			if after := tw.State(t); after.Digest != before.Digest {
				t.Errorf("the probe run changed the twin's data: %+v, was %+v", after, before)
			}
			reqs := tw.Requests(t)
			if len(reqs) == 0 {
				t.Fatal("the request log is empty: the probes reached nothing")
			}
			methods := map[string]int{}
			for _, r := range reqs {
				methods[r.Method]++
				switch r.Method {
				case "GET", "HEAD", "OPTIONS", "POST":
				default:
					t.Errorf("the probes sent %s %s", r.Method, r.Path)
				}
			}
			t.Logf("%s: %d requests by method %v", mode, len(reqs), methods)
			if methods["POST"] == 0 {
				t.Error("no POST with allow-post: the write-safety claim was not exercised")
			}

			found := func(c flaskClass) bool {
				for _, r := range res {
					for _, f := range r.Findings {
						if f.RuleID == c.rule && (c.path == "" || strings.Contains(f.Location.URL, c.path)) {
							return true
						}
					}
				}
				return false
			}
			for _, c := range flaskExpected {
				has := c.twin(tc)
				if mode == "vulnerable" && !has {
					t.Errorf("the vulnerable twin does not have %q (asked directly)", c.class)
				}
				if mode == "hardened" && has {
					t.Errorf("the hardened twin still has %q (asked directly)", c.class)
				}
				if mode != "vulnerable" {
					continue
				}
				switch {
				case c.pending == "" && !found(c):
					t.Errorf("the vulnerable twin did not produce %s (%s) at %q", c.rule, c.class, c.path)
				case c.pending != "" && c.rule != "" && found(c):
					t.Logf("now detected, turn the expectation on: %s (%s)", c.class, c.rule)
				case c.pending != "":
					t.Logf("pending: %s: waits for %s", c.class, c.pending)
				}
			}
			for _, fp := range flaskFalsePositives {
				if found(flaskClass{rule: fp.rule, path: fp.path}) {
					t.Errorf("false positive on the %s twin: %s %s", mode, fp.rule, fp.path)
				}
			}
			for id, r := range res {
				switch why := flaskStatusPending[id]; {
				case r.Status == check.StatusRan && why != "":
					t.Logf("now runs, drop it from flaskStatusPending: %s", id)
				case r.Status != check.StatusRan && why != "":
					t.Logf("pending: %s is %s (%s): waits for %s", id, r.Status, r.Reason, why)
				case r.Status != check.StatusRan:
					t.Errorf("%s: status %s (%s); want ran", id, r.Status, r.Reason)
				}
				if mode == "hardened" && len(r.Findings) > 0 {
					t.Errorf("%s: the hardened twin has findings:\n%s", id, got)
				}
			}
			if mode == "hardened" {
				// The catch-all answers the page to every unknown path.
				for _, p := range flaskCatchAll {
					if st := tc.status("GET", p, "", ""); st != 200 {
						t.Errorf("the hardened twin's catch-all answers %s with %d, want 200", p, st)
					}
				}
			}

			// The digest has teeth: a real write (the test's own, after the
			// probes) changes it.
			if st := tc.do("PATCH", "/api/notes/1", admin, "", `{"title":"changed"}`); st.StatusCode != 200 {
				t.Errorf("the test's own PATCH answered %d", st.StatusCode)
			} else {
				tc.read(st)
			}
			if after := tw.State(t); after.Digest == before.Digest {
				t.Error("a real PATCH did not change the digest: the digest proves nothing")
			}
			if t.Failed() || testing.Verbose() {
				t.Logf("findings:\n%s", got)
			}
		})
	}
}
