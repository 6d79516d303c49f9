package probe

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/secrets"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

// randomProbePath is the session's random path, new every run.
var randomProbePath = regexp.MustCompile(`/launchready-probe-[0-9a-f]{16}`)

// target is one golden case: a handler, served over HTTP or TLS.
type target struct {
	name    string
	handler http.HandlerFunc
	tls     func(t *testing.T, ca *testCA) *tls.Config // nil: plain HTTP
	config  string                                     // .launchready.yml
	spec    string                                     // openapi.yaml in the repository
	member  string
}

func json200(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}
}

// run starts the target and runs one check against it.
func run(t *testing.T, id string, tg target) (check.Result, string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(tg.handler)
	// Refused TLS 1.0/1.1 handshakes are expected: keep the log quiet.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	ca := newCA(t)
	if tg.tls != nil {
		srv.TLS = tg.tls(t, ca)
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	cfg := config.Default()
	if tg.config != "" {
		var err error
		if cfg, err = config.Decode([]byte(tg.config), "cfg"); err != nil {
			t.Fatal(err)
		}
	}
	repo := ""
	if tg.spec != "" {
		r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
		r.Write("openapi.yaml", tg.spec)
		r.Commit("spec")
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		repo = r.Dir
	}
	in := &check.Input{Repo: repo, Scan: check.Scan{Mode: check.ModeWorktree}, Config: cfg, Now: time.Now(), Secrets: &redact.Set{}, Detector: secrets.NewDetector(gitrepo.WorktreeSource{Root: repo}, cfg),
		Live: &check.LiveTarget{URL: srv.URL, MemberToken: tg.member, AllowLoopback: true, CACertPEM: ca.pem}}
	var c check.Check
	for _, x := range Checks() {
		if x.Meta().ID == id {
			c = x
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res := c.Run(ctx, in)
	var lines []string
	for _, f := range res.Findings {
		lines = append(lines, fmt.Sprintf("[%s] %s %s %s: %s", f.Severity, f.RuleID, f.Location.Method, f.Location.URL, f.Message))
	}
	sort.Strings(lines)
	out := fmt.Sprintf("status: %s %s\n%s", res.Status, res.Reason, strings.Join(lines, "\n"))
	out = strings.TrimSpace(strings.ReplaceAll(out, srv.URL, "{base}")) + "\n"
	out = strings.ReplaceAll(out, strings.TrimPrefix(srv.URL, "https://"), "{host}")
	// Timings and dates vary from run to run.
	out = regexp.MustCompile(`\d+(\.\d+)? ?(ms|µs|ns|s)\b`).ReplaceAllString(out, "{duration}")
	out = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).ReplaceAllString(out, "{date}")
	out = strings.ReplaceAll(out, strings.TrimPrefix(srv.URL, "http://"), "{host}")
	out = randomProbePath.ReplaceAllString(out, "/launchready-probe-{random}")
	return res, out
}

func certCfg(notBefore, notAfter time.Duration, selfSigned bool, ip string) func(t *testing.T, ca *testCA) *tls.Config {
	return func(t *testing.T, ca *testCA) *tls.Config {
		now := time.Now()
		return &tls.Config{Certificates: []tls.Certificate{ca.leaf(t, ip, now.Add(notBefore), now.Add(notAfter), selfSigned)}, MinVersion: tls.VersionTLS12}
	}
}

const hardenedHSTS = "max-age=31536000; includeSubDomains"

func helmet(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Strict-Transport-Security", hardenedHSTS)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=()")
		next(w, r)
	}
}

