package main

// Fault matrix, repository trust, for the hook: what the repository can
// plant must not make the hook installer or the staged scan act outside it.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestFaultGitConfigRunsCommandsStaged: the repository's git config names
// commands (fsmonitor, textconv, filters, external diff, pager) selected
// for every file by .gitattributes. The hook's staged scan must run none of
// them, and still block the staged secret.
func TestFaultGitConfigRunsCommandsStaged(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write(".gitattributes", "* diff=evil filter=evil merge=evil\n")
	r.Write("README.md", "# app\n")
	r.Commit("init")
	tok := pat("staged-evil")
	r.Write("app.yml", "token: "+tok+"\n")
	r.Git("add", "app.yml")
	markers := t.TempDir()
	script := filepath.Join(t.TempDir(), "evil.sh")
	os.WriteFile(script, []byte("#!/bin/sh\ntouch '"+markers+"'/\"$1\"\ncat >/dev/null 2>&1 || true\n"), 0o755)
	for k, v := range map[string]string{
		"core.fsmonitor": script + " fsmonitor", "diff.external": script + " diff-external",
		"diff.evil.textconv": script + " textconv", "diff.evil.command": script + " diff-command",
		"filter.evil.clean": script + " clean", "filter.evil.smudge": script + " smudge",
		"filter.evil.process": script + " process", "core.pager": script + " pager",
		"pager.diff": script + " pager-diff", "core.editor": script + " editor",
	} {
		if out, err := exec.Command("git", "-C", r.Dir, "config", k, v).CombinedOutput(); err != nil {
			t.Fatalf("git config %s: %v %s", k, err, out)
		}
	}
	// Touch the staged file so the index looks racy: git then re-reads it
	// through the clean filter unless that is neutralised.
	os.Chtimes(filepath.Join(r.Dir, "app.yml"), time.Now(), time.Now())
	// Bounded: before the fix, a pager or filter could also hang the hook.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "run")
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), fixture.Env()...)
	b, err := cmd.CombinedOutput()
	out := string(b)
	if ctx.Err() != nil {
		t.Fatalf("the hook hangs:\n%s", out)
	}
	if err == nil || !strings.Contains(out, "commit blocked") || !strings.Contains(out, "app.yml") {
		t.Errorf("the staged secret was not blocked: %v\n%s", err, out)
	}
	ents, _ := os.ReadDir(markers)
	for _, e := range ents {
		t.Errorf("the repository's git config ran a command: %s", e.Name())
	}
}
