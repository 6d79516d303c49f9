package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The exposure faults, second round: what an outside attack on the
// probe-exposure check found (its scenarios ported to Go servers on
// loopback). Each case runs the CLI against a real server.

// xroute is one canned answer of a xscenario server.
type xroute struct {
	status int
	ctype  string
	body   string
	header map[string]string
}

// xscenario serves routes by path (query left out), anything else with
// fallback, and records every request as "METHOD path".
type xscenario struct {
	mu       sync.Mutex
	seen     []string
	routes   map[string]xroute
	fallback xroute
	handle   func(w http.ResponseWriter, r *http.Request) bool
}

func (sc *xscenario) start(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sc.mu.Lock()
		sc.seen = append(sc.seen, r.Method+" "+r.URL.Path)
		sc.mu.Unlock()
		if sc.handle != nil && sc.handle(w, r) {
			return
		}
		rt, ok := sc.routes[r.URL.Path]
		if !ok {
			rt = sc.fallback
			rt.body = strings.ReplaceAll(rt.body, "%s", r.URL.Path)
		}
		for k, v := range rt.header {
			w.Header().Set(k, v)
		}
		if rt.ctype != "" {
			w.Header().Set("Content-Type", rt.ctype)
		}
		w.WriteHeader(rt.status)
		fmt.Fprint(w, rt.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func (sc *xscenario) requests() []string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return append([]string(nil), sc.seen...)
}

const plainHome = `<html><head><title>App</title></head><body>hi</body></html>`

var xNotFound = xroute{status: 404, ctype: "text/plain", body: "not found"}

func noRule(t *testing.T, rep probe2Report, rule string) {
	t.Helper()
	if msgs := ruleMessages(rep, rule); len(msgs) > 0 {
		t.Errorf("unexpected %s findings:\n%s", rule, strings.Join(msgs, "\n"))
	}
}

// TestFaultExposureHeapDumpRedirectKeepsHead: /actuator/heapdump
// redirects to /actuator/heapdump/, and the redirect was followed with a
// GET, downloading the dump the HEAD was meant to avoid. A redirect never
// turns a HEAD into a GET.
func TestFaultExposureHeapDumpRedirectKeepsHead(t *testing.T) {
	t.Parallel()
	sc := &xscenario{fallback: xNotFound, routes: map[string]xroute{
		"/":                   {200, "text/html", plainHome, nil},
		"/actuator/heapdump":  {302, "", "", map[string]string{"Location": "/actuator/heapdump/"}},
		"/actuator/heapdump/": {200, "application/octet-stream", "JAVA PROFILE 1.0.2\x00" + strings.Repeat("X", 300000), map[string]string{"Content-Disposition": `attachment; filename="heapdump.hprof"`}},
	}}
	srv := sc.start(t)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/debug-endpoint-exposed", "HEAD /actuator/heapdump/", "heap dump")
	for _, r := range sc.requests() {
		if strings.HasPrefix(r, "GET /actuator/heapdump") {
			t.Errorf("the heap dump was requested with %s; HEAD only", r)
		}
	}
}

// TestFaultExposureAPIWithoutRoot: an Express API with no / xroute answers
// its default "Cannot GET /" 404 to / and to every unknown path; the
// exposure check stopped there, so a public Prometheus /metrics went
// unseen. The exposure paths are probed, and what differs from the
// catch-all is judged.
func TestFaultExposureAPIWithoutRoot(t *testing.T) {
	t.Parallel()
	prom := "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 0.5\n"
	sc := &xscenario{
		fallback: xroute{404, "text/html; charset=utf-8", "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET %s</pre>\n</body>\n</html>\n", map[string]string{"X-Powered-By": "Express"}},
		routes: map[string]xroute{
			"/metrics":   {200, "text/plain; version=0.0.4", prom, nil},
			"/api/items": {200, "application/json", "[]", nil},
		}}
	srv := sc.start(t)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/debug-endpoint-exposed", "GET /metrics", "Prometheus")
}

// TestFaultExposureTraceExcerptSecrets: the stack-trace excerpt quoted a
// server answer as is, so an AWS key, a Stripe key and a database
// password in a PHP fatal error were printed in full, and a GitHub token
// cut at 60 bytes still leaked most of its characters. Excerpts go
// through the run's secret detector and are cut between tokens.
func TestFaultExposureTraceExcerptSecrets(t *testing.T) {
	t.Parallel()
	aws := "AKIAZ7Q3XK5MPLWN4RTY"
	stripe := "sk_live_51HzQ8rK2eZvKYlo2C9xN3mTq"
	ghp := "ghp_R7mK2pX9vL4qW8nZ3cT6yB1dF5hJ0sA2gE4u"
	sc := &xscenario{fallback: xroute{404, "text/html", "nf", nil}, routes: map[string]xroute{
		"/":              {200, "text/html", plainHome, nil},
		"/actuator":      {404, "text/plain", "Fatal error: Uncaught E: " + aws + " in /var/www/html/a.php:3", nil},
		"/console":       {404, "text/plain", "Fatal error: Uncaught E: postgres://app:hunter2@db/x in /var/www/x.php:3", nil},
		"/server-status": {404, "text/plain", "Fatal error: Uncaught E: " + stripe + " in /var/www/x.php:3", nil},
		"/swagger-ui/":   {500, "text/plain", "Fatal error: Uncaught Exception: bad credentials for token " + ghp + " in /var/www/x.php:3", nil},
	}}
	srv := sc.start(t)
	rep, res := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/stack-trace-exposed", "GET /actuator", "PHP error")
	for _, s := range []string{aws, aws[:12], stripe[:16], "hunter2", ghp[:14]} {
		if strings.Contains(res.stdout, s) || strings.Contains(res.stderr, s) {
			t.Errorf("the report quotes %q from a secret", s)
		}
	}
}

// TestFaultExposureHome500NotAPass: / answers 500 and every other path
// 404, and the deployment row passed though the listing and generator
// check of / had no answer. The check is not complete, with the reason.
func TestFaultExposureHome500NotAPass(t *testing.T) {
	t.Parallel()
	sc := &xscenario{fallback: xNotFound, routes: map[string]xroute{
		"/": {500, "text/html", "<html><body>Internal error</body></html>", nil},
	}}
	srv := sc.start(t)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantProbeNotRun(t, rep, "deployment", "probe-exposure", "pages at /", "500")
}

// TestFaultExposureApolloGraphQLGet: Apollo Server 4 refuses a GET query
// without a preflight header (400, CSRF prevention), so public
// introspection went unseen; a server that refuses GET queries left the
// row passing with a note. The GET carries apollo-require-preflight, and a
// refusal makes the check incomplete, with the reason in the row.
func TestFaultExposureApolloGraphQLGet(t *testing.T) {
	t.Parallel()
	csrf := `{"errors":[{"message":"This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight","extensions":{"code":"BAD_REQUEST"}}]}`
	gql := func(accept bool) *xscenario {
		return &xscenario{fallback: xroute{404, "text/html", "nf", nil}, routes: map[string]xroute{"/": {200, "text/html", plainHome, nil}},
			handle: func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/graphql" {
					return false
				}
				w.Header().Set("Content-Type", "application/json")
				if r.Method != http.MethodGet || r.ContentLength > 0 {
					w.WriteHeader(405)
					return true
				}
				if accept && (r.Header.Get("Apollo-Require-Preflight") != "" || r.Header.Get("X-Apollo-Operation-Name") != "") {
					fmt.Fprint(w, `{"data":{"__schema":{"queryType":{"name":"Query"},"types":[{"name":"Query"}]}}}`)
					return true
				}
				w.WriteHeader(400)
				fmt.Fprint(w, csrf)
				return true
			}}
	}
	t.Run("apollo", func(t *testing.T) {
		t.Parallel()
		srv := gql(true).start(t)
		rep, _ := probe2Run(t, srv.URL+"/", "", nil)
		wantRule(t, rep, "live/api-docs-exposed", "GET /graphql", "introspection")
	})
	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		srv := gql(false).start(t)
		rep, _ := probe2Run(t, srv.URL+"/", "", nil)
		wantProbeNotRun(t, rep, "deployment", "probe-exposure", "GraphQL introspection", "answered 400")
	})
}

