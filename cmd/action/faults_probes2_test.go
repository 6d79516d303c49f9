package main

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// The probe attack faults (second round): what an independent attack on
// the live probes found. Each case runs the CLI against a real loopback
// server.

// probe2Report is the JSON report with each row's sources.
type probe2Report struct {
	Verdict   string
	Scorecard []struct {
		ID, Status, Reason string
		Sources            struct {
			Ran    []string
			NotRun []struct{ Check, Status, Reason string }
		}
	}
	Findings []struct{ RuleID, Message string }
}

func probe2Run(t *testing.T, url, cfg string, files map[string]string, extra ...string) (probe2Report, result) {
	t.Helper()
	all := map[string]string{}
	if cfg != "" {
		all[".launchready.yml"] = cfg
	}
	for k, v := range files {
		all[k] = v
	}
	repo := repoWith(t, all)
	args := append([]string{"--repo", repo.Dir, "--url", url, "--allow-loopback", "--format", "json", "--fail-on", "critical"}, extra...)
	res := runCLI(t, nil, args...)
	var rep probe2Report
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("exit %d, no JSON report (%v); stderr:\n%s", res.code, err, res.stderr)
	}
	return rep, res
}

// wantProbeNotRun asserts that the probe check chk, feeding row, did not
// run to completion (so it cannot make the row pass on its own) and that
// its reason holds every part of want.
func wantProbeNotRun(t *testing.T, rep probe2Report, row, chk string, want ...string) {
	t.Helper()
	for _, r := range rep.Scorecard {
		if r.ID != row {
			continue
		}
		for _, n := range r.Sources.NotRun {
			if n.Check != chk {
				continue
			}
			for _, w := range want {
				if !strings.Contains(n.Reason, w) {
					t.Errorf("%s (%s row) reason %q lacks %q", chk, row, n.Reason, w)
				}
			}
			return
		}
		t.Errorf("%s ran to completion on the %s row (row %s %s)", chk, row, r.Status, r.Reason)
		return
	}
	t.Errorf("no %s row", row)
}

func (r probe2Report) has(rule string) bool {
	for _, f := range r.Findings {
		if f.RuleID == rule {
			return true
		}
	}
	return false
}

// itemStore is a small API with method-override semantics (Express's
// method-override, Rails, Laravel): POST ?_method=DELETE or a POST with
// X-HTTP-Method-Override: DELETE deletes. It records every write.
type itemStore struct {
	mu      sync.Mutex
	items   map[string]bool
	created int
	posts   []string
}

func newItemStore() *itemStore {
	return &itemStore{items: map[string]bool{"1": true, "2": true, "3": true}}
}

func (s *itemStore) handler(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	method := r.Method
	if method == http.MethodPost {
		s.posts = append(s.posts, r.URL.RequestURI())
		if m := r.URL.Query().Get("_method"); m != "" {
			method = strings.ToUpper(m)
		}
		if m := r.Header.Get("X-HTTP-Method-Override"); m != "" {
			method = strings.ToUpper(m)
		}
	}
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case r.URL.Path == "/":
		servePage(w)
	case method == http.MethodDelete && strings.HasPrefix(p, "/api/items/"):
		delete(s.items, strings.TrimPrefix(p, "/api/items/"))
		w.WriteHeader(204)
	case method == http.MethodPost && p == "/api/items":
		// Created, whatever the body (the attack's valid body).
		s.created++
		w.WriteHeader(201)
		fmt.Fprint(w, `{"id":99}`)
	default:
		http.NotFound(w, r)
	}
}

func (s *itemStore) state() (created int, item1, item3 bool, posts []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.created, s.items["1"], s.items["3"], append([]string(nil), s.posts...)
}

// TestFaultProbeRateLimitPathTricks: probe.rate-limit-endpoints paths that
// only look like login paths as written (a query string, a dot segment, an
// encoded dot, a _method override) sent 30 valid POSTs to a create
// endpoint, or deleted an item. Each is a config error naming the entry;
// nothing is written.
func TestFaultProbeRateLimitPathTricks(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"/api/items?kind=token", "/api/items/login/..", "/api/items/login/%2e%2e", "/api/items/3?_method=DELETE&via=login", "/api/items#login"} {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			store := newItemStore()
			srv := httptest.NewServer(http.HandlerFunc(store.handler))
			t.Cleanup(srv.Close)
			cfg := "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - {path: '" + p + "', method: POST, body: '{\"name\":\"x\"}'}\n"
			repo := repoWith(t, map[string]string{".launchready.yml": cfg})
			res := runCLI(t, nil, "--repo", repo.Dir, "--url", srv.URL, "--allow-loopback", "--format", "json", "--fail-on", "critical")
			created, _, item3, posts := store.state()
			if created > 0 || !item3 || len(posts) > 0 {
				t.Errorf("%d items created, item 3 present %v, POSTs %q", created, item3, posts)
			}
			if res.code != exitUsage || !strings.Contains(res.stderr, "probe.rate-limit-endpoints path") {
				t.Errorf("exit %d, want 2 naming the entry; stderr:\n%s", res.code, res.stderr)
			}
		})
	}
}

