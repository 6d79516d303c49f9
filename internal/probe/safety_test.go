package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/secrets"
)

// recorder is a loopback server that records every request it gets.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string // "METHOD /path auth=<Authorization>"
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.seen = append(r.seen, fmt.Sprintf("%s %s auth=%q", req.Method, req.URL.Path, req.Header.Get("Authorization")))
		r.mu.Unlock()
		if h != nil {
			h(w, req)
		}
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...)
}

func TestOriginOf(t *testing.T) {
	t.Parallel()
	same := [][2]string{
		{"https://Preview.Example/", "https://preview.example:443/x"},
		{"http://preview.example./a", "http://preview.example:80"},
		{"http://127.0.0.1:0080/", "http://127.0.0.1/"},
		{"http://[::1]:8080/", "http://[::1]:8080/z"},
	}
	for _, p := range same {
		if a, b := OriginOf(mustURL(t, p[0])), OriginOf(mustURL(t, p[1])); a != b {
			t.Errorf("%s and %s: %v != %v, want the same origin", p[0], p[1], a, b)
		}
	}
	differ := [][2]string{
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8081/"},
		{"http://preview.example/", "https://preview.example/"},
		{"https://preview.example/", "https://preview.example:8443/"},
		{"https://preview.example/", "https://other.example/"},
	}
	for _, p := range differ {
		if OriginOf(mustURL(t, p[0])) == OriginOf(mustURL(t, p[1])) {
			t.Errorf("%s and %s: the same origin, want different", p[0], p[1])
		}
	}
}

