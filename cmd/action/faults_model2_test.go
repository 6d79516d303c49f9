package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
)

// The exposure-model faults an outside attack on the model found (issue
// 15, second round). The specs are the tester's own, in
// testdata/faults/model2.

func model2Spec(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "faults", "model2", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// model2Report is the part of the JSON report these cases read, with the
// related locations' count of those left out.
type model2Report struct {
	Findings []struct {
		RuleID, Severity, Message string
		Location                  struct {
			Path, Operation, OperationID, Pointer, URL string
			StartLine                                  int
		}
		Related []struct {
			Path, Method, Operation string
			StartLine               int
		}
		RelatedOmitted int
	}
}

func (d model2Report) rules(op string) []string {
	var out []string
	for _, f := range d.Findings {
		if f.Location.Operation == op || strings.Contains(f.Location.URL, op) {
			out = append(out, f.RuleID)
		}
	}
	return out
}

func runModel2(t *testing.T, format string, args ...string) (model2Report, string) {
	t.Helper()
	res := runCLI(t, nil, append(args, "--format", format)...)
	var doc model2Report
	if format == "json" {
		if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
			t.Fatalf("exit %d, not JSON: %v\nstdout:\n%s\nstderr:\n%s", res.code, err, res.stdout, res.stderr)
		}
	}
	return doc, res.stdout
}

// TestFaultModelCredentialPathsStayPrivileged: a last path segment named
// token, session, MFA or reset made an operation a login (public by
// design) and skipped every privilege signal of its path, so DELETE
// /users/{userId}/mfa, POST /admin/users/{userId}/token and POST
// /admin/users/{userId}/reset-password left without security got no
// finding, and with security: [] were "open by design". Only an
// unparameterised, non-admin login, reset or OTP step is.
func TestFaultModelCredentialPathsStayPrivileged(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		spec, rule string
		ops        []string
	}{
		{"s14.openapi.yaml", "openapi/sensitive-op-without-auth", []string{"DELETE /users/{userId}/mfa", "POST /admin/users/{userId}/token", "POST /admin/users/{userId}/reset-password"}},
		{"s1.openapi.yaml", "openapi/sensitive-op-public", []string{"DELETE /users/{userId}/mfa", "POST /admin/users/{userId}/token", "POST /api/v1/users/{userId}/lifecycle/reset_password"}},
	} {
		repo := repoWith(t, map[string]string{"openapi.yaml": model2Spec(t, c.spec)})
		doc, _ := runModel2(t, "json", "--repo", repo.Dir, "--worktree", "--check", "openapi")
		for _, op := range c.ops {
			if rs := doc.rules(op); !strings.Contains(strings.Join(rs, " "), c.rule) {
				t.Errorf("%s: %s is not reported as %s: %q", c.spec, op, c.rule, rs)
			}
		}
	}
	// The real logins, resets and token endpoints stay public by design.
	repo := repoWith(t, map[string]string{"openapi.yaml": model2Spec(t, "s2.openapi.yaml")})
	doc, _ := runModel2(t, "json", "--repo", repo.Dir, "--worktree", "--check", "openapi")
	for _, op := range []string{"POST /users/v1/login", "POST /auth/token", "POST /api/session", "POST /v2/password/forgot"} {
		for _, f := range doc.Findings {
			if f.Location.Operation == op && strings.HasPrefix(f.RuleID, "openapi/sensitive-op") {
				t.Errorf("the login %s is reported: %s: %s", op, f.RuleID, f.Message)
			}
		}
	}
}

// TestFaultModelOperationIdNotPublic: words of an operationId (docs,
// tokens, oauth, refresh, ...) and the path words oauth and callback made
// an operation public by design, so GET /users/{userId}/documents named
// listUserDocs, GET /oauth/clients returning client_secret and GitHub's
// oauth-authorizations/list-grants returning tokens got nothing, and the
// probes never tried listUserDocs without credentials.
func TestFaultModelOperationIdNotPublic(t *testing.T) {
	t.Parallel()
	repo := repoWith(t, map[string]string{"openapi.yaml": model2Spec(t, "s9.openapi.yaml")})
	doc, _ := runModel2(t, "json", "--repo", repo.Dir, "--worktree", "--check", "openapi")
	for _, op := range []string{"GET /users/{userId}/documents", "GET /users/{userId}/files", "GET /oauth/clients", "GET /applications/grants"} {
		if rs := doc.rules(op); !strings.Contains(strings.Join(rs, " "), "openapi/sensitive-op-without-auth") {
			t.Errorf("%s is not reported as a sensitive operation without auth: %q", op, rs)
		}
	}

	srv, hits := model2Server(t)
	repo = repoWith(t, map[string]string{"openapi.yaml": model2Spec(t, "p3.openapi.yaml")})
	doc, _ = runModel2(t, "json", "--repo", repo.Dir, "--worktree", "--url", srv.URL, "--allow-loopback", "--check", "probe-authn")
	if hits("anon /api/users/") == 0 {
		t.Fatal("GET /api/users/{userId}/documents (listUserDocs) was never tried without credentials")
	}
	found := false
	for _, f := range doc.Findings {
		found = found || f.RuleID == "live/unauthenticated-access" && strings.Contains(f.Location.URL, "/documents")
	}
	if !found {
		t.Errorf("the documents answering without credentials are not reported: %+v", doc.Findings)
	}
}

