package probe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// traceCorpus is testdata/probe/traces: tp/ holds real-looking samples of
// each stack (the file name's first word names the kind), fp/ look-alikes.
var traceCorpus = filepath.Join("..", "..", "testdata", "probe", "traces")

var traceKindOf = map[string]string{
	"node": "Node.js stack trace", "python": "Python traceback", "werkzeug": "Werkzeug debugger page", "django": "Django debug page",
	"java": "Java stack trace", "dotnet": ".NET stack trace", "php": "PHP error", "ruby": "Ruby stack trace", "go": "Go panic trace", "sql": "SQL error",
}

func corpus(t testing.TB, kind string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(traceCorpus, kind))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no %s corpus: %v", kind, err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(traceCorpus, kind, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func TestDetectTraceCorpus(t *testing.T) {
	t.Parallel()
	for name, body := range corpus(t, "tp") {
		want := traceKindOf[strings.SplitN(name, "-", 2)[0]]
		kind, excerpt, ok := DetectTrace(body)
		if !ok || kind != want || excerpt == "" || len(excerpt) > 60 {
			t.Errorf("tp/%s: got %q %q %v, want %s", name, kind, excerpt, ok, want)
		}
	}
	for name, body := range corpus(t, "fp") {
		// As a page the site serves (200): a docs page or blog post
		// quoting a trace in <pre>/<code> is no trace.
		typ := "text/plain"
		if strings.HasSuffix(name, ".html") {
			typ = "text/html"
		}
		r := &Response{Status: 200, Header: map[string][]string{"Content-Type": {typ}}, Body: body, URL: mustURL(t, "http://x.test/")}
		if h, ok := traceOf(r); ok {
			t.Errorf("fp/%s: %s %q", name, h.kind, h.excerpt)
		}
	}
}

func TestClientCodeIsNotScanned(t *testing.T) {
	t.Parallel()
	body := []byte("var s='\\n    at x (/app/a.js:1:2)';\n    at run (/srv/app/a.js:12:5)\n")
	if _, _, ok := DetectTrace(body); !ok {
		t.Fatal("the sample must look like a trace")
	}
	r := &Response{Header: map[string][]string{"Content-Type": {"application/javascript"}}, Body: body, URL: mustURL(t, "http://x.test/app.js")}
	if _, ok := traceOf(r); ok {
		t.Error("a script's trace-like strings are the app's code, not a server error")
	}
	r.Header["Content-Type"] = []string{"text/plain"}
	r.Status = 200
	if _, ok := traceOf(r); ok {
		t.Error("a script served as text/plain is still the app's code")
	}
	r.URL = mustURL(t, "http://x.test/api/search")
	if _, ok := traceOf(r); !ok {
		t.Error("the same text as an API's plain answer is a trace")
	}
	r.Status = 500
	r.URL = mustURL(t, "http://x.test/app.js")
	if _, ok := traceOf(r); !ok {
		t.Error("a 500 to a script path is the server's error page")
	}
}

