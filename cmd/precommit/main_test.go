package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// bin is the hook binary, built once, as its users build it (no
// gore2regex tag).
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "launchready-precommit-test-")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "launchready-precommit")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the hook: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func pat(seed string) string { return fixture.FakeToken("ghp_", seed, 36) }

// repo makes a repository with one commit and the hook installed.
func repo(t *testing.T) *fixture.Repo {
	t.Helper()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write("README.md", "# app\n")
	r.Commit("init")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	install(t, r)
	return r
}

func install(t *testing.T, r *fixture.Repo, args ...string) string {
	t.Helper()
	out, err := hook(r, append([]string{"install"}, args...)...)
	if err != nil {
		t.Fatalf("install: %v\n%s", err, out)
	}
	return out
}

func hook(r *fixture.Repo, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), fixture.Env()...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// commit stages everything and runs a real `git commit`, hooks included.
func commit(t *testing.T, r *fixture.Repo, msg string) (string, bool) {
	t.Helper()
	r.Git("add", "-A")
	out, err := r.Try("commit", "-q", "-m", msg)
	return out, err == nil
}

func mustBlock(t *testing.T, out string, ok bool, secret string, wants ...string) {
	t.Helper()
	if ok {
		t.Fatalf("the commit went through:\n%s", out)
	}
	for _, w := range append(wants, "launchready: commit blocked", "Why it matters:", "Fix it:", "Allow it:", "launchready:allow", "Ignore it:", "fingerprint:", "git commit --no-verify") {
		if !strings.Contains(out, w) {
			t.Errorf("hook output lacks %q:\n%s", w, out)
		}
	}
	if secret != "" && strings.Contains(out, secret) {
		t.Errorf("hook output contains the secret")
	}
}

// passes commits everything staged and fails the test if the hook blocks.
func passes(t *testing.T, r *fixture.Repo, msg string) {
	t.Helper()
	out, ok := commit(t, r, msg)
	mustPass(t, out, ok)
}

func mustPass(t *testing.T, out string, ok bool) {
	t.Helper()
	if !ok {
		t.Fatalf("the commit was blocked:\n%s", out)
	}
}

func TestBlocksASecretAndExplains(t *testing.T) {
	t.Parallel()
	r := repo(t)
	before := r.Head()
	tok := pat("blocked")
	r.Write("config/app.yml", "name: app\nci_token: "+tok+"\n")
	out, ok := commit(t, r, "add config")
	mustBlock(t, out, ok, tok, "config/app.yml:2  [critical, blocks] secrets/github-pat",
		"GitHub Personal Access Token (ghp_****) in config/app.yml line 2 is staged for commit.",
		"Why it matters: a credential in git is readable by everyone who can clone the repository, forever, including after the line is deleted.")
	if r.Head() != before {
		t.Error("HEAD moved")
	}
}

func TestCleanAllowIgnoreAndUnstaged(t *testing.T) {
	t.Parallel()
	r := repo(t)
	r.Write("src/app.js", "const port = process.env.PORT;\n")
	passes(t, r, "clean")

	r.Write("test/fixture.yml", "token: "+pat("allowed")+" # launchready:allow\n")
	passes(t, r, "allowed inline")

	tok := pat("ignored")
	r.Write("test/other.yml", "token: "+tok+"\n")
	out, ok := commit(t, r, "to be ignored")
	mustBlock(t, out, ok, tok)
	fp := strings.Fields(out[strings.Index(out, "fingerprint: ")+len("fingerprint: "):])[0]
	r.Write(".launchready.yml", "ignore:\n  - fingerprint: "+fp+"\n    reason: revoked test token\n")
	passes(t, r, "ignored by fingerprint")

	// Unstaged and untracked secrets are not part of the commit.
	r.Write("src/app.js", "const port = 1;\n")
	r.Git("add", "src/app.js")
	r.Write("src/app.js", "const token = '"+pat("unstaged")+"';\n")
	r.Write("notes.txt", "token "+pat("untracked")+"\n")
	out, err := r.Try("commit", "-q", "-m", "only the staged part")
	mustPass(t, out, err == nil)
}

func TestThresholdFromConfig(t *testing.T) {
	t.Parallel()
	r := repo(t)
	r.Write(".launchready.yml", "precommit:\n  fail-on: critical\n")
	r.Write("config/db.yml", "db:\n  password: Hk4nJ8sLq2Wv\n") // launchready:allow (a planted test password)
	out, ok := commit(t, r, "a high finding under a critical threshold")
	mustPass(t, out, ok)
	if !strings.Contains(out, "below the critical threshold; the commit goes ahead") || !strings.Contains(out, "[high, warning] secrets/password-assignment") {
		t.Errorf("no warning:\n%s", out)
	}
}

// diverged is a repository whose main and branch edit s.txt differently
// (each commit passing the hook), so merging or picking one into the other
// conflicts.
func diverged(t *testing.T, branch string) *fixture.Repo {
	t.Helper()
	r := repo(t)
	r.Write("s.txt", "base\n")
	passes(t, r, "base")
	r.Checkout(branch, true)
	r.Write("s.txt", branch+"\n")
	passes(t, r, branch)
	r.Checkout("main", false)
	r.Write("s.txt", "main\n")
	passes(t, r, "main")
	return r
}

