package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// validateAgainst checks a document against a JSON schema file.
func validateAgainst(t *testing.T, schemaPath, doc string) {
	t.Helper()
	path, _ := filepath.Abs(schemaPath)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(path, sch); err != nil {
		t.Fatal(err)
	}
	compiled, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := compiled.Validate(v); err != nil {
		t.Errorf("does not match %s: %v", schemaPath, err)
	}
}

// The exposure-model faults: one model of each operation, shared by the
// spec rules and the probes (issue 15). Each case runs the CLI, against a
// real loopback server where the probes are involved.

// modelReport is the part of the JSON report these cases read.
type modelReport struct {
	Scorecard []struct{ ID, Status, Reason string }
	Findings  []struct {
		RuleID, Severity, Message string
		Location                  struct {
			Path, Operation, URL string
			StartLine            int
		}
		Related []struct {
			Path, Method, Operation string
			StartLine               int
		}
	}
}

func runModel(t *testing.T, args ...string) (modelReport, result) {
	t.Helper()
	res := runCLI(t, nil, append(args, "--format", "json")...)
	var doc modelReport
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("exit %d, not JSON: %v\nstdout:\n%s\nstderr:\n%s", res.code, err, res.stdout, res.stderr)
	}
	return doc, res
}

func (d modelReport) row(id string) (status, reason string) {
	for _, r := range d.Scorecard {
		if r.ID == id {
			return r.Status, r.Reason
		}
	}
	return "", ""
}

// byRule lists "ruleId operation-or-url" of every finding.
func (d modelReport) byRule() []string {
	var out []string
	for _, f := range d.Findings {
		out = append(out, f.RuleID+" "+f.Location.Operation+" "+f.Location.URL)
	}
	return out
}

func (d modelReport) has(rule, where string) bool {
	for _, f := range d.Findings {
		if f.RuleID == rule && (strings.Contains(f.Location.Operation, where) || strings.Contains(f.Location.URL, where)) {
			return true
		}
	}
	return false
}

// modelServer is a small API on loopback: /products/{id} and /posts are
// public, /me needs a token (member or admin), /stats/summary answers data
// to any valid token (the spec reserves it for admins with x-roles), and
// /orders answers the account its account_id names to any valid token.
// It counts the requests to each path.
func modelServer(t *testing.T) (*httptest.Server, func(string) int) {
	t.Helper()
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		authed := r.Header.Get("Authorization") == "Bearer member-token-1234567890"
		w.Header().Set("Content-Type", "application/json")
		protected := r.URL.Path == "/me" || r.URL.Path == "/stats/summary" || r.URL.Path == "/orders"
		switch {
		case strings.HasPrefix(r.URL.Path, "/products/"):
			w.Write([]byte(`{"id":"p1","name":"lamp","price":12}`))
		case r.URL.Path == "/posts":
			w.Write([]byte(`[{"id":"post1","title":"hello"}]`))
		case r.URL.Path == "/members/m2":
			w.Write([]byte(`{"id":"m2","name":"public profile"}`))
		case protected && !authed:
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":"unauthorized"}`))
		case r.URL.Path == "/me":
			w.Write([]byte(`{"id":"m1","name":"member"}`))
		case r.URL.Path == "/stats/summary":
			w.Write([]byte(`{"revenue":1234567,"signups":42}`))
		case r.URL.Path == "/orders":
			w.Write([]byte(`[{"order":"o9","account_id":"` + r.URL.Query().Get("account_id") + `"}]`))
		default:
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":"not found"}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func(p string) int {
		mu.Lock()
		defer mu.Unlock()
		return hits[p]
	}
}

const modelSpec = `openapi: 3.0.3
info: {title: shop, version: "1"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
security:
  - bearer: []
paths:
  /products/{productId}:
    get:
      operationId: getProduct
      security: []
      parameters:
        - {name: productId, in: path, required: true, schema: {type: string, maxLength: 36}}
      responses: {"200": {description: ok}}
  /posts:
    get:
      operationId: listPosts
      security: [{}, {bearer: []}]
      responses: {"200": {description: ok}}
  /members/{memberId}:
    get:
      operationId: getMember
      security: [{}, {bearer: []}]
      parameters:
        - {name: memberId, in: path, required: true, schema: {type: string, maxLength: 36}}
      responses: {"200": {description: ok}, "401": {description: no}}
  /me:
    get:
      operationId: me
      responses: {"200": {description: ok}, "401": {description: no}}
  /stats/summary:
    get:
      operationId: statsSummary
      x-roles: [admin]
      responses: {"200": {description: ok}, "401": {description: no}}
  /orders:
    get:
      operationId: listOrders
      x-ownership: {param: account_id, owner: caller}
      parameters:
        - {name: account_id, in: query, schema: {type: string, maxLength: 36}}
      responses: {"200": {description: ok}, "401": {description: no}}
  /users/v1/login:
    post:
      operationId: login
      security: []
      requestBody:
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                username: {type: string, maxLength: 64}
                password: {type: string, maxLength: 128}
      responses: {"200": {description: ok}, "429": {description: slow down}}
`

