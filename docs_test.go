package launchready

import (
	"strings"
	"testing"
)

func TestRuleHelp(t *testing.T) {
	t.Parallel()
	if h := RuleHelp("secrets/url-credentials"); !strings.Contains(h, "scheme://user:password@host") || strings.Contains(h, "### ") {
		t.Errorf("url-credentials help = %q", h)
	}
	if h := RuleHelp("secrets/github-pat"); !strings.Contains(h, "gitleaks' 222 built-in rules") {
		t.Errorf("family help = %q", h)
	}
	if w := RuleWhy("secrets/password-assignment"); w != "a password in git is readable by everyone who can clone the repository, forever; human-chosen passwords are often reused elsewhere too. (gitleaks' defaults look for high-entropy tokens and miss them.)" {
		t.Errorf("RuleWhy joins wrapped lines wrongly: %q", w)
	}
	if RuleHelp("nope/nothing") != "" {
		t.Error("help for an unknown rule")
	}
}

// Every rule section has its own stable anchor, and an id of a family
// links to the family's.
func TestRuleAnchors(t *testing.T) {
	t.Parallel()
	if a := RuleAnchor("secrets/url-credentials"); a != "secretsurl-credentials" {
		t.Errorf("anchor %q", a)
	}
	if a := RuleAnchor("secrets/github-pat"); a != "secretsgitleaks-rule-id" {
		t.Errorf("family anchor %q", a)
	}
	if RuleAnchor("nope/nothing") != "" {
		t.Error("anchor for an unknown rule")
	}
	loadHelp()
	seen := map[string]string{}
	for id := range help {
		a := RuleAnchor(id)
		if a == "" {
			t.Errorf("%s: no anchor", id)
		}
		if other, dup := seen[a]; dup {
			t.Errorf("%s and %s share the anchor %q", id, other, a)
		}
		seen[a] = id
	}
}
