package secrets

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/testutil"
)

func pat(seed string) string   { return fixture.FakeToken("ghp_", seed, 36) }
func glpat(seed string) string { return fixture.FakeToken("glpat-", seed, 20) }

func newRepo(t *testing.T) *fixture.Repo { return testutil.NewRepo(t) }

func must(t *testing.T, r *fixture.Repo) { t.Helper(); testutil.Must(t, r) }

func runSecrets(t *testing.T, dir string, scan check.Scan, cfg *config.Config) (check.Result, *redact.Set) {
	t.Helper()
	if cfg == nil {
		cfg = config.Default()
	}
	set := &redact.Set{}
	in := &check.Input{Repo: dir, Scan: scan, Config: cfg, Now: time.Now(), Secrets: set, GitEnv: fixture.Env()}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return Secrets{}.Run(ctx, in), set
}

// wantFindings runs the check and compares its findings as brief lines.
func wantFindings(t *testing.T, dir string, scan check.Scan, cfg *config.Config, want ...string) check.Result {
	t.Helper()
	res, _ := runSecrets(t, dir, scan, cfg)
	if res.Status != check.StatusRan {
		t.Fatalf("status %s: %s", res.Status, res.Reason)
	}
	if diff := cmp.Diff(want, brief(res.Findings)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	return res
}

// brief renders findings as sorted "rule path:line" lines for comparison.
func brief(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s:%d", f.RuleID, f.Location.Path, f.Location.StartLine))
	}
	sort.Strings(out)
	return out
}

