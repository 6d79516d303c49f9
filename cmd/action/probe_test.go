package main

import (
	"encoding/json"
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

// TestUnreachablePreviewKeepsOtherResults: a preview that refuses
// connections makes every probe check "could not run" with one clear
// reason (exit 3), never a pass, and the history scan's results stay.
func TestUnreachablePreviewKeepsOtherResults(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	down := srv.URL
	srv.Close() // nothing listens there any more

	clean := repoWith(t, nil)
	res := runCLI(t, nil, "--repo", clean.Dir, "--url", down, "--allow-loopback", "--format", "json")
	if res.code != exitNotRun {
		t.Fatalf("exit %d, want 3; stderr:\n%s", res.code, res.stderr)
	}
	var doc struct {
		Verdict   string
		Scorecard []struct{ ID, Status, Reason string }
		Errors    []struct{ Check, Message string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Verdict == "pass" || len(doc.Errors) != 15 {
		t.Errorf("verdict %q with %d errors; want not a pass, and all 15 probe checks listed", doc.Verdict, len(doc.Errors))
	}
	for _, e := range doc.Errors {
		if !strings.HasPrefix(e.Check, "probe-") || !strings.Contains(e.Message, "could not be reached (connect: connection refused); check the URL") {
			t.Errorf("error %s: %q", e.Check, e.Message)
		}
	}
	for _, r := range doc.Scorecard {
		if r.ID == "secrets" && (r.Status != "not-checked" || !strings.Contains(r.Reason, "checked without findings: ")) {
			t.Errorf("secrets row %s %q: want not-checked, keeping what the history scan did", r.Status, r.Reason)
		}
	}

	// A real finding elsewhere still fails the run (exit 1) and is reported.
	leaky := repoWith(t, map[string]string{"deploy.env": "GITHUB_TOKEN=" + tokenFor("unreachable") + "\n"})
	res = runCLI(t, nil, "--repo", leaky.Dir, "--url", down, "--allow-loopback")
	if res.code != exitFindings || !strings.Contains(res.stdout, "secrets/github-pat") || !strings.Contains(res.stdout, "could not be reached") {
		t.Errorf("exit %d, want 1 with the secret and the unreachable preview both reported:\n%s", res.code, res.stdout)
	}
}
