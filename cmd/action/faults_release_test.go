package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/testutil"
)

// TestFaultSARIFHelpURIsResolve: every rule of a real SARIF report (the
// demo's 35, a gitleaks family member, a severity variant such as
// openapi/unbounded-input/medium, and a secret rule the repository's own
// config adds) links docs/checks.md on main at an anchor GitHub really
// makes there, on the heading of that rule or of its family. A link to a
// missing anchor lands the reader at the top of a 1,300-line page.
func TestFaultSARIFHelpURIsResolve(t *testing.T) {
	t.Parallel()
	anchors := testutil.GitHubAnchors(t, filepath.Join("..", "..", "docs", "checks.md"))
	const base = "https://github.com/launchready/launchready/blob/main/docs/checks.md#"
	custom := repoWith(t, map[string]string{
		".launchready.yml": "version: 1\nsecrets:\n  rules:\n    - id: acme-token\n      description: ACME internal API token\n      regex: 'acme_([a-z0-9]{32})'\n      secret-group: 1\n      keywords: [acme_]\n",
		"config/app.yml":   "token: acme_" + strings.Repeat("q7", 16) + "\n",
	})
	seen := map[string]string{}
	for _, args := range [][]string{
		{"--demo", "--format", "sarif"},
		{"--repo", custom.Dir, "--format", "sarif"},
	} {
		res := runCLI(t, nil, args...)
		var doc struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Rules []struct {
							ID      string `json:"id"`
							HelpURI string `json:"helpUri"`
						} `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || len(doc.Runs) == 0 {
			t.Fatalf("%v: SARIF: %v\n%s", args, err, res.stderr)
		}
		for _, r := range doc.Runs[0].Tool.Driver.Rules {
			seen[r.ID] = r.HelpURI
			anchor, ok := strings.CutPrefix(r.HelpURI, base)
			heading := anchors[anchor]
			// The heading is the rule id, or its family's; a severity
			// variant (id/medium) links its rule's.
			id := r.ID
			if i := strings.LastIndex(id, "/"); i > 0 && strings.Count(id, "/") == 2 {
				id = id[:i]
			}
			family := strings.HasPrefix(id, "secrets/") && heading == "`secrets/<gitleaks-rule-id>`"
			if !ok || heading == "" || (heading != "`"+id+"`" && !family) {
				t.Errorf("%v: rule %s links %q: no heading of that rule in docs/checks.md has that anchor (it is %q)", args, r.ID, r.HelpURI, heading)
			}
		}
	}
	for _, want := range []string{"secrets/github-pat", "openapi/unbounded-input/medium", "secrets/acme-token", "code/cors-any-origin-with-credentials"} {
		if _, ok := seen[want]; !ok {
			t.Errorf("the reports have no rule %s, so its link is not checked (rules: %d)", want, len(seen))
		}
	}
}
