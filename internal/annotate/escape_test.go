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

func TestMarkdownNoAutolinks(t *testing.T) {
	t.Parallel()
	text := map[string]string{
		"see https://evil.example/x":   "see https:\u200b//evil.example/x",
		"WWW.evil.example and www.e.x": "WWW\u200b.evil.example and www\u200b.e.x",
		"fixes #12, acme/api#3, GH-45": "fixes #\u200b12, acme/api#\u200b3, GH\u200b-45",
		"commit deadbeefcafe and 1234": "commit d\u200beadbeefcafe and 1234",
		"word abcdefabcdefg stays":     "word abcdefabcdefg stays",
		"mailto:a@b.example":           "mailto:a@\u200bb.example",
		"# 1 heading":                  "\\# 1 heading",
	}
	for in, want := range text {
		if got := MarkdownText(in); got != want {
			t.Errorf("MarkdownText(%q) = %q, want %q", in, got, want)
		}
	}
	// Invalid UTF-8 and C1 never reach a code span raw.
	for _, in := range []string{"j\x9b2J.env", "k\x85.env", "c1\u009b.env"} {
		got := MarkdownCode(in)
		if !utf8.ValidString(got) || strings.ContainsRune(got, 0x9b) || strings.ContainsRune(got, 0x85) || !strings.HasPrefix(got, "<code>") {
			t.Errorf("MarkdownCode(%q) = %q", in, got)
		}
	}
	// Long strings are cut.
	long := strings.Repeat("é", 5000)
	if got := MarkdownText(long); utf8.RuneCountInString(got) != FieldMaxRunes || !strings.HasSuffix(got, "…") {
		t.Errorf("MarkdownText of 5000 characters: %d characters", utf8.RuneCountInString(got))
	}
	if got := MarkdownProse(long); utf8.RuneCountInString(got) != ProseMaxRunes {
		t.Errorf("MarkdownProse of 5000 characters: %d characters", utf8.RuneCountInString(got))
	}
	if got := MarkdownText(strings.Repeat("a", FieldMaxRunes)); got != strings.Repeat("a", FieldMaxRunes) {
		t.Errorf("a string at the cap was cut")
	}
}

func TestCapMarkdown(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(StickyMarker + "\n## head\n\n| a | b |\n|---|---|\n")
	for i := 0; i < 2000; i++ {
		b.WriteString("| row | cell |\n")
	}
	b.WriteString("<details><summary>x</summary>\n\n")
	for i := 0; i < 2000; i++ {
		b.WriteString("- item é\n")
	}
	b.WriteString("</details>\n\n### Launch checklist: what no tool can verify\n- [ ] **x** " + ManualMarker("x") + "\n\n<sub>footer</sub>\n")
	body := b.String()
	for _, limit := range []int{len(body), 30000, 20000, 5000, 600, 40} {
		got := CapMarkdown(body, limit)
		if len(got) > limit || !utf8.ValidString(got) {
			t.Errorf("limit %d: %d bytes, valid %v", limit, len(got), utf8.ValidString(got))
		}
		if limit >= 600 {
			if !strings.HasPrefix(got, StickyMarker) || !strings.Contains(got, ManualMarker("x")) || !strings.HasSuffix(got, "<sub>footer</sub>\n") {
				t.Errorf("limit %d: markers or footer lost", limit)
			}
			if strings.Count(got, "<details>") != strings.Count(got, "</details>") {
				t.Errorf("limit %d: <details> unbalanced", limit)
			}
		}
	}
}

func FuzzCapMarkdown(f *testing.F) {
	f.Add(StickyMarker+"\n<details>\n- a\n- b\n</details>\n### Launch checklist\n- [ ] x\n", 30)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit%5000 + 1
		if limit <= 0 {
			limit += 5000
		}
		got := CapMarkdown(s, limit)
		if len(got) > limit {
			t.Errorf("%d bytes over %d", len(got), limit)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("invalid UTF-8 from valid input")
		}
	})
}

var autolinkish = regexp.MustCompile(`(?i)://|www\.|#\d|gh-\d`)

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
			if name != "prose" && !strings.HasPrefix(out, "`") && autolinkish.MatchString(out) {
				t.Errorf("%s: an autolink survives in %q", name, out)
			}
			if !utf8.ValidString(out) {
				t.Errorf("%s: invalid UTF-8 in %q", name, out)
			}
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
