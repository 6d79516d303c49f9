package deploy

import (
	"context"
	"flag"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestDeployGolden(t *testing.T) {
	t.Parallel()
	testutil.GoldenCases(t, Deploy{}, *update, nil)
}

// FuzzScanWorkflow: arbitrary workflow and Dockerfile text never panics.
func FuzzScanWorkflow(f *testing.F) {
	f.Add([]byte("on: pull_request_target\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n        with: {ref: refs/pull/1/head}\n"))
	f.Add([]byte("jobs: {d: {steps: [{run: \"echo ${{ secrets.X }}\"}]}}"))
	f.Add([]byte("FROM node\nFROM a AS b\nFROM b\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		scanWorkflow(".github/workflows/x.yml", src)
		unpinnedImages("Dockerfile", src)
	})
}

// TestDeployWithoutPipelineIsNotChecked: a repository with no deploy job
// and nothing else to report is "not checked", with what was looked for,
// never a pass.
func TestDeployWithoutPipelineIsNotChecked(t *testing.T) {
	t.Parallel()
	r := testutil.NewRepo(t)
	r.Write("README.md", "# app\n")
	r.Commit("init")
	testutil.Must(t, r)
	res := Deploy{}.Run(context.Background(), testutil.WorktreeInput(r.Dir))
	if res.Status != check.StatusNotChecked || !strings.Contains(res.Reason, "no deploy job found in .github/workflows (looked for jobs named deploy") {
		t.Errorf("status %s %q", res.Status, res.Reason)
	}
}

// TestDeployFindingsWithoutPipeline: findings without any deploy job keep
// the row from passing (not checked, with the findings kept).
func TestDeployFindingsWithoutPipeline(t *testing.T) {
	t.Parallel()
	r := testutil.NewRepo(t)
	r.Write("Dockerfile", "FROM node:latest\nHEALTHCHECK CMD curl -f http://localhost/health\n")
	r.Write("testdata/Dockerfile", "FROM alpine\n") // fixtures are not the project's
	r.Commit("init")
	testutil.Must(t, r)
	res := Deploy{}.Run(context.Background(), testutil.WorktreeInput(r.Dir))
	if res.Status != check.StatusNotChecked || len(res.Findings) != 1 || res.Findings[0].RuleID != "deploy/unpinned-base-image" || res.Findings[0].Location.Path != "Dockerfile" {
		t.Errorf("status %s, findings %+v", res.Status, res.Findings)
	}
}

func TestDocumentedRollback(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]bool{
		"# app\nWe have no rollback plan and cannot revert a release.\n":                       false,
		"# app\nRollback is something we should think about.\n":                                false,
		"## Rollback\nThere is no rollback.\n":                                                 false,
		"## No rollback\n- we deploy forward only\n":                                           false,
		"## Rollback\n- TBD\n":                                                                 false,
		"## Rollback\n\n1. Open Actions, run *deploy* with `ref` set to the previous tag.\n":   true,
		"Rolling back\n============\n\n```\nkubectl rollout undo deploy/api\n```\n":            true,
		"# Ops\nTo undo a release: `helm rollback api 0`.\n":                                   true,
		"# Ops\nWe can't use `helm rollback` here.\n":                                          false,
		"## Rolling back a release\nSome text.\n## Next\n- a step of another section\n":        false,
		"### Reverting a release\n- `git revert` the merge and let the pipeline redeploy it\n": true,
	} {
		if got := documentedRollback([]byte(src)) != ""; got != want {
			t.Errorf("documentedRollback(%q) = %v (%q), want %v", src, got, documentedRollback([]byte(src)), want)
		}
	}
	for name, want := range map[string]bool{"rollback": true, "revert-release": true, "no-rollback": false, "deploy": false} {
		if got := namesRollback(name); got != want {
			t.Errorf("namesRollback(%q) = %v", name, got)
		}
	}
}

// FuzzDocumentedRollback: arbitrary Markdown never panics.
func FuzzDocumentedRollback(f *testing.F) {
	f.Add([]byte("## Rollback\n1. run deploy with ref\n"))
	f.Add([]byte("Rolling back\n---\n```\nhelm rollback x\n```\n"))
	f.Add([]byte("#\n=\n-\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		documentedRollback(src)
	})
}
