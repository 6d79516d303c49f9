package secrets

import (
	"fmt"
	"strings"
	"testing"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// TestEngineInertAllowlists: on long lines the engine leaves out the
// allowlists that cannot allow anything there (their paths do not match,
// their line regexes match no text of the fragment), which gitleaks
// otherwise matches against the whole line once per finding; every other
// allowlist must still allow what gitleaks' does.
func TestEngineInertAllowlists(t *testing.T) {
	t.Parallel()
	bundle := func(extra string) string {
		var b strings.Builder
		for i := range 400 {
			fmt.Fprintf(&b, `var a%d={apiKey:"k%dQm9vZ2xlQXBp",n:%d};`, i, i*7919, i)
		}
		return b.String() + extra
	}
	d := engineDetector(t)
	custom := attackDetector(t, rule("tok", `tok_[0-9a-z]{12}`, "keywords = ['tok_']",
		"[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''^var a0=''']",
		"[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''ALLOWME''']",
		"[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''ALLOWEND$''']",
		"[[rules.allowlists]]\nstopwords = ['zzstop']",
		"[[rules.allowlists]]\ncondition = 'AND'\npaths = ['''\\.special$''']\nregexTarget = 'line'\nregexes = ['''SPECIAL''']"), true)
	toks := func(extra string) string {
		var b strings.Builder
		for i := range 400 {
			fmt.Fprintf(&b, "x%d=tok_%012d;", i, i*104729)
		}
		return b.String() + extra
	}
	for _, c := range []struct {
		name string
		d    *detect.Detector
		f    detect.Fragment
		none bool // an allowlist allows every finding
	}{
		{"a bundle line", d, detect.Fragment{Raw: bundle("") + "\n", FilePath: "web/app.js"}, false},
		{"the same line allowlisted by gitleaks' import regex", d, detect.Fragment{Raw: bundle(`import { a, b } from "lib";`) + "\n", FilePath: "web/app.js"}, true},
		{"the import in a decoded segment", d, detect.Fragment{Raw: bundle(" "+b64(`import { a } from "x"; apiKey = "Zx8Qw3Lp9Tr5Vb2N"`)) + "\n", FilePath: "web/app.js"}, false},
		{"a .bb file whose AND allowlist applies", d, detect.Fragment{Raw: bundle(` LICENSE = "MIT-abcdefgh1234"`) + "\n", FilePath: "meta/recipe.bb"}, true},
		{"a Kelvin sign: the full detector", d, detect.Fragment{Raw: "\u212a" + bundle(`import { a } from "lib";`) + "\n", FilePath: "web/app.js"}, true},
		{"a Kelvin sign, the import decoded", d, detect.Fragment{Raw: "\u212a" + bundle(" "+b64(`import { a } from "x";`)) + "\n", FilePath: "web/app.js"}, false},
		{"anchored line regex (kept)", custom, detect.Fragment{Raw: "var a0=" + toks("") + "\n", FilePath: "a.js"}, true},
		{"unanchored line regex on the line", custom, detect.Fragment{Raw: toks(" ALLOWME") + "\n", FilePath: "a.js"}, true},
		{"unanchored line regex elsewhere", custom, detect.Fragment{Raw: toks("") + "\nALLOWME\n", FilePath: "a.js"}, false},
		{"a line regex anchored at the end of the line", custom, detect.Fragment{Raw: toks(" ALLOWEND") + "\nnext line\n", FilePath: "a.js"}, true},
		{"stopword", custom, detect.Fragment{Raw: toks("x=tok_zzstop123456;") + "\n", FilePath: "a.js"}, false},
		{"AND allowlist, path matches", custom, detect.Fragment{Raw: toks(" SPECIAL") + "\n", FilePath: "a.special"}, true},
		{"AND allowlist, path does not", custom, detect.Fragment{Raw: toks(" SPECIAL") + "\n", FilePath: "a.txt"}, false},
	} {
		c.f.StartLine = 1
		if len(c.f.Raw) < inertMinText {
			t.Fatalf("%s: %d bytes, shorter than inertMinText", c.name, len(c.f.Raw))
		}
		switch _, full := sameAsGitleaks(t, c.d, c.f); {
		case c.none && len(full) > 0:
			t.Errorf("%s: gitleaks finds %d: the allowlist the case is about does not apply", c.name, len(full))
		case !c.none && len(full) == 0:
			t.Errorf("%s: gitleaks finds nothing: the case compares nothing", c.name)
		}
	}
}

// BenchmarkEngineLongLine is a minified bundle: one 150 KB line with about
// 1,900 generic-api-key matches. gitleaks matches its rules' line
// allowlists against the whole line once per finding (quadratic; Go's
// regexp has no literal to skip to in the joined patterns); the engine
// leaves out the ones that cannot match there. Compare engine=false
// (gitleaks' detector) with engine=true:
//
//	go test ./internal/secrets -run '^$' -bench EngineLongLine -benchtime 3x
func BenchmarkEngineLongLine(b *testing.B) {
	d := engineDetector(b)
	var sb strings.Builder
	const chars = "abcdefghijklmnop0123456789"
	x := uint64(1)
	for i := 0; sb.Len() < 150<<10; i++ {
		v := make([]byte, 20)
		for k := range v {
			x = x*6364136223846793005 + 1442695040888963407
			v[k] = chars[(x>>33)%uint64(len(chars))]
		}
		fmt.Fprintf(&sb, `var a%d={apiKey:"%s",token:f(%d),auth:"x y"};`, i, v, i)
	}
	benchEngine(b, "", d, detect.Fragment{Raw: sb.String() + "\n", FilePath: "web/bundle.js", StartLine: 1})
}

// splitCandidates are the allowlists splitAllowlist rewrites: every rule
// allowlist of the default run config that has only regexes, and custom
// ones whose joined form carries a flag into later regexes.
func splitCandidates(t testing.TB) []*gconfig.Allowlist {
	var out []*gconfig.Allowlist
	for _, d := range []*detect.Detector{engineDetector(t), attackDetector(t, rule("x", `x_[0-9]{8}`,
		"[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''(?i)import''', '''EXPORT''', '''^begin''', '''end$''']",
		"[[rules.allowlists]]\nregexes = ['''(?s)a.b''', '''c.d''', '''(?m)^e''', '''f\\b''']",
		"[[rules.allowlists]]\nregexTarget = 'match'\nregexes = ['''abc''', '''abd''', '''ab(?-i:E)''']"), false)} {
		for _, r := range d.Config.Rules {
			for _, a := range r.Allowlists {
				if splitAllowlist(a) != a {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

func sameAllowed(t *testing.T, a *gconfig.Allowlist, s string) {
	t.Helper()
	if got, want := splitAllowlist(a).RegexAllowed(s), a.RegexAllowed(s); got != want {
		t.Errorf("%q against %v: the split allowlist says %v, gitleaks' %v", s, a.Regexes, got, want)
	}
}

// TestSplitAllowlistMatchesJoined: an allowlist's regexes tried one by one
// (splitAllowlist) allow exactly what gitleaks' joined regex allows, on
// the first 10,000 lines of the repository's files and on case and
// line-end variants.
func TestSplitAllowlistMatchesJoined(t *testing.T) {
	t.Parallel()
	lists := splitCandidates(t)
	if len(lists) < 5 {
		t.Fatalf("only %d allowlists to split: the case compares too little", len(lists))
	}
	extra := []string{"IMPORT x", "export", "EXPORT", "x\nbegin", "end\n", "end", "a\nb", "c\nd", "x\ne", "f_", "f.", "abE", "abe", "ABD"}
	allowed, lines := 0, 0
	eachRepoFile(t, func(_ string, b []byte) {
		if isBinary(b[:min(len(b), sniffLen)]) || lines > 10000 {
			return // (the joined regexes are slow under Go's regexp)
		}
		for l := range strings.SplitSeq(string(b), "\n") {
			lines++
			for _, a := range lists {
				sameAllowed(t, a, l)
				if a.RegexAllowed(l) {
					allowed++
				}
			}
		}
	})
	for _, s := range extra {
		for _, a := range lists {
			sameAllowed(t, a, s)
		}
	}
	if allowed < 20 {
		t.Fatalf("only %d lines allowed: the case compares too little", allowed)
	}
}

// FuzzSplitAllowlist: the split allowlists agree with gitleaks' on any
// text.
func FuzzSplitAllowlist(f *testing.F) {
	for _, s := range []string{"import { a } from 'b'", "--mount=type=secret,id=x", "IMPORT", "end\n", "abE"} {
		f.Add(s)
	}
	lists := splitCandidates(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range lists {
			sameAllowed(t, a, s)
		}
	})
}
