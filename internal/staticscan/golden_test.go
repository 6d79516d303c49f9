package staticscan

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenDir is the project's testdata folder for a check.
func goldenDir(checkID string) string { return filepath.Join("..", "..", "testdata", checkID) }

// copyTree copies a golden case folder into dst.
func copyTree(t *testing.T, src, dst string) {
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

// render is the golden form of findings: one line each, sorted by position.
func render(fs []finding.Finding) string {
	lines := make([]string, 0, len(fs))
	for _, f := range fs {
		lines = append(lines, fmt.Sprintf("%s:%d: [%s] %s: %s", f.Location.Path, f.Location.StartLine, f.Severity, f.RuleID, f.Message))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

// TestSecretsGolden scans the true-positive and false-positive cases of
// testdata/secrets as a work tree. Every true case must be found at its
// exact line with its exact message; no false case may be reported.
func TestSecretsGolden(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"tp", "fp"} {
		r := newRepo(t)
		copyTree(t, filepath.Join(goldenDir("secrets"), kind), r.Dir)
		must(t, r)
		res, set := runSecrets(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, nil)
		if res.Status != check.StatusRan {
			t.Fatalf("%s: status %s: %s", kind, res.Status, res.Reason)
		}
		got := render(res.Findings)
		if kind == "fp" {
			if len(res.Findings) != 0 {
				t.Errorf("false positives:\n%s", got)
			}
			continue
		}
		testutil.Golden(t, filepath.Join(goldenDir("secrets"), "tp.golden"), got, *update)
		// The golden output is itself an output: no raw secret in it.
		if red := set.String(got); red != got {
			t.Errorf("golden output carries a raw secret:\n%s", got)
		}
	}
}
