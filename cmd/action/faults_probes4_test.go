package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The probe attack faults (fourth round): what an outside tester found
// running the probes against Django REST Framework and FastAPI apps. Each
// case runs the CLI against a real loopback server that behaves as those
// frameworks do.

const probes4Member = "mbr_Qw3rQw3rQw3rQw3rQw3rQw3rQw3rQw3r"

// coercingStore is a POST endpoint that validates like pydantic v1 and DRF
// serializers do: it coerces what it can (12345 → "12345", "123" → 123,
// 1 or "true" → true, a list of pairs → a dict) and stores the record
// with 201 Created; it answers 400 to what it cannot coerce.
type coercingStore struct {
	mu     sync.Mutex
	rows   []string
	posts  []string
	status []int
}

// coerce returns v converted to the field type, or ok false.
func coerce(typ string, v any) (any, bool) {
	switch typ {
	case "string":
		switch x := v.(type) {
		case string:
			return x, true
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64), true
		}
	case "integer":
		switch x := v.(type) {
		case float64:
			return int(x), x == float64(int(x))
		case bool:
			if x {
				return 1, true
			}
			return 0, true
		case string:
			n, err := strconv.Atoi(strings.TrimSpace(x))
			return n, err == nil
		}
	case "boolean":
		switch x := v.(type) {
		case bool:
			return x, true
		case float64:
			return x == 1, x == 0 || x == 1
		case string:
			switch strings.ToLower(x) {
			case "true", "1", "yes", "on", "t", "y":
				return true, true
			case "false", "0", "no", "off", "f", "n":
				return false, true
			}
		}
	case "array":
		if x, ok := v.([]any); ok {
			return x, true
		}
	case "object":
		switch x := v.(type) {
		case map[string]any:
			return x, true
		case []any:
			// dict([["a", 1]]) in Python: a list of pairs is a dict.
			out := map[string]any{}
			for _, e := range x {
				p, ok := e.([]any)
				if !ok || len(p) != 2 {
					return nil, false
				}
				out[fmt.Sprint(p[0])] = p[1]
			}
			return out, true
		}
	}
	return nil, false
}

var coercingFields = map[string]string{"body": "string", "count": "integer", "done": "boolean", "tags": "array", "owner": "object"}