// TestFaultExposureDocsPagesAreNotFindings: a blog home page quoting a
// Java trace in <pre><code>, a /metrics docs page quoting the Prometheus
// format, and a 404 page linking to /docs/spring-boot/3.2/ were reported
// as a stack trace, exposed metrics and a disclosed version; a heading
// "How to fix "You have an error in your SQL syntax"" as an SQL error.
func TestFaultExposureDocsPagesAreNotFindings(t *testing.T) {
	t.Parallel()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "probe", "traces", "fp", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	metrics := `<!doctype html><html><head><title>Metrics - Acme Docs</title></head><body>
<h1>Metrics</h1><p>Acme exports metrics in the Prometheus text format. Example:</p>
<pre><code class="language-text">
# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027
</code></pre></body></html>`
	nf := `<!doctype html><html><head><title>Not found</title></head><body>Nothing here. See our <a href="/docs/spring-boot/3.2/">Spring Boot 3.2 guide</a></body></html>`
	for name, home := range map[string]string{"java-blog": read("blog-java-trace-in-pre.html"), "sql-heading": read("blog-sql-error-heading.html")} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := &xscenario{fallback: xroute{404, "text/html", nf, nil}, routes: map[string]xroute{
				"/":        {200, "text/html", home, nil},
				"/metrics": {200, "text/html", metrics, nil},
			}}
			srv := sc.start(t)
			rep, _ := probe2Run(t, srv.URL+"/", "", nil)
			noRule(t, rep, "live/stack-trace-exposed")
			noRule(t, rep, "live/debug-endpoint-exposed")
			noRule(t, rep, "live/version-disclosed")
		})
	}
}

