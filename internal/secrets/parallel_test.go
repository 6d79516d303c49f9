package secrets

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	gconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// speedRepo is a history with every kind of content the history scan
// reads: a deleted secret, a secret only a merge resolution holds, an
// octopus merge, a binary file, a UTF-16 file, commit and tag messages,
// and the same hunk in two commits (a cherry-pick).
func speedRepo(t *testing.T) string {
	r := newRepo(t)
	r.Write("README.md", "# app\n")
	r.Commit("init")
	r.Write("config/app.yml", "name: app\ngithub_token: "+pat("deleted")+"\n")
	r.Commit("add config")
	r.Write("config/app.yml", "name: app\n")
	r.Commit("remove token")
	r.Write("settings.txt", "mode = base\n")
	r.Commit("settings")
	r.Checkout("feature", true)
	r.Write("settings.txt", "mode = feature\n")
	r.Commit("feature mode")
	// The same change on two branches: one hunk, two commits.
	r.Write("deploy/env.yml", "token: "+glpat("picked")+"\n")
	r.Commit("deploy token")
	r.Checkout("main", false)
	r.Write("settings.txt", "mode = main\n")
	r.Commit("main mode")
	r.Write("deploy/env.yml", "token: "+glpat("picked")+"\n")
	r.Commit("deploy token (cherry-picked)")
	r.MergeResolving("feature", map[string]string{
		"settings.txt":   "mode = merged\ngitlab = " + glpat("merge") + "\n",
		"deploy/env.yml": "token: " + glpat("picked") + "\n",
	})
	for i := range 3 {
		r.Checkout(fmt.Sprintf("side%d", i), true)
		r.Write(fmt.Sprintf("side%d.txt", i), fmt.Sprintf("side %d\n", i))
		r.Commit(fmt.Sprintf("side %d", i))
		r.Checkout("main", false)
	}
	r.Git("merge", "-q", "--no-edit", "side0", "side1", "side2")
	r.Write("assets/blob.bin", "\x00\x01BIN\x00key="+pat("binary")+"\x00\x02")
	r.Write("export.reg", utf16le("Windows Registry Editor\r\n\"token\"=\""+pat("utf16")+"\"\r\n"))
	r.Commit("binary and utf-16 files\n\nci token " + pat("message"))
	r.Git("tag", "-a", "v1", "-m", "release\n\ntoken "+glpat("tag"))
	for i := range 12 {
		r.Write(fmt.Sprintf("src/f%d.go", i), fmt.Sprintf("package src\n\nvar v%d = %d\n", i, i))
		r.Commit(fmt.Sprintf("file %d", i))
	}
	must(t, r)
	return r.Dir
}

func utf16le(s string) string {
	var b strings.Builder
	b.WriteString("\xff\xfe")
	for _, c := range s {
		b.WriteByte(byte(c))
		b.WriteByte(byte(c >> 8))
	}
	return b.String()
}

// Every way of running the history pass (one git log or several, hunks
// remembered or not) reports the same result, to the commit, message and
// occurrence count of every finding.
func TestHistoryPassIsTheSameEveryWay(t *testing.T) {
	dir := speedRepo(t)
	run := func(workers int, cache bool) check.Result {
		defer func(w func() int, c bool) { gitWorkers, cacheHunks = w, c }(gitWorkers, cacheHunks)
		gitWorkers = func() int { return workers }
		cacheHunks = cache
		res, _ := runSecrets(t, dir, check.Scan{Mode: check.ModeHistory}, config.Default())
		if res.Status != check.StatusRan {
			t.Fatalf("workers %d cache %v: status %s: %s", workers, cache, res.Status, res.Reason)
		}
		// The order of the findings is the order the workers found
		// them in (it is sorted for output).
		slices.SortFunc(res.Findings, func(a, b finding.Finding) int {
			return cmp.Compare(a.Fingerprint+a.Location.Commit, b.Fingerprint+b.Location.Commit)
		})
		return res
	}
	base := run(1, false)
	want := []string{
		"secrets/github-pat assets/blob.bin:1", "secrets/github-pat commit message:3", "secrets/github-pat config/app.yml:2",
		"secrets/github-pat export.reg:2", "secrets/gitlab-pat deploy/env.yml:1", "secrets/gitlab-pat settings.txt:2",
		"secrets/gitlab-pat tag v1 message:3",
	}
	if diff := gocmp.Diff(want, brief(base.Findings)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	for _, f := range base.Findings {
		if f.RuleID == "secrets/gitlab-pat" && f.Location.Path == "deploy/env.yml" && f.Occurrences != 2 {
			t.Errorf("the cherry-picked token is seen in %d commits, want 2", f.Occurrences)
		}
	}
	for _, w := range []int{1, 2, 3, 5} {
		for _, c := range []bool{false, true} {
			if w == 1 && !c {
				continue
			}
			res := run(w, c)
			if diff := gocmp.Diff(base, res); diff != "" {
				t.Errorf("workers %d, cache %v: the result differs (-one git log, no cache +this way):\n%s", w, c, diff)
			}
		}
	}
}

// The cherry-picked hunk is scanned once: the second commit's finding is
// the first one's, repeated.
func TestFragmentCacheRepeatsAHunk(t *testing.T) {
	dir := speedRepo(t)
	gc, _, err := detectorConfigInfo(nil, config.Default(), Gitleaks{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := newDetector(nil, gc)
	if err != nil {
		t.Fatal(err)
	}
	cache := newFragmentCache(d)
	repo := &gitrepo.Repo{Root: dir, Env: fixture.Env()}
	if _, err := patchScanWith(context.Background(), d, repo, patchRun{args: historyArgs("--all"), add: d.AddFinding, cov: newCoverage(), cache: cache}); err != nil {
		t.Fatal(err)
	}
	if n := cache.hits.Load(); n < 1 {
		t.Errorf("%d hunks repeated from the cache, want the cherry-picked one", n)
	}
	commits := map[string]bool{}
	for _, g := range d.Findings() {
		if g.File == "deploy/env.yml" {
			commits[g.Commit] = true
			if !strings.HasPrefix(g.Fingerprint, g.Commit+":") || g.Message == "" || g.Date == "" {
				t.Errorf("finding of %s carries another commit's details: %+v", g.Commit, g)
			}
		}
	}
	if len(commits) != 2 {
		t.Errorf("the cherry-picked token was found in %d commits, want 2", len(commits))
	}
}

// A config whose allowlists name commits scans every hunk itself.
func TestFragmentCacheOffForCommitAllowlists(t *testing.T) {
	gc, _, err := detectorConfigInfo(nil, config.Default(), Gitleaks{})
	if err != nil {
		t.Fatal(err)
	}
	gc.Allowlists = append(gc.Allowlists, &gconfig.Allowlist{Commits: []string{"0123456789abcdef0123456789abcdef01234567"}})
	d, err := newDetector(nil, gc)
	if err != nil {
		t.Fatal(err)
	}
	if newFragmentCache(d) != nil {
		t.Error("hunks are remembered although an allowlist names a commit")
	}
}