// TestClientOriginRules: the preview on one loopback port, another service
// on another; nothing reaches the other service, whatever the path, the
// redirect or the token asks.
func TestClientOriginRules(t *testing.T) {
	t.Parallel()
	other := newRecorder(t, nil)
	otherHost := strings.TrimPrefix(other.URL, "http://")
	preview := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-other-port":
			http.Redirect(w, r, other.URL+"/stolen", http.StatusFound)
		case "/to-scheme-relative":
			w.Header().Set("Location", "//"+otherHost+"/stolen")
			w.WriteHeader(http.StatusFound)
		case "/to-userinfo-same":
			w.Header().Set("Location", "http://user:pw@"+r.Host+"/creds")
			w.WriteHeader(http.StatusFound)
		case "/to-userinfo-other":
			w.Header().Set("Location", "http://user:pw@"+otherHost+"/creds")
			w.WriteHeader(http.StatusFound)
		case "/to-same":
			http.Redirect(w, r, "/landed", http.StatusFound)
		}
	})
	c, err := NewClient(mustURL(t, preview.URL), ClientOptions{AllowLoopback: true, Tokens: map[string]string{"member": "member-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, p := range []string{"/to-other-port", "/to-scheme-relative", "/to-userinfo-same", "/to-userinfo-other"} {
		if _, err := c.Do(ctx, Request{Path: p, Follow: true, Token: "member"}); !errors.Is(err, ErrRedirect) {
			t.Errorf("%s: %v, want the redirect refused", p, err)
		}
	}
	for _, p := range []string{other.URL + "/x", "//" + otherHost + "/x", "http://user:pw@" + strings.TrimPrefix(preview.URL, "http://") + "/x"} {
		if _, err := c.Do(ctx, Request{Path: p, Token: "member"}); !errors.Is(err, ErrOffOrigin) {
			t.Errorf("%s: %v, want refused as off-origin", p, err)
		}
	}
	r, err := c.Do(ctx, Request{Path: "/to-same", Follow: true, Token: "member"})
	if err != nil || r.URL.Path != "/landed" {
		t.Errorf("a same-origin redirect is followed: %v", err)
	}
	if got := other.requests(); len(got) != 0 {
		t.Errorf("the other service got requests: %q", got)
	}
	for _, s := range preview.requests() {
		if strings.Contains(s, "/creds") || strings.Contains(s, "Basic") {
			t.Errorf("a redirect with credentials was followed: %s", s)
		}
		if !strings.Contains(s, `auth="Bearer member-secret"`) {
			t.Errorf("the token did not go to the preview's own origin: %s", s)
		}
	}
}

// TestClientMethodRules: whatever a check asks, the client sends no PUT,
// PATCH or DELETE, POST only with allow-post and small bodies, and bursts
// only to the paths the rate-limit probe marked.
func TestClientMethodRules(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, nil)
	base := mustURL(t, srv.URL)
	ctx := context.Background()
	for _, allow := range []bool{false, true} {
		c, _ := NewClient(base, ClientOptions{AllowLoopback: true, AllowPost: allow})
		for _, m := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete, "TRACE", "CONNECT", "PROPFIND", "put"} {
			if _, err := c.Do(ctx, Request{Method: m, Path: "/api/users/1", Body: []byte(`{}`)}); !errors.Is(err, ErrMethod) {
				t.Errorf("allow-post %v, %s: %v, want refused", allow, m, err)
			}
		}
		_, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/api/users", Body: []byte(`{"launchready":`)})
		if allow != (err == nil) {
			t.Errorf("allow-post %v, POST: %v", allow, err)
		}
		if _, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/x", Body: []byte("x")}); !errors.Is(err, ErrBody) {
			t.Errorf("GET with a body: %v", err)
		}
	}
	c, _ := NewClient(base, ClientOptions{AllowLoopback: true, AllowPost: true})
	if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/big", Body: make([]byte, MaxPostBody+1)}); !errors.Is(err, ErrBody) {
		t.Errorf("a POST body over %d bytes: %v", MaxPostBody, err)
	}
	for _, b := range []string{`{"_method":"DELETE"}`, `{"method":"put"}`, `{"X-HTTP-Method-Override":"DELETE"}`} {
		if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/auth/login", Body: []byte(b)}); !errors.Is(err, ErrMethod) {
			t.Errorf("a POST body %s: %v", b, err)
		}
	}
	sent := 0
	for i := 0; i < 10; i++ {
		// The cap counts on the normalised path: /api/books/ and
		// /API/Books are the same route on most routers.
		p := []string{"/api/books", "/api/books/", "/API/Books"}[i%3]
		if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: p, Body: []byte(`{}`)}); err == nil {
			sent++
		} else if !errors.Is(err, ErrMethod) {
			t.Fatal(err)
		}
	}
	if sent != MaxPostsPerPath {
		t.Errorf("%d POSTs to one path, want at most %d", sent, MaxPostsPerPath)
	}
	c.allowBurst("/auth/login")
	sent = 0
	for i := 0; i < 2*MaxBurst; i++ {
		if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/auth/login", Body: []byte(burstBody)}); err == nil {
			sent++
		}
	}
	if sent != MaxBurst+MaxPostsPerPath {
		t.Errorf("%d POSTs to the burst path, want %d", sent, MaxBurst+MaxPostsPerPath)
	}
	for _, s := range srv.requests() {
		if m, _, _ := strings.Cut(s, " "); m != "GET" && m != "POST" && m != "HEAD" && m != "OPTIONS" {
			t.Errorf("sent %s", s)
		}
	}
}

