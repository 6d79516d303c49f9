package secrets

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// The fourth attack: split decoding (a rule that decodes with one that
// does not, crossFilter across the two), inert allowlists on long text,
// and the line index and read budget.

const (
	a4Generic = "[[rules]]\nid = 'generic-kv'\nregex = '''(?i)key\\s*=\\s*([a-z0-9]{12,20})'''\nkeywords = ['key']\n"
	a4Tok     = "[[rules]]\nid = 'tok'\nregex = '''tok_[a-z0-9]{12}'''\nkeywords = ['tok_']\n"
	a4Tok2    = "[[rules]]\nid = 'tok2'\nregex = '''zz[0-9]{3}'''\nkeywords = ['zz']\n"
)

// pct percent-encodes every byte of s.
func pct(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

func uesc(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "\\u%04x", r)
	}
	return b.String()
}

func TestEngineAttackSplit(t *testing.T) {
	t.Parallel()
	src := filler(10)
	comp := rule("comp", `comp_[0-9]{6}`, "keywords = ['comp_']", "[[rules.required]]\nid = 'tok'\nwithinLines = 2")
	for _, c := range []attackCase{
		{name: "generic raw, tok decoded on the same line holding it", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: src + "key = abcdef123456 v=" + b64("tok_abcdef123456") + "\n" + src}},
		{name: "generic decoded, tok raw on the same line", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: src + "tok_abcdef123456 v=" + b64("key = abcdef123456") + "\n" + src}},
		{name: "generic decoded on the next line", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: src + "tok_abcdef123456\nv=" + b64("key = abcdef123456") + "\n" + src}},
		{name: "same secret found raw by both, a segment elsewhere", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: src + "key = tok_abcdef123456\n" + src + "v=" + b64("key = zzzzzz999999") + "\n"}},
		{name: "generic and tok both decoded, same segment", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: src + "v=" + b64("key = tok_abcdef123456") + "\n" + src}},
		{name: "different commit irrelevant, StartLine 7", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: "key = abcdef123456 " + b64("tok_abcdef123456") + "\n", StartLine: 7, CommitSHA: "abc"}},
		{name: "composite rule present: not split", toml: a4Generic + a4Tok + comp,
			f: detect.Fragment{Raw: src + "key = abcdef123456 v=" + b64("tok_abcdef123456") + "\n" + src}},
		{name: "composite rule running", toml: a4Generic + a4Tok + comp,
			f: detect.Fragment{Raw: src + "comp_123456 v=" + b64("tok_abcdef123456") + "\n" + src}},
		{name: "match ends where a percent segment starts", toml: a4Tok2 + a4Generic,
			f: detect.Fragment{Raw: src + "x zz123%41%42 key=abcdefabcdef12\n" + src}},
		{name: "match starts where a percent segment ends", toml: a4Tok2 + a4Generic,
			f: detect.Fragment{Raw: src + "x %41%42zz123 key=abcdefabcdef12\n" + src}},
		{name: "match ends where a unicode segment starts", toml: a4Tok2 + a4Generic,
			f: detect.Fragment{Raw: src + "x zz123" + uesc("AB") + " key=abcdefabcdef12\n" + src}},
		{name: "match one byte before a percent segment", toml: a4Tok2 + a4Generic,
			f: detect.Fragment{Raw: src + "x zz123 %41%42 key=abcdefabcdef12\n" + src}},
		{name: "match spanning two segments", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "x " + pct("tok_abc") + "def" + uesc("123456") + " key=abcdefabcdef12\n" + src}},
		{name: "depth 3 nesting, generic raw", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "key = abcdef123456 " + b64(b64(b64("tok_abcdef123456"))) + "\n" + src}},
		{name: "depth 5 nesting", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "key = abcdef123456 " + b64(hexOf(b64(hexOf(b64("tok_abcdef123456"))))) + "\n" + src}},
		{name: "depth 6 nesting (beyond)", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "key = abcdef123456 " + b64(b64(b64(b64(b64(b64("tok_abcdef123456")))))) + "\n" + src}},
		{name: "decoded newline: tok on a decoded second line", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "key = abcdef123456 u=" + pct("a\ntok_abcdef123456\nb") + "\n" + src}},
		{name: "decoded newline: generic on a decoded second line", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "tok_abcdef123456 u=" + pct("a\nkey=abcdef123456\nb") + "\n" + src}},
		{name: "keyword only in decoded text", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "key = abcdef123456 u=" + b64("xx tok_abcdef123456") + "\n" + src}},
		{name: "gitleaks:allow inside decoded text", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "key = abcdef123456 u=" + b64("tok_abcdef123456 gitleaks:allow") + "\n" + src}},
		{name: "gitleaks:allow raw on the decoded line", toml: a4Tok + a4Generic,
			f: detect.Fragment{Raw: src + "key = abcdef123456 u=" + b64("tok_abcdef123456") + " gitleaks:allow\n" + src + "key = zzzzzz123456\n"}},
		{name: "path-restricted decoding rule, path does not match", toml: a4Generic + rule("ptok", `tok_[a-z0-9]{12}`, "keywords = ['tok_']", "path = '''\\.env$'''"),
			f: detect.Fragment{Raw: src + "key = abcdef123456 v=" + b64("tok_abcdef123456") + "\n" + src}, nearMiss: false},
		{name: "path-restricted decoding rule, path matches", toml: a4Generic + rule("ptok", `tok_[a-z0-9]{12}`, "keywords = ['tok_']", "path = '''\\.env$'''"),
			f: detect.Fragment{Raw: src + "key = abcdef123456 v=" + b64("tok_abcdef123456") + "\n" + src, FilePath: "a/.env"}},
		{name: "allowlist regexTarget line matching only in the decoded pass", toml: a4Generic + rule("tok", `tok_[a-z0-9]{12}`, "keywords = ['tok_']", "[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''INNER''']"),
			f: detect.Fragment{Raw: src + "key = abcdef123456 tok_zzzzzz111111 v=" + b64("INNER tok_abcdef123456") + "\n" + src}},
		{name: "allowlist regexTarget match in the decoded pass", toml: a4Generic + rule("tok", `tok_[a-z0-9]{12}`, "keywords = ['tok_']", "[[rules.allowlists]]\nregexTarget = 'match'\nregexes = ['''abcdef''']"),
			f: detect.Fragment{Raw: src + "key = abcdef123456 tok_zzzzzz111111 v=" + b64("tok_abcdef123456") + "\n" + src}},
		{name: "generic rule's secret holds the other's (not dropped)", toml: a4Tok + "[[rules]]\nid = 'generic-long'\nregex = '''val=([a-z0-9_]{20,})'''\nkeywords = ['val=']\n",
			f: detect.Fragment{Raw: src + "val=xxtok_abcdef123456xx " + b64("tok_abcdef123456") + "\n" + src}},
		{name: "two generic rules, one decoding", toml: a4Generic + "[[rules]]\nid = 'generic-tok'\nregex = '''tok_[a-z0-9]{12}'''\nkeywords = ['tok_']\n",
			f: detect.Fragment{Raw: src + "key = abcdef123456 v=" + b64("tok_abcdef123456") + "\n" + src}},
		{name: "uppercase GENERIC in id", toml: "[[rules]]\nid = 'My-GENERIC'\nregex = '''(?i)key\\s*=\\s*([a-z0-9]{12,20})'''\nkeywords = ['key']\n" + a4Tok,
			f: detect.Fragment{Raw: src + "key = abcdef123456 v=" + b64("tok_abcdef123456") + "\n" + src}},
		{name: "decoded non-generic on the first line, generic raw on the first line", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: b64("tok_abcdef123456") + " key = abcdef123456\n" + src, StartLine: 3}},
		{name: "last line without a newline", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: src + "key = abcdef123456 v=" + b64("tok_abcdef123456")}},
		{name: "CRLF lines", toml: a4Generic + a4Tok,
			f: detect.Fragment{Raw: strings.ReplaceAll(src, "\n", "\r\n") + "key = abcdef123456 v=" + b64("tok_abcdef123456") + "\r\n" + src}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := attackDetector(t, c.toml, c.defaults)
			compareCase(t, d, c.f, c.nearMiss)
		})
	}
}