func TestRobustness(t *testing.T) {
	t.Parallel()
	t.Run("no commits yet", func(t *testing.T) {
		t.Parallel()
		r := fixture.Init(filepath.Join(t.TempDir(), "r"))
		install(t, r)
		tok := pat("first")
		r.Write("a.txt", "t = "+tok+"\n")
		out, ok := commit(t, r, "first")
		mustBlock(t, out, ok, tok, "a.txt:1")
		r.Write("a.txt", "clean\n")
		passes(t, r, "first, clean")
	})
	t.Run("merge resolution", func(t *testing.T) {
		t.Parallel()
		r := diverged(t, "other")
		r.GitMayFail("merge", "other")
		tok := pat("merge")
		r.Write("s.txt", "resolved\ntoken = "+tok+"\n")
		r.Git("add", "s.txt")
		out, err := r.Try("commit", "--no-edit")
		mustBlock(t, out, err == nil, tok, "s.txt:2")
	})
	t.Run("cherry-pick and rebase", func(t *testing.T) {
		t.Parallel()
		r := diverged(t, "topic")
		r.GitMayFail("cherry-pick", "topic")
		tok := pat("pick")
		r.Write("s.txt", "picked "+tok+"\n")
		r.Git("add", "s.txt")
		out, err := r.Try("commit", "--no-edit")
		mustBlock(t, out, err == nil, tok)
		r.Git("cherry-pick", "--abort")
		r.Checkout("topic", false)
		r.GitMayFail("rebase", "main")
		r.Write("s.txt", "rebased "+tok+"\n")
		r.Git("add", "s.txt")
		out, err = r.Try("commit", "-m", "during a rebase")
		mustBlock(t, out, err == nil, tok)
		r.Git("rebase", "--abort")
	})
	t.Run("renames, deletions, binaries, CRLF, odd paths", func(t *testing.T) {
		t.Parallel()
		r := repo(t)
		r.Write("old name.txt", "hello\n")
		r.Write("gone.txt", "bye\n")
		passes(t, r, "files")
		r.Git("mv", "old name.txt", "new name.txt")
		r.Remove("gone.txt")
		// A binary without a secret passes (one with a token is scanned
		// and blocks: TestFaultHookBinaryImageScanned).
		r.Write("logo.bin", "\x00\x01\x02PNG\x00 just pixels \x00\xff")
		passes(t, r, "rename, delete, binary")
		tok := pat("crlf")
		r.Write("dir with space/café.env.yml", "a: 1\r\nb: 2\r\ntoken: "+tok+"\r\n")
		out, ok := commit(t, r, "crlf and unicode")
		mustBlock(t, out, ok, tok, "dir with space/café.env.yml:3")
	})
	t.Run("submodule", func(t *testing.T) {
		t.Parallel()
		sub := fixture.Init(filepath.Join(t.TempDir(), "sub"))
		sub.Write("lib.txt", "lib\n")
		sub.Commit("lib")
		r := repo(t)
		if out, err := r.Try("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "vendor/lib"); err != nil {
			t.Fatalf("submodule add: %v\n%s", err, out)
		}
		out, err := r.Try("commit", "-q", "-m", "add submodule")
		mustPass(t, out, err == nil)
	})
	t.Run("thousands of files", func(t *testing.T) {
		t.Parallel()
		r := repo(t)
		for i := 0; i < 3000; i++ {
			r.Write(fmt.Sprintf("gen/%d/f%d.txt", i%30, i), fmt.Sprintf("line %d\n", i))
		}
		passes(t, r, "many files")
	})
}

func TestInstallUninstallChainForce(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write("README.md", "x\n")
	r.Commit("init")
	hooks := filepath.Join(r.Dir, ".git", "hooks")
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		t.Fatal(err)
	}
	foreign := "#!/bin/sh\necho foreign-hook-ran >> \"$(git rev-parse --git-dir)/foreign.log\"\n"
	if err := os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte(foreign), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := hook(r, "install")
	if err == nil || !strings.Contains(out, "a pre-commit hook that is not launchready's is installed at") || !strings.Contains(out, "--chain") || !strings.Contains(out, "--force") {
		t.Fatalf("install over a foreign hook: %v\n%s", err, out)
	}
	// --chain keeps it and runs it first.
	if out := install(t, r, "--chain"); !strings.Contains(out, "kept as pre-commit.launchready-chained and runs first") {
		t.Errorf("chain: %s", out)
	}
	if out := install(t, r, "--chain"); !strings.Contains(out, "already installed") {
		t.Errorf("install is not idempotent: %s", out)
	}
	tok := pat("chained")
	r.Write("a.txt", tok+"\n")
	out, ok := commit(t, r, "x")
	mustBlock(t, out, ok, tok)
	if log, _ := os.ReadFile(filepath.Join(r.Dir, ".git", "foreign.log")); !strings.Contains(string(log), "foreign-hook-ran") {
		t.Error("the chained hook did not run")
	}
	// uninstall restores the foreign hook; twice is harmless.
	if out, _ := hook(r, "uninstall"); !strings.Contains(out, "restored the previous hook") {
		t.Errorf("uninstall: %s", out)
	}
	if got, _ := os.ReadFile(filepath.Join(hooks, "pre-commit")); string(got) != foreign {
		t.Errorf("foreign hook not restored:\n%s", got)
	}
	if out, _ := hook(r, "uninstall"); !strings.Contains(out, "is not launchready's; it was left alone") {
		t.Errorf("second uninstall: %s", out)
	}
	// --force replaces it with a backup that uninstall restores.
	if out := install(t, r, "--force"); !strings.Contains(out, "saved as pre-commit.launchready-backup") {
		t.Errorf("force: %s", out)
	}
	hook(r, "uninstall")
	if got, _ := os.ReadFile(filepath.Join(hooks, "pre-commit")); string(got) != foreign {
		t.Error("--force backup not restored")
	}
	os.Remove(filepath.Join(hooks, "pre-commit"))
	if out, _ := hook(r, "uninstall"); !strings.Contains(out, "is not installed") {
		t.Errorf("uninstall with nothing installed: %s", out)
	}
}