func TestInvalidBodies(t *testing.T) {
	t.Parallel()
	schema := openapi3.NewObjectSchema().
		WithProperty("email", openapi3.NewStringSchema()).
		WithProperty("age", openapi3.NewIntegerSchema()).
		WithProperty("price", openapi3.NewFloat64Schema()).
		WithProperty("admin", openapi3.NewBoolSchema()).
		WithProperty("tags", openapi3.NewArraySchema()).
		WithProperty("anything", &openapi3.Schema{}).
		WithProperty("meta", openapi3.NewObjectSchema()).
		WithProperty("owner", openapi3.NewObjectSchema().WithProperty("id", openapi3.NewIntegerSchema()))
	schema.Required = []string{"email"}
	got := map[string]string{}
	for _, b := range InvalidBodies(schema) {
		if len(b.Body) > MaxPostBody {
			t.Errorf("%s: %d bytes", b.Kind, len(b.Body))
		}
		got[b.Kind] = string(b.Body)
	}
	want := map[string]string{
		"malformed JSON":           `{"launchready":`,
		"fields of the wrong type": `{"admin":{"launchready":1},"age":{"launchready":1},"email":{"launchready":1},"owner":12345,"price":{"launchready":1},"tags":{"launchready":1}}`,
		"missing required fields":  `{}`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("bodies:\n%v\nwant\n%v", got, want)
	}
	// Every body is rejected by the schema it was made for.
	for kind, body := range got {
		var v any
		if err := jsonUnmarshal(body, &v); err != nil {
			continue // malformed: rejected before any schema
		}
		if err := schema.VisitJSON(v); err == nil {
			t.Errorf("%s: %s is valid for the schema", kind, body)
		}
	}
	// A huge schema still gives a small body.
	big := openapi3.NewObjectSchema()
	for i := 0; i < 2000; i++ {
		big.WithProperty(fmt.Sprintf("field_%04d_%s", i, strings.Repeat("n", 20)), openapi3.NewStringSchema())
	}
	for _, b := range InvalidBodies(big) {
		if len(b.Body) > MaxPostBody {
			t.Errorf("%s for a large schema: %d bytes", b.Kind, len(b.Body))
		}
	}
}

