package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"testing"
)

// The probe attack faults (third round). Each case runs the CLI against a
// real loopback server.

// resolvingStore is newItemStore behind a front end that decodes and
// resolves dot segments before routing ("/auth/login/%2e%2e/%2e%2e/api/items"
// is /api/items there), as many proxies and frameworks do.
func resolvingStore(t *testing.T) (*itemStore, *httptest.Server) {
	t.Helper()
	store := newItemStore()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = path.Clean(r.URL.Path)
		r.URL.RawPath = ""
		store.handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return store, srv
}

const dotSpecHead = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
`

// TestFaultProbeSpecDotPathBurst: a spec path that reads as a login path
// but resolves to a create endpoint (dot segments, encoded dots, or ids of
// "..") got the 30-POST burst: 30 items created. The login-type test runs
// on the resolved path sent; such spec paths are not probed, such ids are
// refused.
func TestFaultProbeSpecDotPathBurst(t *testing.T) {
	t.Parallel()
	op := `    post:
      operationId: createItem
      security: []
      requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}}
      responses: {"201": {description: ok}}
`
	cases := []struct {
		name, specPath, cfg string
		wantExit            int
	}{
		{"dot segments", "/auth/login/../../api/items", "probe:\n  allow-post: true\n", -1},
		{"encoded dots", "/auth/login/%2e%2e/%2e%2e/api/items", "probe:\n  allow-post: true\n", -1},
		{"dot ids", "/auth/login/{x}/{y}/api/items", "probe:\n  allow-post: true\n  object-ids:\n    x: [{id: '..'}]\n    y: [{id: '..'}]\n", exitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			store, srv := resolvingStore(t)
			o := op
			if strings.Contains(c.specPath, "{") {
				o = strings.Replace(op, "      security: []\n", "      security: []\n      parameters: [{name: x, in: path, required: true, schema: {type: string}}, {name: y, in: path, required: true, schema: {type: string}}]\n", 1)
			}
			spec := dotSpecHead + "  \"" + c.specPath + "\":\n" + o
			repo := repoWith(t, map[string]string{"openapi.yaml": spec, ".launchready.yml": c.cfg})
			res := runCLI(t, nil, "--repo", repo.Dir, "--url", srv.URL+"/", "--allow-loopback", "--format", "json", "--fail-on", "critical")
			created, _, _, posts := store.state()
			if created > 0 {
				t.Errorf("%d items created; POSTs %q", created, posts)
			}
			if c.wantExit >= 0 && (res.code != c.wantExit || !strings.Contains(res.stderr, "probe.object-ids x id") || !strings.Contains(res.stderr, ".launchready.yml:")) {
				t.Errorf("exit %d, want %d naming the id; stderr:\n%s", res.code, c.wantExit, res.stderr)
			}
			if c.wantExit < 0 && len(posts) > 0 {
				t.Errorf("POSTs %q: the spec path is not probed at all", posts)
			}
		})
	}
}

// TestFaultProbeLoginWordInSegment: rate-limit endpoints whose segments
// only contain a login word inside a hyphenated name (session-notes,
// token-budget, otp-templates) got 30 valid POSTs each: 90 rows written.
// Only whole login-type segments get a burst.
func TestFaultProbeLoginWordInSegment(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	posts := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			mu.Lock()
			posts[r.URL.Path]++
			mu.Unlock()
			w.WriteHeader(201)
			return
		}
		if r.URL.Path == "/" {
			servePage(w)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	for _, p := range []string{"/api/session-notes", "/api/projects/token-budget", "/api/otp-templates"} {
		cfg := "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - {path: '" + p + "', method: POST, body: '{\"title\":\"x\"}'}\n"
		rep, _ := probe2Run(t, srv.URL+"/", cfg, nil)
		wantProbeNotRun(t, rep, "cdn", "probe-ratelimit", "is not sent", p)
	}
	mu.Lock()
	defer mu.Unlock()
	for p, n := range posts {
		if n > 0 {
			t.Errorf("%d POSTs to %s", n, p)
		}
	}
}

// TestFaultProbeInputReadOnlyRequired: a schema whose only required
// property is readOnly (OAS 3.0: required then applies to responses only)
// got {} and {"id":12345} as "invalid" bodies, and a server that ignores
// readOnly fields stored both. Only bodies the schema rejects are sent:
// here malformed JSON alone.
func TestFaultProbeInputReadOnlyRequired(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var stored []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/items") {
			var v map[string]any
			b, _ := io.ReadAll(r.Body)
			if json.Unmarshal(b, &v) != nil {
				http.Error(w, `{"error":"bad json"}`, 400)
				return
			}
			mu.Lock()
			stored = append(stored, string(b))
			mu.Unlock()
			w.WriteHeader(201)
			return
		}
		if r.URL.Path == "/" {
			servePage(w)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  /api/items:
    post:
      requestBody: {content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: string, readOnly: true}, title: {}}}}}}
      responses: {"201": {description: ok}}
`
	probe2Run(t, srv.URL+"/", "probe:\n  allow-post: true\n", map[string]string{"openapi.yaml": spec}, "--member-token", "mbr_"+strings.Repeat("Qw3r", 8))
	mu.Lock()
	defer mu.Unlock()
	if len(stored) > 0 {
		t.Errorf("stored %q", stored)
	}
}