func (c *coercingStore) handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	answer := func(code int, body string) {
		if r.Method == http.MethodPost {
			c.mu.Lock()
			c.status = append(c.status, code)
			c.mu.Unlock()
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
	if r.Header.Get("Authorization") != "Bearer "+probes4Member {
		answer(401, `{"detail":"Authentication credentials were not provided."}`)
		return
	}
	switch {
	case r.URL.Path == "/api/notes/" && r.Method == http.MethodGet:
		c.mu.Lock()
		defer c.mu.Unlock()
		b, _ := json.Marshal(c.rows)
		fmt.Fprintf(w, `{"count":%d,"results":%s}`, len(c.rows), b)
	case r.URL.Path == "/api/notes/" && r.Method == http.MethodPost:
		b, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.posts = append(c.posts, string(b))
		c.mu.Unlock()
		var in map[string]any
		if json.Unmarshal(b, &in) != nil {
			answer(400, `{"detail":"JSON parse error"}`)
			return
		}
		if _, ok := in["body"]; !ok {
			answer(400, `{"body":["This field is required."]}`)
			return
		}
		out := map[string]any{}
		for k, v := range in {
			typ, known := coercingFields[k]
			if !known {
				continue // unknown fields are ignored
			}
			cv, ok := coerce(typ, v)
			if !ok {
				answer(400, fmt.Sprintf(`{%q:["Not a valid %s."]}`, k, typ))
				return
			}
			if typ == "object" {
				// The nested model: its fields coerce too.
				m := cv.(map[string]any)
				if id, has := m["id"]; has {
					if _, ok := coerce("integer", id); !ok {
						answer(400, `{"owner":{"id":["A valid integer is required."]}}`)
						return
					}
				}
			}
			out[k] = cv
		}
		row, _ := json.Marshal(out)
		c.mu.Lock()
		c.rows = append(c.rows, string(row))
		c.mu.Unlock()
		answer(201, string(row))
	default:
		answer(404, `{"detail":"Not found."}`)
	}
}

const coercingSpec = `openapi: 3.0.3
info: {title: notes, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  /api/notes/:
    get:
      responses: {"200": {description: ok}}
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [body]
              properties:
                body: {type: string}
                count: {type: integer}
                done: {type: boolean}
                tags: {type: array, items: {type: string}}
                owner: {type: object, properties: {id: {type: integer}}}
                meta: {type: object}
      responses: {"201": {description: created}}
`

func coercingServer(t *testing.T) (*coercingStore, *httptest.Server) {
	t.Helper()
	c := &coercingStore{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			servePage(w)
			return
		}
		c.handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return c, srv
}

// TestFaultProbeAllowPostCoercedBody: with allow-post, the "wrong type"
// body {"body":12345} was coerced to "12345" by DRF's CharField and
// pydantic v1's str and stored (201 Created), and the input row passed.
// Every body sent is one no lenient framework coerces: no 2xx, no row.
func TestFaultProbeAllowPostCoercedBody(t *testing.T) {
	t.Parallel()
	c, srv := coercingServer(t)
	rep, res := probe2Run(t, srv.URL+"/", "probe:\n  allow-post: true\n", map[string]string{"openapi.yaml": coercingSpec}, "--member-token", probes4Member)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.rows) > 0 {
		t.Errorf("the probe run stored %d record(s): %q", len(c.rows), c.rows)
	}
	for i, st := range c.status {
		if st >= 200 && st < 300 {
			t.Errorf("POST %q answered %d", c.posts[i], st)
		}
	}
	if len(c.posts) < 2 {
		t.Errorf("only %d POST bodies sent (%q), want malformed JSON and wrong types at least; stdout:\n%s", len(c.posts), c.posts, res.stdout)
	}
	wrong := false
	for _, p := range c.posts {
		var v map[string]any
		if json.Unmarshal([]byte(p), &v) != nil || len(v) == 0 {
			continue
		}
		wrong = true
		for k, x := range v {
			switch x.(type) {
			case float64, string, bool:
				if coercingFields[k] != "object" {
					t.Errorf("sent a bare scalar %s=%v where a %s is expected", k, x, coercingFields[k])
				}
			}
			if k == "meta" {
				t.Errorf("sent %s=%v to a free-form object", k, x)
			}
		}
	}
	if !wrong {
		t.Errorf("no wrong-type body sent: %q", c.posts)
	}
	if rep.has("live/invalid-body-accepted") {
		t.Errorf("live/invalid-body-accepted on a server that refused every body")
	}
}

// TestFaultProbeAcceptedInvalidBody: a server that stores whatever it is
// given answered 201 to the probe's invalid bodies and the input row
// passed. A 2xx to a body the schema rejects is a finding, and no further
// body is sent to that operation.
func TestFaultProbeAcceptedInvalidBody(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var posts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			servePage(w)
		case r.Header.Get("Authorization") != "Bearer "+probes4Member:
			http.Error(w, `{"detail":"unauthorized"}`, 401)
		case r.URL.Path == "/api/notes/" && r.Method == http.MethodPost:
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			posts = append(posts, string(b))
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(201)
			io.WriteString(w, `{"id":1}`)
		case r.URL.Path == "/api/notes/":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"results":[]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	rep, _ := probe2Run(t, srv.URL+"/", "probe:\n  allow-post: true\n", map[string]string{"openapi.yaml": coercingSpec}, "--member-token", probes4Member)
	if !rep.has("live/invalid-body-accepted") {
		t.Errorf("no live/invalid-body-accepted finding; findings %+v", rep.Findings)
	}
	if st := rep.rowStatus("input-validation"); st == "pass" {
		t.Errorf("the input-validation row passes on a server that stored an invalid body")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posts) != 1 {
		t.Errorf("%d bodies sent after the first 2xx, want 1: %q", len(posts), posts)
	}
}

