package annotate

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMarkdownEscapers(t *testing.T) {
	t.Parallel()
	text := map[string]string{
		"plain words":            "plain words",
		"a|b":                    `a\|b`,
		"[x](https://e.example)": "\\[x\\](https:\u200b//e.example)",
		"**b** _i_ ~s~ `c` $m$":  `\*\*b\*\* \_i\_ \~s\~ \` + "`" + `c\` + "`" + ` \$m\$`,
		"</details><b>":          "&lt;/details&gt;&lt;b&gt;",
		"hi @octocat &#64;x":     "hi @\u200boctocat &amp;#\u200b64;x",
		"# head":                 `\# head`,
		"- item":                 `\- item`,
		"1. one":                 `1\. one`,
		"line\nbreak\x1b[2J":     `line break\\x1b\[2J`,
		"back\\slash":            `back\\slash`,
		"a-b.c":                  "a-b.c",
	}
	for in, want := range text {
		if got := MarkdownText(in); got != want {
			t.Errorf("MarkdownText(%q) = %q, want %q", in, got, want)
		}
	}
	code := map[string]string{
		"config/app.yml:3":   "`config/app.yml:3`",
		"secrets/github-pat": "`secrets/github-pat`",
		"x` </details> |":    "<code>x\\` &lt;/details&gt; \\|</code>",
		"a @ 12345678":       "<code>a @\u200b 1\u200b2345678</code>",
		"":                   "",
	}
	for in, want := range code {
		if got := MarkdownCode(in); got != want {
			t.Errorf("MarkdownCode(%q) = %q, want %q", in, got, want)
		}
	}
	if got := MarkdownProse("run `git rm --cached a|b` then <x>"); got != "run <code>git rm --cached a\\|b</code> then &lt;x&gt;" {
		t.Errorf("MarkdownProse: %q", got)
	}
}

var unescapedPipe = regexp.MustCompile(`(^|[^\\])(\\\\)*\|`)

func FuzzMarkdownText(f *testing.F) {
	for _, s := range []string{"x` </details> <b>bold</b> @octocat [phish](https://evil.example/login) |", "\\|", "a\n|b", "@", "&#64;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, out := range map[string]string{"text": MarkdownText(s), "code": MarkdownCode(s), "prose": MarkdownProse(s)} {
			if strings.ContainsAny(out, "\n\r") {
				t.Errorf("%s: line break in %q", name, out)
			}
			inner := strings.NewReplacer("<code>", "", "</code>", "").Replace(out)
			if strings.Contains(inner, "<") || strings.Contains(inner, ">") {
				t.Errorf("%s: raw angle bracket in %q", name, out)
			}
			if unescapedPipe.MatchString(inner) {
				t.Errorf("%s: unescaped pipe in %q", name, out)
			}
			for i := strings.Index(out, "@"); i >= 0; i = strings.Index(out[i+1:], "@") + i + 1 {
				r, _ := utf8.DecodeRuneInString(out[i+1:])
				if r != 0x200b {
					t.Errorf("%s: live @ in %q", name, out)
					break
				}
				if strings.Index(out[i+1:], "@") < 0 {
					break
				}
			}
		}
	})
}
