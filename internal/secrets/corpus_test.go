package secrets

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/testutil"
)

// TestCredentialCorpus scores the rules on the credential corpus
// (testdata/secrets/corpus): every answer of answers.txt (a file under tp/,
// a line and a rule) must be found, nothing under fp/ may be reported, and
// no finding in tp/ may fall outside the answer key. It prints the figures.
func TestCredentialCorpus(t *testing.T) {
	t.Parallel()
	root := filepath.Join(testutil.GoldenDir("secrets"), "corpus")
	want := map[string]bool{} // "path:line rule"
	files := map[string]bool{}
	f, err := os.Open(filepath.Join(root, "answers.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		want[line] = true
		files[line[:strings.Index(line, ":")]] = true
	}
	var tpFiles int
	filepath.WalkDir(filepath.Join(root, "tp"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			tpFiles++
			rel, _ := filepath.Rel(filepath.Join(root, "tp"), p)
			if !files[filepath.ToSlash(rel)] {
				t.Errorf("tp/%s has no answer in answers.txt", filepath.ToSlash(rel))
			}
		}
		return nil
	})
	for _, mode := range []check.Mode{check.ModeWorktree, check.ModeHistory} {
		scoreCorpus(t, root, mode, want, tpFiles)
	}
}

// scoreCorpus scans the corpus as a work tree or as one commit's history.
func scoreCorpus(t *testing.T, root string, mode check.Mode, want map[string]bool, tpFiles int) {
	t.Helper()
	got := map[string][]string{}
	for _, kind := range []string{"tp", "fp"} {
		r := newRepo(t)
		testutil.CopyTree(t, filepath.Join(root, kind), r.Dir)
		if mode == check.ModeHistory {
			r.Commit("the corpus")
		}
		must(t, r)
		res, _ := runSecrets(t, r.Dir, check.Scan{Mode: mode}, nil)
		if res.Status != check.StatusRan {
			t.Fatalf("%s %s: status %s: %s", mode, kind, res.Status, res.Reason)
		}
		for _, fd := range res.Findings {
			got[kind] = append(got[kind], fmt.Sprintf("%s:%d %s", fd.Location.Path, fd.Location.StartLine, strings.TrimPrefix(fd.RuleID, "secrets/")))
		}
		slices.Sort(got[kind])
	}
	found, foundFiles := map[string]bool{}, map[string]bool{}
	for _, g := range got["tp"] {
		if want[g] {
			found[g] = true
			foundFiles[g[:strings.Index(g, ":")]] = true
		} else if !*update {
			t.Errorf("%s tp: finding outside the answer key: %s", mode, g)
		}
	}
	for _, w := range slices.Sorted(maps.Keys(want)) {
		if !slices.Contains(got["tp"], w) {
			t.Errorf("%s tp: missed %s", mode, w)
		}
	}
	fpFiles := map[string]bool{}
	for _, g := range got["fp"] {
		t.Errorf("%s fp: false positive %s", mode, g)
		fpFiles[g[:strings.Index(g, ":")]] = true
	}
	t.Logf("credential corpus (%s): %d of %d answers found, %d of %d true-positive files; %d findings on the false-positive files (%d files)",
		mode, len(found), len(want), len(foundFiles), tpFiles, len(got["fp"]), len(fpFiles))
	if *update {
		t.Logf("tp findings:\n%s", strings.Join(got["tp"], "\n"))
	}
}
