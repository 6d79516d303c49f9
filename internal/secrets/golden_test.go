package secrets

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSecretsGolden scans the true-positive and false-positive cases of
// testdata/secrets as a work tree. Every true case must be found at its
// exact line with its exact message; no false case may be reported.
func TestSecretsGolden(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"tp", "fp"} {
		r := newRepo(t)
		testutil.CopyTree(t, filepath.Join(testutil.GoldenDir("secrets"), kind), r.Dir)
		must(t, r)
		res, set := runSecrets(t, r.Dir, check.Scan{Mode: check.ModeWorktree}, nil)
		if res.Status != check.StatusRan {
			t.Fatalf("%s: status %s: %s", kind, res.Status, res.Reason)
		}
		got := testutil.Render(res.Findings)
		if kind == "fp" {
			if len(res.Findings) != 0 {
				t.Errorf("false positives:\n%s", got)
			}
			continue
		}
		testutil.Golden(t, filepath.Join(testutil.GoldenDir("secrets"), "tp.golden"), got, *update)
		// The golden output is itself an output: no raw secret in it.
		if red := set.String(got); red != got {
			t.Errorf("golden output carries a raw secret:\n%s", got)
		}
	}
}