// TestFaultExposureTracesInJSONAndPHP: a Spring Boot JSON error with its
// "trace" ("\n\tat com.example…" escaped), a Go panic in a JSON field,
// PHP warnings and notices, Laravel's debug JSON and Django's real
// DEBUG=True 404 page (You’re, with U+2019) were not recognised.
func TestFaultExposureTracesInJSONAndPHP(t *testing.T) {
	t.Parallel()
	java := "java.lang.IllegalStateException: boom\n\tat com.example.demo.UserController.show(UserController.java:42)\n\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n"
	gop := "goroutine 7 [running]:\nruntime/debug.Stack()\n\t/usr/local/go/src/runtime/debug/stack.go:26 +0x5e\nmain.handler({0x7b2f40, 0xc0000a4000}, 0xc0000b2000)\n\t/app/main.go:15 +0x25\n"
	js := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	tp := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "probe", "traces", "tp", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	django, err := os.ReadFile(filepath.Join("..", "..", "testdata", "probe", "exposure", "django-technical-404.html"))
	if err != nil {
		t.Fatal(err)
	}
	sc := &xscenario{fallback: xNotFound, routes: map[string]xroute{
		"/":              {200, "text/html", plainHome, nil},
		"/metrics":       {500, "application/json", js(map[string]any{"timestamp": "2024-01-01T00:00:00.000+00:00", "status": 500, "error": "Internal Server Error", "trace": java, "message": "boom", "path": "/metrics"}), nil},
		"/actuator":      {500, "application/json", js(map[string]any{"error": "panic", "stack": gop}), nil},
		"/console":       {200, "text/html", tp("php-warning.txt"), nil},
		"/actuator/env":  {500, "application/json", tp("php-laravel-json.txt"), nil},
		"/server-status": {404, "text/html; charset=utf-8", string(django), nil},
	}}
	srv := sc.start(t)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/stack-trace-exposed", "GET /metrics answered with a Java stack trace", "GET /actuator answered with a Go panic trace",
		"GET /console answered with a PHP error", "GET /actuator/env answered with a PHP error", "GET /server-status answered with a Django debug page")
}

