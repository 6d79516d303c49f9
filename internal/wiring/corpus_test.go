package wiring

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/launchready/launchready/internal/testutil"
)

// The scored golden corpus (testdata/wiring/corpus/<language>/<project>/):
// small, realistic projects written from the frameworks' documentation.
// Every line that must produce a finding carries an expectation comment in
// the language's own comment syntax:
//
//	app.use(cors({ origin: true, credentials: true })) // want code/cors-any-origin-with-credentials
//
// A comment that is the whole line ("# want code/debug-mode" in a .env,
// a .properties file or above a line that cannot carry a comment) applies
// to the next line that is not a comment. Known-safe idioms sit in the
// same corpus without an expectation: any finding there is a false
// positive. Each file names its class(es) in a comment in its first lines
// ("class: cookie"); JSON files, which cannot, are exempt.
//
// TestWiringCorpus runs the real check (the entry the golden test uses)
// over each project, matches findings to expectations by file, line and
// rule id, and prints recall and precision per class and per language.

// corpusClasses are the scored rule classes.
var corpusClasses = []string{"cors", "cookie", "debug", "ratelimit", "headers"}

// corpusTarget is what every class must reach (issue 14).
const corpusTargetRecall, corpusTargetPrecision = 0.8, 0.9

// corpusFloor is the minimum each class must keep: raised as detection
// improved (it started at 0.32/0.95 for cors, 0.17/1.00 for cookies,
// 0.33/0.87 for debug, 0.72/0.95 for rate limits and 0/1 for headers).
// A class below its floor, or below the target, fails the test.
var corpusFloor = map[string]struct{ recall, precision float64 }{
	"cors":      {0.98, 1.00},
	"cookie":    {1.00, 1.00},
	"debug":     {1.00, 1.00},
	"ratelimit": {1.00, 1.00},
	"headers":   {0.83, 1.00},
}

// pendingRules are rule ids the corpus expects that the rule table does
// not declare yet (being added on the wiring-core branch). Any other
// undeclared id in an expectation is a typo and fails the test.
var pendingRules = map[string]bool{
	"code/cookie-insecure":          true, // a non-session cookie without Secure (low)
	"code/cookie-not-httponly":      true, // a non-session cookie without HttpOnly (low)
	"code/security-header-disabled": true, // helmet commented out or a protection switched off (low)
}

// ruleClass is the corpus class of a rule id.
func ruleClass(id string) string {
	switch {
	case strings.HasPrefix(id, "code/cors-"):
		return "cors"
	case strings.Contains(id, "cookie"):
		return "cookie"
	case id == "code/debug-mode" || id == "code/stack-trace-response":
		return "debug"
	case strings.Contains(id, "rate-limit"):
		return "ratelimit"
	case strings.Contains(id, "header") || strings.Contains(id, "helmet"):
		return "headers"
	}
	return "other"
}

var (
	wantRe  = regexp.MustCompile(`(?://|#|<!--|/\*|--|;)\s*want((?:\s+code/[a-z0-9-]+)+)`)
	classRe = regexp.MustCompile(`(?://|#|<!--|/\*|--|;|\*)\s*class:\s*([a-z, ]+)`)
	// a line that is only a comment
	commentOnly = regexp.MustCompile(`^\s*(?://|#|<!--|/\*|\*|--|;)`)
	// a line that is only an expectation: it applies to the next line
	wantLine = regexp.MustCompile(`^\s*(?://|#|<!--|/\*|--|;)\s*want\s`)
)

// expectation is one expected finding.
type expectation struct {
	path string // relative to the project
	line int
	rule string
}

// corpusFile reads one file's expectations and classes.
func corpusFile(rel string, src []byte) (wants []expectation, classes map[string]bool) {
	lines := strings.Split(string(src), "\n")
	classes = map[string]bool{}
	for i, l := range lines {
		if i < 8 {
			if m := classRe.FindStringSubmatch(l); m != nil {
				for _, c := range strings.Split(m[1], ",") {
					if c = strings.TrimSpace(c); c != "" {
						classes[c] = true
					}
				}
			}
		}
		m := wantRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		at := i
		if wantLine.MatchString(l) {
			// applies to the next line that is not a comment
			for at = i + 1; at < len(lines) && (commentOnly.MatchString(lines[at]) || strings.TrimSpace(lines[at]) == ""); at++ {
			}
		}
		for _, id := range strings.Fields(m[1]) {
			wants = append(wants, expectation{rel, at + 1, id})
		}
	}
	return wants, classes
}

// tally counts matches for one slice of the corpus.
type tally struct{ tp, fn, fp int }

func (t tally) recall() float64 {
	if t.tp+t.fn == 0 {
		return 1
	}
	return float64(t.tp) / float64(t.tp+t.fn)
}

func (t tally) precision() float64 {
	if t.tp+t.fp == 0 {
		return 1
	}
	return float64(t.tp) / float64(t.tp+t.fp)
}