// TestFaultProbeSpecPathTricks: a spec path with a query string turned the
// input probe's schema-invalid POST into a DELETE (?_method=DELETE), and an
// operationId "login" on POST /api/items sent it the 30-POST burst. Neither
// path is sent a POST now; the first is noted as not probed.
func TestFaultProbeSpecPathTricks(t *testing.T) {
	t.Parallel()
	store := newItemStore()
	srv := httptest.NewServer(http.HandlerFunc(store.handler))
	t.Cleanup(srv.Close)
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  "/api/items/{id}?_method=DELETE":
    post:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody: {content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}}
      responses: {"204": {description: ok}}
  /api/items:
    post:
      operationId: login
      security: []
      requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}}
      responses: {"201": {description: ok}}
`
	repo := repoWith(t, map[string]string{"openapi.yaml": spec, ".launchready.yml": "probe:\n  allow-post: true\n  object-ids:\n    id:\n      - {id: '1', owner: member}\n"})
	res := runCLI(t, nil, "--repo", repo.Dir, "--url", srv.URL, "--allow-loopback", "--format", "json", "--fail-on", "critical",
		"--member-token", "mbr_"+strings.Repeat("Qw3r", 8))
	created, item1, _, posts := store.state()
	if created > 0 || !item1 {
		t.Errorf("%d items created, item 1 present %v; POSTs %q", created, item1, posts)
	}
	for _, p := range posts {
		if strings.Contains(p, "?") || strings.HasPrefix(p, "/api/items") {
			t.Errorf("POST %s reached the preview", p)
		}
	}
	_ = res
	for _, p := range posts {
		if strings.Contains(p, "_method") {
			t.Errorf("POST %s reached the preview", p)
		}
	}
}

// spaPage is a single-page app's index.html, served for every route.
const spaPage = `<!doctype html><html><head><title>app</title></head><body><div id="root"></div></body></html>`

func serveSPA(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Strict-Transport-Security", "max-age=31536000")
	w.Header().Set("Cf-Ray", "8a1b2c3d4e5f-AMS")
	fmt.Fprint(w, spaPage)
}

// TestFaultProbeRateLimitedPreview: /, /health and /api/feed answer the
// same SPA page; every other path answers 429 (a WAF rate-limiting the
// probe). The verdict was pass with --require-complete: authentication,
// authorization, CORS and input passed on 429s, the rate-limit row on
// "429 after 1 requests", logging on the SPA page at /health and latency
// on the SPA page at /api/feed. None of them passes now.
func TestFaultProbeRateLimitedPreview(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/health", "/api/feed":
			serveSPA(w)
		default:
			w.Header().Set("Retry-After", "60")
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Cf-Ray", "8a1b2c3d4e5f-AMS")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"error":"rate limited"}`)
		}
	}))
	t.Cleanup(srv.Close)
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  /api/members:
    get:
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /api/admin/users:
    get:
      responses: {"200": {description: ok}}