// a4toks is one long line of n tok matches (about 22 bytes each), extra
// appended.
func a4toks(n int, extra string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "x%d=tok_%012d;", i, i*104729)
	}
	return b.String() + extra
}

func TestEngineAttackInert(t *testing.T) {
	t.Parallel()
	al := func(body string) string { return "[[rules.allowlists]]\n" + body }
	tokWith := func(lists ...string) string {
		return rule("tok", `tok_[0-9a-z]{12}`, append([]string{"keywords = ['tok_']"}, lists...)...)
	}
	long := a4toks(250, "")
	for _, c := range []attackCase{
		{name: "(?m)^ line regex on a later line", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''(?m)^ALLOW''']")),
			f: detect.Fragment{Raw: long + "\nALLOW " + a4toks(3, "") + "\n"}},
		{name: "\\b line regex", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''\\bALLOW\\b''']")),
			f: detect.Fragment{Raw: long + " ALLOW\n"}, nearMiss: true},
		{name: "\\b line regex, not a word", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''\\bALLOW\\b''']")),
			f: detect.Fragment{Raw: long + " xALLOW\n"}},
		{name: "two line regexes, the second matching", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''NOPE''', '''ALLOW''']")),
			f: detect.Fragment{Raw: long + " ALLOW\n"}, nearMiss: true},
		{name: "(?i) in the first regex carried to the second", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''(?i)NOPE''', '''ALLOW''']")),
			f: detect.Fragment{Raw: long + " allow\n"}, nearMiss: true},
		{name: "(?s) dot across lines", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''AL.OW''']")),
			f: detect.Fragment{Raw: long + " AL\nOW\n"}},
		{name: "line regex only in the decoded pass", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''INNER''']")),
			f: detect.Fragment{Raw: long + " v=" + b64("INNER tok_abcdefabcdef") + "\n"}},
		{name: "line regex only in the decoded pass, full detector (Kelvin)", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''INNER''']")),
			f: detect.Fragment{Raw: "\u212a " + long + " v=" + b64("INNER tok_abcdefabcdef") + "\n"}},
		{name: "line regex across a newline only in a decoded pass", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''IN\\nNER''']")),
			f: detect.Fragment{Raw: long + " v=" + pct("IN\nNER tok_abcdefabcdef") + "\n"}},
		{name: "secret target regex matching", toml: tokWith(al("regexes = ['''000000''']")),
			f: detect.Fragment{Raw: long + "\n"}},
		{name: "stopword OR list with a false path", toml: tokWith(al("paths = ['''\\.nope$''']\nstopwords = ['0000']")),
			f: detect.Fragment{Raw: long + "\n"}, nearMiss: true},
		{name: "OR path list matching", toml: tokWith(al("paths = ['''\\.txt$''']")),
			f: detect.Fragment{Raw: long + "\n"}, nearMiss: true},
		{name: "OR commit list matching", toml: tokWith(al("commits = ['ABCDEF']")),
			f: detect.Fragment{Raw: long + "\n", CommitSHA: "abcdef"}, nearMiss: true},
		{name: "OR commit list, other commit", toml: tokWith(al("commits = ['abcdef']")),
			f: detect.Fragment{Raw: long + "\n", CommitSHA: "abcdee"}},
		{name: "AND commit+line regex", toml: tokWith(al("condition = 'AND'\ncommits = ['abcdef']\nregexTarget = 'line'\nregexes = ['''ALLOW''']")),
			f: detect.Fragment{Raw: long + " ALLOW\n", CommitSHA: "abcdef"}, nearMiss: true},
		{name: "AND commit+line regex, other commit", toml: tokWith(al("condition = 'AND'\ncommits = ['abcdef']\nregexTarget = 'line'\nregexes = ['''ALLOW''']")),
			f: detect.Fragment{Raw: long + " ALLOW\n", CommitSHA: "abcdee"}},
		{name: "AND path+stopword", toml: tokWith(al("condition = 'AND'\npaths = ['''\\.txt$''']\nstopwords = ['0000']")),
			f: detect.Fragment{Raw: long + "\n"}, nearMiss: true},
		{name: "AND windows path", toml: tokWith(al("condition = 'AND'\npaths = ['''\\\\src\\\\''']\nregexTarget = 'line'\nregexes = ['''ALLOW''']")),
			f: detect.Fragment{Raw: long + " ALLOW\n", FilePath: "src/a.txt", WindowsFilePath: "src\\a.txt"}, nearMiss: true},
		{name: "global line allowlist", toml: "[[allowlists]]\nregexTarget = 'line'\nregexes = ['''ALLOW''']\n" + tokWith(),
			f: detect.Fragment{Raw: long + " ALLOW\n" + long + "\n"}},
		{name: "global AND allowlist with targetRules", toml: "[[allowlists]]\ncondition = 'AND'\ntargetRules = ['tok']\npaths = ['''\\.txt$''']\nregexTarget = 'line'\nregexes = ['''ALLOW''']\n" + tokWith(),
			f: detect.Fragment{Raw: long + " ALLOW\n" + long + "\n"}},
		{name: "CRLF lines", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''ALLOW\\r''']")),
			f: detect.Fragment{Raw: long + " ALLOW\r\n" + long + "\r\n"}},
		{name: "a line regex matching only across two lines", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''ALLOW\\nx0=''']")),
			f: detect.Fragment{Raw: long + " ALLOW\n" + long + "\n"}},
		{name: "a multi-line match whose Line holds the regex", toml: rule("ml", `tok_[0-9]{12};\s*x1=tok_[0-9]{12}`, "keywords = ['tok_']", al("regexTarget = 'line'\nregexes = ['''ALLOW\\nx1''']")),
			f: detect.Fragment{Raw: filler(120) + "x0=tok_000000000000; ALLOW\nx1=tok_000000104729;\n"}, nearMiss: true},
		{name: "gitleaks:allow on the long line", toml: tokWith(al("regexTarget = 'line'\nregexes = ['''NOPE''']")),
			f: detect.Fragment{Raw: long + " gitleaks:allow\n" + long + "\n"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := attackDetector(t, c.toml, c.defaults)
			if c.f.FilePath == "" && c.f.CommitSHA == "" {
				c.f.FilePath = "src/app.txt"
			}
			compareCase(t, d, c.f, c.nearMiss)
		})
	}
	// Right at the threshold: text of inertMinText-1, inertMinText and
	// inertMinText+1 bytes, the allowlist's regex on the line.
	d := attackDetector(t, tokWith(al("regexTarget = 'line'\nregexes = ['''ALLOW''']")), false)
	for n := inertMinText - 2; n <= inertMinText+1; n++ {
		body := a4toks(250, "")
		for _, tail := range []string{" ALLOW\n", " NOPE\n"} {
			raw := body[:n-len(tail)-40] + strings.Repeat(" ", 40) + tail
			compareCase(t, d, detect.Fragment{Raw: raw, FilePath: "a.txt", StartLine: 1}, true)
		}
	}
}

// a4longLine is a minified bundle line of about n bytes with a
// generic-api-key match every 80 bytes.
func a4longLine(n int) string {
	var sb strings.Builder
	const chars = "abcdefghijklmnop0123456789"
	x := uint64(1)
	for i := 0; sb.Len() < n; i++ {
		v := make([]byte, 20)
		for k := range v {
			x = x*6364136223846793005 + 1442695040888963407
			v[k] = chars[(x>>33)%uint64(len(chars))]
		}
		fmt.Fprintf(&sb, `var a%d={apiKey:"%s",token:f(%d),auth:"x y"};`, i, v, i)
	}
	return sb.String()
}

// BenchmarkEngineAttack4Slow: inputs on which the engine under Go's
// regexp is slower than gitleaks' detector under RE2 (-tags gore2regex):
// a long line of generic matches in a fragment where the rule's line
// allowlist is not inert (an import line elsewhere, or in a decoded
// segment) and the rule reads the whole fragment (it decodes, or an
// unbounded rule runs); a large hunk in which an unbounded rule
// (sql-user-password) reads the whole text. Compare engine=false under
// -tags gore2regex with engine=true without:
//
//	go test ./internal/secrets -run '^$' -bench EngineAttack4Slow -benchtime 1x
func BenchmarkEngineAttack4Slow(b *testing.B) {
	d := engineDetector(b)
	long := a4longLine(150 << 10)
	for _, c := range []struct{ name, raw string }{
		{"import_line_and_b64_generic", "import { h } from 'preact';\n" + long + "\nconst cfg = \"" + b64("api_key = 'Zx8Qw3Lp9Tr5Vb2N'") + "\";\n"},
		{"inline_sourcemap", long + "\n//# sourceMappingURL=data:application/json;base64," + b64(`{"version":3,"sourcesContent":["import { h } from 'preact';\nconst apiKey = 'Zx8Qw3Lp9Tr5Vb2N';\n"]}`) + "\n"},
		{"private_key_constants", "import { h } from 'preact';\n" + long + `;var P="-----BEGIN RSA PRIVATE KEY-----",Q="` + strings.Repeat("MIIEowIBAAKCAQEA", 6) + `",E="-----END RSA PRIVATE KEY-----";` + "\n"},
		{"source_hunk_5MB", strings.Repeat(filler(200)+"\tpassword := os.Getenv(\"DB_PASSWORD\")\n\tapiKey := cfg.Get(\"api_key\")\n", 600)},
	} {
		benchEngine(b, c.name, d, detect.Fragment{Raw: c.raw, FilePath: "web/bundle.js", StartLine: 1})
	}
}

// TestEngineAttackRandomSplit: random sets of small rules (generic and
// not, line-anchored, multi-line, entropy, a secret group, a line
// allowlist) over random lines of tokens, raw and encoded one to three
// times (base64, hex, percent, unicode), some on long lines over 4 KiB.
// Every rule's keywords are implied by its regex (a rule whose keyword is
// not is the divergence of the report).
func TestEngineAttackRandomSplit(t *testing.T) {
	t.Parallel()
	iters := 300
	if testing.Short() {
		iters = 50
	}
	pool := []string{
		rule("generic-kv", `(?i)key\s*=\s*([a-z0-9]{12,20})`, "keywords = ['key']"),
		rule("tok", `tok_[a-z0-9]{12}`, "keywords = ['tok_']"),
		rule("generic-tok", `(?:tok|zz)_([a-z0-9]{6,12})`, "keywords = ['tok_','zz_']"),
		rule("zz", `zz_[0-9]{3}[a-z]{0,5}`, "keywords = ['zz_']"),
		rule("line-end", `val=([a-z0-9]{6,})$`, "keywords = ['val=']"),
		rule("ml", `tok_[a-z0-9]{12}\n[^\n]{0,20}zz_[0-9]{3}`, "keywords = ['tok_']"),
		rule("ent", `(?i)secret[=:]\s?([a-z0-9+/]{10,30})`, "keywords = ['secret']", "entropy = 3"),
		rule("alw", `tok_[a-z0-9]{12}`, "keywords = ['tok_']", "[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''ALLOW''']"),
		rule("generic-wide", `[a-z_]{0,8}tok_[a-z0-9]{12}[;x]?`, "keywords = ['tok_']"),
		rule("sec-grp", `(?i)(secret|key)=([a-z0-9_]{8,})`, "keywords = ['secret','key']", "secretGroup = 2"),
	}
	words := []string{"key = abcdef123456", "tok_abcdef123456", "zz_123abc", "val=abc123def", "secret=Zx8Qw3Lp9Tr5Vb", "ALLOW", "x", " ", ";", "\n", "key=tok_abcdef123456", "tok_zzzzzz999999\nab zz_999", "gitleaks:allow", "secret:Q9x8W7e6R5t4"}
	r := rand.New(rand.NewSource(4))
	var enc func(s string, depth int) string
	enc = func(s string, depth int) string {
		if depth == 0 {
			return s
		}
		switch r.Intn(4) {
		case 0:
			return b64(enc(s, depth-1))
		case 1:
			return hexOf(enc(s, depth-1))
		case 2:
			return pct(enc(s, depth-1))
		}
		return uesc(enc(s, depth-1))
	}
	for iter := 0; iter < iters; iter++ {
		var toml strings.Builder
		for _, p := range pool {
			if r.Intn(2) == 0 {
				toml.WriteString(p)
			}
		}
		if toml.Len() == 0 {
			continue
		}
		var b strings.Builder
		n := 1 + r.Intn(12)
		for i := 0; i < n; i++ {
			w := words[r.Intn(len(words))]
			if r.Intn(3) == 0 {
				inner := w
				for k := 0; k < r.Intn(3); k++ {
					inner += words[r.Intn(len(words))]
				}
				w = enc(inner, 1+r.Intn(3))
			}
			b.WriteString(w)
			if r.Intn(3) == 0 {
				b.WriteString(" ")
			}
			if r.Intn(4) == 0 {
				b.WriteString("\n")
			}
		}
		if r.Intn(2) == 0 {
			b.WriteString("\n")
		}
		raw := b.String()
		if r.Intn(3) == 0 {
			raw = filler(r.Intn(5)) + raw + filler(r.Intn(5))
		}
		if r.Intn(3) == 0 {
			raw = strings.Repeat("x0=tok_abcdef123456;", 100+r.Intn(200)) + raw + strings.Repeat("y=zz_123;", r.Intn(300))
		}
		d := attackDetector(t, toml.String(), false)
		f := detect.Fragment{Raw: raw, FilePath: "src/a.txt", StartLine: 1 + r.Intn(3)}
		if e, g := sameAsGitleaks(t, d, f); len(e) != len(g) || t.Failed() {
			t.Logf("toml:\n%s\nraw %q", toml.String(), raw)
			t.FailNow()
		}
	}
}