// TestFaultProbeGenericWordNotAdmin: the spec marks admin operations with
// x-roles: [admin] and none on GET /api/report/, which answers the member
// with data; "report" among the privileged path words made it a critical
// live/member-reaches-admin. With a role model, path words do not make an
// operation admin-only; the real admin operation is still tried.
func TestFaultProbeGenericWordNotAdmin(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = true
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/":
			servePage(w)
		case r.Header.Get("Authorization") != "Bearer "+probes4Member:
			http.Error(w, `{"detail":"unauthorized"}`, 401)
		case r.URL.Path == "/api/report/" || r.URL.Path == "/api/me/" || r.URL.Path == "/api/settings/":
			io.WriteString(w, `{"items":[{"id":1,"title":"my own report","total":42}]}`)
		case r.URL.Path == "/api/admin/users/":
			http.Error(w, `{"detail":"forbidden"}`, 403)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components:
  securitySchemes:
    b: {type: http, scheme: bearer}
paths:
  /api/me/:
    get: {responses: {"200": {description: ok}}}
  /api/report/:
    get: {responses: {"200": {description: ok}}}
  /api/settings/:
    get: {responses: {"200": {description: ok}}}
  /api/admin/users/:
    get: {x-roles: [admin], responses: {"200": {description: ok}}}
`
	rep, _ := probe2Run(t, srv.URL+"/", "", map[string]string{"openapi.yaml": spec}, "--member-token", probes4Member)
	if rep.has("live/member-reaches-admin") {
		t.Errorf("live/member-reaches-admin on an operation the spec's roles do not reserve: %+v", rep.Findings)
	}
	mu.Lock()
	defer mu.Unlock()
	if !seen["/api/admin/users/"] {
		t.Errorf("the x-roles admin operation was not tried")
	}
}

// TestFaultProbeSQLiteQuoteWithoutNul: a FastAPI search endpoint builds its
// SQL from the query and answers 400 with sqlite3's message. The probe's
// value carried a NUL, which sqlite3 refuses before parsing ("the query
// contains a null character"): the injectable query was missed. The quote
// payload is sent without it, and sqlite3's JSON-escaped messages are
// SQL errors.
func TestFaultProbeSQLiteQuoteWithoutNul(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		detail := func(msg string) {
			w.WriteHeader(400)
			b, _ := json.Marshal(map[string]string{"detail": msg})
			w.Write(b)
		}
		q := r.URL.Query()
		switch r.URL.Path {
		case "/":
			servePage(w)
		case "/api/search", "/api/lookup":
			v := q.Get("q") + q.Get("name")
			switch {
			case strings.Contains(v, "\x00"):
				detail("the query contains a null character")
			case r.URL.Path == "/api/search" && strings.Contains(v, "'"):
				detail(`unrecognized token: "'` + strings.SplitN(v, "'", 2)[1] + `')"`)
			case strings.Contains(v, "'"):
				detail(`near "<": syntax error`)
			default:
				io.WriteString(w, `{"results":[]}`)
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/search:
    get:
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /api/lookup:
    get:
      parameters: [{name: name, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
`
	rep, _ := probe2Run(t, srv.URL+"/", "", map[string]string{"openapi.yaml": spec})
	n := 0
	for _, f := range rep.Findings {
		if f.RuleID == "live/stack-trace-exposed" && strings.Contains(f.Message, "SQL error") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d SQL error findings, want 2 (unrecognized token, near \"x\": syntax error); findings %+v", n, rep.Findings)
	}
}

// TestFaultProbeInputAdminOperation: on a hardened app the input check
// sent the member token to x-roles: [admin] operations, got 403 and
// failed ("refused before validation; give a valid member token"). The
// admin token goes to those operations; without one they are skipped.
func TestFaultProbeInputAdminOperation(t *testing.T) {
	t.Parallel()
	const admin = "adm_Zx9cZx9cZx9cZx9cZx9cZx9cZx9cZx9c"
	var mu sync.Mutex
	adminSeen := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		auth := r.Header.Get("Authorization")
		switch {
		case r.URL.Path == "/":
			servePage(w)
		case auth != "Bearer "+probes4Member && auth != "Bearer "+admin:
			http.Error(w, `{"detail":"unauthorized"}`, 401)
		case strings.HasPrefix(r.URL.Path, "/api/admin/"):
			if auth != "Bearer "+admin {
				http.Error(w, `{"detail":"forbidden"}`, 403)
				return
			}
			mu.Lock()
			adminSeen++
			mu.Unlock()
			fallthrough
		case r.URL.Path == "/api/items":
			if _, err := strconv.Atoi(r.URL.Query().Get("page")); r.URL.Query().Has("page") && err != nil {
				http.Error(w, `{"detail":"page must be an integer"}`, 400)
				return
			}
			io.WriteString(w, `{"items":[{"id":1,"title":"x"}]}`)
		default:
			http.NotFound(w, r)
		}
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
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /api/admin/audit:
    get:
      x-roles: [admin]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /api/admin/logs:
    get:
      x-roles: [admin]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {"200": {description: ok}}
`
	for _, withAdmin := range []bool{true, false} {
		args := []string{"--member-token", probes4Member}
		if withAdmin {
			args = append(args, "--admin-token", admin)
		}
		rep, res := probe2Run(t, srv.URL+"/", "", map[string]string{"openapi.yaml": spec}, args...)
		ran := false
		for _, r := range rep.Scorecard {
			if r.ID != "input-validation" {
				continue
			}
			ran = slices.Contains(r.Sources.Ran, "probe-input")
			for _, n := range r.Sources.NotRun {
				t.Errorf("admin token %v: %s %s: %s", withAdmin, n.Check, n.Status, n.Reason)
			}
		}
		if !ran || rep.has("live/server-error-on-bad-input") {
			t.Errorf("admin token %v: probe-input did not run clean; stdout:\n%s", withAdmin, res.stdout)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if adminSeen == 0 {
		t.Errorf("the admin operations never got the admin token")
	}
}

// djangoLike answers like a Django app without a / route: a 404 page to /
// and to unknown paths, /health → 301 /health/ (APPEND_SLASH) → 200, and
// /api/me/ 200 to the member token, 401 without.
func djangoLike(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/health", "/api/me":
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		case "/health/":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"status":"ok"}`)
		case "/api/me/":
			w.Header().Set("Content-Type", "application/json")
			if r.Header.Get("Authorization") != "Bearer "+probes4Member {
				w.WriteHeader(401)
				io.WriteString(w, `{"detail":"Authentication credentials were not provided."}`)
				return
			}
			io.WriteString(w, `{"id":7,"username":"member"}`)
		default:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(404)
			io.WriteString(w, "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>")
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestFaultProbeHealthTrailingSlash: Django answers /health with 301 to
// /health/, which answers 200; the health probe reported no health
// endpoint. Same-origin redirects are followed.
func TestFaultProbeHealthTrailingSlash(t *testing.T) {
	t.Parallel()
	srv := djangoLike(t)
	rep, _ := probe2Run(t, srv.URL+"/", "", nil, "--member-token", probes4Member, "--check", "probe-health")
	if rep.has("live/health-endpoint-missing") {
		t.Errorf("live/health-endpoint-missing although /health/ answers 200")
	}
	if st := rep.rowStatus("logging"); st == "fail" || st == "not-checked" {
		t.Errorf("the logging row is %s", st)
	}
}

// TestFaultProbeAppWithout404Home: / answers 404, and so does every
// exposure path, but /health and /api/me answer in the same run. Exposure
// said "not checked: is the URL the app's?". Run-level evidence says the
// URL is the app's: a uniform 404 on exposure paths is a clean pass, and
// no check blames the URL.
func TestFaultProbeAppWithout404Home(t *testing.T) {
	t.Parallel()
	srv := djangoLike(t)
	for _, checks := range [][]string{{"--check", "probe-exposure"}, nil} {
		rep, res := probe2Run(t, srv.URL+"/", "", nil, append([]string{"--member-token", probes4Member}, checks...)...)
		for _, r := range rep.Scorecard {
			for _, n := range r.Sources.NotRun {
				if n.Check == "probe-exposure" || strings.Contains(n.Reason, "is the URL the app's") {
					t.Errorf("%v: %s on the %s row: %s %s", checks, n.Check, r.ID, n.Status, n.Reason)
				}
			}
		}
		if !strings.Contains(res.stdout, "probe-exposure") {
			t.Errorf("%v: the exposure check did not run", checks)
		}
	}
}

// TestFaultProbeDRFLoginRefusal: DRF's ObtainAuthToken answers 400
// {"non_field_errors":["Unable to log in with provided credentials."]} to
// an unknown user and to a wrong password alike; the check said "a
// refusal of the request itself before any credential was checked". The
// body speaks of the credentials: they were checked, and identical
// answers are a pass. A 400 naming required fields stays not checked.
func TestFaultProbeDRFLoginRefusal(t *testing.T) {
	t.Parallel()
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/auth/login/:
    post:
      security: []
      requestBody: {content: {application/json: {schema: {type: object, required: [username, password], properties: {username: {type: string}, password: {type: string}}}}}}
      responses: {"200": {description: token}}
`
	for _, c := range []struct {
		body string
		ran  bool
	}{
		{`{"non_field_errors":["Unable to log in with provided credentials."]}`, true},
		{`{"username":["This field is required."],"password":["This field is required."]}`, false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == "/":
				servePage(w)
			case r.URL.Path == "/api/auth/login/" && r.Method == http.MethodPost:
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(400)
				io.WriteString(w, c.body)
			default:
				http.NotFound(w, r)
			}
		}))
		rep, res := probe2Run(t, srv.URL+"/", "probe:\n  allow-post: true\n  member-username: member@example.com\n", map[string]string{"openapi.yaml": spec}, "--check", "probe-enumeration")
		srv.Close()
		ran, notRun := false, ""
		for _, r := range rep.Scorecard {
			if slices.Contains(r.Sources.Ran, "probe-enumeration") {
				ran = true
			}
			for _, n := range r.Sources.NotRun {
				if n.Check == "probe-enumeration" {
					notRun = n.Reason
				}
			}
		}
		if ran != c.ran || rep.has("live/login-enumeration") {
			t.Errorf("%s: ran %v (not run: %q), want %v; stdout:\n%s", c.body, ran, notRun, c.ran, res.stdout)
		}
		if !c.ran && !strings.Contains(notRun, "refusal of the request itself") {
			t.Errorf("%s: reason %q", c.body, notRun)
		}
	}
}

