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
