package main

import (
	"strings"
	"testing"
)

// TestFaultHookAllowlistEverythingInDisguise: the check for an allowlist
// that lets everything through tried a few sample strings, so stopwords
// covering every vowel and digit, a regex allowing all but one sample's
// prefix, or a `.*` beside any commits entry (ORed) let a token be
// committed. The hook tries the run's allowlists on sample findings and
// blocks when they suppress (nearly) all of them, as it does for `.*`.
func TestFaultHookAllowlistEverythingInDisguise(t *testing.T) {
	t.Parallel()
	tok := "ghp_" + "Q7vLz3nRt5wYb9cKd8sJ2mQpX7vLz3nRt5wY"
	for name, allow := range map[string]string{
		"stopwords":     "stopwords = ['a','e','i','o','u','0','1','2','3','4','5','6','7','8','9']\n",
		"all but AKIAQ": "regexes = ['''^(?:[^A]|A[^K]|AK[^I]|AKI[^A]|AKIA[^Q])''']\n",
		"commits ORed":  "commits = ['0123456789abcdef0123456789abcdef01234567']\nregexes = ['''.*''']\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := repo(t)
			r.Write(".gitleaks.toml", "[extend]\nuseDefault = true\n[[allowlists]]\n"+allow)
			r.Commit("gitleaks config")
			r.Write("deploy/token.sh", "export GH="+tok+"\n")
			out, ok := commit(t, r, "token")
			if ok {
				t.Fatalf("the commit went through:\n%s", out)
			}
			if !strings.Contains(out, "allowlists everything") {
				t.Errorf("the hook does not say why:\n%s", out)
			}
			if strings.Contains(out, tok) {
				t.Errorf("hook output contains the secret")
			}
		})
	}
}
