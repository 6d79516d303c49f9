package launchready_test

import (
	"testing"

	launchready "github.com/launchready/launchready"
	"github.com/launchready/launchready/internal/check/registry"
	"github.com/launchready/launchready/internal/testutil"
)

// TestEveryRuleAnchorExists: every rule id the checks declare (and a member
// of the gitleaks family) links an anchor GitHub really makes in
// docs/checks.md, on that rule's own heading. The anchor is the rule id
// alone, so it stays the same when a title or a section changes; a second
// heading with the same text would move it to "-1".
func TestEveryRuleAnchorExists(t *testing.T) {
	t.Parallel()
	anchors := testutil.GitHubAnchors(t, "docs/checks.md")
	n := 0
	for _, c := range registry.All() {
		for _, r := range c.Meta().Rules {
			n++
			a := launchready.RuleAnchor(r.ID)
			if a != r.Anchor() {
				t.Errorf("rule %s: the report links #%s, the rule table says #%s", r.ID, a, r.Anchor())
			}
			if got, ok := anchors[a]; !ok || got != "`"+r.ID+"`" {
				t.Errorf("rule %s: docs/checks.md has no heading with the anchor #%s (that anchor is the heading %q)", r.ID, a, got)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d rules declared; the registry is not read", n)
	}
	if a := launchready.RuleAnchor("secrets/github-pat"); anchors[a] != "`secrets/<gitleaks-rule-id>`" {
		t.Errorf("a gitleaks rule links #%s, not the family's heading", a)
	}
}