func TestHistoryFindsDeletedAndMergeOnlySecrets(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write("README.md", "# app\n")
	r.Commit("init")
	r.Write("config/app.yml", "name: app\ngithub_token: "+pat("deleted")+"\n")
	added := r.Commit("add config")
	r.Write("config/app.yml", "name: app\n")
	r.Commit("remove token")
	// A conflict whose resolution adds a secret neither side had.
	r.Write("settings.txt", "mode = base\n")
	r.Commit("settings")
	r.Checkout("feature", true)
	r.Write("settings.txt", "mode = feature\n")
	r.Commit("feature mode")
	r.Checkout("main", false)
	r.Write("settings.txt", "mode = main\n")
	r.Commit("main mode")
	merge := r.MergeResolving("feature", map[string]string{"settings.txt": "mode = merged\ngitlab = " + glpat("merge") + "\n"})
	must(t, r)

	res, set := runSecrets(t, r.Dir, check.Scan{Mode: check.ModeHistory}, nil)
	if res.Status != check.StatusRan {
		t.Fatalf("status %s: %s", res.Status, res.Reason)
	}
	want := []string{"secrets/github-pat config/app.yml:2", "secrets/gitlab-pat settings.txt:2"}
	if diff := cmp.Diff(want, brief(res.Findings)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	for _, f := range res.Findings {
		switch f.RuleID {
		case "secrets/github-pat":
			if f.Location.Commit != added {
				t.Errorf("deleted secret attributed to %s, want %s", f.Location.Commit, added)
			}
			wantMsg := "GitHub Personal Access Token (ghp_****) in config/app.yml line 2, added in commit " + added[:8] + " on 2026-01-05. It stays in the git history even if the line was deleted later."
			if f.Message != wantMsg {
				t.Errorf("message:\n got %s\nwant %s", f.Message, wantMsg)
			}
			if f.Severity != finding.SeverityCritical || f.Evidence != "ghp_****" {
				t.Errorf("severity %v evidence %q", f.Severity, f.Evidence)
			}
			if want := added + ":config/app.yml:github-pat:2"; f.GitleaksFingerprint != want {
				t.Errorf("gitleaks fingerprint %q, want %q", f.GitleaksFingerprint, want)
			}
		case "secrets/gitlab-pat":
			if f.Location.Commit != merge {
				t.Errorf("merge-only secret attributed to %s, want the merge %s", f.Location.Commit, merge)
			}
		}
		if strings.Contains(f.Message+f.Evidence+f.Remediation+f.Title, pat("deleted")) {
			t.Error("raw secret in finding text")
		}
	}
	if set.Len() != 2 {
		t.Errorf("redaction set has %d secrets, want 2", set.Len())
	}
	if !strings.Contains(strings.Join(res.Notes, ";"), "scanned 7 commits with changes") {
		t.Errorf("notes = %v", res.Notes)
	}
}

func TestRangeScansOnlyTheRangeAndNotTheWorktree(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write("a.txt", "old = "+pat("before-range")+"\n")
	base := r.Commit("old secret, before the range")
	r.Checkout("pr", true)
	r.Write("b.txt", "token = "+pat("in-range")+"\n")
	r.Commit("secret in range")
	r.Write("c.txt", "clean\n")
	head := r.Commit("clean")
	// Uncommitted work must not be part of a range scan.
	r.Write("c.txt", "unstaged = "+pat("unstaged")+"\n")
	must(t, r)

	wantFindings(t, r.Dir, check.Scan{Mode: check.ModeRange, Base: base, Head: head}, nil, "secrets/github-pat b.txt:1")
	// Range by branch names, with the merge base taken from main.
	wantFindings(t, r.Dir, check.Scan{Mode: check.ModeRange, Base: "main", Head: "pr"}, nil, "secrets/github-pat b.txt:1")
}

func TestWorktreeIncludesUncommittedChanges(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write("a.txt", "clean\n")
	r.Write("deleted.txt", "token = "+pat("deleted-file")+"\n")
	r.Commit("init")
	r.Remove("deleted.txt")
	r.Write("a.txt", "line one\nline two\ntoken = "+pat("edit")+"\n")
	r.Write("new/untracked.yml", "db:\n  password: s3cr3t-Pa55word\n")
	r.Write(".gitignore", "ignored.txt\n")
	r.Write("ignored.txt", "token = "+pat("ignored")+"\n")
	must(t, r)

	res := wantFindings(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, nil, "secrets/github-pat a.txt:3", "secrets/password-assignment new/untracked.yml:2")
	for _, f := range res.Findings {
		if f.Location.Commit != "" {
			t.Errorf("worktree finding has a commit: %+v", f.Location)
		}
	}
}

func TestStagedScansTheIndexOnly(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write("a.txt", "clean\n")
	r.Commit("init")
	r.Write("a.txt", "clean\ntoken = "+pat("staged")+"\n")
	r.Git("add", "a.txt")
	r.Write("b.txt", "token = "+pat("unstaged")+"\n")
	must(t, r)
	wantFindings(t, r.Dir, check.Scan{Mode: check.ModeStaged}, nil, "secrets/github-pat a.txt:2")
}

func TestFailsClosed(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	for i := 0; i < 3; i++ {
		r.Write("f.txt", fmt.Sprintf("v%d\n", i))
		r.Commit(fmt.Sprintf("c%d", i))
	}
	must(t, r)
	shallow := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth=1", "file://"+r.Dir, shallow).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v %s", err, out)
	}
	cases := []struct {
		name string
		dir  string
		scan check.Scan
		want string
	}{
		{"shallow history", shallow, check.Scan{Mode: check.ModeHistory},
			"the repository is a shallow clone, so its history is incomplete and older commits cannot be scanned; fetch the full history: in GitHub Actions set `fetch-depth: 0` on actions/checkout; locally run `git fetch --unshallow`"},
		{"shallow range", shallow, check.Scan{Mode: check.ModeRange, Base: "HEAD~1", Head: "HEAD"},
			"the repository is a shallow clone, so its history is incomplete and older commits cannot be scanned; fetch the full history: in GitHub Actions set `fetch-depth: 0` on actions/checkout; locally run `git fetch --unshallow`"},
		{"unknown base", r.Dir, check.Scan{Mode: check.ModeRange, Base: "nosuchbranch", Head: "HEAD"},
			`revision "nosuchbranch" is not a commit in this repository; check the spelling, or fetch it (in GitHub Actions set ` + "`fetch-depth: 0`" + ` on actions/checkout)`},
		{"option injection", r.Dir, check.Scan{Mode: check.ModeRange, Base: "--output=/tmp/x", Head: "HEAD"},
			`"--output=/tmp/x" is not a valid revision; give a branch, tag or commit id`},
	}
	for _, tc := range cases {
		res, _ := runSecrets(t, tc.dir, tc.scan, nil)
		if res.Status != check.StatusFailed {
			t.Errorf("%s: status %s, want failed", tc.name, res.Status)
		}
		if res.Reason != tc.want {
			t.Errorf("%s: reason\n got %s\nwant %s", tc.name, res.Reason, tc.want)
		}
		if len(res.Findings) != 0 {
			t.Errorf("%s: findings from a failed scan", tc.name)
		}
	}
}

