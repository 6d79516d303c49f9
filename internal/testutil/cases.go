package testutil

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/redact"
)

// GoldenDir is the project's testdata folder for a check, seen from a
// package two levels below the module root (internal/<name>).
func GoldenDir(checkID string) string { return filepath.Join("..", "..", "testdata", checkID) }

// NewRepo makes a fresh git repository in a temporary folder.
func NewRepo(t *testing.T) *fixture.Repo {
	t.Helper()
	r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

// Must fails the test on the repository's first error.
func Must(t *testing.T, r *fixture.Repo) {
	t.Helper()
	if r.Err != nil {
		t.Fatal(r.Err)
	}
}

// CopyTree copies a golden case folder into dst.
func CopyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Render is the golden form of findings: one line each, sorted by position.
func Render(fs []finding.Finding) string {
	lines := make([]string, 0, len(fs))
	for _, f := range fs {
		lines = append(lines, fmt.Sprintf("%s:%d: [%s] %s: %s", f.Location.Path, f.Location.StartLine, f.Severity, f.RuleID, f.Message))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

// WorktreeInput is a work-tree scan of dir with the default config.
func WorktreeInput(dir string) *check.Input {
	return &check.Input{Repo: dir, Scan: check.Scan{Mode: check.ModeWorktree}, Config: config.Default(), Now: time.Now(), Secrets: &redact.Set{}}
}

// RunCase runs c on a copy of a golden case, committed as a work tree.
func RunCase(t *testing.T, c check.Check, caseDir string) check.Result {
	t.Helper()
	r := NewRepo(t)
	CopyTree(t, caseDir, r.Dir)
	r.Commit("case")
	Must(t, r)
	return c.Run(context.Background(), WorktreeInput(r.Dir))
}

// GoldenCases runs every case folder of testdata/<check>: each
// true-positive case's findings (path, line, severity, rule, message) must
// match its golden file; a false-positive case must give none.
func GoldenCases(t *testing.T, c check.Check, update bool, extra func(t *testing.T, res check.Result)) {
	id := c.Meta().ID
	for _, kind := range []string{"tp", "fp"} {
		entries, err := os.ReadDir(filepath.Join(GoldenDir(id), kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			t.Run(kind+"/"+e.Name(), func(t *testing.T) {
				t.Parallel()
				res := RunCase(t, c, filepath.Join(GoldenDir(id), kind, e.Name()))
				if res.Status != check.StatusRan {
					t.Fatalf("status %s: %s", res.Status, res.Reason)
				}
				if bug := c.Meta().Undeclared(res.Findings); bug != "" {
					t.Error(bug)
				}
				got := Render(res.Findings)
				if kind == "fp" {
					if len(res.Findings) != 0 {
						t.Errorf("false positives:\n%s", got)
					}
					return
				}
				if len(res.Findings) == 0 {
					t.Fatal("no findings in a true-positive case")
				}
				if extra != nil {
					extra(t, res)
				}
				Golden(t, filepath.Join(GoldenDir(id), kind, e.Name()+".golden"), got, update)
			})
		}
	}
}
