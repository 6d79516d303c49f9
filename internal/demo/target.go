package demo

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/launchready/launchready/internal/localtls"
)

// The demo target's test accounts.
const (
	MemberToken = "demo-member-token"
	AdminToken  = "demo-admin-token"
)

// ProbeConfig is the demo repository's .launchready.yml: the probe settings
// a team would write for this API.
const ProbeConfig = `# launchready settings for the community API.
probe:
  # Our own preview: bursts of invalid logins are fine here.
  allow-post: true
  core-flows: [/members/1]
  object-ids:
    memberId:
      - {id: "1", owner: member}
      - {id: "2", owner: other}
`

// Target is the demo's preview: the community API, running in-process on
// 127.0.0.1 over HTTPS with a certificate from a throwaway CA, with the
// mistakes the live probes look for. It never listens on another address.
type Target struct {
	URL       string
	CACertPEM []byte
	srv       *http.Server
}

// StartTarget starts the demo preview. Close stops it.
func StartTarget(s Secrets) (*Target, error) {
	ca, err := localtls.NewCA("launchready demo CA")
	if err != nil {
		return nil, err
	}
	now := time.Now()
	leaf, err := ca.Leaf("127.0.0.1", now.Add(-time.Hour), now.Add(90*24*time.Hour), false)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the demo preview on 127.0.0.1: %w", err)
	}
	srv := &http.Server{Handler: targetHandler(s), ReadHeaderTimeout: 5 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{leaf}, MinVersion: tls.VersionTLS12},
		ErrorLog:  log.New(io.Discard, "", 0)}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	return &Target{URL: "https://" + ln.Addr().String(), CACertPEM: ca.PEM, srv: srv}, nil
}

// Close stops the preview.
func (t *Target) Close() error { return t.srv.Close() }

type member struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

var demoMembers = []member{
	{1, "Ana", "ana@community.example", "member"},
	{2, "Bo", "bo@community.example", "member"},
	{9, "Sam", "sam@community.example", "admin"},
}

// targetHandler is the vulnerable API, in the style of a bare Express app:
// no security headers, CORS that reflects any origin with credentials, an
// insecure session cookie, an open admin export, no ownership check on
// members, no rate limit on login, stack traces on bad input, and a key in
// the client bundle.
func targetHandler(s Secrets) http.Handler {
	mux := http.NewServeMux()
	writeJSON := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_ = json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>Community</title></head><body><div id="app"></div><script src="/static/app.js"></script></body></html>`)
	})
	mux.HandleFunc("GET /static/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprintf(w, `!function(){var stripe="%s";fetch("/members/1",{credentials:"include"})}();`, s.ClientKey)
	})
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, map[string]bool{"ok": true}) })
	// The demo preview has no limiter on purpose (launchready:allow).
	mux.HandleFunc("POST /auth/login", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		writeJSON(w, map[string]string{"error": "wrong email or password"})
	})
	// The export was meant to be admin-only; the role check was forgotten.
	mux.HandleFunc("GET /admin/members/export", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, demoMembers) })
	mux.HandleFunc("GET /members/{memberId}", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			w.WriteHeader(http.StatusUnauthorized)
			writeJSON(w, map[string]string{"error": "sign in first"})
			return
		}
		id, err := strconv.Atoi(r.PathValue("memberId"))
		if err != nil {
			// What an unhandled exception looks like in development mode.
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, "TypeError: Cannot read properties of undefined (reading 'id')\n    at getMember (/srv/community-api/src/members.js:42:17)\n    at Layer.handle [as handle_request] (/srv/community-api/node_modules/express/lib/router/layer.js:95:5)\n")
			return
		}
		// No ownership check: any member reads any member.
		for _, m := range demoMembers {
			if m.ID == id {
				writeJSON(w, m)
				return
			}
		}
		w.WriteHeader(http.StatusNotFound)
		writeJSON(w, map[string]string{"error": "no such member"})
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Powered-By", "Express")
		if o := r.Header.Get("Origin"); o != "" {
			h.Set("Access-Control-Allow-Origin", o)
			h.Set("Access-Control-Allow-Credentials", "true")
		}
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Add("Set-Cookie", "connect.sid=s%3Ademo-session.abc123; Path=/")
		mux.ServeHTTP(w, r)
	})
}
