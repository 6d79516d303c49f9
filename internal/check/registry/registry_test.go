package registry

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/check"
)

// TestRegistry enforces the rules of DESIGN.md §2: unique non-empty ids,
// every rule documented in docs/checks.md, and golden cases for every check.
func TestRegistry(t *testing.T) {
	t.Parallel()
	docs, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "checks.md"))
	if err != nil {
		t.Fatal(err)
	}
	seenCheck, seenRule := map[string]bool{}, map[string]check.Rule{}
	for _, c := range All() {
		m := c.Meta()
		if m.ID == "" || m.Title == "" || len(m.Modes) == 0 {
			t.Errorf("check %q has empty metadata: %+v", m.ID, m)
		}
		if seenCheck[m.ID] {
			t.Errorf("duplicate check id %q", m.ID)
		}
		seenCheck[m.ID] = true
		for _, kind := range []string{"tp", "fp"} {
			dir := filepath.Join("..", "..", "..", "testdata", m.ID, kind)
			if entries, err := os.ReadDir(dir); err != nil || len(entries) == 0 {
				t.Errorf("check %q has no golden %s cases in testdata/%s/%s", m.ID, kind, m.ID, kind)
			}
		}
		if len(m.Rules) == 0 {
			t.Errorf("check %q declares no rules", m.ID)
		}
		for _, r := range m.Rules {
			if r.ID == "" || r.Title == "" || r.Severity == 0 || !strings.HasPrefix(r.CWE, "CWE-") {
				t.Errorf("rule %+v has empty metadata", r)
			}
			// One rule may be listed by several checks (every probe
			// check reports the stack traces in its own answers), but
			// it is the same value, declared once.
			if o, ok := seenRule[r.ID]; ok && !reflect.DeepEqual(o, r) {
				t.Errorf("duplicate rule id %q: two different rules", r.ID)
			}
			seenRule[r.ID] = r
			if !strings.Contains(string(docs), "### `"+r.ID+"`") {
				t.Errorf("rule %q has no entry in docs/checks.md (a heading ### `%s`)", r.ID, r.ID)
			}
		}
	}
}