// TestFaultProbeBurstBodyMethodOverride: a configured burst body carrying
// {"_method":"DELETE"} (Laravel and Symfony read it from the JSON input)
// was sent 30 times. The config is refused at the body's line; nothing is
// sent.
func TestFaultProbeBurstBodyMethodOverride(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"_method":"DELETE","email":"a@example.invalid"}`, `{"X-HTTP-Method-Override":"PUT"}`, `{"method":"delete","id":"3"}`} {
		store := newItemStore()
		srv := httptest.NewServer(http.HandlerFunc(store.handler))
		t.Cleanup(srv.Close)
		cfg := "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - path: /auth/login\n      method: POST\n      body: '" + body + "'\n"
		repo := repoWith(t, map[string]string{".launchready.yml": cfg})
		res := runCLI(t, nil, "--repo", repo.Dir, "--url", srv.URL+"/", "--allow-loopback", "--format", "json", "--fail-on", "critical")
		if _, _, _, posts := store.state(); len(posts) > 0 {
			t.Errorf("%s: POSTs %q", body, posts)
		}
		if res.code != exitUsage || !strings.Contains(res.stderr, ".launchready.yml:6") || !strings.Contains(res.stderr, "method override") {
			t.Errorf("%s: exit %d, want 2 at line 6; stderr:\n%s", body, res.code, res.stderr)
		}
	}
}

// TestFaultProbeMemberTokenRejectedEverywhere: GET / answers the same 200
// page to everyone and every other path 401 (or 403) whatever the token.
// Authorization passed ("the member token is accepted by GET /") and input
// validation passed on malformed requests refused at authentication. A
// public page is no proof the token works, and a refused request says
// nothing about validation: both rows are not checked.
func TestFaultProbeMemberTokenRejectedEverywhere(t *testing.T) {
	t.Parallel()
	for _, status := range []int{401, 403} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" && r.Method == http.MethodGet && r.URL.RawQuery == "" {
				servePage(w)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprint(w, `{"error":"unauthorized"}`)
		}))
		t.Cleanup(srv.Close)
		spec := `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  /api/items:
    get:
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /api/admin/users:
    get:
      x-roles: [admin]
      responses: {"200": {description: ok}}