`
	rep, res := probe2Run(t, srv.URL, "probe:\n  allow-post: true\n  core-flows: [/api/feed]\n  latency-samples: 3\n  rate-limit-endpoints:\n    - {method: POST, path: /auth/login, body: '{}'}\n",
		map[string]string{"openapi.yaml": spec},
		"--member-token", "mbr_"+strings.Repeat("Hj7k", 8), "--require-complete")
	if res.code == 0 || rep.Verdict == "pass" {
		t.Errorf("exit %d, verdict %s on a preview that answered only 429 and its SPA page", res.code, rep.Verdict)
	}
	wantProbeNotRun(t, rep, "authentication", "probe-authn", "rate-limited", "answered 429")
	wantProbeNotRun(t, rep, "authorization", "probe-authz", "answered 429")
	wantProbeNotRun(t, rep, "cors", "probe-cors", "answered 429")
	wantProbeNotRun(t, rep, "input-validation", "probe-input", "answered 429")
	wantProbeNotRun(t, rep, "cdn", "probe-ratelimit", "answered 429")
	wantProbeNotRun(t, rep, "latency", "probe-latency", "answers the same page as any other path")
	// /health is the SPA page, the other health paths answer 429.
	wantProbeNotRun(t, rep, "logging", "probe-health", "answered 429")
}

// TestFaultProbeProtectionPage: every path, / included, answers 401 (a
// Vercel-style preview protection). Authentication, authorization, CORS,
// input validation and secrets passed; they are not checked, saying the
// preview asks for credentials everywhere.
func TestFaultProbeProtectionPage(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("X-Vercel-Id", "fra1::abcd")
		w.WriteHeader(401)
		fmt.Fprint(w, "<html>Authentication required</html>")
	}))
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL, "", nil, "--member-token", "mbr_"+strings.Repeat("Pp9x", 8))
	if rep.Verdict == "pass" {
		t.Errorf("verdict pass behind a protection page")
	}
	const protected = "the preview asks for credentials on every path (/ answered 401"
	wantProbeNotRun(t, rep, "authentication", "probe-authn", protected)
	wantProbeNotRun(t, rep, "cors", "probe-cors", protected)
	wantProbeNotRun(t, rep, "input-validation", "probe-input", protected)
	wantProbeNotRun(t, rep, "secrets", "probe-client", protected)
	wantProbeNotRun(t, rep, "authorization", "probe-authz", "the member token was not accepted by any endpoint")
}

// TestFaultProbeRedirectedData: every path without a trailing slash
// answers 308 to the path with one (Django's APPEND_SLASH), where member
// data is served without credentials; /app.js redirects to the hashed
// bundle that holds a token. Authentication and secrets passed on the
// redirects alone; the data behind them is found now.
func TestFaultProbeRedirectedData(t *testing.T) {
	t.Parallel()
	token := fixture.FakeToken("ghp_", "redirected-bundle", 36)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><script src="/app.js"></script></html>`)
		case r.URL.Path == "/app.js":
			http.Redirect(w, r, "/assets/app.3f2a.js", http.StatusFound)
		case r.URL.Path == "/assets/app.3f2a.js":
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprintf(w, `!function(){var t="%s";fetch("/api",{headers:{a:t}})}();`, token)
		case !strings.HasSuffix(r.URL.Path, "/"):
			http.Redirect(w, r, r.URL.Path+"/", http.StatusPermanentRedirect)
		default:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `[{"id":1,"email":"alice@example.com","role":"member"}]`)
		}
	}))
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL, "", nil)
	if !rep.has("live/unauthenticated-access") {
		t.Errorf("the member data behind the redirects is not reported")
	}
	if !rep.has("live/secret-in-client") {
		t.Errorf("the token in the redirected bundle is not reported")
	}
}

// TestFaultProbeContentEncodings: a bundle sent with Content-Encoding
// deflate, x-gzip or "gzip, gzip" was scanned as raw bytes (secrets pass);
// it is decoded now and its token found. One in br (not decoded) or with a
// corrupt gzip header is not examined: the secrets row is not checked.
func TestFaultProbeContentEncodings(t *testing.T) {
	t.Parallel()
	token := fixture.FakeToken("ghp_", "encoded-bundle", 36)
	plain := []byte(fmt.Sprintf(`!function(){var t="%s";fetch("/api",{headers:{a:t}})}();`, token))
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	zl := func(b []byte) []byte {
		var buf bytes.Buffer
		w := zlib.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	raw := func(b []byte) []byte {
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, 5)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	corrupt := gz(plain)
	corrupt[0] = 0x00
	for _, c := range []struct {
		name, enc string
		body      []byte
		found     bool
	}{
		{"deflate", "deflate", zl(plain), true},
		{"raw-deflate", "deflate", raw(plain), true},
		{"x-gzip", "x-gzip", gz(plain), true},
		{"gzip-twice", "gzip, gzip", gz(gz(plain)), true},
		{"br", "br", plain, false},
		{"corrupt-gzip", "gzip", corrupt, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/":
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, `<html><script src="/app.js"></script></html>`)
				case "/app.js":
					w.Header().Set("Content-Type", "application/javascript")
					w.Header().Set("Content-Encoding", c.enc)
					w.Write(c.body)
				default:
					http.NotFound(w, r)
				}
			}))
			t.Cleanup(srv.Close)
			rep, _ := probe2Run(t, srv.URL, "", nil)
			if c.found && !rep.has("live/secret-in-client") {
				t.Errorf("the token in the %s bundle is not reported", c.enc)
			}
			if !c.found {
				wantProbeNotRun(t, rep, "secrets", "probe-client", "Content-Encoding")
			}
		})
	}
}

