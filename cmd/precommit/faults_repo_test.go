package main

// Fault matrix, repository trust, for the hook: what the repository can
// plant must not make the hook installer or the staged scan act outside it.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// TestFaultHookInstallThroughSymlink: core.hooksPath names a folder that
// is part of the repository, where a pull request committed pre-commit as
// a link to a file of the user's. Installing must never write through it,
// not even with --force (which moves the link aside instead).
func TestFaultHookInstallThroughSymlink(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	victim := filepath.Join(t.TempDir(), "bashrc")
	os.WriteFile(victim, []byte("precious\n"), 0o644)
	os.MkdirAll(filepath.Join(r.Dir, ".githooks"), 0o755)
	link := filepath.Join(r.Dir, ".githooks", "pre-commit")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	r.Git("config", "core.hooksPath", ".githooks")
	// A dangling link: writing to it would create a file outside.
	created := filepath.Join(filepath.Dir(victim), "autostart.sh")
	other := filepath.Join(r.Dir, "other")
	os.MkdirAll(filepath.Join(other, ".githooks"), 0o755)
	os.Symlink(created, filepath.Join(other, ".githooks", "pre-commit"))
	o := fixture.Init(other)
	o.Git("config", "core.hooksPath", ".githooks")
	if out, err := hook(o, "install"); err == nil || !strings.Contains(out, "not launchready's") {
		t.Errorf("install over a dangling link: %v\n%s", err, out)
	}
	if _, err := os.Stat(created); err == nil {
		t.Fatal("the hook was created through a dangling link, outside the repository")
	}

	out, err := hook(r, "install")
	if err == nil || !strings.Contains(out, "not launchready's") {
		t.Errorf("install over a linked hook: %v\n%s", err, out)
	}
	out, err = hook(r, "install", "--force")
	if err != nil {
		t.Fatalf("install --force: %v\n%s", err, out)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Fatalf("the hook was written through the link: %.60q", b)
	}
	if st, err := os.Lstat(link); err != nil || !st.Mode().IsRegular() {
		t.Errorf("the hook is not a regular file of its own: %v", err)
	}
	if st, err := os.Lstat(link + ".launchready-backup"); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was not kept aside as the backup: %v", err)
	}
}