func TestRepositoryGitleaksSettingsAndAllowComments(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write(".gitleaks.toml", `[extend]
useDefault = true

[[rules]]
id = "acme-key"
description = "ACME internal key"
regex = '''acme_[a-z0-9]{24}'''
keywords = ["acme_"]
`)
	r.Write("acme.txt", "key = acme_0123456789abcdefghijklmn\n") // launchready:allow (a planted test key)
	r.Write("allowed.txt", "t1 = "+pat("gl-allow")+" # gitleaks:allow\nt2 = "+pat("lr-allow")+" // launchready:allow\n")
	r.Write("ignored.txt", "t3 = "+pat("ignorefile")+"\n")
	r.Write("kept.txt", "t4 = "+pat("kept")+"\n")
	r.Write(".gitleaksignore", "# accepted\nignored.txt:github-pat:1\n")
	must(t, r)

	res := wantFindings(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, nil, "secrets/acme-key acme.txt:1", "secrets/github-pat kept.txt:1")
	if res.Suppressed != 3 {
		t.Errorf("suppressed = %d, want 3 (the gitleaks:allow and launchready:allow lines, and the .gitleaksignore entry)", res.Suppressed)
	}
}

func TestGitleaksConfigWithoutExtendReplacesDefaults(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write(".gitleaks.toml", "[[rules]]\nid = \"acme-key\"\nregex = '''acme_[a-z0-9]{24}'''\n")
	r.Write("a.txt", "t = "+pat("nodefault")+"\nk = acme_0123456789abcdefghijklmn\n")
	must(t, r)
	res, _ := runSecrets(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, nil)
	// gitleaks' defaults are off, launchready's extra rules stay on.
	if diff := cmp.Diff([]string{"secrets/acme-key a.txt:2"}, brief(res.Findings)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
}

func TestHostileGitleaksConfig(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"bad regex":       "[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n",
		"extend outside":  "[extend]\npath = \"../../etc/passwd\"\n",
		"extend absolute": "[extend]\npath = \"/etc/passwd\"\n",
		"not toml":        "this is = = not toml",
	}
	for name, text := range cases {
		r := newRepo(t)
		r.Write(".gitleaks.toml", text)
		must(t, r)
		res, _ := runSecrets(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, nil)
		if res.Status != check.StatusFailed || !strings.Contains(res.Reason, ".gitleaks.toml") {
			t.Errorf("%s: status %s reason %q", name, res.Status, res.Reason)
		}
		if strings.Contains(res.Reason, "root:") {
			t.Errorf("%s: reason echoes a file outside the repository: %q", name, res.Reason)
		}
	}
}

func TestConfigRulesAllowPathsAndSeverity(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write("a.txt", "x = corp_ABCDEFGHIJKLMNOP\n")
	r.Write("testdata/k.txt", "t = "+pat("fixture")+"\n")
	must(t, r)
	cfg, err := config.Decode([]byte(`secrets:
  allow-paths: ["testdata/**"]
  rules:
    - id: corp-token
      regex: 'corp_[A-Z]{16}'
      keywords: [corp_]
`), "cfg")
	if err != nil {
		t.Fatal(err)
	}
	res := wantFindings(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, cfg, "secrets/corp-token a.txt:1")
	if res.Suppressed != 1 {
		t.Errorf("suppressed = %d, want 1", res.Suppressed)
	}
}

func TestFingerprintIsStableAcrossEdits(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write("a.txt", "t = "+pat("stable")+"\n")
	must(t, r)
	res1, _ := runSecrets(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, nil)
	r.Write("a.txt", "# moved down\n\n\nt = "+pat("stable")+"\n")
	must(t, r)
	res2, _ := runSecrets(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, nil)
	if len(res1.Findings) != 1 || len(res2.Findings) != 1 {
		t.Fatalf("findings: %v / %v", brief(res1.Findings), brief(res2.Findings))
	}
	if res1.Findings[0].Fingerprint != res2.Findings[0].Fingerprint {
		t.Error("fingerprint changed when the line moved")
	}
	if res1.Findings[0].Location.StartLine == res2.Findings[0].Location.StartLine {
		t.Error("test did not move the line")
	}
}
