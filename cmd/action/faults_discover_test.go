package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/launchready/launchready/internal/probe/expresstwin"
)

// TestFaultDiscoverSPAWithoutSpec: the Express twin's shop client, with no
// spec in the repository. Its API is only in main.js and robots.txt; the
// probes must find it there as an attacker does, and report the users
// list open without credentials, the SQL error on a quote in the search,
// the browsable /ftp and the version endpoint, but not the whoami that
// answers {"user":{}} or the public product search. Only GET, HEAD and
// OPTIONS go out (no allow-post), and the basket path with an id
// parameter is never requested with a guessed id.
func TestFaultDiscoverSPAWithoutSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node")
	}
	node := expresstwin.Need(t)
	repo := repoWith(t, nil)
	logFile := filepath.Join(t.TempDir(), "requests.jsonl")
	base := "http://127.0.0.1:" + expresstwin.Start(t, node, expresstwin.Options{Mode: "vulnerable", RequestLog: logFile})
	res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", base, "--allow-loopback", "--format", "json")
	if res.code != exitFindings {
		t.Fatalf("exit %d, want %d (findings); stderr:\n%s", res.code, exitFindings, res.stderr)
	}
	doc := parseDoc(t, res.stdout)
	has := func(rule, path string) bool {
		for _, f := range doc.Findings {
			// Express routes ignore case: the built-in /api/users and
			// the bundle's /api/Users are one route: either finding counts.
			if f.RuleID == rule && len(f.Location.URL) >= len(base+path) && strings.EqualFold(f.Location.URL[:len(base+path)], base+path) {
				return true
			}
		}
		return false
	}
	for _, w := range [][2]string{
		{"live/unauthenticated-access", "/api/Users"},
		{"live/server-error-on-bad-input", "/rest/products/search?q="},
		{"live/stack-trace-exposed", "/rest/products/search?q="},
		{"live/directory-listing", "/ftp/"},
		{"live/version-disclosed", "/rest/admin/application-version"},
	} {
		if !has(w[0], w[1]) {
			t.Errorf("no %s on %s without a spec:\n%s", w[0], w[1], res.stdout)
		}
	}
	for _, p := range []string{"/rest/user/whoami", "/rest/products/search"} {
		if has("live/unauthenticated-access", p) {
			t.Errorf("GET %s is reported as unauthenticated access: it holds no data (whoami) or is public (the product search)", p)
		}
	}
	for _, l := range readTwinLog(t, logFile) {
		switch l.Method {
		case "GET", "HEAD", "OPTIONS":
		default:
			t.Errorf("the twin received %s %s without allow-post", l.Method, l.Path)
		}
		if strings.HasPrefix(l.Path, "/rest/basket/") {
			t.Errorf("the twin received %s %s: a discovered path parameter was filled with a guessed id", l.Method, l.Path)
		}
	}
}

// TestFaultDiscoverStaysOnOrigin: the page's bundle, its source map,
// robots.txt and the sitemap name API paths on another host, on the same
// host's other port (absolute and scheme-relative) and on the preview.
// Discovery probes only the preview's: the other port gets nothing, and
// the preview gets only GET, HEAD and OPTIONS.
func TestFaultDiscoverStaysOnOrigin(t *testing.T) {
	t.Parallel()
	other := newOtherService(t)
	otherHost := strings.TrimPrefix(other.URL, "http://")
	var mu sync.Mutex
	var seen []string
	pv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!doctype html><title>shop</title><script src="/main.js"></script>`)
		case "/main.js":
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprintf(w, "fetch(\"https://other.host/api/x-users\");fetch(\"//%[1]s/api/x-cards\");fetch(\"%[2]s/api/x-keys\");fetch(`${h}/api/secret-data`);\n//# sourceMappingURL=/main.js.map",
				otherHost, other.URL)
		case "/main.js.map":
			fmt.Fprintf(w, `{"version":3,"sources":["a.ts"],"sourcesContent":["http.get(\"%s/api/x-orders\")"],"mappings":"AAAA"}`, other.URL)
		case "/robots.txt":
			fmt.Fprintf(w, "User-agent: *\nDisallow: //%s/x-backup\n", otherHost)
		case "/sitemap.xml":
			fmt.Fprintf(w, `<urlset><url><loc>%s/api/x-accounts</loc></url><url><loc>https://other.host/api/x-admin</loc></url></urlset>`, other.URL)
		case "/api/secret-data":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"accounts":[{"email":"ana@shop.test","card":"4111"}]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(pv.Close)
	repo := repoWith(t, nil)
	res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", pv.URL, "--allow-loopback", "--check", "probe-authn", "--check", "probe-input", "--check", "probe-exposure", "--format", "json")
	other.none(t)
	doc := parseDoc(t, res.stdout)
	found := false
	for _, f := range doc.Findings {
		found = found || f.RuleID == "live/unauthenticated-access" && f.Location.URL == pv.URL+"/api/secret-data"
	}
	if !found {
		t.Errorf("the same-origin path the bundle names (/api/secret-data) was not probed:\n%s", res.stdout)
	}
	if !strings.Contains(res.stdout, "reference(s) to another origin left alone") {
		t.Errorf("the notes do not count the references to another origin:\n%s", res.stdout)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, s := range seen {
		m, p, _ := strings.Cut(s, " ")
		if m != "GET" && m != "HEAD" && m != "OPTIONS" {
			t.Errorf("the preview received %s without allow-post", s)
		}
		for _, off := range []string{"/api/x-users", "/api/x-cards", "/api/x-keys", "/api/x-orders", "/x-backup", "/api/x-accounts", "/api/x-admin"} {
			if p == off {
				t.Errorf("the preview received %s: a path named on another origin was taken as the preview's", s)
			}
		}
	}
}