func TestInstallRespectsHooksPath(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Git("config", "core.hooksPath", ".githooks")
	if out := install(t, r); !strings.Contains(out, filepath.Join(r.Dir, ".githooks", "pre-commit")) {
		t.Errorf("install: %s", out)
	}
	tok := pat("hookspath")
	r.Write("a.txt", tok+"\n")
	out, ok := commit(t, r, "x")
	mustBlock(t, out, ok, tok)
}

func TestPreCommitManifest(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	langs := map[string]string{}
	for _, h := range hooks {
		for _, k := range []string{"id", "name", "description", "entry", "language"} {
			if s, _ := h[k].(string); s == "" {
				t.Errorf("hook %v lacks %s", h["id"], k)
			}
		}
		if h["pass_filenames"] != false {
			t.Errorf("hook %v must set pass_filenames: false (it scans the index itself)", h["id"])
		}
		langs[h["language"].(string)] = h["entry"].(string)
		// Stage names changed in pre-commit 3.2 (commit -> pre-commit):
		// either spelling breaks one side, and 3.0 refuses the new one
		// before it reads minimum_pre_commit_version.
		if _, ok := h["stages"]; ok {
			t.Errorf("hook %v sets stages: pre-commit 3.0 and 4.x disagree on the names", h["id"])
		}
		if v, _ := h["minimum_pre_commit_version"].(string); v == "" || v > "3.0.4" {
			t.Errorf("hook %v: minimum_pre_commit_version %q; the manifest is tested with 3.0.4", h["id"], v)
		}
	}
	// The framework's own validator, where it is installed (Debian 12's
	// pre-commit is 3.0.4).
	if exe, err := exec.LookPath("pre-commit"); err == nil {
		if out, err := exec.Command(exe, "validate-manifest", filepath.Join("..", "..", ".pre-commit-hooks.yaml")).CombinedOutput(); err != nil {
			t.Errorf("%s validate-manifest: %v\n%s", exe, err, out)
		}
	}
	// go install ./... names the binary after cmd/precommit.
	if langs["golang"] != "precommit run" || langs["system"] != "launchready-precommit run" {
		t.Errorf("entries: %v", langs)
	}
	if _, err := os.Stat(filepath.Join("..", "precommit")); err != nil {
		t.Errorf("the golang entry assumes cmd/precommit exists: %v", err)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	for _, args := range [][]string{{}, {"frobnicate"}, {"install", "--chain", "--force"}, {"run", "extra"}} {
		out, err := hook(r, args...)
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitUsage {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
	}
}

// TestBlocksDangerousCORS: the hook reads the staged source, not the file
// on disk, and blocks any-origin-with-credentials CORS; the allow marker
// lets it through.
func TestBlocksDangerousCORS(t *testing.T) {
	t.Parallel()
	r := repo(t)
	r.Write("src/app.js", "const express = require('express');\nconst cors = require('cors');\n\nconst app = express();\napp.use(cors({ origin: true, credentials: true }));\n")
	out, ok := commit(t, r, "open CORS")
	mustBlock(t, out, ok, "", "src/app.js:5  [critical, blocks] code/cors-any-origin-with-credentials",
		"cors allows any origin with credentials (origin: true)")

	// Fixed on disk but not staged: still blocked, the index is what counts.
	r.Git("add", "-A")
	r.Write("src/app.js", "const cors = require('cors');\napp.use(cors({ origin: ['https://app.example.com'], credentials: true }));\n")
	out, err := r.Try("commit", "-q", "-m", "only the staged part")
	if err == nil {
		t.Fatalf("the staged open CORS went through:\n%s", out)
	}

	// Staged fix passes; a deliberate wildcard with the marker passes too.
	passes(t, r, "fixed")
	r.Write("src/public.js", "const cors = require('cors');\n// Public read-only feed. launchready:allow\napp.use('/feed', cors({ origin: true, credentials: true }));\n")
	passes(t, r, "allowed on purpose")
}