func TestLoginType(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		"/auth/login": true, "/api/v1/sessions/sign-in": true, "/password/reset": true, "/forgot-password": true,
		"/api/otp/verify": true, "/oauth/token": true, "/api/sessions": true, "/auth/password-reset": true,
		"/auth/password": false, "/api/users": false, "/api/books": false, "/api/tokens": false, "/api/cache/reset": false,
		"/signup": false, "/api/invites": false, "/api/blogin": false, "/api/users/{id}/reset-password": false,
		"/api/auth/register": false, "/admin/login-as": false,
		"/api/session-notes": false, "/api/projects/token-budget": false, "/api/otp-templates": false,
		"/api/login-history": false, "/auth": true, "/api/2fa": true, "/api/auth/items": false,
	} {
		if got := loginWords(path); got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
	// Under users, accounts or members: only a login whose other
	// segments are the resource, api, auth or a version.
	for path, want := range map[string]bool{
		"/users/v1/login": true, "/users/login": true, "/api/accounts/session": true, "/api/v2/members/token": true,
		"/users/signIn": true, "/users/{id}/login": false, "/users/42/token": false, "/admin/users/login": false,
		"/users/v1/register": false, "/users/reset-password": false, "/users/v1/login/../items": false,
		"/users/me/session": false, "/users/v1/logins": false, "/users": false, "/users/v1/login?x=1": false,
		"/accounts/invite/token": false, "/users/v1/login%2f..": false,
	} {
		if got := loginWords(path); got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
	if !loginWords("resetPassword") || !loginWords("signIn") || loginWords("createUser") || loginWords("loginUser") {
		t.Error("operationIds")
	}
}

// FuzzResolve: whatever a path from the config, the spec or a page says,
// Resolve returns a URL on the preview's origin without userinfo, or an
// error.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"/api/feed", "//127.0.0.1:9/x", "http://u:p@127.0.0.1:8080/", "https://127.0.0.1:8080/", "/%2F%2Fevil/x",
		"\\\\evil/x", "http://127.0.0.1%3A9/", "http://127.0.0.1:08080/", "api/x?y=1#z", "//[::1]:8080/"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://127.0.0.1:8080/preview/")
	c, err := NewClient(base, ClientOptions{AllowLoopback: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, p string) {
		u, err := c.Resolve(p)
		if err != nil {
			return
		}
		if u.User != nil || OriginOf(u) != OriginOf(base) {
			t.Fatalf("%q resolved to %s", p, u.Redacted())
		}
		// What the transport will dial: the URL as sent, parsed again.
		again, err := url.Parse(u.String())
		if err != nil || OriginOf(again) != OriginOf(base) || again.User != nil {
			t.Fatalf("%q resolved to %s, sent as %v", p, u.Redacted(), again)
		}
	})
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// TestConfigPathsRefusedAtRunTime: even when a config with URLs in it gets
// past the loader (built here directly), the checks send nothing off the
// preview's origin and say why they did not run.
func TestConfigPathsRefusedAtRunTime(t *testing.T) {
	t.Parallel()
	other := newRecorder(t, nil)
	otherHost := strings.TrimPrefix(other.URL, "http://")
	pv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `[]`) })
	for _, bad := range []string{"//" + otherHost + "/x", other.URL + "/x", "http://user:pw@" + strings.TrimPrefix(pv.URL, "http://") + "/x"} {
		cfg := config.Default()
		cfg.Probe.AllowPost = true
		cfg.Probe.LatencySamples = 2
		cfg.Probe.CoreFlows = []string{"/api/feed", bad}
		cfg.Probe.Health = bad
		cfg.Probe.RateLimitEndpoints = []config.RateLimitEndpoint{{Method: "POST", Path: bad, Body: "{}"}}
		in := &check.Input{Scan: check.Scan{Mode: check.ModeWorktree}, Config: cfg, Secrets: &redact.Set{}, Detector: secrets.NewDetector(nil, cfg),
			Live: &check.LiveTarget{URL: pv.URL, MemberToken: "member-secret", AllowLoopback: true}}
		for _, c := range []check.Check{latencyCheck, healthCheck, rateLimitCheck} {
			res := c.Run(context.Background(), in)
			if res.Status != check.StatusNotChecked || !strings.Contains(res.Reason, "is not a path on the preview's origin") || strings.Contains(res.Reason, "pw@") {
				t.Errorf("%s with %q: %s %q", c.Meta().ID, bad, res.Status, res.Reason)
			}
		}
	}
	if got := other.requests(); len(got) > 0 {
		t.Errorf("the other service got %q", got)
	}
	for _, s := range pv.requests() {
		// GET / and one random path open every session.
		if !strings.HasPrefix(s, "GET / ") && !strings.HasPrefix(s, "GET /launchready-probe-") {
			t.Errorf("the preview got %s before the checks refused their config", s)
		}
	}
}

