package probe

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/launchready/launchready/internal/testutil"
)

// TestDiscoverGoldens runs the extractors over the true-positive and
// false-positive cases in testdata/probe-discover: *.js through the bundle
// extractor, *.txt as robots.txt and *.xml as a sitemap; each case's
// .want lists what must come out (nothing, for the fp cases).
func TestDiscoverGoldens(t *testing.T) {
	for _, kind := range []string{"tp", "fp"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "probe-discover", kind, "*"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range files {
			ext := filepath.Ext(f)
			if ext == ".want" {
				continue
			}
			n++
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			switch ext {
			case ".js":
				got = ExtractBundlePaths(b, maxDiscovered)
			case ".txt":
				got = ParseRobots(b, maxDiscovered)
			case ".xml":
				got = ParseSitemap(b, maxDiscovered)
			default:
				t.Fatalf("%s: unknown case type", f)
			}
			out := strings.Join(got, "\n")
			if out != "" {
				out += "\n"
			}
			if kind == "fp" && out != "" {
				t.Errorf("%s: a false-positive case yields paths:\n%s", f, out)
			}
			testutil.Golden(t, strings.TrimSuffix(f, ext)+".want", out, *update)
		}
		if n == 0 {
			t.Fatalf("no %s cases", kind)
		}
	}
}

func TestExtractBundlePathsBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 100; i++ {
		b.WriteString(`fetch("/api/item` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `");`)
	}
	if got := ExtractBundlePaths([]byte(b.String()), 30); len(got) != 30 {
		t.Errorf("got %d paths, want the cap of 30", len(got))
	}
}

func TestHasData(t *testing.T) {
	for body, want := range map[string]bool{
		`{"user":{}}`:                    false,
		`{"user":{"id":null,"x":false}}`: false,
		`[]`:                             false,
		`{"data":[{"email":"a@b.c"}]}`:   true,
		`{"n":3}`:                        true,
		`plain text`:                     true,
	} {
		if got := hasData([]byte(body)); got != want {
			t.Errorf("hasData(%s) = %v, want %v", body, got, want)
		}
	}
}

// The extractors read untrusted answers: they must not panic, must stay
// within their caps, and must return only paths or http(s) URLs.
func FuzzExtractBundlePaths(f *testing.F) {
	for _, s := range []string{"fetch('/api/x')", "this.http.get(h+\"/ftp\")", "`${h}/rest/${id}?q=${q}`", `"//evil/x"`, `"https://o.example/api"`, "'\"`/api`\"'", "`${a`/`"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := ExtractBundlePaths(b, 5)
		if len(got) > 5 {
			t.Fatalf("%d results past the cap", len(got))
		}
		for _, p := range got {
			if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "http://") && !strings.HasPrefix(p, "https://") || strings.HasPrefix(p, "//") {
				t.Fatalf("not a path or an http(s) URL: %q", p)
			}
		}
	})
}

func FuzzParseRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /ftp\nAllow: /a*b$\n"))
	f.Add([]byte("Disallow: //evil/x\r\nDisallow:/\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := ParseRobots(b, 5)
		if len(got) > 5 {
			t.Fatalf("%d results past the cap", len(got))
		}
		for _, p := range got {
			if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || p == "/" || strings.ContainsAny(p, "*$") {
				t.Fatalf("not a plain path: %q", p)
			}
		}
	})
}

func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte("<urlset><url><loc>https://a.example/x?a=1&amp;b=2</loc></url></urlset>"))
	f.Add([]byte("<loc></loc><loc>\x00</loc>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got := ParseSitemap(b, 5); len(got) > 5 {
			t.Fatalf("%d results past the cap", len(got))
		}
	})
}

// TestInputTraceSharedDetector: the input probe judges traces with the
// run's shared, status- and docs-aware detector (traceOf) and quotes them
// through the secret detector (safeExcerpt): a script served with
// trace-like text in it is no finding, a 500 SQL error is, and the
// database password next to it never shows.
func TestInputTraceSharedDetector(t *testing.T) {
	t.Parallel()
	pw := "Hk4nJ8sLq2WvTr"
	for _, c := range []struct {
		name    string
		handler http.HandlerFunc
		want    bool
	}{
		{"browser code", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/api/search" {
				http.NotFound(w, r)
				return
			}
			// A script the app serves there: the frames are its own code's
			// error reporting, not a server error.
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprint(w, "var sample = 'Error: x\n    at fn (/app/x.js:12:5)';\nconsole.log(sample);\n")
		}, false},
		{"sql error", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/api/search" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(500)
			fmt.Fprintf(w, `{"error":"SQLITE_ERROR: near \"'\": syntax error (postgres://app:%s@db.internal/x)"}`, pw)
		}, true},
	} {
		res, _ := run(t, "probe-input", target{handler: c.handler, spec: inputSpec})
		got := false
		for _, f := range res.Findings {
			if f.RuleID == ruleStackTraceExposed.ID {
				got = true
			}
			if strings.Contains(f.Message, pw) || strings.Contains(f.Message, pw[:8]) {
				t.Errorf("%s: the message shows the password: %s", c.name, f.Message)
			}
		}
		if got != c.want {
			t.Errorf("%s: stack-trace finding %v, want %v: %+v", c.name, got, c.want, res.Findings)
		}
	}
}

// TestDiscoveredAuthnFalsePositives: what discovery finds is judged with
// care. A robots.txt path serving a sign-in page, a public product list,
// whoami's empty user and a path with an id parameter are no finding (the
// last is never even requested); the users list is.
func TestDiscoveredAuthnFalsePositives(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var asked []string
	res, _ := run(t, "probe-authn", target{handler: func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!doctype html><title>shop</title><script src="/main.js"></script>`)
		case "/main.js":
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprint(w, "fetch('/api/Products');fetch('/rest/user/whoami');fetch('/api/Users');fetch(`/api/Cards/${id}`);")
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /account\n")
		case "/account":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!doctype html><title>Sign in</title><form method="post"><input name="email"><input type="password" name="password"></form>`)
		case "/api/Products":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":[{"id":1,"name":"Apple Juice","price":1.99}]}`)
		case "/rest/user/whoami":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"user":{}}`)
		case "/api/Users":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":[{"id":1,"email":"ana@shop.test"}]}`)
		default:
			http.NotFound(w, r)
		}
	}})
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Location.URL)
	}
	if len(got) != 1 || !strings.HasSuffix(got[0], "/api/Users") {
		t.Errorf("findings at %v, want only /api/Users", got)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range asked {
		if strings.HasPrefix(p, "/api/Cards") {
			t.Errorf("%s was requested: a discovered path parameter was filled with a guessed id", p)
		}
	}
	if !slices.Contains(asked, "/account") || !slices.Contains(asked, "/rest/user/whoami") {
		t.Errorf("the discovered sensitive paths were not tried: %v", asked)
	}
}

func TestSensitiveDiscovered(t *testing.T) {
	for p, want := range map[string]bool{
		"/api/Products": false, "/rest/products/search": false, "/api/Quantitys": false, "/rest/languages": false, "/ftp": false,
		"/api/Users": true, "/rest/user/whoami": true, "/api/Cards": true, "/rest/admin/application-version": true, "/api/Orders/mine": true,
	} {
		if got := sensitiveDiscovered(p); got != want {
			t.Errorf("sensitiveDiscovered(%s) = %v, want %v", p, got, want)
		}
	}
}
