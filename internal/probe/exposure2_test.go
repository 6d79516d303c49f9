package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// The outside tester's findings on probe-exposure, at unit level (the
// entry-point cases are cmd/action/faults_exposure2_test.go).

func TestRedirectKeepsHead(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.Path)
		mu.Unlock()
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusFound)
			return
		}
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL + "/")
	c, err := NewClient(u, ClientOptions{AllowLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Do(context.Background(), Request{Method: http.MethodHead, Path: "/a", Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != http.MethodHead || strings.Join(got, ",") != "HEAD /a,HEAD /b" {
		t.Errorf("answer %s, requests %v: a HEAD must stay a HEAD across redirects", r.Method, got)
	}
}

func TestExcerptNeverCutsAToken(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{
		"ghp_R7mK2pX9vL4qW8nZ3cT6yB1dF5hJ0sA2gE4u",
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP", // letters only: not masked, so it must not be cut
	} {
		for pad := 0; pad < 60; pad++ {
			s := "Fatal error: " + strings.Repeat("x", pad) + " " + tok + " in /var/www/x.php:3"
			ex := cleanExcerpt(s)
			if len(ex) > excerptMax {
				t.Fatalf("%q: %d bytes", ex, len(ex))
			}
			for _, w := range strings.Fields(ex) {
				if w != tok && len(w) >= 4 && strings.HasPrefix(tok, w) {
					t.Fatalf("pad %d: %q quotes part of %q", pad, ex, tok)
				}
			}
			if strings.Contains(ex, tok[:10]) && tok[:4] == "ghp_" {
				t.Fatalf("pad %d: %q quotes the token", pad, ex)
			}
		}
	}
}

func TestPrometheusTextNotADocsPage(t *testing.T) {
	t.Parallel()
	prom := "# HELP a_total A.\n# TYPE a_total counter\na_total 1\n"
	for _, c := range []struct {
		typ, body string
		want      bool
	}{
		{"text/plain; version=0.0.4", prom, true},
		{"application/openmetrics-text; version=1.0.0", prom + "# EOF\n", true},
		{"text/plain", prom, true},
		{"text/html", "<html><body><pre>" + prom + "</pre></body></html>", false},
		{"text/plain", "# HELP a_total A.\n", false},
	} {
		r := &Response{Status: 200, Header: http.Header{"Content-Type": {c.typ}}, Body: []byte(c.body)}
		if got := prometheusText(r); got != c.want {
			t.Errorf("%s %q: %v, want %v", c.typ, c.body, got, c.want)
		}
	}
}

func TestVersionsNotFromLinks(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`<html><body>See our <a href="/docs/spring-boot/3.2/">guide</a></body></html>`: "",
		`<html><body>see https://example.com/nginx/1.18.0/notes</body></html>`:         "",
		`<html><body><center>nginx/1.18.0</center></body></html>`:                      "nginx 1.18.0",
		`{"runtime":"Node.js v20.11.1"}`:                                               "Node.js 20.11.1",
		`{"goVersion":"go1.20.10"}`:                                                    "goVersion 1.20.10",
	} {
		if got := strings.Join(versionsIn([]byte(body)), ", "); got != want {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}

func TestListingShapes(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("<!doctype html>\n<meta name=\"viewport\" content=\"width=device-width\">\n<pre>\n")
	for range 3000 {
		b.WriteString(`<a href="upload-00001-photo.jpg">upload-00001-photo.jpg</a>` + "\n")
	}
	cut := b.String()[:64<<10]
	if kind, ok := DetectListing([]byte(cut)); !ok || kind != goListingKind {
		t.Errorf("a cut Go listing: %q %v", kind, ok)
	}
	if _, ok := DetectListing([]byte("<pre>\n<a href=\"x\">x</a>\n</pre>\n<p>and more</p>")); ok {
		t.Error("a page that is more than a listing is not one")
	}
	lighttpd := "<title>Index of /files/</title></head><body><h2>Index of /files/</h2><div class=\"list\"><table summary=\"Directory Listing\">"
	if kind, ok := DetectListing([]byte(lighttpd)); !ok || !strings.Contains(kind, "lighttpd") {
		t.Errorf("lighttpd: %q %v", kind, ok)
	}
}

func TestTraceInErrorAnswerCountsInDocsDoesNot(t *testing.T) {
	t.Parallel()
	page := "<!doctype html><html><body><h1>Understanding NullPointerException</h1><p>When your program fails you will see something like this, and here is how to read it.</p><pre><code>Exception in thread \"main\" java.lang.NullPointerException\n    at com.example.Main.greet(Main.java:14)\n</code></pre></body></html>"
	for status, want := range map[int]bool{200: false, 500: true} {
		r := &Response{Status: status, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(page), URL: mustURL(t, "http://x.test/")}
		if _, ok := traceOf(r); ok != want {
			t.Errorf("status %d: trace %v, want %v", status, ok, want)
		}
	}
}
