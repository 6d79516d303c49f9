package testutil

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// GitHubAnchors is every heading anchor GitHub makes for a Markdown file,
// mapped to the heading as written: the text lower-cased, every character but
// letters, digits, spaces, hyphens and underscores dropped, each space a
// hyphen, and "-1", "-2"... appended to a repeated one (github-slugger).
// Headings inside fenced code blocks are not headings.
func GitHubAnchors(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fenced := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		level := len(line) - len(strings.TrimLeft(line, "#"))
		if level == 0 || level > 6 || !strings.HasPrefix(line[level:], " ") {
			continue
		}
		raw := strings.TrimSpace(line[level:])
		var slug strings.Builder
		for _, c := range strings.ToLower(raw) {
			switch {
			case unicode.IsLetter(c), unicode.IsDigit(c), c == '-', c == '_':
				slug.WriteRune(c)
			case c == ' ':
				slug.WriteByte('-')
			}
		}
		a := slug.String()
		for n := 1; ; n++ {
			if _, dup := out[a]; !dup {
				break
			}
			a = slug.String() + "-" + strconv.Itoa(n)
		}
		out[a] = raw
	}
	return out
}