func TestWiringCorpus(t *testing.T) {
	root := filepath.Join(testutil.GoldenDir("wiring"), "corpus")
	declared := map[string]bool{}
	for _, r := range (Wiring{}).Meta().Rules {
		declared[r.ID] = true
	}
	langs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ lang, class string }
	var mu sync.Mutex
	counts := map[key]*tally{}
	var misses []string
	count := func(lang, rule string, f func(*tally)) {
		k := key{lang, ruleClass(rule)}
		if counts[k] == nil {
			counts[k] = &tally{}
		}
		f(counts[k])
	}
	projects := 0
	t.Run("projects", func(t *testing.T) {
		for _, l := range langs {
			if !l.IsDir() {
				continue
			}
			lang := l.Name()
			ps, err := os.ReadDir(filepath.Join(root, lang))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if !p.IsDir() {
					continue
				}
				projects++
				dir := filepath.Join(root, lang, p.Name())
				t.Run(lang+"/"+p.Name(), func(t *testing.T) {
					t.Parallel()
					var wants []expectation
					err := filepath.WalkDir(dir, func(fp string, d os.DirEntry, err error) error {
						if err != nil || d.IsDir() {
							return err
						}
						src, err := os.ReadFile(fp)
						if err != nil {
							return err
						}
						rel, _ := filepath.Rel(dir, fp)
						rel = filepath.ToSlash(rel)
						w, classes := corpusFile(rel, src)
						if len(classes) == 0 && !strings.HasSuffix(rel, ".json") {
							t.Errorf("%s: names no class (a \"class: cors\" comment in its first lines)", rel)
						}
						for c := range classes {
							if !slices.Contains(corpusClasses, c) {
								t.Errorf("%s: unknown class %q", rel, c)
							}
						}
						for _, e := range w {
							if !declared[e.rule] && !pendingRules[e.rule] {
								t.Errorf("%s:%d: expects undeclared rule %s", rel, e.line, e.rule)
							}
							if c := ruleClass(e.rule); !classes[c] {
								t.Errorf("%s:%d: expects %s (class %s), but the file names only %v", rel, e.line, e.rule, c, slices.Sorted(maps.Keys(classes)))
							}
						}
						wants = append(wants, w...)
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
					res := runWiring(t, dir)
					got := map[expectation]bool{}
					for _, f := range res.Findings {
						got[expectation{f.Location.Path, f.Location.StartLine, f.RuleID}] = true
					}
					want := map[expectation]bool{}
					for _, e := range wants {
						want[e] = true
					}
					mu.Lock()
					defer mu.Unlock()
					for e := range want {
						if got[e] {
							count(lang, e.rule, func(c *tally) { c.tp++ })
						} else {
							count(lang, e.rule, func(c *tally) { c.fn++ })
							misses = append(misses, fmt.Sprintf("missed   %s/%s/%s:%d %s", lang, p.Name(), e.path, e.line, e.rule))
						}
					}
					for g := range got {
						if !want[g] {
							count(lang, g.rule, func(c *tally) { c.fp++ })
							misses = append(misses, fmt.Sprintf("spurious %s/%s/%s:%d %s", lang, p.Name(), g.path, g.line, g.rule))
						}
					}
				})
			}
		}
	})
	if projects == 0 {
		t.Fatal("no corpus projects")
	}
	sort.Strings(misses)
	for _, m := range misses {
		t.Log(m)
	}
	// Per class, overall.
	total := map[string]*tally{}
	var langNames []string
	seenLang := map[string]bool{}
	for k, c := range counts {
		if total[k.class] == nil {
			total[k.class] = &tally{}
		}
		total[k.class].tp += c.tp
		total[k.class].fn += c.fn
		total[k.class].fp += c.fp
		if !seenLang[k.lang] {
			seenLang[k.lang] = true
			langNames = append(langNames, k.lang)
		}
	}
	sort.Strings(langNames)
	var b strings.Builder
	fmt.Fprintf(&b, "\nwiring corpus: %d projects\n", projects)
	fmt.Fprintf(&b, "%-10s %5s %5s %5s %7s %9s\n", "class", "TP", "FN", "FP", "recall", "precision")
	classes := append(append([]string{}, corpusClasses...), "other")
	for _, c := range classes {
		x := total[c]
		if x == nil {
			x = &tally{}
		}
		fmt.Fprintf(&b, "%-10s %5d %5d %5d %7.2f %9.2f\n", c, x.tp, x.fn, x.fp, x.recall(), x.precision())
	}
	fmt.Fprintf(&b, "\nrecall/precision per language and class (TP/expected, FP)\n%-8s", "lang")
	for _, c := range classes {
		fmt.Fprintf(&b, " %-16s", c)
	}
	b.WriteByte('\n')
	for _, l := range langNames {
		fmt.Fprintf(&b, "%-8s", l)
		for _, c := range classes {
			x := counts[key{l, c}]
			if x == nil {
				fmt.Fprintf(&b, " %-16s", "-")
				continue
			}
			fmt.Fprintf(&b, " %-16s", fmt.Sprintf("%d/%d fp%d", x.tp, x.tp+x.fn, x.fp))
		}
		b.WriteByte('\n')
	}
	t.Log(b.String())
	for _, c := range corpusClasses {
		x := total[c]
		if x == nil {
			t.Errorf("class %s: no expectations in the corpus", c)
			continue
		}
		floor := corpusFloor[c]
		if x.recall() < floor.recall || x.precision() < floor.precision {
			t.Errorf("class %s: recall %.2f precision %.2f, below the floor %.2f/%.2f", c, x.recall(), x.precision(), floor.recall, floor.precision)
		}
		if x.recall() < corpusTargetRecall || x.precision() < corpusTargetPrecision {
			t.Errorf("class %s: below the target %.1f/%.1f (recall %.2f, precision %.2f)", c, corpusTargetRecall, corpusTargetPrecision, x.recall(), x.precision())
		}
	}
	if x := total["other"]; x != nil && x.fp > 0 {
		t.Errorf("%d findings outside the scored classes: a corpus project must not draw them", x.fp)
	}
}