// TestFaultModelLoginUnderUsers: any write to a /users/ path counted as a
// privileged user write, so POST /users/v1/login (security: []) was
// reported as a critical sensitive operation left public, and as a
// privileged operation without roles. It is a login: public by design.
func TestFaultModelLoginUnderUsers(t *testing.T) {
	t.Parallel()
	repo := repoWith(t, map[string]string{"openapi.yaml": modelSpec})
	doc, _ := runModel(t, "--repo", repo.Dir, "--worktree", "--check", "openapi")
	for _, f := range doc.Findings {
		if f.Location.Operation == "POST /users/v1/login" {
			t.Errorf("the login is reported: %s %s: %s", f.RuleID, f.Severity, f.Message)
		}
	}
	if st, _ := doc.row("authentication"); st == "" || st == "not-checked" {
		t.Fatalf("the spec was not checked: %+v", doc.Scorecard)
	}
}

// TestFaultModelPublicIdNotOverridden: an id-like path parameter overrode
// security: [], so GET /products/{productId}, public on purpose, was a
// "sensitive operation left public" in the spec and "unauthenticated
// access" on the preview. security: [] is never overridden; the probes
// never try, let alone report, a public-by-design operation, and the
// member-token probes do not try someone else's id on it either.
func TestFaultModelPublicIdNotOverridden(t *testing.T) {
	t.Parallel()
	srv, hits := modelServer(t)
	repo := repoWith(t, map[string]string{"openapi.yaml": modelSpec,
		".launchready.yml": "probe:\n  object-ids:\n    productId: [{id: p1, owner: member}, {id: p2, owner: other}]\n"})
	doc, _ := runModel(t, "--repo", repo.Dir, "--worktree", "--url", srv.URL, "--allow-loopback",
		"--check", "openapi", "--check", "probe-authn", "--check", "probe-authz", "--member-token", "member-token-1234567890")
	for _, f := range doc.Findings {
		if strings.Contains(f.Location.Operation, "/products/") || strings.Contains(f.Location.URL, "/products/") {
			t.Errorf("the public product is reported: %s: %s", f.RuleID, f.Message)
		}
	}
	if n := hits("/products/p2"); n > 0 {
		t.Errorf("someone else's id was tried %d times on a public operation", n)
	}
	if hits("/products/p1")+hits("/products/1") > 1 {
		// The member token's own product may be fetched once, to see
		// that the token works; never without credentials.
		t.Errorf("the public product was probed: %d, %d", hits("/products/p1"), hits("/products/1"))
	}
	if hits("/me") == 0 {
		t.Error("GET /me, which requires auth, was not tried")
	}
}

// TestFaultModelOptionalAuth: optional auth ({} among the alternatives) was
// not recognised at all. On a sensitive operation the spec alone shows
// it, as a rule of its own; on the preview, an optionally authenticated
// operation answering without credentials is by design, never
// "unauthenticated access".
func TestFaultModelOptionalAuth(t *testing.T) {
	t.Parallel()
	srv, hits := modelServer(t)
	repo := repoWith(t, map[string]string{"openapi.yaml": modelSpec,
		".launchready.yml": "probe:\n  object-ids:\n    memberId: [{id: m2, owner: other}]\n"})
	doc, _ := runModel(t, "--repo", repo.Dir, "--worktree", "--url", srv.URL, "--allow-loopback", "--check", "openapi", "--check", "probe-authn")
	if !doc.has("openapi/optional-auth-sensitive-op", "GET /members/{memberId}") {
		t.Errorf("optional auth on the object-level read is not reported: %q", doc.byRule())
	}
	if doc.has("openapi/optional-auth-sensitive-op", "GET /posts") {
		t.Errorf("optional auth on public posts (not sensitive) is reported: %q", doc.byRule())
	}
	for _, f := range doc.Findings {
		if f.RuleID == "live/unauthenticated-access" {
			t.Errorf("an optionally authenticated operation reported as unauthenticated access: %s", f.Message)
		}
	}
	if hits("/members/m2") > 0 || hits("/posts") > 0 {
		t.Errorf("optionally authenticated operations tried without credentials: members %d, posts %d", hits("/members/m2"), hits("/posts"))
	}
	// The operation that requires auth is still tried, and refuses.
	if hits("/me") == 0 {
		t.Error("GET /me, which requires auth, was not tried")
	}
}

