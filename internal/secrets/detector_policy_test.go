package secrets

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zricethezav/gitleaks/v8/report"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/gitrepo"
)

// gitleaks counts [extend]s in a global that is never reset and stops
// extending after two: every build of the detector must still get the
// defaults.
func TestExtendDefaultEveryTime(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".gitleaks.toml"), []byte("[extend]\nuseDefault = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := gitrepo.WorktreeSource{Root: dir}
	first := -1
	for i := 0; i < 5; i++ {
		_, info, err := detectorConfigInfo(src, config.Default(), Gitleaks{})
		if err != nil {
			t.Fatal(err)
		}
		if first < 0 {
			first = info.gitleaks
		}
		if info.gitleaks < 100 || info.gitleaks != first {
			t.Fatalf("build %d: %d gitleaks rules, want %d (the defaults)", i, info.gitleaks, first)
		}
	}
}

func TestAllowsEverything(t *testing.T) {
	for toml, want := range map[string]bool{
		"[allowlist]\nregexes = ['''.*''']\n":                                          true,
		"[allowlist]\nregexes = ['''.''']\n":                                           true,
		"[[allowlists]]\npaths = ['''.*''']\n":                                         true,
		"[allowlist]\nregexes = ['''^EXAMPLE''']\n":                                    false,
		"[allowlist]\npaths = ['''^docs/''']\n":                                        false,
		"[[allowlists]]\ncommits = ['abc']\nregexes = ['''.*''']\n":                    true, // ORed: the regex alone allows everything
		"[[allowlists]]\ncondition = 'AND'\ncommits = ['abc']\nregexes = ['''.*''']\n": false,
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, ".gitleaks.toml"), []byte("[extend]\nuseDefault = true\n"+toml), 0o644)
		_, info, err := detectorConfigInfo(gitrepo.WorktreeSource{Root: dir}, config.Default(), Gitleaks{})
		if err != nil {
			t.Fatalf("%q: %v", toml, err)
		}
		if info.allowsAll != want {
			t.Errorf("%q: allows everything %v, want %v", toml, info.allowsAll, want)
		}
	}
}

// The .gitleaksignore fingerprints, as gitleaks' AddFinding matches them:
// file:rule:line for any commit, commit:file:rule:line for one.
func TestIgnoreSetFingerprints(t *testing.T) {
	s := parseIgnore("# c\n a.txt:github-pat:3 \nabc123:src\\win.js:generic-api-key:7\nbad-line\n")
	cases := []struct {
		g    report.Finding
		want bool
	}{
		{report.Finding{File: "a.txt", RuleID: "github-pat", StartLine: 3}, true},
		{report.Finding{File: "a.txt", RuleID: "github-pat", StartLine: 3, Commit: "fff"}, true},
		{report.Finding{File: "a.txt", RuleID: "github-pat", StartLine: 4}, false},
		{report.Finding{File: "src/win.js", RuleID: "generic-api-key", StartLine: 7, Commit: "abc123"}, true},
		{report.Finding{File: "src/win.js", RuleID: "generic-api-key", StartLine: 7, Commit: "def456"}, false},
		{report.Finding{File: "src/win.js", RuleID: "generic-api-key", StartLine: 7}, false},
	}
	for _, c := range cases {
		if got := s.ignores(c.g); got != c.want {
			t.Errorf("%+v: ignored %v, want %v", c.g, got, c.want)
		}
	}
}

// pathGated must list exactly our rules that have a path.
func TestPathGatedMatchesRules(t *testing.T) {
	gc, _, err := detectorConfigInfo(nil, config.Default(), Gitleaks{})
	if err != nil {
		t.Fatal(err)
	}
	for id := range ourRules {
		if has := gc.Rules[id].Path != nil; has != pathGated[id] {
			t.Errorf("%s: path %v, pathGated %v", id, has, pathGated[id])
		}
	}
}
