// Package launchready holds what the whole module shares from its root:
// the check documentation, which reporters quote as rule help (SARIF
// help.markdown), so that docs/checks.md is the single source.
package launchready

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed docs/checks.md
var checksDoc string

var (
	helpOnce sync.Once
	help     map[string]string
)

// RuleHelp returns the docs/checks.md entry of a rule id as Markdown, or "".
// An id of a rule family, such as secrets/github-pat, gets the family's
// entry (secrets/<gitleaks-rule-id>).
func RuleHelp(id string) string {
	helpOnce.Do(func() {
		help = map[string]string{}
		sections := strings.Split(checksDoc, "\n### `")
		for _, s := range sections[1:] {
			end := strings.Index(s, "`")
			if end < 0 {
				continue
			}
			body := s[end+1:]
			// A section ends at the next heading of any level.
			if i := strings.Index(body, "\n#"); i >= 0 {
				body = body[:i]
			}
			help[s[:end]] = strings.TrimSpace(body)
		}
	})
	if h, ok := help[id]; ok {
		return h
	}
	if i := strings.Index(id, "/"); i >= 0 {
		for k, h := range help {
			if strings.HasPrefix(k, id[:i+1]+"<") {
				return h
			}
		}
	}
	return ""
}

// RuleWhy returns the "Why" sentence of a rule's docs/checks.md entry: why
// the finding matters, for messages such as the pre-commit hook's.
func RuleWhy(id string) string {
	var why []string
	in := false
	for _, line := range strings.Split(RuleHelp(id), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "- **Why:**"):
			in = true
			why = append(why, strings.TrimSpace(strings.TrimPrefix(t, "- **Why:**")))
		case in && t != "" && !strings.HasPrefix(t, "- "):
			// A wrapped continuation of the same bullet.
			why = append(why, t)
		default:
			in = false
		}
	}
	return strings.Join(why, " ")
}