var cases = map[string]map[string][]target{
	"probe-https": {
		"tp": {
			{name: "plain-http", handler: json200(`{}`)},
			{name: "redirect-302", handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/" {
					http.Redirect(w, r, "https://"+r.Host+"/", http.StatusFound)
					return
				}
				http.NotFound(w, r)
			}},
			{name: "expired", handler: json200(`{}`), tls: certCfg(-48*time.Hour, -24*time.Hour, false, "127.0.0.1")},
			{name: "wrong-host", handler: json200(`{}`), tls: certCfg(-time.Hour, 90*24*time.Hour, false, "10.1.2.3")},
			{name: "self-signed", handler: json200(`{}`), tls: certCfg(-time.Hour, 90*24*time.Hour, true, "127.0.0.1")},
			{name: "expiring-no-hsts-mixed", handler: func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `<html><script src="http://cdn.example.test/app.js"></script></html>`)
			}, tls: certCfg(-time.Hour, 5*24*time.Hour, false, "127.0.0.1")},
			{name: "tls10-short-hsts", handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Strict-Transport-Security", "max-age=86400")
			}, tls: func(t *testing.T, ca *testCA) *tls.Config {
				c := certCfg(-time.Hour, 90*24*time.Hour, false, "127.0.0.1")(t, ca)
				c.MinVersion = tls.VersionTLS10
				return c
			}},
		},
		"fp": {{name: "valid", handler: helmet(json200(`{}`)), tls: certCfg(-time.Hour, 90*24*time.Hour, false, "127.0.0.1")}},
	},
	"probe-headers": {
		"tp": {{name: "bare-express", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Powered-By", "Express")
			w.Header().Set("Server", "nginx/1.18.0")
			fmt.Fprint(w, "<html></html>")
		}}},
		"fp": {{name: "helmet", handler: helmet(json200(`{}`)), tls: certCfg(-time.Hour, 90*24*time.Hour, false, "127.0.0.1")}},
	},
	"probe-cors": {
		"tp": {
			{name: "reflects-with-credentials", handler: func(w http.ResponseWriter, r *http.Request) {
				if o := r.Header.Get("Origin"); o != "" {
					w.Header().Set("Access-Control-Allow-Origin", o)
					w.Header().Set("Access-Control-Allow-Credentials", "true")
				}
			}},
			{name: "wildcard", handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
			}},
			{name: "reflects-without-credentials", handler: func(w http.ResponseWriter, r *http.Request) {
				if o := r.Header.Get("Origin"); o != "" && o != "null" {
					w.Header().Set("Access-Control-Allow-Origin", o)
				}
			}},
			{name: "null-with-credentials", handler: func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Origin") == "null" {
					w.Header().Set("Access-Control-Allow-Origin", "null")
					w.Header().Set("Access-Control-Allow-Credentials", "true")
				}
			}},
		},
		"fp": {{name: "allow-list-like-cors-npm", handler: func(w http.ResponseWriter, r *http.Request) {
			// The cors package answers a refused preflight 204 with
			// credentials and no Allow-Origin: not a finding.
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			if r.Header.Get("Origin") == "https://app.community.test" {
				w.Header().Set("Access-Control-Allow-Origin", "https://app.community.test")
			}
			if r.Method == http.MethodOptions {
				w.WriteHeader(http.StatusNoContent)
			}
		}}},
	},
	"probe-cookies": {
		"tp": {{name: "insecure-session", handler: func(w http.ResponseWriter, r *http.Request) {
			// "Secure" hides in the CSP; the cookie itself has no flags.
			w.Header().Set("Content-Security-Policy", "upgrade-insecure-requests")
			w.Header().Add("Set-Cookie", "connect.sid=s%3Aabc; Path=/")
			w.Header().Add("Set-Cookie", "prefs=dark; Path=/; SameSite=Sideways")
			w.Header().Add("Set-Cookie", "tracker=1; Path=/; SameSite=None")
		}}},
		"fp": {{name: "hardened", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "connect.sid=s%3Aabc; Path=/; Secure; HttpOnly; SameSite=Lax")
			w.Header().Add("Set-Cookie", "theme=dark; Path=/")
		}}},
	},
	"probe-authn": {
		"tp": {{name: "open-members-list", handler: func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/members" {
				json200(`[{"email":"a@community.test"}]`)(w, r)
				return
			}
			http.NotFound(w, r)
		}}},
		"fp": {
			{name: "all-401", handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }},
			{name: "spa-fallback", handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, "<html><div id=app></div></html>")
			}},
		},
	},
	"probe-authz": {
		"tp": {{name: "member-reaches-admin-and-others", member: "member-token-1", spec: authzSpec,
			config: "probe:\n  object-ids:\n    memberId:\n      - {id: '7', owner: member}\n      - {id: '8', owner: other}\n",
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer member-token-1" {
					w.WriteHeader(401)
					return
				}
				json200(`{"id":1,"email":"x@community.test"}`)(w, r)
			}}},
		"fp": {{name: "403-for-members", member: "member-token-1", spec: authzSpec,
			config: "probe:\n  object-ids:\n    memberId:\n      - {id: '7', owner: member}\n      - {id: '8', owner: other}\n",
			handler: func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/7") {
					json200(`{"id":7}`)(w, r)
					return
				}
				w.WriteHeader(403)
			}}},
	},
	"probe-ratelimit": {
		"tp": {{name: "no-429", config: "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - {method: POST, path: /auth/login, body: '{\"email\":\"x@example.invalid\",\"password\":\"wrong\"}'}\n",
			// / answers: a preview where every path asks for
			// credentials is behind a protection page.
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/" {
					return
				}
				w.WriteHeader(401)
			}}},
		"fp": {{name: "429-after-5", config: "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - {method: POST, path: /auth/login, body: '{}'}\n",
			handler: limited(5)}},
	},
	"probe-input": {
		"tp": {{name: "500-with-stack", spec: inputSpec, handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			fmt.Fprint(w, "TypeError: Cannot read properties of undefined (reading 'map')\n    at search (/app/src/routes.js:42:17)\n    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)")
		}},
			{name: "write-types-and-size", spec: writeSpec, config: "probe:\n  allow-post: true\n", handler: invites(false)},
		},
		"fp": {
			{name: "400-clean", spec: inputSpec, handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"limit must be a number"}`)
			}},
			{name: "write-validated", spec: writeSpec, config: "probe:\n  allow-post: true\n", handler: invites(true)},
		},
	},
	"probe-client": {
		"tp": {{name: "key-in-bundle-map-and-env", handler: clientSite(true)}},
		"fp": {{name: "clean-spa", handler: clientSite(false)}},
	},
	"probe-cdn": {
		"tp": {
			{name: "no-cdn", handler: json200(`{}`)},
			{name: "unexpected-cdn", config: "probe:\n  expect-cdn: cloudflare\n", handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Amz-Cf-Id", "Xj2kq0l3m4n5o6p7q8r9s0t1u2v3w4x5y6z7a8b9c0d1e2f3g4h5i6==")
				w.Header().Set("Via", "1.1 0123456789abcdef.cloudfront.net (CloudFront)")
			}},
		},
		"fp": {
			{name: "cloudflare", config: "probe:\n  expect-cdn: cloudflare\n", handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Cf-Ray", "8a1b2c3d4e5f-AMS")
				w.Header().Set("Server", "cloudflare")
			}},
			{name: "none-expected", config: "probe:\n  expect-cdn: none\n", handler: json200(`{}`)},
		},
	},
	"probe-health": {
		"tp": {
			{name: "no-health", handler: http.NotFound},
			{name: "slow-health", handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/health" {
					http.NotFound(w, r)
					return
				}
				time.Sleep(1100 * time.Millisecond)
				fmt.Fprint(w, "ok")
			}},
		},
		"fp": {{name: "healthz", handler: func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/healthz" {
				fmt.Fprint(w, "ok")
				return
			}
			http.NotFound(w, r)
		}}},
	},
	"probe-latency": {
		"tp": {
			{name: "feed-errors", config: "probe:\n  core-flows: [/api/feed]\n  latency-samples: 5\n", handler: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "internal error", http.StatusInternalServerError)
			}},
			{name: "slow-feed", config: "probe:\n  core-flows: [/api/feed]\n  latency-samples: 5\n  p95-ms: 20\n", handler: func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(30 * time.Millisecond)
			}},
		},
		"fp": {{name: "fast-feed", config: "probe:\n  core-flows: [/api/feed]\n  latency-samples: 5\n  p95-ms: 500\n", handler: json200(`[]`)}},
	},
}

const authzSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  /api/admin/members:
    get:
      responses: {"200": {description: ok}}
  /api/members/{memberId}:
    get:
      parameters: [{name: memberId, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
`

const writeSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/invites:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                email: {type: string, maxLength: 254}
                seats: {type: integer}
      responses: {"201": {description: invited}}
`

// invites serves POST /api/invites; validated answers 400 to bad bodies,
// otherwise a bad type is a 500 and an oversized email a database error.
func invites(validated bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/invites" {
			http.NotFound(w, r)
			return
		}
		var body struct {
			Email string
			Seats int
		}
		err := json.NewDecoder(r.Body).Decode(&body)
		switch {
		case err != nil && validated, len(body.Email) > 254 && validated:
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"email must be at most 254 characters, seats a number"}`)
		case errors.As(err, new(*json.UnmarshalTypeError)):
			w.WriteHeader(500)
			fmt.Fprint(w, `{"error":"internal"}`)
		case err != nil:
			w.WriteHeader(400)
		case len(body.Email) > 254:
			w.WriteHeader(500)
			fmt.Fprint(w, "ERROR: value too long for type character varying(254)")
		default:
			w.WriteHeader(201)
		}
	}
}

const inputSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/search:
    get:
      parameters: [{name: limit, in: query, schema: {type: integer}}]
      responses: {"200": {description: ok}}
`

func limited(after int) http.HandlerFunc {
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/auth/login" {
			return
		}
		n++
		if n > after {
			w.Header().Set("Retry-After", "60")
			w.Header().Set("RateLimit-Limit", "5")
			w.WriteHeader(429)
			return
		}
		w.WriteHeader(401)
	}
}

// clientSite serves a page with a bundle; leaky puts a key in it, serves its
// source map with sources, and serves /.env.
func clientSite(leaky bool) http.HandlerFunc {
	key := fixture.FakeToken("sk_live_", "client-bundle", 24)
	return func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/static/app.js":
			body := "!function(){var a=1;console.log(a)}();"
			if leaky {
				body = `!function(){var k="` + key + `";fetch("/api",{headers:{k:k}})}();` + "\n//# sourceMappingURL=app.js.map"
			}
			fmt.Fprint(w, body)
		case "/static/app.js.map":
			if leaky {
				fmt.Fprint(w, `{"version":3,"sources":["src/app.ts"],"sourcesContent":["const k = '`+key+`'"],"mappings":"AAAA"}`)
				return
			}
			http.NotFound(w, r)
		case "/.env":
			if leaky {
				fmt.Fprint(w, "DB_PASSWORD=Hk4nJ8sLq2Wv\nNODE_ENV=production\n") // launchready:allow (a planted test password)
				return
			}
			fallthrough
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><script src="/static/app.js"></script></html>`)
		}
	}
}