// TestFaultProbeFrameworkDocsAndAdmin: FastAPI's /docs, /redoc and
// /openapi.json, connexion's /ui/, DRF's browsable API and Django's admin
// login were not among the exposure paths. Each is reported: the docs as
// live/api-docs-exposed, the admin login as live/admin-login-exposed.
func TestFaultProbeFrameworkDocsAndAdmin(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html := func(body string) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		}
		switch r.URL.Path {
		case "/":
			servePage(w)
		case "/docs", "/ui/":
			html(`<!DOCTYPE html><html><head><link type="text/css" rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"><title>API - Swagger UI</title></head><body><div id="swagger-ui"></div><script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script><script>const ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'})</script></body></html>`)
		case "/redoc":
			html(`<!DOCTYPE html><html><head><title>API - ReDoc</title></head><body><redoc spec-url="/openapi.json"></redoc><script src="https://cdn.jsdelivr.net/npm/redoc@next/bundles/redoc.standalone.js"></script></body></html>`)
		case "/openapi.json":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"openapi":"3.1.0","info":{"title":"API","version":"0.1.0"},"paths":{"/api/notes/":{"get":{"responses":{"200":{"description":"ok"}}}}}}`)
		case "/api/":
			if !strings.Contains(r.Header.Get("Accept"), "text/html") {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"notes":"http://x/api/notes/"}`)
				return
			}
			html(`<!DOCTYPE html><html><head><title>Api Root – Django REST framework</title></head><body><div class="navbar"><a class="navbar-brand" href="https://www.django-rest-framework.org/">Django REST framework</a></div><pre>{"notes": "/api/notes/"}</pre></body></html>`)
		case "/admin/":
			http.Redirect(w, r, "/admin/login/?next=/admin/", http.StatusFound)
		case "/admin/login/":
			html(`<!DOCTYPE html><html><head><title>Log in | Django site admin</title></head><body><div id="header"><h1 id="site-name"><a href="/admin/">Django administration</a></h1></div><form action="/admin/login/?next=/admin/" method="post" id="login-form"><input type="hidden" name="csrfmiddlewaretoken" value="x"><input type="text" name="username"><input type="password" name="password"></form></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	rep, res := probe2Run(t, srv.URL+"/", "", nil, "--check", "probe-exposure")
	want := map[string]string{"/docs ": "live/api-docs-exposed", "/redoc ": "live/api-docs-exposed", "/openapi.json ": "live/api-docs-exposed",
		"/ui/ ": "live/api-docs-exposed", "/api/ ": "live/api-docs-exposed", "/admin/login/ ": "live/admin-login-exposed"}
	for p, rule := range want {
		ok := false
		for _, f := range rep.Findings {
			if f.RuleID == rule && strings.Contains(f.Message, "GET "+p) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("no %s for %s; stdout:\n%s", rule, p, res.stdout)
		}
	}
}