// TestFaultModelXRolesMemberToken: "privileged" came only from words in
// the path, so x-roles: [admin] on GET /stats/summary was ignored by the
// member-token probes. A member token reaching it is the finding; an
// account_id of someone else in the query is tried too.
func TestFaultModelXRolesMemberToken(t *testing.T) {
	t.Parallel()
	srv, hits := modelServer(t)
	repo := repoWith(t, map[string]string{"openapi.yaml": modelSpec,
		".launchready.yml": "probe:\n  object-ids:\n    account_id: [{id: acct-member, owner: member}, {id: acct-victim-77, owner: other}]\n"})
	doc, _ := runModel(t, "--repo", repo.Dir, "--worktree", "--url", srv.URL, "--allow-loopback", "--check", "probe-authz",
		"--member-token", "member-token-1234567890")
	if !doc.has("live/member-reaches-admin", "/stats/summary") {
		t.Errorf("the member token reaching an x-roles: [admin] operation is not reported: %q\n%+v", doc.byRule(), doc.Scorecard)
	}
	for _, f := range doc.Findings {
		if f.RuleID == "live/member-reaches-admin" && !strings.Contains(f.Message, "x-roles: admin") {
			t.Errorf("the message does not say what the spec reserves: %s", f.Message)
		}
	}
	if !doc.has("live/bola", "/orders") {
		t.Errorf("someone else's account_id in the query is not reported: %q", doc.byRule())
	}
	if hits("/me") == 0 {
		t.Error("the token was not checked against an endpoint that needs it")
	}
}

// TestFaultModelRelatedLocations: a spec that declares no security gave one
// finding at line 1 naming three operations "such as": a reviewer or a
// script could not reach the others. The finding points at the first
// operation and lists every one it covers, in JSON (related) and SARIF
// (relatedLocations).
func TestFaultModelRelatedLocations(t *testing.T) {
	t.Parallel()
	spec := `openapi: 3.0.3
info: {title: no security, version: "1"}
paths:
  /admin/a:
    get:
      responses: {"200": {description: ok}}
  /admin/b:
    get:
      responses: {"200": {description: ok}}
  /admin/c:
    get:
      responses: {"200": {description: ok}}
  /admin/d:
    delete:
      responses: {"204": {description: ok}}
`
	repo := repoWith(t, map[string]string{"api/openapi.yaml": spec})
	doc, jres := runModel(t, "--repo", repo.Dir, "--worktree", "--check", "openapi")
	validateAgainst(t, "../../docs/report.schema.json", jres.stdout)
	var rel []string
	for _, f := range doc.Findings {
		if f.RuleID != "openapi/auth-unknown" {
			continue
		}
		if f.Location.StartLine != 5 || f.Location.Path != "api/openapi.yaml" {
			t.Errorf("auth-unknown at %s:%d, want the first operation, api/openapi.yaml:5", f.Location.Path, f.Location.StartLine)
		}
		for _, r := range f.Related {
			rel = append(rel, r.Path+":"+itoa(r.StartLine)+" "+r.Method+" "+r.Operation)
		}
	}
	want := []string{"api/openapi.yaml:5 GET GET /admin/a", "api/openapi.yaml:8 GET GET /admin/b", "api/openapi.yaml:11 GET GET /admin/c", "api/openapi.yaml:14 DELETE DELETE /admin/d"}
	if strings.Join(rel, "|") != strings.Join(want, "|") {
		t.Errorf("related %q, want %q", rel, want)
	}

	res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--check", "openapi", "--format", "sarif")
	validateAgainst(t, "../../internal/annotate/testdata/sarif-schema-2.1.0.json", res.stdout)
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID           string `json:"ruleId"`
				RelatedLocations []struct {
					ID               int `json:"id"`
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
					Message struct{ Text string } `json:"message"`
				} `json:"relatedLocations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &sarif); err != nil || len(sarif.Runs) != 1 {
		t.Fatalf("not SARIF (exit %d): %v\n%s", res.code, err, res.stderr)
	}
	var srel []string
	for _, r := range sarif.Runs[0].Results {
		if strings.HasPrefix(r.RuleID, "openapi/auth-unknown") {
			for _, l := range r.RelatedLocations {
				srel = append(srel, itoa(l.ID)+" "+l.PhysicalLocation.ArtifactLocation.URI+":"+itoa(l.PhysicalLocation.Region.StartLine)+" "+l.Message.Text)
			}
		}
	}
	wantS := []string{"1 api/openapi.yaml:5 GET /admin/a", "2 api/openapi.yaml:8 GET /admin/b", "3 api/openapi.yaml:11 GET /admin/c", "4 api/openapi.yaml:14 DELETE /admin/d"}
	if strings.Join(srel, "|") != strings.Join(wantS, "|") {
		t.Errorf("SARIF related %q, want %q", srel, wantS)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
