package secrets

import (
	"testing"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
)

func translateTOML(t *testing.T, text string) gconfig.Config {
	t.Helper()
	vc, err := parseGitleaksTOML(text)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := vc.Translate()
	if err != nil {
		t.Fatal(err)
	}
	return gc
}

// The probes are findings of the defaults: gitleaks' own rule allowlists
// suppress none of them, and a narrow allowlist few.
func TestAllowsEverythingProbes(t *testing.T) {
	def := translateTOML(t, gconfig.DefaultConfig)
	for _, p := range allowProbes {
		r, ok := def.Rules[p.rule]
		if !ok {
			continue
		}
		for _, a := range append(def.Allowlists, r.Allowlists...) {
			if probeAllowed(a, p) {
				t.Errorf("gitleaks' default allowlists suppress the probe %s in %s", p.rule, p.path)
			}
		}
	}
	for name, c := range map[string]struct {
		toml string
		all  bool
	}{
		"defaults":                  {"", false},
		"regex everything":          {"[[allowlists]]\nregexes = ['''.*''']\n", true},
		"paths everything":          {"[[allowlists]]\npaths = ['''.*''']\n", true},
		"vowel and digit stopwords": {"[[allowlists]]\nstopwords = ['a','e','i','o','u','0','1','2','3','4','5','6','7','8','9']\n", true},
		"all but AKIAQ":             {"[[allowlists]]\nregexes = ['''^(?:[^A]|A[^K]|AK[^I]|AKI[^A]|AKIA[^Q])''']\n", true},
		"commits ORed with regex":   {"[[allowlists]]\ncommits = ['0000000000000000000000000000000000000000']\nregexes = ['''.*''']\n", true},
		"commits ORed with paths":   {"[[allowlists]]\ncommits = ['abc']\npaths = ['''.*''']\n", true},
		"commits AND regex":         {"[[allowlists]]\ncondition = 'AND'\ncommits = ['abc']\nregexes = ['''.*''']\n", false},
		"targeted everything":       {"[[rules]]\nid = 'github-pat'\nregex = '''ghp_[A-Za-z0-9]{36}'''\n[[rules.allowlists]]\nregexes = ['''.*''']\n[[allowlists]]\nstopwords = ['a','e','i','o','u','0','1','2','3','4','5','6','7','8','9']\n", true},
		"narrow paths":              {"[[allowlists]]\npaths = ['''^src/''', '''(?i)\\.md$''', '''^tests/''']\nregexes = ['''EXAMPLE''', '''^sk_test_''']\nstopwords = ['dummy', 'example']\n", false},
	} {
		text := c.toml
		gc := def
		if text != "" {
			gc = translateTOML(t, text)
			mergeExtension(&gc, def, nil)
		}
		if got := allowsEverything(gc); got != c.all {
			t.Errorf("%s: allowsEverything = %v, want %v", name, got, c.all)
		}
	}
}