// model2Server answers JSON data to the member token everywhere, and to
// requests without credentials only on /api/users/*/documents (which
// should refuse them); it counts requests by "anon " or "member " and
// path.
func model2Server(t *testing.T) (*httptest.Server, func(string) int) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who := "anon "
		if r.Header.Get("Authorization") == "Bearer member-token-1234567890" {
			who = "member "
		}
		mu.Lock()
		seen = append(seen, who+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasPrefix(r.URL.Path, "/launchready-"):
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":"not found"}`))
		case who == "member " || strings.HasPrefix(r.URL.Path, "/api/users/") && strings.HasSuffix(r.URL.Path, "/documents"):
			fmt.Fprintf(w, `{"data":[{"id":"d1","name":"record for %s","owner":"someone"}]}`, r.URL.Path)
		default:
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":"unauthorized"}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func(prefix string) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, s := range seen {
			if strings.HasPrefix(s, prefix) {
				n++
			}
		}
		return n
	}
}

// TestFaultModelMemberRolesNotAdmin: live/member-reaches-admin (critical)
// fired on operations the spec grants to members (x-roles: [member,
// admin], x-required-roles: [user, billing-admin]) and on a "Support"
// tag; and x-roles on the path item, or as a map ({admin: true}), was
// lost or read as the role "true".
func TestFaultModelMemberRolesNotAdmin(t *testing.T) {
	t.Parallel()
	srv, hits := model2Server(t)
	repo := repoWith(t, map[string]string{"openapi.yaml": model2Spec(t, "p3.openapi.yaml")})
	doc, _ := runModel2(t, "json", "--repo", repo.Dir, "--worktree", "--url", srv.URL, "--allow-loopback", "--check", "probe-authz",
		"--member-token", "member-token-1234567890")
	for _, op := range []string{"/api/projects", "/api/me/invoices", "/api/help/articles"} {
		for _, f := range doc.Findings {
			if f.RuleID == "live/member-reaches-admin" && strings.HasSuffix(f.Location.URL, op) {
				t.Errorf("an operation the spec grants to members is reported: %s", f.Message)
			}
		}
	}
	want := map[string]bool{"/api/panel": false, "/api/orgs/": false}
	for _, f := range doc.Findings {
		if f.RuleID != "live/member-reaches-admin" {
			continue
		}
		if strings.Contains(f.Message, "x-roles: true") {
			t.Errorf("the map form is read as the role \"true\": %s", f.Message)
		}
		for p := range want {
			if strings.Contains(f.Location.URL, p) && strings.Contains(f.Message, "x-roles: admin") {
				want[p] = true
			}
		}
	}
	for p, ok := range want {
		if !ok {
			t.Errorf("the member token reaching %s (x-roles: admin on the path item or as a map) is not reported with its role: %+v", p, doc.Findings)
		}
	}
	if hits("member /api/panel") == 0 {
		t.Error("the path item's x-roles: [admin] operation was not tried with the member token")
	}
}

// TestFaultModelNullableTypes: OAS 3.1 type lists ([integer, "null"],
// [string, "null"]) were missed by unbounded-number and
// url-input-unrestricted.
func TestFaultModelNullableTypes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ spec, rule, op, field string }{
		{"s4.openapi.yaml", "openapi/unbounded-number", "GET /v1/list", `"query parameter limit"`},
		{"s4.openapi.yaml", "openapi/unbounded-number", "POST /v1/refunds", `"amount"`},
		{"s12.openapi.yaml", "openapi/url-input-unrestricted", "POST /imports", `"avatar_url"`},
	} {
		repo := repoWith(t, map[string]string{"openapi.yaml": model2Spec(t, c.spec)})
		doc, _ := runModel2(t, "json", "--repo", repo.Dir, "--worktree", "--check", "openapi")
		ok := false
		for _, f := range doc.Findings {
			ok = ok || f.RuleID == c.rule && f.Location.Operation == c.op && strings.Contains(f.Message, c.field)
		}
		if !ok {
			t.Errorf("%s: %s on %s does not name %s: %+v", c.spec, c.rule, c.op, c.field, doc.Findings)
		}
	}
}

