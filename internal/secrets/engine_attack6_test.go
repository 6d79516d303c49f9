package secrets

import (
	"strings"
	"testing"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	gregexp "github.com/zricethezav/gitleaks/v8/regexp"
)

func attack6List(pats ...string) *gconfig.Allowlist {
	a := &gconfig.Allowlist{RegexTarget: "match"}
	for _, p := range pats {
		a.Regexes = append(a.Regexes, gregexp.MustCompile(p))
	}
	if err := a.Validate(); err != nil {
		panic(err)
	}
	return a
}

// TestEngineAttack6SplitFlags: split allowlists allow what the joined
// regex allows for flags that leak across patterns ((?i), (?s), (?m),
// (?U), (?-i)), factored alternations, captures and named groups, \Q..\E,
// POSIX and Perl classes, non-ASCII case folding, invalid UTF-8. (Left
// out: branches that can match the empty string, which diverge; see the
// sixth attack's report.)
func TestEngineAttack6SplitFlags(t *testing.T) {
	t.Parallel()
	sets := [][]string{
		{`(?i)import`, `EXPORT`, `^begin`, `end$`},
		{`(?s)a.b`, `c.d`, `(?m)^e`, `f$`},
		{`(?U)a+?b`, `c.*?d`},
		{`(?-i)abc`, `(?i)abd`, `ABE`},
		{`abc`, `abd`, `x`},
		{`(a)(?P<n>b)`, `(?<m>c)d?`},
		{`\Qa.b\E`, `c\Qd|e\E`},
		{`(?i)ſ`, `K`},
		{`(?i)K`, `s`},
		{`(?i)İ`, `i`},
		{`[[:alpha:]]{3}`, `[[:^alpha:]]`},
		{`a{2,1000}`, `b{1000}`},
		{`(?i)[k-s]`, `q`},
		{`[^\n]x`, `\x{fffd}`},
		{`\x{fffd}`, `zz`},
		{`[^a]`, `zz`},
		{`.`, `zz`},
		{`(?s).`, `zz`},
		{`^$`, `zz`},
		{`(?i)σ`, `zz`},
		{`(?i)ǅ`, `zz`},
		{`(?i)ß`, `zz`},
		{`(?i)ẞ`, `zz`},
		{`[\d\s]`, `zz`},
		{`\W`, `zz`},
		{`(?i)\W`, `zz`},
		{`(?i)[^k]`, `zz`},
		{`(?i)[^s]x`, `zz`},
		{`[[:^word:]]`, `zz`},
		{`(?i)[[:upper:]]`, `zz`},
		{`(?i)\x{212a}`, `zz`},
	}
	strs := []string{"", "a", "IMPORT x", "export", "EXPORT", "x\nbegin", "end\n", "end", "a\nb", "c\nd", "x\ne", "f\n", "ab", "aab", "cd", "ABC", "abd", "ABD", "abe", "ABE",
		"ab", "c", "a.b", "cd|e", "d", "s", "S", "ſ", "k", "K", "\u212a", "İ", "i", "I", "ı", "abc", "ab1", "12\n", "aa", strings.Repeat("a", 1000), "b", "\xff", "\xffx", "\xef\xbf\xbd", "\x80", "é", "e\u0301",
		"Σ", "ς", "σ", "ǆ", "Ǆ", "ß", "ẞ", "ss", "\u00a0", " ", "\n", "x\n", "\nx", "ab\xff", "\xc0\x80", "\xed\xa0\x80", "\U0010ffff", "\xf4\x90\x80\x80", "kx", "sx", "\u212ax", "ſx", "\u00b5", "\u03bc", "\u1e9e"}
	for _, pats := range sets {
		a := attack6List(pats...)
		s := splitAllowlist(a)
		for _, x := range strs {
			for _, y := range []string{x, "q" + x, x + "q", "\n" + x + "\n"} {
				if got, want := s.RegexAllowed(y), a.RegexAllowed(y); got != want {
					t.Errorf("%q on %q: split %v joined %v", pats, y, got, want)
				}
			}
		}
	}
}

// TestEngineAttack6FullDetect: text the engine does not reason about (a
// Kelvin sign, long s, dotted I; invalid UTF-8) of 4 KiB or more goes to
// the full detector with split allowlists: defaults plus custom rules,
// global allowlists, a composite rule, path-only and path rules, commits,
// Windows paths, Redact and MaxTargetMegaBytes.
func TestEngineAttack6FullDetect(t *testing.T) {
	t.Parallel()
	cfg := rule("tok", `tok_[0-9a-z]{12}`, "keywords = ['tok_']",
		"[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''(?i)EXAMPLE''', '''dummy''']") +
		rule("comp", `pri_[0-9a-z]{10}`, "keywords = ['pri_']", "[[rules.required]]\nid = 'tok'\nwithinLines = 3") +
		"[[rules]]\nid = 'pathonly'\npath = '''\\.pem$'''\n" +
		rule("pr", `pw=([a-z0-9]{10})`, "path = '''\\.env$'''", "secretGroup = 1") +
		"[[allowlists]]\nstopwords = ['zzstop']\n[[allowlists]]\nregexTarget = 'match'\nregexes = ['''tok_0{12}''']\n[[allowlists]]\ncommits = ['abc123']\n[[allowlists]]\npaths = ['''vendor/''']\n"
	d := attackDetector(t, cfg, true)
	kel := "\u212a ſ İ "
	body := strings.Repeat("x := compute(a, b) // "+kel+"nothing\n", 120)
	for _, raw := range []string{
		body + "a = tok_abcdefgh1234 pri_abcdefgh12\npw=abcdefghij\n",
		body + "a = tok_abcdefgh1234 example\n",
		body + "a = tok_000000000000\nb=tok_zzstop123456\n",
		body + "a = \"" + b64("tok_abcdefgh1234 dummy") + "\"\n",
		body + "a = \"" + b64("tok_abcdefgh1234 pri_abcdefgh12") + "\"\n",
		body + "AKIAIOSFODNN7EXAMPLQ aws_secret=\"" + b64("ghp_"+strings.Repeat("aB3", 12)) + "\"\n",
		body + "a = tok_abcdefgh1234\xff\xfe\n",
		"\xff" + body + "a = " + b64("tok_abcdefgh1234") + "\n",
	} {
		for _, fp := range []string{"src/a.go", "x.env", "k.pem", "vendor/x.go"} {
			for _, c := range []string{"", "abc123", "def"} {
				f := detect.Fragment{Raw: raw, FilePath: fp, CommitSHA: c, StartLine: 1}
				sameAsGitleaks(t, d, f)
				f.WindowsFilePath = strings.ReplaceAll(fp, "/", "\\")
				sameAsGitleaks(t, d, f)
			}
		}
	}
	d = attackDetector(t, cfg, true)
	d.Redact = 50
	d.MaxTargetMegaBytes = 1
	sameAsGitleaks(t, d, detect.Fragment{Raw: body + "a = tok_abcdefgh1234\n", FilePath: "a.go", StartLine: 1})
}
