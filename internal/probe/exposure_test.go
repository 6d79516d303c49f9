package probe

import (
	"fmt"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The exposure check's golden cases (and the cases of the shared trace
// detector and the catch-all comparison in other checks), added to the
// table of probe_test.go.
func init() {
	cases["probe-exposure"] = map[string][]target{
		"tp": {
			{name: "spring-actuator-with-spec", spec: inputSpec, handler: springApp},
			{name: "flask-debug-docs-dumps", handler: flaskApp},
			{name: "go-pprof-and-listing", handler: goApp()},
			{name: "django-debug-404", handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/" {
					fmt.Fprint(w, `<html><head><title>Books</title></head><body>books</body></html>`)
					return
				}
				// Django with DEBUG = True: every unknown path gets
				// the debug 404 page with the URLconf.
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(404)
				fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>Page not found at %s</title></head><body><div id="info"><p>Using the URLconf defined in <code>books.urls</code>, Django tried these URL patterns.</p></div><div id="explanation"><p>You&#x27;re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p></div></body></html>`, r.URL.Path)
			}},
		},
		"fp": {
			{name: "spa-catch-all", handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprintf(w, `<!doctype html><html><head><title>Shop</title><meta name="csrf" content="%x"></head><body><div id="root"></div><script src="/assets/app.js"></script></body></html>`, len(r.URL.Path))
			}},
			{name: "json-catch-all", handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"ok":true,"path":%q}`, r.URL.Path)
			}},
			{name: "hardened-api", spec: inputSpec, handler: func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/":
					fmt.Fprint(w, `<html><head><title>Books</title></head><body><a href="/docs/guide.html">Guide</a></body></html>`)
				case "/version":
					json200(`{"version":"1.4.2","commit":"3f2a9c1"}`)(w, r)
				case "/metrics", "/actuator/env":
					w.WriteHeader(401)
				case "/actuator/heapdump":
					// A login redirect, followed to an HTML page.
					http.Redirect(w, r, "/login", http.StatusFound)
				case "/login":
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, `<html><head><title>Sign in</title></head><body><form>...</form></body></html>`)
				case "/api-docs":
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, `<html><head><title>Docs</title></head><body>Our "openapi": "3.0" document and its "paths": are described here; the stack trace of errors is never shown.</body></html>`)
				default:
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(404)
					fmt.Fprint(w, `{"error":"not found"}`)
				}
			}},
		},
	}
	cases["probe-health"]["tp"] = append(cases["probe-health"]["tp"],
		target{name: "catch-all-ok", handler: func(w http.ResponseWriter, r *http.Request) {
			// Every path answers the same 200 "ok": /health is no
			// health endpoint.
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"status":"ok"}`)
		}},
		target{name: "traceback-in-health", handler: func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/health" {
				w.WriteHeader(500)
				fmt.Fprint(w, "Traceback (most recent call last):\n  File \"/srv/app/health.py\", line 12, in health\n    db.ping()\nConnectionError: redis:6379")
				return
			}
			http.NotFound(w, r)
		}})
	cases["probe-client"]["fp"] = append(cases["probe-client"]["fp"],
		target{name: "json-catch-all", handler: func(w http.ResponseWriter, r *http.Request) {
			// Every path answers 200 JSON: /config.json is that
			// answer, not a served file.
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"message":"welcome","path":%q}`, r.URL.Path)
		}})
}

// springApp: a Spring Boot app with its actuator left open, behind Tomcat.
func springApp(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
		fmt.Fprint(w, `<html><head><title>Shop</title></head><body>shop</body></html>`)
	case "/metrics":
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprint(w, "# HELP jvm_memory_used_bytes The amount of used memory\n# TYPE jvm_memory_used_bytes gauge\njvm_memory_used_bytes{area=\"heap\"} 1.2E8\n")
	case "/actuator":
		json200(`{"_links":{"self":{"href":"http://shop/actuator","templated":false},"env":{"href":"http://shop/actuator/env","templated":false}}}`)(w, r)
	case "/actuator/env":
		json200(`{"activeProfiles":["prod"],"propertySources":[{"name":"systemEnvironment","properties":{"DB_PASSWORD":{"value":"******"}}}]}`)(w, r)
	case "/actuator/heapdump":
		if r.Method != http.MethodHead {
			w.WriteHeader(500) // never downloaded
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="heapdump"`)
	case "/actuator/info":
		json200(`{"app":{"name":"shop"},"java":{"version":"17.0.9","vendor":{"name":"Eclipse Adoptium"}},"spring-boot":"3.2.1"}`)(w, r)
	default:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(404)
		fmt.Fprint(w, `<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1><hr class="line" /><h3>Apache Tomcat/9.0.31</h3></body></html>`)
	}
}

