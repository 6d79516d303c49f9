package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProbeTokensNeverPrinted runs the CLI against a preview that echoes
// the Authorization header everywhere it can: in error pages with stack
// traces, in a Set-Cookie value and in JSON bodies. The tokens, from a flag
// and from the environment, must not appear in any output format.
func TestProbeTokensNeverPrinted(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Add("Set-Cookie", "session="+strings.TrimPrefix(auth, "Bearer ")+"; Path=/")
		if r.URL.Path == "/api/members/{memberId}" || strings.HasPrefix(r.URL.Path, "/api/members/") {
			w.WriteHeader(500)
			fmt.Fprintf(w, "Error: bad id\n    at check(%s) (/app/src/members.js:42:17)\n", strings.TrimPrefix(auth, "Bearer "))
			return
		}
		fmt.Fprintf(w, `{"you":%q}`, auth)
	}))
	t.Cleanup(srv.Close)
	repo := repoWith(t, map[string]string{"openapi.yaml": `openapi: 3.0.3
info: {title: t, version: "1"}
security: [{b: []}]
components: {securitySchemes: {b: {type: http, scheme: bearer}}}
paths:
  /api/admin/users:
    get: {x-roles: [admin], responses: {"200": {description: ok}}}
  /api/members/{memberId}:
    get:
      parameters: [{name: memberId, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 9}}]
      responses: {"200": {description: ok}}
`, ".launchready.yml": "probe:\n  core-flows: [/api/admin/users]\n  latency-samples: 2\n"})
	member := "mbr_" + strings.Repeat("q7Zx", 8)
	admin := "adm_" + strings.Repeat("Lp3W", 8)
	dir := t.TempDir()
	var outputs []string
	for _, format := range []string{"text", "json", "sarif", "markdown", "github"} {
		file := filepath.Join(dir, "report."+format)
		res := runCLI(t, map[string]string{"LAUNCHREADY_ADMIN_TOKEN": admin},
			"--repo", repo.Dir, "--worktree", "--url", srv.URL, "--allow-loopback", "--member-token", member, "--format", format, "--output", file)
		if res.code != exitFindings {
			t.Fatalf("%s: exit %d, want 1 (the preview leaks); stderr:\n%s", format, res.code, res.stderr)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, res.stdout, res.stderr, string(data))
		if format == "json" {
			// The probes really ran with the tokens.
			// The stack trace quoted in a finding holds the token, masked.
			for _, want := range []string{"live/member-reaches-admin", "live/stack-trace-exposed", `at check(****)`} {
				if !strings.Contains(string(data), want) {
					t.Errorf("the JSON report lacks %s:\n%s", want, data)
				}
			}
		}
	}
	for _, out := range outputs {
		for _, tok := range []string{member, admin} {
			for i := 0; i+8 <= len(tok); i++ {
				if strings.Contains(out, tok[i:i+8]) {
					t.Fatalf("a token (or 8 characters of it, %q) reached the output", tok[:4]+"...")
				}
			}
		}
	}
}
