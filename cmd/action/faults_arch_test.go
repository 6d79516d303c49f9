package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// acmeToken matches only the repository's own secret rule below, not one of
// gitleaks' built-in rules or launchready's.
const acmeToken = "acme_k3j9x0q2m7w4v8b1n6c5z2r9t0y4u7p1"

// repoRules are the two ways a repository adds secret rules.
var repoRules = map[string]map[string]string{
	".launchready.yml": {".launchready.yml": `secrets:
  rules:
    - id: acme-token
      description: ACME internal API token
      regex: 'acme_([a-z0-9]{32})'
      secret-group: 1
      keywords: [acme_]
`},
	".gitleaks.toml": {".gitleaks.toml": `[extend]
useDefault = true

[[rules]]
id = "acme-token"
description = "ACME internal API token"
regex = '''acme_([a-z0-9]{32})'''
secretGroup = 1
keywords = ["acme_"]
`},
}

// TestFaultSpecExamplesUseRepositorySecretRules: a spec example holding a
// secret that only the repository's own rules know (in .launchready.yml or
// .gitleaks.toml) is found, as the history scan finds it: the text scan
// uses the run's secret rules, not gitleaks' defaults.
func TestFaultSpecExamplesUseRepositorySecretRules(t *testing.T) {
	t.Parallel()
	spec := "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\nsecurity: [{key: []}]\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      parameters:\n        - {name: k, in: query, schema: {type: string, maxLength: 64}, example: " + acmeToken + "}\n      responses:\n        \"200\": {description: ok}\n"
	for name, files := range repoRules {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			all := map[string]string{"openapi.yaml": spec}
			for p, c := range files {
				all[p] = c
			}
			r := repoWith(t, all)
			doc, res := runJSON(t, "--repo", r.Dir, "--worktree", "--check", "openapi", "--check", "secrets")
			var spec, history bool
			for _, f := range doc.Findings {
				spec = spec || f.RuleID == "openapi/secret-in-example" && strings.Contains(f.Message, "ACME internal API token")
				history = history || f.RuleID == "secrets/acme-token"
			}
			if !spec || !history {
				t.Errorf("spec example found: %v, work-tree scan found: %v; both must use the repository's rules\n%s", spec, history, res.stdout)
			}
			if strings.Contains(res.stdout+res.stderr, acmeToken[5:]) {
				t.Errorf("the raw secret was printed")
			}
		})
	}
}

// TestFaultClientBundleUsesRepositorySecretRules: the same for the live
// client-bundle scan.
func TestFaultClientBundleUsesRepositorySecretRules(t *testing.T) {
	t.Parallel()
	for name, files := range repoRules {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/" {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprintf(w, "<html><script>const key = %q;</script></html>", acmeToken)
			}))
			defer srv.Close()
			r := repoWith(t, files)
			doc, res := runJSON(t, "--repo", r.Dir, "--worktree", "--url", srv.URL, "--allow-loopback", "--check", "probe-client")
			found := false
			for _, f := range doc.Findings {
				found = found || f.RuleID == "live/secret-in-client" && strings.Contains(f.Message, "ACME internal API token")
			}
			if !found {
				t.Errorf("the page's secret was not found with the repository's rule\n%s", res.stdout)
			}
		})
	}
}