// flaskApp: a Flask app in debug mode with its docs, GraphQL schema,
// a dump and its logs in the web root.
func flaskApp(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Server", "Werkzeug/3.0.1 Python/3.12.1")
	switch r.URL.Path {
	case "/":
		fmt.Fprint(w, `<html><head><title>Books</title></head><body>books</body></html>`)
	case "/console":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang=en><head><title>Console // Werkzeug Debugger</title><script>var CONSOLE_MODE = true, EVALEX = true, EVALEX_TRUSTED = false, SECRET = "Xk2Lw0Qm1Yp9Rb7Tc5Vd";</script></head><body><h1>Interactive Console</h1><div class="console"><div class="inner">The Console requires JavaScript.</div></div></body></html>`)
	case "/api-docs":
		json200(`{"openapi":"3.0.3","info":{"title":"books","version":"1"},"paths":{"/api/books":{"get":{}}}}`)(w, r)
	case "/swagger-ui/":
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Swagger UI</title><link rel="stylesheet" href="./swagger-ui.css"></head><body><div id="swagger-ui"></div><script src="./swagger-ui-bundle.js"></script><script>window.ui = SwaggerUIBundle({url: "/api-docs", dom_id: "#swagger-ui"})</script></body></html>`)
	case "/graphql":
		if r.URL.Query().Get("query") == "" {
			w.WriteHeader(400)
			return
		}
		json200(`{"data":{"__schema":{"queryType":{"name":"Query"},"types":[{"name":"Query"},{"name":"User"}]}}}`)(w, r)
	case "/db.sql":
		w.Header().Set("Content-Type", "application/sql")
		fmt.Fprint(w, "-- PostgreSQL database dump\n\nCREATE TABLE public.users (\n    id integer NOT NULL,\n    email text\n);\n")
	case "/error.log":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "[2026-12-01 10:00:01] ERROR in app: login failed for ana@community.test\n[2026-12-01 10:00:02] INFO in app: retry\n[2026-12-01 10:00:03] ERROR in app: db timeout\n")
	default:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(404)
		fmt.Fprint(w, `<!doctype html><html lang=en><title>404 Not Found</title><h1>Not Found</h1><p>The requested URL was not found on the server.</p>`)
	}
}

// goApp: a Go server with net/http/pprof on its public mux and the real
// http.FileServer (with its directory listing) under /files/, which the
// page links to.
func goApp() http.HandlerFunc {
	dir, err := os.MkdirTemp("", "launchready-files-")
	if err != nil {
		panic(err)
	}
	os.WriteFile(filepath.Join(dir, "report.csv"), []byte("id,email\n1,ana@community.test\n"), 0o600)
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.Handle("/files/", http.StripPrefix("/files/", http.FileServer(http.Dir(dir))))
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head><title>Reports</title></head><body><a href="/files/report.csv">report</a></body></html>`)
	})
	return mux.ServeHTTP
}

// TestExposureSafety: the exposure paths are GET and HEAD only, the heap
// dump HEAD only, and the requests fit their cap.
func TestExposureSafety(t *testing.T) {
	t.Parallel()
	var methods []string
	res, _ := run(t, "probe-exposure", target{handler: func(w http.ResponseWriter, r *http.Request) {
		methods = append(methods, r.Method+" "+r.URL.Path)
		if r.URL.Path == "/" {
			fmt.Fprint(w, `<html><head><title>x</title></head><body><a href="/a/b/c.css">c</a></body></html>`)
			return
		}
		http.NotFound(w, r)
	}, spec: inputSpec})
	if res.Status != "ran" {
		t.Errorf("status %s %s", res.Status, res.Reason)
	}
	for _, m := range methods {
		if !strings.HasPrefix(m, "GET ") && !strings.HasPrefix(m, "HEAD ") || strings.Contains(m, "heapdump") && !strings.HasPrefix(m, "HEAD ") {
			t.Errorf("sent %s", m)
		}
	}
	// /, the random path, the exposure paths, the two linked
	// directories (/a/ and /a/b/), and endpoint discovery's /robots.txt
	// and /sitemap.xml (the page loads no script).
	if len(methods) != len(exposures)+4+2 {
		t.Errorf("%d requests: %v", len(methods), methods)
	}
}