// rawUnsafe lists the characters of s a terminal would act on or a reader
// cannot see (controls but \n, \t and \r between JSON tokens, bidi
// controls, line separators, formatting characters).
func rawUnsafe(s string, allowLayout bool) []string {
	var out []string
	for _, r := range s {
		if allowLayout && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r) {
			out = append(out, fmt.Sprintf("U+%04X", r))
		}
	}
	return out
}

// TestFaultModelReportsEscapeSpecText: JSON and SARIF carried raw ESC,
// BEL, CR, LF, bidi and invisible characters from spec paths and
// operationIds in messages and related labels. The documents now hold
// every such character as a \u escape (the decoded data is unchanged),
// and messages and SARIF related messages quote spec text.
func TestFaultModelReportsEscapeSpecText(t *testing.T) {
	t.Parallel()
	repo := repoWith(t, map[string]string{"openapi.json": model2Spec(t, "s11.openapi.json"), "admin/openapi.json": model2Spec(t, "s6.openapi.json")})
	args := []string{"--repo", repo.Dir, "--worktree", "--check", "openapi"}
	doc, raw := runModel2(t, "json", args...)
	if bad := rawUnsafe(raw, true); len(bad) > 0 {
		t.Errorf("the JSON report holds raw %v", bad)
	}
	validateAgainst(t, filepath.Join("..", "..", "docs", "report.schema.json"), raw)
	lossless := false
	for _, f := range doc.Findings {
		if bad := rawUnsafe(f.Message, false); len(bad) > 0 {
			t.Errorf("a message carries raw %v: %q", bad, f.Message)
		}
		lossless = lossless || f.Location.Operation == "GET /admin/\u202eexport\x1b[2J\nx" && f.Location.OperationID == "x\x1b]0;TITLE\a"
	}
	if !lossless {
		t.Errorf("the operation and operationId are not kept exactly in the JSON data: %+v", doc.Findings)
	}
	_, sarif := runModel2(t, "sarif", args...)
	if bad := rawUnsafe(sarif, true); len(bad) > 0 {
		t.Errorf("the SARIF log holds raw %v", bad)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Message          struct{ Text string }
				RelatedLocations []struct{ Message struct{ Text string } }
			}
		}
	}
	if err := json.Unmarshal([]byte(sarif), &log); err != nil || len(log.Runs) == 0 {
		t.Fatalf("not SARIF: %v", err)
	}
	related := 0
	for _, r := range log.Runs[0].Results {
		if bad := rawUnsafe(r.Message.Text, false); len(bad) > 0 {
			t.Errorf("a SARIF message carries raw %v: %q", bad, r.Message.Text)
		}
		for _, l := range r.RelatedLocations {
			related++
			if bad := rawUnsafe(l.Message.Text, false); len(bad) > 0 {
				t.Errorf("a SARIF related message carries raw %v: %q", bad, l.Message.Text)
			}
		}
	}
	if related == 0 {
		t.Error("no related locations: the aggregated finding of admin/openapi.json is missing")
	}
}

// TestFaultModelAdminRoleExtensionSetsApart: openapi/admin-same-requirement
// flagged GET /admin/users that declares x-roles: [admin] beside the
// bearer scheme every operation uses: the role extension sets it apart.
func TestFaultModelAdminRoleExtensionSetsApart(t *testing.T) {
	t.Parallel()
	repo := repoWith(t, map[string]string{"openapi.yaml": model2Spec(t, "s12.openapi.yaml")})
	doc, _ := runModel2(t, "json", "--repo", repo.Dir, "--worktree", "--check", "openapi")
	for _, f := range doc.Findings {
		if f.RuleID == "openapi/admin-same-requirement" {
			t.Errorf("an x-roles: [admin] operation is said to require what ordinary ones do: %s", f.Message)
		}
	}
}

