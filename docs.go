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
	if k := section(id); k != "" {
		return help[k]
	}
	return ""
}

// loadHelp reads docs/checks.md's rule sections once.
func loadHelp() {
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
}

// section is the docs/checks.md heading that documents id: its own, or
// its family's (secrets/<gitleaks-rule-id>); "" when there is none.
func section(id string) string {
	loadHelp()
	if _, ok := help[id]; ok {
		return id
	}
	if i := strings.Index(id, "/"); i >= 0 {
		for k := range help {
			if strings.HasPrefix(k, id[:i+1]+"<") {
				return k
			}
		}
	}
	return ""
}

// RuleAnchor is the fragment of id's section in docs/checks.md as GitHub
// renders it (the heading lower-cased, punctuation dropped, spaces as
// hyphens: "secrets/url-credentials" -> "secretsurl-credentials"), for
// links such as SARIF's helpUri; "" when the rule has no section.
func RuleAnchor(id string) string {
	k := section(id)
	if k == "" {
		return ""
	}
	var b strings.Builder
	for _, c := range strings.ToLower(k) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		case c == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
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