// TestFaultProbeBundleScanBudget: / links a 9 MB bundle of dense
// candidate secrets; with probe.time-budget: 5s the scan ran for minutes
// (the text scan had the run's context, not the budget). It stops at the
// budget now, and the secrets row is not checked for the time budget.
func TestFaultProbeBundleScanBudget(t *testing.T) {
	t.Parallel()
	var bundle bytes.Buffer
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	for i := 0; bundle.Len() < 9<<20; i++ {
		fmt.Fprintf(&bundle, "var api_key_%d = \"", i)
		for j := 0; j < 32; j++ {
			bundle.WriteByte(alphabet[(i*7+j*13+i*j)%32])
		}
		bundle.WriteString("\";\n")
	}
	data := bundle.Bytes()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><script src="/big.js"></script></html>`)
		case "/big.js":
			w.Header().Set("Content-Type", "application/javascript")
			w.Write(data)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	start := time.Now()
	rep, _ := probe2Run(t, srv.URL, "probe:\n  time-budget: 5s\n", nil)
	if took := time.Since(start); took > 40*time.Second {
		t.Errorf("the run took %v with a 5s probe budget", took)
	}
	wantProbeNotRun(t, rep, "secrets", "probe-client", "time budget used up (probe.time-budget 5s)")
}

// TestFaultProbeCoverageGaps: passes without looking at everything.
func TestFaultProbeCoverageGaps(t *testing.T) {
	t.Parallel()
	// CORS without a spec tried / only, while /api/* reflected any
	// origin with credentials.
	t.Run("cors-api-paths", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/api") {
				if o := r.Header.Get("Origin"); o != "" {
					w.Header().Set("Access-Control-Allow-Origin", o)
					w.Header().Set("Access-Control-Allow-Credentials", "true")
				}
				fmt.Fprint(w, `{"ok":true}`)
				return
			}
			servePage(w)
		}))
		t.Cleanup(srv.Close)
		rep, _ := probe2Run(t, srv.URL, "", nil)
		if !rep.has("live/cors-reflected-origin-with-credentials") {
			t.Errorf("the reflected origin on /api is not reported")
		}
	})
	// Scripts past the 10th were dropped silently: a token in the 11th
	// passed.
	t.Run("eleven-scripts", func(t *testing.T) {
		t.Parallel()
		token := fixture.FakeToken("ghp_", "eleventh-script", 36)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == "/":
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, "<html>")
				for i := 1; i <= 11; i++ {
					fmt.Fprintf(w, `<script src="/s%d.js"></script>`, i)
				}
				fmt.Fprint(w, "</html>")
			case r.URL.Path == "/s11.js":
				fmt.Fprintf(w, `var t="%s";`, token)
			case strings.HasSuffix(r.URL.Path, ".js"):
				fmt.Fprint(w, `console.log(1);`)
			default:
				http.NotFound(w, r)
			}
		}))
		t.Cleanup(srv.Close)
		rep, _ := probe2Run(t, srv.URL, "", nil)
		wantProbeNotRun(t, rep, "secrets", "probe-client", "1 scripts not fetched: past the first 10")
	})
	// The cookies check passed ("no cookies set") when the login page
	// answered 503.
	t.Run("login-page-down", func(t *testing.T) {
		t.Parallel()
		spec := `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  /login:
    get:
      security: []
      responses: {"200": {description: ok}}
  /api/me:
    get:
      responses: {"200": {description: ok}}
`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/":
				servePage(w)
			case "/login":
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
			default:
				w.WriteHeader(401)
			}
		}))
		t.Cleanup(srv.Close)
		rep, _ := probe2Run(t, srv.URL, "", map[string]string{"openapi.yaml": spec})
		wantProbeNotRun(t, rep, "authentication", "probe-cookies", "examined 0 of 1 login pages (1 answered 503)")
	})
}

// TestFaultProbeUserinfoMasked: url.Redacted hides only the password: a
// Location with a token as the user name, and --url alice:S3cretPw@...,
// showed the token and "alice". The whole userinfo is masked now.
func TestFaultProbeUserinfoMasked(t *testing.T) {
	t.Parallel()
	token := fixture.FakeToken("ghp_", "userinfo-location", 36)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://"+token+":pw@127.0.0.1:1/x")
		w.WriteHeader(http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	u := strings.Replace(srv.URL, "http://", "http://alice:S3cretPw@", 1)
	repo := repoWith(t, nil)
	res := runCLI(t, nil, "--repo", repo.Dir, "--url", u, "--allow-loopback", "--fail-on", "critical")
	out := res.stdout + res.stderr
	for _, leak := range []string{token, "alice", "S3cretPw"} {
		if strings.Contains(out, leak) {
			t.Errorf("%q is printed:\n%s", leak, out)
		}
	}
	if !strings.Contains(out, "****@") {
		t.Errorf("no masked userinfo in the output:\n%s", out)
	}
}
