package main

// Fault cases of the hook's policy and of its installer (issue 11).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With a token staged, an untracked .gitleaks.toml with no rules or an
// untracked .launchready.yml allowing every path does not switch the hook
// off: the commit holds the index, and the policy is read from it.
func TestFaultHookIgnoresUntrackedConfig(t *testing.T) {
	t.Parallel()
	for name, files := range map[string]map[string]string{
		"gitleaks.toml":   {".gitleaks.toml": "title = \"x\"\n"},
		"launchready.yml": {".launchready.yml": "secrets:\n  allow-paths: [\"**\"]\n"},
		"gitleaksignore":  {".gitleaksignore": "app.env.sh:github-pat:1\n"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := repo(t)
			tok := pat("untracked-config-" + name)
			r.Write("app.env.sh", "export GH="+tok+"\n")
			for p, c := range files {
				r.Write(p, c)
			}
			r.Git("add", "app.env.sh")
			out, err := r.Try("commit", "-q", "-m", "add the env")
			mustBlock(t, out, err == nil, tok, "app.env.sh:1")
		})
	}
}

// A staged .launchready.yml is the policy of the commit it is part of; the
// same file only on disk is not.
func TestFaultHookReadsStagedConfig(t *testing.T) {
	t.Parallel()
	r := repo(t)
	tok := pat("staged-config")
	r.Write("fixtures/app.env.sh", "export GH="+tok+"\n")
	r.Write(".launchready.yml", "secrets:\n  allow-paths: [\"fixtures/**\"]\n")
	out, ok := commit(t, r, "fixtures and their policy")
	mustPass(t, out, ok)
}

// A hooks folder that is a committed link to a folder outside the
// repository: install and uninstall refuse it and touch nothing there.
func TestFaultHookInstallThroughLinkedHooksFolder(t *testing.T) {
	t.Parallel()
	r := repo(t)
	victim := filepath.Join(t.TempDir(), "victimhooks")
	if err := os.MkdirAll(victim, 0o755); err != nil {
		t.Fatal(err)
	}
	const theirs = "#!/bin/sh\necho victim\n"
	if err := os.WriteFile(filepath.Join(victim, "pre-commit"), []byte(theirs), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(r.Dir, ".husky")); err != nil {
		t.Fatal(err)
	}
	r.Git("add", ".husky")
	r.Git("commit", "-q", "--no-verify", "-m", "husky")
	r.Git("config", "core.hooksPath", ".husky")
	for _, args := range [][]string{{"install", "--force"}, {"install", "--chain"}, {"install"}, {"uninstall"}} {
		out, err := hook(r, args...)
		if err == nil || !strings.Contains(out, "outside the repository") {
			t.Errorf("%v: not refused (err %v):\n%s", args, err, out)
		}
	}
	entries, _ := os.ReadDir(victim)
	if len(entries) != 1 {
		t.Errorf("the outside folder holds %d files, want 1", len(entries))
	}
	if b, _ := os.ReadFile(filepath.Join(victim, "pre-commit")); string(b) != theirs {
		t.Errorf("the outside hook was changed: %q", b)
	}
}

// A committed link to a folder that does not exist yet: install would
// create it outside, through the link.
func TestFaultHookInstallThroughDanglingHooksLink(t *testing.T) {
	t.Parallel()
	r := repo(t)
	victim := filepath.Join(t.TempDir(), "not-yet")
	if err := os.Symlink(victim, filepath.Join(r.Dir, ".husky")); err != nil {
		t.Fatal(err)
	}
	r.Git("config", "core.hooksPath", ".husky")
	if out, err := hook(r, "install"); err == nil || !strings.Contains(out, "link that leads nowhere") {
		t.Errorf("not refused (err %v):\n%s", err, out)
	}
	if _, err := os.Lstat(victim); err == nil {
		t.Errorf("the folder was created outside the repository")
	}
}

// A staged .gitleaks.toml that leaves no rule cannot let a token through:
// the hook cannot vouch for a scan that did not run.
func TestFaultHookGitleaksConfigWithoutRules(t *testing.T) {
	t.Parallel()
	r := repo(t)
	tok := pat("staged-no-rules")
	r.Write(".gitleaks.toml", "title = \"ours\"\n")
	r.Write("app.env.sh", "export GH="+tok+"\n")
	out, ok := commit(t, r, "our own rules")
	if ok || !strings.Contains(out, "defines no rules and does not extend gitleaks' defaults") || strings.Contains(out, tok) {
		t.Errorf("committed %v:\n%s", ok, out)
	}
}