// TestBundlesOnOtherOriginSkipped: scripts and source maps on another port
// are not fetched, and the notes say which.
func TestBundlesOnOtherOriginSkipped(t *testing.T) {
	t.Parallel()
	other := newRecorder(t, nil)
	pv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<script src="/app.js"></script><script src="%s/vendor.js"></script>`, other.URL)
		case "/app.js":
			fmt.Fprintf(w, "x()\n//# sourceMappingURL=%s/app.js.map", other.URL)
		}
	})
	in := &check.Input{Scan: check.Scan{Mode: check.ModeWorktree}, Config: config.Default(), Secrets: &redact.Set{}, Detector: secrets.NewDetector(nil, nil),
		Live: &check.LiveTarget{URL: pv.URL, MemberToken: "member-secret", AllowLoopback: true}}
	res := clientCheck.Run(context.Background(), in)
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, other.URL+"/vendor.js") || !strings.Contains(notes, other.URL+"/app.js.map") {
		t.Errorf("notes: %s", notes)
	}
	if got := other.requests(); len(got) > 0 {
		t.Errorf("the other service got %q", got)
	}
}

// FuzzNextHop: whatever Location a preview sends, a redirect is followed
// only to the preview's origin, without userinfo, and what is then dialled
// is that origin.
func FuzzNextHop(f *testing.F) {
	for _, s := range []string{"/landed", "//127.0.0.1:9/x", "http://127.0.0.1:9/", "http://u:p@127.0.0.1:8080/", "https://127.0.0.1:8080/",
		"http://127.0.0.1:8080@evil/", "/\\evil/x", "http:evil", "HTTP://127.0.0.1:8080/", "http://127.0.0.1%3A9/", "?q=1", "../../x"} {
		f.Add(s)
	}
	u, _ := url.Parse("http://127.0.0.1:8080/a/b")
	allowed := OriginOf(u)
	f.Fuzz(func(t *testing.T, loc string) {
		next, err := nextHop(u, loc, allowed)
		if err != nil {
			return
		}
		if next.User != nil || OriginOf(next) != allowed {
			t.Fatalf("%q followed to %s", loc, next.Redacted())
		}
		again, err := url.Parse(next.String())
		if err != nil || again.User != nil || OriginOf(again) != allowed {
			t.Fatalf("%q followed to %s, sent as %v", loc, next.Redacted(), again)
		}
	})
}

// TestPlainHTTPTwin: the http:// twin is asked only for an https preview
// on the default port, and only at port 80 of the same host.
func TestPlainHTTPTwin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := NewClient(mustURL(t, "https://127.0.0.1:8443/"), ClientOptions{AllowLoopback: true})
	if _, err := c.Do(ctx, Request{Path: "/", PlainHTTP: true}); !errors.Is(err, ErrOffOrigin) {
		t.Errorf("the twin of an https preview on another port: %v, want refused", err)
	}
	c, _ = NewClient(mustURL(t, "http://127.0.0.1:8080/"), ClientOptions{AllowLoopback: true})
	if _, err := c.Do(ctx, Request{Path: "/", PlainHTTP: true}); !errors.Is(err, ErrOffOrigin) {
		t.Errorf("the twin of an http preview: %v, want refused", err)
	}
	c, _ = NewClient(mustURL(t, "https://user:pw@127.0.0.1/app/"), ClientOptions{AllowLoopback: true, RequestTimeout: time.Second})
	r, err := c.Do(ctx, Request{Path: "/", PlainHTTP: true, Token: "member"})
	if errors.Is(err, ErrOffOrigin) || errors.Is(err, ErrMethod) {
		t.Errorf("the twin of an https preview on 443: %v", err)
	}
	if r != nil && (r.URL.String() != "http://127.0.0.1/app/" || r.URL.User != nil) {
		t.Errorf("the twin went to %s", r.URL.Redacted())
	}
}

// TestBurstBodyFor: the burst's made-up account passes common validators
// (no special-use domain, a username of letters and an underscore), at the
// member's own email domain when it is known, and nothing from the config
// but a plain domain gets into the body.
func TestBurstBodyFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ member, want string }{
		{"", `{"email":"launchready-probe@example.com","username":"launchready_probe","password":"not-the-password-0"}`},
		{"ana", `{"email":"launchready-probe@example.com","username":"launchready_probe","password":"not-the-password-0"}`},
		{"ana@corp.example", `{"email":"launchready-probe@corp.example","username":"launchready_probe","password":"not-the-password-0"}`},
		{`ana@x","password":"y`, `{"email":"launchready-probe@example.com","username":"launchready_probe","password":"not-the-password-0"}`},
		{"ana@", `{"email":"launchready-probe@example.com","username":"launchready_probe","password":"not-the-password-0"}`},
	} {
		got := burstBodyFor(tc.member)
		if got != tc.want {
			t.Errorf("burstBodyFor(%q) = %s, want %s", tc.member, got, tc.want)
		}
		var v map[string]string
		if err := json.Unmarshal([]byte(got), &v); err != nil || len(v) != 3 {
			t.Errorf("burstBodyFor(%q): not a 3-field JSON object: %v", tc.member, err)
		}
		if strings.HasSuffix(v["email"], ".invalid") || strings.HasSuffix(v["email"], ".test") {
			t.Errorf("burstBodyFor(%q): special-use domain %s", tc.member, v["email"])
		}
	}
}