// TestFaultModelRelatedFileDecoded: a path item in "p/a b#%[x].yaml",
// referenced as p/a%20b%23%25%5Bx%5D.yaml, was located at the encoded
// $ref text (and SARIF encoded it twice), and the finding itself at line
// 1 of the root file.
func TestFaultModelRelatedFileDecoded(t *testing.T) {
	t.Parallel()
	const file = "p/a b#%[x].yaml"
	repo := repoWith(t, map[string]string{"openapi.yaml": model2Spec(t, "s15.openapi.yaml"), file: model2Spec(t, "s15-item.yaml")})
	args := []string{"--repo", repo.Dir, "--worktree", "--check", "openapi"}
	doc, _ := runModel2(t, "json", args...)
	n := 0
	for _, f := range doc.Findings {
		if f.RuleID != "openapi/auth-unknown" {
			continue
		}
		n++
		if f.Location.Path != file {
			t.Errorf("the finding is at %q, not in the operation's file %q", f.Location.Path, file)
		}
		if len(f.Related) != 1 || f.Related[0].Path != file {
			t.Errorf("related: %+v, want the decoded path %q", f.Related, file)
		}
	}
	if n != 1 {
		t.Fatalf("%d auth-unknown findings: %+v", n, doc.Findings)
	}
	_, sarif := runModel2(t, "sarif", args...)
	const uri = `"uri": "p/a%20b%23%25%5Bx%5D.yaml"`
	if strings.Count(sarif, uri) != 2 || strings.Contains(sarif, "%2520") {
		t.Errorf("SARIF URIs are not the file's name encoded once (want %s for the result and its related location):\n%s", uri, sarif)
	}
}

// TestFaultModelRelatedCapped: a finding that sums up 28,000 operations
// listed every one in JSON related (a 20 MB report). JSON keeps at most
// 1,000, like SARIF, and counts the rest.
func TestFaultModelRelatedCapped(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n")
	for i := 0; i < 1100; i++ {
		fmt.Fprintf(&b, "  /admin/r%d:\n    get:\n      responses: {'200': {description: ok}}\n", i)
	}
	repo := repoWith(t, map[string]string{"openapi.yaml": b.String()})
	doc, raw := runModel2(t, "json", "--repo", repo.Dir, "--worktree", "--check", "openapi")
	validateAgainst(t, filepath.Join("..", "..", "docs", "report.schema.json"), raw)
	n := 0
	for _, f := range doc.Findings {
		if len(f.Related) > 1000 {
			t.Errorf("%s lists %d related locations", f.RuleID, len(f.Related))
		}
		if f.RuleID == "openapi/auth-unknown" {
			n++
			if len(f.Related) != 1000 || f.RelatedOmitted != 100 {
				t.Errorf("auth-unknown: %d related, %d omitted; want 1000 and 100", len(f.Related), f.RelatedOmitted)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d auth-unknown findings", n)
	}
}

// TestFaultModelBurstLoginUnderUsers: the rate-limit burst refused POST
// /users/v1/login because any path with users in it was not a login. The
// model's login kind (unparameterised, not admin) is burst; a token
// endpoint under a user id never is.
func TestFaultModelBurstLoginUnderUsers(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	posts := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			mu.Lock()
			posts[r.URL.Path]++
			mu.Unlock()
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":"invalid credentials"}`))
		case r.URL.Path == "/":
			w.Write([]byte(`{"name":"api"}`))
		default:
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":"not found"}`))
		}
	}))
	t.Cleanup(srv.Close)
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
security: [{bearer: []}]
paths:
  /users/v1/login:
    post:
      operationId: login
      security: []
      requestBody: {content: {application/json: {schema: {type: object, additionalProperties: false, properties: {username: {type: string, maxLength: 64}, password: {type: string, maxLength: 64}}}}}}
      responses: {"200": {description: ok}, "429": {description: slow down}}
  /users/{userId}/token:
    post:
      operationId: mintToken
      security: []
      parameters: [{name: userId, in: path, required: true, schema: {type: string, maxLength: 9}}]
      responses: {"200": {description: ok}}
`
	repo := repoWith(t, map[string]string{"openapi.yaml": spec, ".launchready.yml": "probe:\n  allow-post: true\n"})
	res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", srv.URL, "--allow-loopback", "--check", "probe-ratelimit", "--format", "json")
	mu.Lock()
	defer mu.Unlock()
	if posts["/users/v1/login"] < 2 || posts["/users/v1/login"] > 30 {
		t.Errorf("%d POSTs to /users/v1/login, want a burst of at most 30\n%s", posts["/users/v1/login"], res.stdout)
	}
	for p, n := range posts {
		if p != "/users/v1/login" {
			t.Errorf("%d POSTs to %s, which is not a login", n, p)
		}
	}
}
