package main

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/emailauth/dnstest"
)

// goodDKIMKey is the p= value of a 2048-bit RSA key (from the good
// fixture zone).
func goodDKIMKey(t *testing.T) string {
	t.Helper()
	zone, err := os.ReadFile(filepath.Join("..", "..", "testdata", "email", "fp", "good.zone"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^mailer\._domainkey\.good\.test\. 300 IN TXT "v=DKIM1; k=rsa; p=(.+)"\s*$`).FindSubmatch(zone)
	if m == nil {
		t.Fatal("no 2048-bit key in testdata/email/fp/good.zone")
	}
	// The record is split into several strings: "..." "...".
	return regexp.MustCompile(`"\s*"`).ReplaceAllString(string(m[1]), "")
}

// mailZone is example.com done right except for what the case changes:
// spf, dmarc and dkim replace the SPF record, the DMARC record and the
// google selector's record; extra is appended.
func mailZone(spf, dmarc, dkim, extra string) string {
	var b strings.Builder
	if spf != "" {
		b.WriteString("example.com. 300 IN TXT \"" + spf + "\"\n")
	}
	if dmarc != "" {
		b.WriteString("_dmarc.example.com. 300 IN TXT \"" + dmarc + "\"\n")
	}
	if dkim != "" {
		b.WriteString("google._domainkey.example.com. 300 IN TXT \"" + dkim + "\"\n")
	}
	b.WriteString("example.com. 300 IN MX 10 mx.example.com.\nmx.example.com. 300 IN A 192.0.2.10\n")
	b.WriteString("mail.example.com. 300 IN MX 10 mx.example.com.\n")
	b.WriteString(extra)
	return b.String()
}

// TestFaultEmailFalsePasses: mail-domain records that leave the domain
// open were graded as passing (or only warned about). Each runs through
// run(...) against a real DNS server on loopback; the email row must fail
// with the named rule at the named severity.
func TestFaultEmailFalsePasses(t *testing.T) {
	t.Parallel()
	key := goodDKIMKey(t)
	goodDKIM := "v=DKIM1; k=rsa; p=" + key
	goodDMARC := "v=DMARC1; p=reject; rua=mailto:d@example.com"
	cases := []struct {
		name, domain, zone, rule, severity, says string
	}{
		{"include that passes everything", "example.com",
			mailZone("v=spf1 include:_spf.example.com -all", goodDMARC, goodDKIM, "_spf.example.com. 300 IN TXT \"v=spf1 +all\"\n"),
			"email/spf-pass-all", "critical", "include:_spf.example.com → +all"},
		{"first all wins", "example.com", mailZone("v=spf1 +all -all", goodDMARC, goodDKIM, ""),
			"email/spf-pass-all", "critical", "first matching term"},
		{"every address", "example.com", mailZone("v=spf1 ip4:0.0.0.0/0 ip6:::/0 -all", goodDMARC, goodDKIM, ""),
			"email/spf-pass-all", "critical", "ip4:0.0.0.0/0"},
		{"a /8", "example.com", mailZone("v=spf1 ip4:10.0.0.0/8 -all", goodDMARC, goodDKIM, ""),
			"email/spf-broad-range", "high", "ip4:10.0.0.0/8"},
		{"an ipv6 /12", "example.com", mailZone("v=spf1 ip6:2000::/12 -all", goodDMARC, goodDKIM, ""),
			"email/spf-broad-range", "high", "ip6:2000::/12"},
		{"revoked key only", "example.com", mailZone("v=spf1 ip4:192.0.2.0/24 -all", goodDMARC, "v=DKIM1; k=rsa; p=", ""),
			"email/dkim-no-usable-key", "high", "none holds a key that can verify"},
		{"testing-mode key", "example.com", mailZone("v=spf1 ip4:192.0.2.0/24 -all", goodDMARC, "v=DKIM1; k=rsa; t=y; p="+key, ""),
			"email/dkim-testing", "medium", "t=y"},
		{"inherited sp=none", "mail.example.com",
			mailZone("v=spf1 ip4:192.0.2.0/24 -all", "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com", goodDKIM,
				"mail.example.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\ngoogle._domainkey.mail.example.com. 300 IN TXT \""+goodDKIM+"\"\n"),
			"email/dmarc-policy-none", "high", "sp=none"},
		{"duplicate p", "example.com", mailZone("v=spf1 ip4:192.0.2.0/24 -all", "v=DMARC1; p=none; p=reject; rua=mailto:d@example.com", goodDKIM, ""),
			"email/dmarc-syntax", "high", "appears more than once"},
	}
	t.Run("the good zone passes", func(t *testing.T) {
		t.Parallel()
		dns, err := dnstest.Start(mailZone("v=spf1 ip4:192.0.2.0/24 include:_spf.example.com -all", goodDMARC, goodDKIM, "_spf.example.com. 300 IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(dns.Close)
		doc, res := runJSON(t, "--repo", repoWith(t, nil).Dir, "--check", "email", "--domain", "example.com", "--dns-server", dns.Addr)
		if status, reason := doc.row("email"); status != "pass" {
			t.Errorf("email row %s (%s), want pass; findings %+v\n%s", status, reason, doc.Findings, res.stderr)
		}
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dns, err := dnstest.Start(c.zone)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(dns.Close)
			r := repoWith(t, nil)
			doc, res := runJSON(t, "--repo", r.Dir, "--check", "email", "--domain", c.domain, "--dns-server", dns.Addr)
			var got []string
			found := false
			for _, f := range doc.Findings {
				got = append(got, f.Severity+" "+f.RuleID+": "+f.Message)
				if f.RuleID == c.rule && f.Severity == c.severity && strings.Contains(f.Message, c.says) {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s %s finding saying %q; findings:\n%s", c.severity, c.rule, c.says, strings.Join(got, "\n"))
			}
			status, _ := doc.row("email")
			want := "fail"
			if c.severity == "medium" {
				want = "warn"
			}
			if status != want {
				t.Errorf("email row %s, want %s (exit %d)\n%s", status, want, res.code, strings.Join(got, "\n"))
			}
		})
	}
}

// TestFaultWaiveInvisibleReason: a waive reason of a zero-width space (or
// other invisible characters only) was accepted and showed as an empty
// reason. It is a config error at its line, and nothing is waived.
func TestFaultWaiveInvisibleReason(t *testing.T) {
	t.Parallel()
	for _, reason := range []string{`"\u200b"`, `"\u2060\u200d\ufeff"`, `"\u00a0\u3000\t"`, `"\u202e"`} {
		r := repoWith(t, map[string]string{".launchready.yml": "fail-on: high\nwaive:\n  email: " + reason + "\n"})
		res := runCLI(t, nil, "--repo", r.Dir, "--format", "json")
		if res.code != exitUsage || !strings.Contains(res.stderr, ".launchready.yml:3: waive: row email has no reason") || !strings.Contains(res.stderr, "invisible characters") {
			t.Errorf("waive reason %s: exit %d, want %d with the line and why\nstderr: %s", reason, res.code, exitUsage, res.stderr)
		}
		if strings.Contains(res.stdout, `"waived"`) {
			t.Errorf("waive reason %s: a row was waived\n%s", reason, res.stdout)
		}
	}
	// A visible reason after a zero-width space is still a reason.
	r := repoWith(t, map[string]string{".launchready.yml": "waive:\n  email: \"\\u200bthis app sends no mail\"\n"})
	if res := runCLI(t, nil, "--repo", r.Dir, "--check", "email", "--format", "json"); res.code == exitUsage {
		t.Errorf("a visible reason refused: %s", res.stderr)
	}
}

// deployWorkflow is a production deploy job with a protected environment
// and no rollback of its own.
const deployWorkflow = `name: ci
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - run: kubectl apply -f k8s/
`

// TestFaultDeployRollbackWord: the word "rollback" anywhere in the README
// (even "we have no rollback plan") made Deployment safety pass. A
// rollback path is now a real one: a rollback command, a rollback job, a
// workflow_dispatch ref input, or steps under a rollback heading; negated
// mentions never count.
func TestFaultDeployRollbackWord(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, readme, workflow string
		pass                   bool
	}{
		{"negated mention", "# api\n\nWe have no rollback plan and cannot revert a release.\n", deployWorkflow, false},
		{"bare word", "# api\n\nRollback: ask Sam.\n", deployWorkflow, false},
		{"empty heading", "# api\n\n## Rollback\n\nTBD.\n\n## Contributing\n\n- open a PR\n", deployWorkflow, false},
		{"procedure", "# api\n\n## Rolling back\n\n1. Find the previous image tag in the release list.\n2. Run `kubectl set image deploy/api api=ghcr.io/acme/api:TAG`.\n", deployWorkflow, true},
		{"rollout undo in the workflow", "# api\n", deployWorkflow + "  undo:\n    runs-on: ubuntu-latest\n    if: failure()\n    needs: deploy\n    environment: production\n    steps:\n      - run: kubectl rollout undo deployment/api\n", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := repoWith(t, map[string]string{"README.md": c.readme, ".github/workflows/deploy.yml": c.workflow})
			doc, res := runJSON(t, "--repo", r.Dir, "--check", "deploy")
			status, reason := doc.row("deployment")
			hasFinding := false
			for _, f := range doc.Findings {
				if f.RuleID == "deploy/no-rollback-path" {
					hasFinding = true
				}
			}
			if c.pass && (status != "pass" || hasFinding) {
				t.Errorf("deployment row %s (%s), rollback finding %v; want pass\n%s", status, reason, hasFinding, res.stdout)
			}
			if !c.pass && (status == "pass" || !hasFinding) {
				t.Errorf("deployment row %s (%s), rollback finding %v; want deploy/no-rollback-path\n%s", status, reason, hasFinding, res.stdout)
			}
		})
	}
}

// exportOp is a public admin export returning emails and passwords, in
// OpenAPI 3 and Swagger 2.0, indented to sit under a path item at indent.
func exportOp(swagger bool, indent string) string {
	op := `get:
  operationId: exportMembers
  security: []
  responses:
    "200":
      description: all members
      content:
        application/json:
          schema:
            type: array
            items:
              type: object
              properties: {email: {type: string}, password: {type: string}}
`
	if swagger {
		op = `get:
  operationId: exportMembers
  security: []
  produces: [application/json]
  responses:
    "200":
      description: all members
      schema:
        type: array
        items:
          type: object
          properties: {email: {type: string}, password: {type: string}}
`
	}
	var b strings.Builder
	for _, l := range strings.SplitAfter(strings.TrimSuffix(op, "\n"), "\n") {
		b.WriteString(indent + l)
	}
	return b.String() + "\n"
}

const (
	oas3Head = `openapi: 3.0.3
info: {title: members, version: "1"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /status:
    get:
      security: []
      responses: {"200": {description: ok}}
`
	swaggerHead = `swagger: "2.0"
info: {title: members, version: "1"}
securityDefinitions:
  key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /status:
    get:
      security: []
      responses: {"200": {description: ok}}
`
)

// TestFaultSpecOperationsDropped: path items reached through a $ref chain
// or an internal $ref outside paths: lost their operations, and the spec's
// rows passed on the rest. Each layout must find the public export of
// emails and passwords exactly as the inline spec does; a JSON spec with a
// byte order mark loads.
func TestFaultSpecOperationsDropped(t *testing.T) {
	t.Parallel()
	// at is where the operation is (its get: key).
	cases := []struct {
		name, at string
		files    map[string]string
	}{
		{"inline", "openapi.yaml:13", map[string]string{"openapi.yaml": oas3Head + "  /admin/members/export:\n" + exportOp(false, "    ")}},
		{"swagger x-paths", "swagger.yaml:15", map[string]string{"swagger.yaml": swaggerHead + "  /admin/members/export:\n    $ref: '#/x-paths/export'\nx-paths:\n  export:\n" + exportOp(true, "    ")}},
		{"oas3 file chain", "paths/admin/b.yaml:1", map[string]string{"openapi.yaml": oas3Head + "  /admin/members/export:\n    $ref: 'paths/a.yaml'\n",
			"paths/a.yaml": "$ref: 'admin/b.yaml'\n", "paths/admin/b.yaml": exportOp(false, "")}},
		{"oas3 internal chain", "openapi.yaml:17", map[string]string{"openapi.yaml": oas3Head + "  /admin/members/export:\n    $ref: '#/x-a'\nx-a:\n  $ref: '#/x-b'\nx-b:\n" + exportOp(false, "  ")}},
		{"json with a byte order mark", "openapi.json:6", map[string]string{"openapi.json": "\ufeff" + `{"openapi": "3.0.3", "info": {"title": "members", "version": "1"},
 "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
 "security": [{"key": []}],
 "paths": {
  "/status": {"get": {"security": [], "responses": {"200": {"description": "ok"}}}},
  "/admin/members/export": {"get": {"operationId": "exportMembers", "security": [], "responses": {"200": {"description": "all members",
    "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {"email": {"type": "string"}, "password": {"type": "string"}}}}}}}}}}
 }}
`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := repoWith(t, c.files)
			doc, res := runJSON(t, "--repo", r.Dir, "--check", "openapi")
			found := false
			var got []string
			for _, f := range doc.Findings {
				got = append(got, f.Severity+" "+f.RuleID+" "+f.Location.Operation+": "+f.Message)
				if f.RuleID == "openapi/sensitive-op-public" && f.Severity == "critical" && strings.Contains(f.Location.Operation, "/admin/members/export") {
					found = true
					if at := fmt.Sprintf("%s:%d", f.Location.Path, f.Location.StartLine); at != c.at {
						t.Errorf("the finding is at %s, want %s (the operation)", at, c.at)
					}
				}
			}
			if !found {
				t.Errorf("no critical openapi/sensitive-op-public on GET /admin/members/export (exit %d); findings:\n%s", res.code, strings.Join(got, "\n"))
			}
			if status, reason := doc.row("authentication"); status != "fail" {
				t.Errorf("authentication row %s (%s), want fail", status, reason)
			}
		})
	}
}

// TestFaultSpecUnresolvedPathItemNotChecked: a path item whose $ref chain
// ends at no operations is never silently dropped: the spec is not
// loaded, and its rows are not checked, naming the path.
func TestFaultSpecUnresolvedPathItemNotChecked(t *testing.T) {
	t.Parallel()
	r := repoWith(t, map[string]string{"openapi.yaml": oas3Head + "  /admin/members/export:\n    $ref: 'paths/a.yaml'\n",
		"paths/a.yaml": "$ref: 'b.yaml'\n", "paths/b.yaml": "$ref: 'a.yaml'\n"})
	doc, res := runJSON(t, "--repo", r.Dir, "--check", "openapi")
	status, reason := doc.row("authentication")
	if status == "pass" {
		t.Errorf("authentication row passes with a path item that resolves to nothing (%s)\n%s", reason, res.stdout)
	}
	named := false
	for _, f := range doc.Findings {
		if f.RuleID == "openapi/spec-unloadable" && strings.Contains(f.Message, "/admin/members/export") {
			named = true
		}
	}
	if !named || status != "not-checked" {
		t.Errorf("authentication row %s (%s); want not checked with a finding naming /admin/members/export\n%s", status, reason, res.stdout)
	}
}

// notFoundEverywhere answers 404, with good security headers, to every
// path except those in answers (path → status).
func notFoundEverywhere(t *testing.T, answers map[string]int) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Type", "text/html")
		if st, ok := answers[r.URL.Path]; ok {
			w.WriteHeader(st)
			fmt.Fprint(w, `<html><body>`+http.StatusText(st)+`</body></html>`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "<html><body><h1>Not Found</h1><p>%s</p></body></html>", html.EscapeString(r.URL.Path))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestFaultProbeNotFoundEverywhere: a preview answering 404 to every path,
// / included, passed Authentication ("13 sensitive endpoints tried" then), CORS
// and Input validation: no app is there, and its 404s are no refusals.
// Those rows are now not checked, asking whether the URL is the app's. An
// app that refuses with 401 where / is 404 (an API without a home page)
// is still judged.
func TestFaultProbeNotFoundEverywhere(t *testing.T) {
	t.Parallel()
	rep, res := probeRun(t, notFoundEverywhere(t, nil), "")
	for _, row := range []string{"authentication", "cors", "input-validation"} {
		wantNotChecked(t, rep, row, "answers 404 to every path probed, including /", "is the URL the app's?")
	}
	if rep.Verdict == "pass" {
		t.Errorf("verdict pass with no app at the URL (exit %d)", res.code)
	}

	// An API without a home page: / is 404, the sensitive endpoints and
	// the spec's operation refuse with 401.
	spec := oas3Head + "  /api/members:\n    get:\n      responses: {\"200\": {description: ok}, \"401\": {description: no}}\n"
	answers := map[string]int{"/api/members": 401}
	for _, p := range []string{"/admin", "/api/admin", "/api/users", "/users", "/api/me", "/me", "/account", "/api/account", "/debug", "/metrics", "/api/v1/users", "/internal", "/graphql"} {
		answers[p] = 401
	}
	repo := repoWith(t, map[string]string{"openapi.yaml": spec})
	out := runCLI(t, nil, "--repo", repo.Dir, "--url", notFoundEverywhere(t, answers), "--allow-loopback", "--format", "json", "--fail-on", "critical")
	var api probeReport
	if err := json.Unmarshal([]byte(out.stdout), &api); err != nil {
		t.Fatalf("exit %d, no JSON: %v\n%s", out.code, err, out.stderr)
	}
	if status, reason := api.row(t, "authentication"); strings.Contains(reason, "answers 404 to every path") {
		t.Errorf("authentication row %s (%s) for an API that refuses with 401", status, reason)
	}
}