func TestProbeGolden(t *testing.T) {
	for id, kinds := range cases {
		for kind, targets := range kinds {
			for _, tg := range targets {
				t.Run(id+"/"+kind+"/"+tg.name, func(t *testing.T) {
					t.Parallel()
					res, out := run(t, id, tg)
					testutil.Golden(t, filepath.Join("..", "..", "testdata", id, kind, tg.name+".golden"), out, *update)
					if kind == "fp" && len(res.Findings) > 0 {
						t.Errorf("false positives:\n%s", out)
					}
					if kind == "tp" && len(res.Findings) == 0 {
						t.Errorf("no finding:\n%s", out)
					}
				})
			}
		}
	}
}

// TestClientSafety drives the guarded client against adversarial targets.
func TestClientSafety(t *testing.T) {
	t.Parallel()
	var other *httptest.Server
	other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer other.Close()
	var bomb bytes.Buffer
	gz := gzip.NewWriter(&bomb)
	gz.Write(bytes.Repeat([]byte{0}, 50<<20))
	gz.Close()
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		switch r.URL.Path {
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-other-host":
			http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/x", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/slow":
			time.Sleep(700 * time.Millisecond)
		case "/endless":
			for i := 0; i < 200; i++ {
				if _, err := w.Write(bytes.Repeat([]byte("x"), 1<<16)); err != nil {
					return
				}
			}
		case "/huge-length":
			w.Header().Set("Content-Length", "999999999999")
			w.Write([]byte("short"))
		case "/gzip-bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		case "/echo-auth":
			fmt.Fprint(w, r.Header.Get("Authorization"))
		}
	}))
	defer srv.Close()
	base := mustURL(t, srv.URL)
	c, err := NewClient(base, ClientOptions{AllowLoopback: true, MaxRequests: 40, HeaderTimeout: 300 * time.Millisecond, Tokens: map[string]string{"member": "tok"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	do := func(path string, follow bool, cap int64) (*Response, error) {
		return c.Do(ctx, Request{Check: "safety", Path: path, Follow: follow, Cap: cap})
	}
	if _, err := do("/to-metadata", true, 0); !errors.Is(err, ErrRedirect) && !errors.Is(err, ErrRefused) {
		t.Errorf("redirect to the metadata address: %v", err)
	}
	if _, err := do("/to-other-host", true, 0); !errors.Is(err, ErrRedirect) {
		t.Errorf("redirect to another host: %v", err)
	}
	before := hits
	if _, err := do("/loop", true, 0); !errors.Is(err, ErrRedirect) || hits-before != MaxRedirects+1 {
		t.Errorf("redirect loop: %v after %d requests", err, hits-before)
	}
	start := time.Now()
	if _, err := do("/slow", false, 0); err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("slow headers: %v after %v", err, time.Since(start))
	}
	if r, err := do("/endless", false, 100<<10); err != nil || !r.Truncated || len(r.Body) != 100<<10 {
		t.Errorf("endless body: %v", err)
	}
	if r, err := do("/huge-length", false, 0); err != nil && r == nil {
		t.Errorf("huge Content-Length: %v", err)
	}
	if r, err := do("/gzip-bomb", false, 1<<20); err != nil || !r.Truncated || len(r.Body) != 1<<20 {
		t.Errorf("gzip bomb not capped: %v", err)
	}
	if _, err := c.Do(ctx, Request{Check: "safety", Method: http.MethodPost, Path: "/"}); !errors.Is(err, ErrMethod) {
		t.Errorf("POST without allow-post: %v", err)
	}
	if _, err := c.Do(ctx, Request{Check: "safety", Method: http.MethodDelete, Path: "/"}); !errors.Is(err, ErrMethod) {
		t.Errorf("DELETE: %v", err)
	}
	if _, err := do(other.URL+"/x", false, 0); !errors.Is(err, ErrOffOrigin) {
		// Same IP, other port: another service, refused.
		t.Errorf("same host, other port: %v", err)
	}
	if _, err := do("http://example.test/", false, 0); !errors.Is(err, ErrOffOrigin) {
		t.Errorf("off-host request: %v", err)
	}
	if r, _ := c.Do(ctx, Request{Check: "safety", Path: "/echo-auth", Token: "member"}); r == nil || string(r.Body) != "Bearer tok" {
		t.Errorf("token not sent to the preview's own host")
	}
	// Loopback and private addresses without the test option.
	strict, _ := NewClient(base, ClientOptions{})
	if _, err := strict.Do(ctx, Request{Path: "/"}); err == nil {
		t.Error("loopback reached without AllowLoopback")
	}
	for _, u := range []string{"http://10.0.0.1/", "http://169.254.169.254/", "http://[::1]/", "http://224.0.0.1/", "http://0.0.0.0/", "http://metadata.google.internal/"} {
		cl, _ := NewClient(mustURL(t, u), ClientOptions{})
		if _, err := cl.Do(ctx, Request{Path: "/"}); !errors.Is(err, ErrRefused) {
			t.Errorf("%s: %v, want refused", u, err)
		}
	}
	// The budget.
	small, _ := NewClient(base, ClientOptions{AllowLoopback: true, MaxRequests: 2})
	for i := 0; i < 2; i++ {
		small.Do(ctx, Request{Path: "/echo-auth"})
	}
	if _, err := small.Do(ctx, Request{Path: "/echo-auth"}); !errors.Is(err, ErrBudget) {
		t.Errorf("budget: %v", err)
	}
}

func TestNotCheckedWithoutURLOrInStagedMode(t *testing.T) {
	t.Parallel()
	for _, c := range Checks() {
		res := c.Run(context.Background(), &check.Input{Scan: check.Scan{Mode: check.ModeHistory}, Config: config.Default(), Secrets: &redact.Set{}})
		if res.Status != check.StatusNotChecked || !strings.Contains(res.Reason, "--url") {
			t.Errorf("%s without URL: %+v", c.Meta().ID, res)
		}
		res = c.Run(context.Background(), &check.Input{Scan: check.Scan{Mode: check.ModeStaged}, Live: &check.LiveTarget{URL: "https://x.test"}})
		if res.Status != check.StatusNotApplicable {
			t.Errorf("%s in staged mode: %+v", c.Meta().ID, res)
		}
	}
}

func TestHeaderScoreAndCookies(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	if score, grade, _ := HeaderScore(h, true); score != 30 || grade != "D" {
		t.Errorf("bare headers: %d %s", score, grade)
	}
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Strict-Transport-Security", hardenedHSTS)
	if score, grade, _ := HeaderScore(h, true); score != 115 || grade != "A+" {
		t.Errorf("helmet headers: %d %s", score, grade)
	}
	c := ParseSetCookie("sid=x; Path=/; Secure; HttpOnly; SameSite=Wrong")
	if !c.Secure || !c.HTTPOnly || c.SameSite != "Wrong" {
		t.Errorf("%+v", c)
	}
	if P95([]time.Duration{5, 1, 4, 2, 3}) != 5 || P95(make([]time.Duration, 0)) != 0 {
		t.Error("nearest-rank p95")
	}
}

func FuzzParseSetCookie(f *testing.F) {
	f.Add("sid=x; Path=/; Secure; HttpOnly; SameSite=Lax")
	f.Add("=; ;;SameSite")
	f.Fuzz(func(t *testing.T, line string) {
		c := ParseSetCookie(line)
		if strings.ContainsAny(c.Name, ";") {
			t.Fatalf("name %q", c.Name)
		}
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