// TestFaultExposureListingsMissed: lighttpd's listing (an <h2> heading,
// a "Directory Listing" table) and a Go http.FileServer listing over the
// 64 KiB cap (its end cut off) were not recognised.
func TestFaultExposureListingsMissed(t *testing.T) {
	t.Parallel()
	lighttpd := `<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<title>Index of /files/</title>
<style type="text/css">
a, a:active {text-decoration: none; color: blue;}
</style>
</head>
<body>
<h2>Index of /files/</h2>
<div class="list">
<table summary="Directory Listing" cellpadding="0" cellspacing="0">
<thead><tr><th class="n">Name</th><th class="m">Last Modified</th><th class="s">Size</th><th class="t">Type</th></tr></thead>
<tbody>
<tr class="d"><td class="n"><a href="../">..</a>/</td><td class="m">&nbsp;</td><td class="s">- &nbsp;</td><td class="t">Directory</td></tr>
<tr><td class="n"><a href="backup.sql">backup.sql</a></td><td class="m">2024-Jan-01 10:00:00</td><td class="s">1.2K</td><td class="t">application/octet-stream</td></tr>
</tbody>
</table>
</div>
<div class="foot">lighttpd</div>
</body>
</html>
`
	dir := t.TempDir()
	for i := range 2000 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("upload-%05d-photo.jpg", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fs := http.StripPrefix("/uploads/", http.FileServer(http.Dir(dir)))
	sc := &xscenario{fallback: xNotFound, routes: map[string]xroute{
		"/":       {200, "text/html", `<html><head><title>App</title></head><body><a href="/files/a.txt">a</a><img src="/uploads/x.jpg"></body></html>`, nil},
		"/files/": {200, "text/html; charset=utf-8", lighttpd, nil},
	}, handle: func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/uploads/" {
			fs.ServeHTTP(w, r)
			return true
		}
		return false
	}}
	srv := sc.start(t)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/directory-listing", "GET /files/", "lighttpd", "GET /uploads/", "Go http.FileServer")
}

// TestFaultExposureLinkedDirsUnderBasePath: with --url .../app, the page's
// links /app/static/x.js and assets/y.css were probed as /app/app/static/
// and missed the listing at /app/static/. Links resolve against the page
// URL and are probed as they are, under the base path.
func TestFaultExposureLinkedDirsUnderBasePath(t *testing.T) {
	t.Parallel()
	pyl := "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Directory listing for /app/static/</title>\n</head>\n<body>\n<h1>Directory listing for /app/static/</h1>\n<hr>\n<ul>\n<li><a href=\"x.js\">x.js</a></li>\n</ul>\n<hr>\n</body>\n</html>\n"
	home := xroute{200, "text/html", `<html><head><title>App</title></head><body><script src="/app/static/x.js"></script><a href="assets/y.css">y</a></body></html>`, nil}
	sc := &xscenario{fallback: xNotFound, routes: map[string]xroute{
		"/app": home, "/app/": home,
		"/app/static/": {200, "text/html; charset=utf-8", pyl, nil},
		"/app/assets/": {200, "text/html; charset=utf-8", strings.ReplaceAll(pyl, "/app/static/", "/app/assets/"), nil},
	}}
	srv := sc.start(t)
	rep, _ := probe2Run(t, srv.URL+"/app", "", nil)
	wantRule(t, rep, "live/directory-listing", "GET /app/static/", "GET /app/assets/")
	for _, r := range sc.requests() {
		if strings.Contains(r, "/app/app/") {
			t.Errorf("probed %s: the base path twice", r)
		}
	}
}

// TestFaultExposureRuntimeVersions: a Kubernetes-style /version
// ("goVersion":"go1.20.10", "gitVersion") and "runtime":"Node.js v20.11.1"
// and "java.version" were not read as versions.
func TestFaultExposureRuntimeVersions(t *testing.T) {
	t.Parallel()
	sc := &xscenario{fallback: xroute{404, "text/html", "nf", nil}, routes: map[string]xroute{
		"/":            {200, "text/html", plainHome, nil},
		"/version":     {200, "application/json", `{"major":"1","minor":"28","gitVersion":"v1.28.0","goVersion":"go1.20.10","compiler":"gc","platform":"linux/amd64"}`, nil},
		"/api/version": {200, "application/json", `{"version":"1.4.2","runtime":"Node.js v20.11.1","java.version":"17.0.9"}`, nil},
	}}
	srv := sc.start(t)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/version-disclosed", "goVersion 1.20.10", "gitVersion 1.28.0", "Node.js 20.11.1", "java.version 17.0.9")
}
