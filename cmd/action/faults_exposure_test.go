package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The exposure faults (issue 15, "what the probes miss today"): what an
// attacker finds on a real app that the probes did not. Each case runs the
// CLI against a real loopback server.

// exposureSpec is a small spec of the app's own routes: with it, the
// built-in exposure paths used to be skipped.
const exposureSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/books:
    get:
      security: []
      responses: {"200": {description: ok}}
`

func ruleMessages(rep probe2Report, rule string) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.RuleID == rule {
			out = append(out, f.Message)
		}
	}
	return out
}

func wantRule(t *testing.T, rep probe2Report, rule string, parts ...string) {
	t.Helper()
	msgs := ruleMessages(rep, rule)
	if len(msgs) == 0 {
		t.Errorf("no %s finding", rule)
		return
	}
	all := strings.Join(msgs, "\n")
	for _, p := range parts {
		if !strings.Contains(all, p) {
			t.Errorf("%s findings lack %q:\n%s", rule, p, all)
		}
	}
}

// TestFaultProbeExposureWithSpec: with a spec in the repository, the
// built-in paths (metrics, actuator, pprof, GraphQL) were never tried, so
// an open actuator environment, a heap dump, a Werkzeug console, public
// GraphQL introspection and a database dump in the web root went unseen.
// They are probed with or without a spec, judged by content; the heap
// dump with HEAD only.
func TestFaultProbeExposureWithSpec(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var heap []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			servePage(w)
		case "/api/books":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `[]`)
		case "/actuator/env":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"activeProfiles":["prod"],"propertySources":[{"name":"systemEnvironment"}]}`)
		case "/actuator/heapdump":
			mu.Lock()
			heap = append(heap, r.Method)
			mu.Unlock()
			w.Header().Set("Content-Type", "application/octet-stream")
		case "/console":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><title>Console // Werkzeug Debugger</title></head><body><h1>Interactive Console</h1><script>var CONSOLE_MODE = true;</script></body></html>`)
		case "/graphql":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":{"__schema":{"queryType":{"name":"Query"},"types":[{"name":"Query"}]}}}`)
		case "/backup.sql":
			fmt.Fprint(w, "-- MySQL dump 10.13\n\nDROP TABLE IF EXISTS `users`;\nCREATE TABLE `users` (\n  `id` int NOT NULL\n);\n")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL+"/", "", map[string]string{"openapi.yaml": exposureSpec})
	wantRule(t, rep, "live/debug-endpoint-exposed", "GET /actuator/env", "HEAD /actuator/heapdump", "GET /console")
	wantRule(t, rep, "live/api-docs-exposed", "GET /graphql")
	wantRule(t, rep, "live/backup-exposed", "GET /backup.sql")
	mu.Lock()
	defer mu.Unlock()
	for _, m := range heap {
		if m != http.MethodHead {
			t.Errorf("the heap dump was requested with %s; HEAD only", m)
		}
	}
}

// TestFaultProbeStackTraceOutsideInput: only the malformed-input probe
// looked for stack traces, so a Python traceback from the health endpoint
// and a Java trace in an admin page answer were never reported. One
// detector reads every answer of every probe check.
func TestFaultProbeStackTraceOutsideInput(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			servePage(w)
		case "/health":
			w.WriteHeader(500)
			fmt.Fprint(w, "Traceback (most recent call last):\n  File \"/srv/app/health.py\", line 12, in health\n    db.ping()\nConnectionError: db:5432")
		case "/admin":
			w.WriteHeader(500)
			fmt.Fprint(w, "java.lang.IllegalStateException: no session\n\tat com.example.admin.AdminController.index(AdminController.java:31)\n")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/stack-trace-exposed", "GET /health answered with a Python traceback", "GET /admin answered with a Java stack trace")
}

// TestFaultProbeCatchAllIsNotServed: a preview answering every path with
// the same 200 JSON (a catch-all route) had a "served" /config.json
// (critical live/exposed-file) and a passing health endpoint. An answer
// equal to a random path's is the catch-all, not the path's own.
func TestFaultProbeCatchAllIsNotServed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"status":"ok","path":%q}`, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	for _, rule := range []string{"live/exposed-file", "live/debug-endpoint-exposed", "live/backup-exposed", "live/api-docs-exposed"} {
		if msgs := ruleMessages(rep, rule); len(msgs) > 0 {
			t.Errorf("%s on a catch-all answer: %q", rule, msgs)
		}
	}
	wantRule(t, rep, "live/health-endpoint-missing", "the page every path answers")
	if rep.rowStatus("logging") == "pass" {
		t.Error("the logging row passes on a catch-all /health")
	}
}

// TestFaultProbeDirectoryListing: a directory the page links to served a
// listing (Go's own http.FileServer here) and nothing noticed.
func TestFaultProbeDirectoryListing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "export-2026-12-01.csv"), []byte("id,email\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/uploads/", http.StripPrefix("/uploads/", http.FileServer(http.Dir(dir))))
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><title>app</title></head><body><img src="/uploads/logo.png"></body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/directory-listing", "GET /uploads/ answers a directory listing")
}

// TestFaultProbeVersionInBodies: only Server and X-Powered-By were read;
// an nginx banner on every error page, a version endpoint naming the
// runtime and X-AspNet-Version went unreported. An app's own version is
// not a finding.
func TestFaultProbeVersionInBodies(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("X-AspNet-Version", "4.0.30319")
			servePage(w)
		case "/api/version":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"version":"2.3.1","node":"v18.19.0"}`)
		case "/version":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"version":"2.3.1"}`)
		default:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(404)
			fmt.Fprint(w, "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.18.0 (Ubuntu)</center>\r\n</body>\r\n</html>\r\n")
		}
	}))
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil)
	wantRule(t, rep, "live/version-disclosed", "error page with software versions: nginx 1.18.0", "GET /api/version answers with software versions: node 18.19.0", "X-AspNet-Version: 4.0.30319")
	for _, m := range ruleMessages(rep, "live/version-disclosed") {
		if strings.Contains(m, "GET /version ") {
			t.Errorf("an app's own version reported: %s", m)
		}
	}
}
