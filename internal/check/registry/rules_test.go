package registry

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// docEntry is a rule's entry in docs/checks.md: its row and severity line.
type docEntry struct{ row, severity string }

var (
	docHeading   = regexp.MustCompile("(?m)^### `([^`]+)`\\s*$")
	docRowLine   = regexp.MustCompile(`(?m)^- \*\*Row:\*\* ([a-z-]+)\. \*\*Severity:\*\* (.+)$`)
	severityWord = regexp.MustCompile(`\b(critical|high|medium|low|info)\b`)
)

// docEntries reads every "### `id`" entry's row and severity line.
func docEntries(t *testing.T) map[string]docEntry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "checks.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	out := map[string]docEntry{}
	heads := docHeading.FindAllStringSubmatchIndex(text, -1)
	for i, h := range heads {
		end := len(text)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		id := text[h[2]:h[3]]
		if m := docRowLine.FindStringSubmatch(text[h[1]:end]); m != nil {
			out[id] = docEntry{row: m[1], severity: m[2]}
		} else {
			out[id] = docEntry{}
		}
	}
	return out
}

// TestDocsMatchTheRuleTable checks docs/checks.md against the rule table,
// line by line: every rule's entry names its row, its default severity
// first, and exactly the severities its findings can have.
func TestDocsMatchTheRuleTable(t *testing.T) {
	t.Parallel()
	docs := docEntries(t)
	for _, c := range All() {
		for _, r := range c.Meta().Rules {
			e, ok := docs[r.ID]
			switch {
			case !ok:
				t.Errorf("rule %s has no entry in docs/checks.md", r.ID)
				continue
			case e.row == "":
				t.Errorf("docs/checks.md: %s has no \"- **Row:** ... **Severity:** ...\" line", r.ID)
				continue
			}
			if e.row != string(r.Row) {
				t.Errorf("docs/checks.md: %s is in row %s, the rule table says %s", r.ID, e.row, r.Row)
			}
			var words []string
			for _, w := range severityWord.FindAllString(e.severity, -1) {
				if !slices.Contains(words, w) {
					words = append(words, w)
				}
			}
			var want []string
			for _, s := range r.Severities() {
				want = append(want, s.String())
			}
			if len(words) == 0 || words[0] != want[0] {
				t.Errorf("docs/checks.md: %s's severity line %q does not start with its default severity %s", r.ID, e.severity, want[0])
			}
			slices.Sort(words)
			slices.Sort(want)
			if !slices.Equal(words, want) {
				t.Errorf("docs/checks.md: %s's severity line %q names %v, the rule table says %v", r.ID, e.severity, words, want)
			}
		}
	}
}

// TestRuleTable: every rule declares its row, a default severity and a
// CWE, and the severities it can have are distinct.
func TestRuleTable(t *testing.T) {
	t.Parallel()
	rows := map[finding.Row]bool{}
	for _, info := range finding.Rows {
		rows[info.ID] = true
	}
	for _, c := range All() {
		for _, r := range c.Meta().Rules {
			if !rows[r.Row] || r.Severity == finding.SeverityNone || !strings.HasPrefix(r.CWE, "CWE-") {
				t.Errorf("rule %s: row %q, severity %s, CWE %q", r.ID, r.Row, r.Severity, r.CWE)
			}
			sevs := r.Severities()
			slices.Sort(sevs)
			if len(slices.Compact(sevs)) != len(r.Severities()) {
				t.Errorf("rule %s repeats a severity: %v", r.ID, r.Severities())
			}
			if r.Anchor() == "" || strings.ContainsAny(r.Anchor(), "/`<>") {
				t.Errorf("rule %s: anchor %q", r.ID, r.Anchor())
			}
		}
	}
}

// Declared returns the rule a finding's id belongs to: declared by a
// check, or a member of a declared family (secrets/<gitleaks-rule-id>).
func Declared(id string) (check.Rule, bool) {
	for _, c := range All() {
		for _, r := range c.Meta().Rules {
			if r.ID == id {
				return r, true
			}
		}
	}
	for _, c := range All() {
		for _, r := range c.Meta().Rules {
			if prefix, _, _ := strings.Cut(r.ID, "<"); r.Family && strings.HasPrefix(id, prefix) {
				return r, true
			}
		}
	}
	return check.Rule{}, false
}
