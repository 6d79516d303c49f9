package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// TestFaultHookReadsGitleaksConfigEnv: the hook read only .gitleaks.toml,
// while gitleaks' own hook (gitleaks git --pre-commit) honours
// GITLEAKS_CONFIG: a team's rule kept in ci/gitleaks.toml let its token be
// committed. The hook reads GITLEAKS_CONFIG (from the index, as every
// policy file) and GITLEAKS_CONFIG_TOML.
func TestFaultHookReadsGitleaksConfigEnv(t *testing.T) {
	t.Parallel()
	const tok = "acme_k3j9x0q2m7w4v8b1n6c5z2r9t0y4u7p1"
	const rule = "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"acme-token\"\ndescription = \"ACME internal API token\"\nregex = '''acme_([a-z0-9]{32})'''\nsecretGroup = 1\nkeywords = [\"acme_\"]\n"
	for _, env := range [][]string{{"GITLEAKS_CONFIG=ci/gitleaks.toml"}, {"GITLEAKS_CONFIG_TOML=" + rule}} {
		r := repo(t)
		r.Write("ci/gitleaks.toml", rule)
		r.Write("deploy/acme.sh", "export ACME="+tok+"\n")
		r.Git("add", "-A")
		cmd := exec.Command("git", "commit", "-q", "-m", "acme")
		cmd.Dir = r.Dir
		cmd.Env = append(append(os.Environ(), fixture.Env()...), env...)
		out, err := cmd.CombinedOutput()
		mustBlock(t, string(out), err == nil, tok, "acme-token")
	}
	// A GITLEAKS_CONFIG outside the repository is refused, and said.
	outside := filepath.Join(t.TempDir(), "gitleaks.toml")
	if err := os.WriteFile(outside, []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	{
		r := repo(t)
		r.Write("notes.txt", "nothing here\n")
		r.Git("add", "-A")
		cmd := exec.Command("git", "commit", "-q", "-m", "notes")
		cmd.Dir = r.Dir
		cmd.Env = append(append(os.Environ(), fixture.Env()...), "GITLEAKS_CONFIG="+outside)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "launchready: warning: GITLEAKS_CONFIG names the gitleaks config "+outside+", which is refused") {
			t.Errorf("committed %v, want a warning about the refused config:\n%s", err == nil, out)
		}
	}
	// Without the setting the defaults do not know the token: the rule
	// above is what blocked it.
	r := repo(t)
	r.Write("ci/gitleaks.toml", rule)
	r.Write("deploy/acme.sh", "export ACME="+tok+"\n")
	out, ok := commit(t, r, "acme")
	if !ok || strings.Contains(out, "acme-token") {
		t.Fatalf("without GITLEAKS_CONFIG the commit was blocked:\n%s", out)
	}
}
