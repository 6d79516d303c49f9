package safeout

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestInline(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"plain/path.yml":                  "plain/path.yml",
		"x\n::stop-commands::pwned\n.yml": `x\n::stop-commands::pwned\n.yml`,
		"e\x1b[31mred\x1b]0;t\x07.yml":    `e\x1b[31mred\x1b]0;t\x07.yml`,
		"evil\u202etxt.exe":               `evil\u202etxt.exe`,
		"c1\u009b31m":                     `c1\x9b31m`,
		"bad\xffbyte":                     `bad\xffbyte`,
		"ok ünïcödé \ufffd":               "ok ünïcödé \ufffd",
	}
	for in, want := range cases {
		if got := Inline(in); got != want {
			t.Errorf("Inline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLogNeutralisesCommands(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	l := NewLog(&buf, nil)
	_ = l.Mask("tok")
	fmt.Fprint(l.Text(), "a\n::stop-commands::x\n  ::error::fake\n\u00a0##[warning]old\n")
	fmt.Fprint(l.Text(), "  ")
	fmt.Fprint(l.Text(), "::split::x\n")
	fmt.Fprint(l.Commands(), "::error file=a.yml::real\n")
	fmt.Fprint(l.Commands(), "::stop-commands::tok\n")
	fmt.Fprint(l.Commands(), "::error::two\n::warning::lines\n")
	fmt.Fprint(l.Text(), "esc \x1b[2J\r\n")
	var cmds []string
	for _, line := range strings.Split(buf.String(), "\n") {
		if _, ok := commandStart(line); ok {
			cmds = append(cmds, line)
		}
	}
	if want := []string{"::add-mask::tok", "::error file=a.yml::real"}; fmt.Sprint(cmds) != fmt.Sprint(want) {
		t.Errorf("commands %q, want %q\n%s", cmds, want, buf.String())
	}
	if strings.ContainsAny(buf.String(), "\x1b\r") {
		t.Errorf("raw control characters:\n%q", buf.String())
	}
}

func FuzzLines(f *testing.F) {
	f.Add("x\n::stop-commands::pwned\n.yml")
	f.Add("\u00a0##[error]x\x1b[2J\u202e")
	f.Fuzz(func(t *testing.T, s string) {
		for name, out := range map[string]string{"inline": Inline(s), "lines": Lines(s)} {
			for _, r := range out {
				if dangerous(r) && r != '\n' && r != '\t' {
					t.Fatalf("%s: raw %U in %q", name, r, out)
				}
			}
			for _, line := range strings.Split(out, "\n") {
				if _, cmd := commandStart(line); cmd && name == "lines" {
					t.Fatalf("%s: a line reads as a command: %q", name, line)
				}
			}
		}
		if strings.Contains(Inline(s), "\n") {
			t.Fatalf("Inline kept a line break")
		}
	})
}

func TestJSONEscapesInvisible(t *testing.T) {
	t.Parallel()
	in := "{\"a\": \"x\u200by\ufeff\u2066\u0085\u007f\U000E0041\u00e9\"}"
	got := string(JSON([]byte(in)))
	want := `{"a": "x\u200by\ufeff\u2066\u0085\u007f\udb40\udc41` + "\u00e9\"}"
	if got != want {
		t.Errorf("JSON = %q, want %q", got, want)
	}
}

func TestShown(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"GET /admin/users (listUsers)": "GET /admin/users (listUsers)",
		"GET /a\x1b[2J\nb":             `"GET /a\x1b[2J\nb"`,
		"GET /zero\u200bwidth":         `"GET /zero\u200bwidth"`,
		"GET /ünï":                     "GET /ünï",
		"bad\xff":                      `"bad\xff"`,
	} {
		if got := Shown(in); got != want {
			t.Errorf("Shown(%q) = %s, want %s", in, got, want)
		}
	}
}