func TestDetectListing(t *testing.T) {
	t.Parallel()
	tp := map[string]string{
		"apache":       "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n  <title>Index of /uploads</title>\n </head>\n <body>\n<h1>Index of /uploads</h1>\n  <table>\n   <tr><th valign=\"top\"><img src=\"/icons/blank.gif\" alt=\"[ICO]\"></th><th><a href=\"?C=N;O=D\">Name</a></th></tr>\n<tr><td valign=\"top\"><img src=\"/icons/back.gif\" alt=\"[PARENTDIR]\"></td><td><a href=\"/\">Parent Directory</a></td></tr>\n",
		"nginx":        "<html>\r\n<head><title>Index of /static/</title></head>\r\n<body>\r\n<h1>Index of /static/</h1><hr><pre><a href=\"../\">../</a>\r\n<a href=\"app.js\">app.js</a>                                             01-Dec-2026 10:00    1234\r\n</pre><hr></body>\r\n</html>\r\n",
		"serve-index":  "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset='utf-8'>\n    <title>listing directory /files/</title>\n    <style>body{margin:0}</style>\n  </head>\n  <body class=\"directory\">\n    <input id=\"search\" type=\"text\" placeholder=\"Search\" autocomplete=\"off\" />\n    <div id=\"wrapper\">\n      <h1><a href=\"/\">~</a> / <a href=\"/files/\">files</a> / </h1>\n      <ul id=\"files\" class=\"view-tiles\"><li><a href=\"/files/db.sql\" class=\"icon icon-sql\" title=\"db.sql\"><span class=\"name\">db.sql</span></a></li></ul>\n",
		"python":       "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n<li><a href=\"backup.sql\">backup.sql</a></li>\n</ul>\n<hr>\n</body>\n</html>\n",
		"iis":          "<html><head><title>preview - /assets/</title></head><body><H1>preview - /assets/</H1><hr>\n\n<pre><A HREF=\"/\">[To Parent Directory]</A><br><br> 12/1/2026 10:00 AM        &lt;dir&gt; <A HREF=\"/assets/img/\">img</A><br></pre><hr></body></html>",
		"tomcat":       "<html><head><title>Directory Listing For [/docs/]</title></head><body><h1>Directory Listing For [/docs/]</h1></body></html>",
		"go-fileserve": "<!doctype html>\n<meta name=\"viewport\" content=\"width=device-width\">\n<pre>\n<a href=\"app.js\">app.js</a>\n<a href=\"db.sql\">db.sql</a>\n</pre>\n",
	}
	for name, body := range tp {
		if _, ok := DetectListing([]byte(body)); !ok {
			t.Errorf("tp %s: no listing", name)
		}
	}
	fp := map[string]string{
		"docs-index":  "<html><head><title>Index of /functions - API reference</title></head><body><h2>Functions</h2><p>An index of every function.</p></body></html>",
		"spa":         "<!doctype html><html><head><title>Shop</title></head><body><div id=root></div><pre>\n</pre></body></html>",
		"pre-snippet": "<html><body><pre>\n<a href=\"x\">x</a>\n</pre><p>see above</p></body></html>",
	}
	for name, body := range fp {
		if kind, ok := DetectListing([]byte(body)); ok {
			t.Errorf("fp %s: %s", name, kind)
		}
	}
}

func TestVersionsIn(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"<hr><center>nginx/1.18.0 (Ubuntu)</center>":                                                  "nginx 1.18.0",
		"<address>Apache/2.4.41 (Ubuntu) Server at preview Port 443</address>":                        "Apache 2.4.41",
		`{"version":"1.4.2","node":"v20.11.1","express":"5.1.0"}`:                                     "node 20.11.1, express 5.1.0",
		"<h3>Apache Tomcat/9.0.31</h3>":                                                               "Apache Tomcat 9.0.31",
		"Version Information: Microsoft .NET Framework Version:4.0.30319; ASP.NET Version:4.8.4330.0": "ASP.NET 4.8.4330.0",
		`{"version":"1.4.2","commit":"3f2a9c1","build":"2026-12-01"}`:                                 "",
		`{"title":"Learning Python 3.12","price":"12.50"}`:                                            "",
	}
	for body, want := range cases {
		if got := strings.Join(versionsIn([]byte(body)), ", "); got != want {
			t.Errorf("%s: got %q, want %q", body, got, want)
		}
	}
}

func FuzzDetectTrace(f *testing.F) {
	for _, kind := range []string{"tp", "fp"} {
		for _, b := range corpus(f, kind) {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		kind, excerpt, ok := DetectTrace(body)
		if ok != (kind != "") || len(excerpt) > 60 {
			t.Fatalf("%q %q %v", kind, excerpt, ok)
		}
		if utf8.Valid(body) && !utf8.ValidString(excerpt) {
			t.Fatalf("excerpt %q cut inside a character", excerpt)
		}
		DetectListing(body)
		for _, typ := range []string{"text/html", "application/json"} {
			r := &Response{Status: 200, Header: map[string][]string{"Content-Type": {typ}}, Body: body, URL: mustURL(t, "http://x.test/")}
			if h, ok := traceOf(r); ok && (len(h.excerpt) > 60 || h.kind == "") {
				t.Fatalf("traceOf: %q %q", h.kind, h.excerpt)
			}
			prometheusText(r)
		}
		if g := generatorVersion(body); g != "" && !strings.HasPrefix(g, "generator ") {
			t.Fatalf("generator %q", g)
		}
		for _, v := range versionsIn(body) {
			if !strings.Contains(v, " ") {
				t.Fatalf("version %q", v)
			}
		}
	})
}

func TestGeneratorVersion(t *testing.T) {
	t.Parallel()
	if g := generatorVersion([]byte(`<head><meta name="generator" content="WordPress 6.4.2" /></head>`)); g != "generator WordPress 6.4.2" {
		t.Errorf("got %q", g)
	}
	if g := generatorVersion([]byte(`<meta name="generator" content="Hugo">`)); g != "" {
		t.Errorf("no version, got %q", g)
	}
}