`
		for _, files := range []map[string]string{nil, {"openapi.yaml": spec}} {
			rep, _ := probe2Run(t, srv.URL+"/", "", files, "--member-token", "mbr_"+strings.Repeat("Qw3r", 8))
			wantProbeNotRun(t, rep, "authorization", "probe-authz", "not accepted by any endpoint")
			if files != nil {
				wantProbeNotRun(t, rep, "input-validation", "probe-input", "401 or 403")
			}
		}
	}
}

// rowStatus is the scorecard status of row.
func (r probe2Report) rowStatus(row string) string {
	for _, s := range r.Scorecard {
		if s.ID == row {
			return s.Status
		}
	}
	return ""
}

// TestFaultProbeOnlyHomeServed: / answers a 200 page and every other path,
// the random one included, the identical 404 page. Authentication,
// authorization, CORS and input validation passed on those 404s. Answers
// identical to a random path's are no evidence, whatever / answers.
func TestFaultProbeOnlyHomeServed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/" {
			fmt.Fprint(w, spaPage)
			return
		}
		w.WriteHeader(404)
		fmt.Fprint(w, "<html>Not Found</html>")
	}))
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil, "--member-token", "mbr_"+strings.Repeat("Qw3r", 8))
	// No row passes on the 404s; the authentication row neither on the
	// cookies of / (none here: nothing to judge is not a pass).
	for _, row := range []string{"authentication", "authorization", "cors", "input-validation"} {
		if st := rep.rowStatus(row); st == "pass" {
			t.Errorf("the %s row passes on a preview that serves only /", row)
		}
	}
	wantProbeNotRun(t, rep, "authentication", "probe-authn", "random path")
	wantProbeNotRun(t, rep, "authorization", "probe-authz")
	wantProbeNotRun(t, rep, "cors", "probe-cors")
	wantProbeNotRun(t, rep, "input-validation", "probe-input")
}

// TestFaultProbeCatchAllWithNonce: a single-page app answers its page on
// every path with a per-response nonce (a CSRF meta tag) and the path
// echoed. That page counted as a health endpoint and a core flow, and as
// data exposed without credentials and to the member token. Catch-all
// detection compares status, content type, <title> and size, not bytes.
func TestFaultProbeCatchAllWithNonce(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		nonce := fmt.Sprintf("%016x", n*7919)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>app</title><meta name="csrf-token" content="%s"></head><body><div id="root" data-route="%s"></div><script src="/main.js"></script></body></html>`, nonce, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  /api/feed:
    get: {responses: {"200": {description: ok}}}
  /api/admin/users:
    get: {x-roles: [admin], responses: {"200": {description: ok}}}
  /api/users/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
`
	rep, _ := probe2Run(t, srv.URL+"/", "probe:\n  core-flows: [/api/feed]\n  latency-samples: 3\n", map[string]string{"openapi.yaml": spec}, "--member-token", "mbr_"+strings.Repeat("Qw3r", 8))
	for _, row := range []string{"logging", "latency"} {
		if st := rep.rowStatus(row); st == "pass" {
			t.Errorf("the %s row passes on a catch-all page", row)
		}
	}
	for _, rule := range []string{"live/unauthenticated-access", "live/member-reaches-admin"} {
		if rep.has(rule) {
			t.Errorf("%s on a catch-all page", rule)
		}
	}
}

// TestFaultVerdictHeadlineWaivedCount: with most rows waived, the headline
// said "every row was checked and passes; 9 waived". It says how many
// rows were checked.
func TestFaultVerdictHeadlineWaivedCount(t *testing.T) {
	t.Parallel()
	var cfg strings.Builder
	cfg.WriteString("waive:\n")
	for _, id := range []string{"authentication", "authorization", "https", "cdn", "email", "cors", "input-validation", "logging", "latency"} {
		cfg.WriteString("  " + id + ": \"a static site with no API\"\n")
	}
	r := repoWith(t, map[string]string{".launchready.yml": cfg.String(), ".github/workflows/deploy.yml": "name: deploy\non: {push: {branches: [main]}}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: fly deploy\n"})
	res := runCLI(t, nil, "--repo", r.Dir)
	if strings.Contains(res.stdout, "every row was checked") {
		t.Errorf("the headline claims every row was checked with 9 waived:\n%s", res.stdout)
	}
	if !strings.Contains(res.stdout, "(2 rows checked") || !strings.Contains(res.stdout, "; 9 waived") {
		t.Errorf("the headline does not count the rows checked:\n%s", res.stdout)
	}
}
