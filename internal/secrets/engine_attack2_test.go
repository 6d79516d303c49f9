package secrets

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// Attacks on the parts of the engine added with the decoder loop
// (decode.go), the windows that end where the longest match through an
// occurrence ends (windows, extent, windowStart, sameInWindows) and the
// pivot-filtered path allowlist (pathFilter). Every case here held: the
// engine reported what gitleaks reports.

// readsWindows reports whether the engine reads f in windows (rather than
// handing gitleaks the whole fragment), so that a case meant to test the
// windows does test them.
func readsWindows(d *detect.Detector, f detect.Fragment) bool {
	e := engineFor(d)
	e.coreOnce.Do(func() { e.engineCore = coreFor(e.d.Config.Rules) })
	if !plainText(f.Raw) || mayDecode(f.Raw) {
		return false
	}
	run := make([]bool, len(e.rules))
	ok, w := e.mark(f.Raw, e.plan(f), f, run)
	return ok && w != nil
}

// TestEngineAttackWindowEdges: rules whose matches end at, or read, the
// end of a window (assertions after the match, matches across lines, lazy
// and greedy repeats, an occurrence whose match a window's end would cut),
// start before the occurrence's line, or repeat the pivot.
func TestEngineAttackWindowEdges(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		attackCase
		windowed bool // the engine must read windows (not the whole fragment)
	}{
		{attackCase: attackCase{
			name: "\\n?\\z after the match, fragment ends with a newline",
			toml: rule("nl-eot", `tok_[0-9]{4}\n?\z`),
			f:    detect.Fragment{Raw: filler(30) + "tok_1111\n" + filler(30) + "tok_2222\n"},
		}, windowed: true},
		{attackCase: attackCase{
			name: "\\n\\z: an occurrence followed by an empty line, the window ending after its newline",
			toml: rule("nl-eot2", `tok_[0-9]{4}\n\z`) + rule("other", `zz_[0-9]{4}`),
			f:    detect.Fragment{Raw: filler(10) + "zz_1234 tok_1111\n\n" + filler(10) + "tok_2222\n"},
		}, windowed: true},
		{attackCase: attackCase{
			name:     "\\n\\z: no match, a window ends right after the occurrence's newline",
			toml:     rule("nl-eot3", `tok_[0-9]{4}\n\z`) + rule("other", `zz_[0-9]{4}`),
			f:        detect.Fragment{Raw: filler(10) + "zz_1234 tok_1111\n" + filler(10) + "zz_9999\n"},
			nearMiss: true,
		}, windowed: true},
		{attackCase: attackCase{
			name: "(?m:$) after the match, CRLF lines",
			toml: rule("eol", `tok_[0-9]{4}(?m:$)`),
			f:    detect.Fragment{Raw: filler(10) + "a tok_1111\r\nb tok_2222\n" + filler(10) + "tok_3333x\n" + filler(3)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "(?m:$)\\n? after the match: the match may take the newline",
			toml: rule("eol-nl", `tok_[0-9]{4}(?m:$)\n?`),
			f:    detect.Fragment{Raw: filler(10) + "tok_1111\n" + "tok_2222\n\n" + filler(10)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "\\b and \\B at the end of an unbounded tail",
			toml: rule("tail-b", `tok_[a-z]+\b`) + rule("tail-nb", `key_[a-z]+\B`),
			f:    detect.Fragment{Raw: filler(10) + "tok_abc key_abcd9\n" + filler(10) + "tok_abcé key_abc\n" + filler(3)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "(?s:.){0,12} across lines to a literal",
			toml: rule("dot-s", `tok_(?s:.){0,12}end`),
			f:    detect.Fragment{Raw: filler(10) + "tok_a\r\nb\nend\n" + filler(10) + "tok_\n\n\n\nend end\n" + filler(3)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "lazy [\\s\\S]{0,30}? across lines, two possible ends",
			toml: rule("lazy", `tok_[\s\S]{0,30}?end`),
			f:    detect.Fragment{Raw: filler(10) + "tok_\nx\nend\nend\n" + filler(10)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "greedy [\\s\\S]{0,30} across lines, two possible ends",
			toml: rule("greedy", `tok_[\s\S]{0,30}end`),
			f:    detect.Fragment{Raw: filler(10) + "tok_\nx\nend\nend\n" + filler(10)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "greedy match whose longest end is on a later line than its first end",
			toml: rule("greedy2", `tok_[a-z\n]{0,40}9`),
			f:    detect.Fragment{Raw: filler(10) + "tok_ab9\ncd\nef9\n" + filler(10) + "tok_9\n"},
		}, windowed: true},
		{attackCase: attackCase{
			name: "pivots in two branches with different prefixes",
			toml: rule("alt", `(?:[a-z]{0,20}abc|xyz[0-9]{0,3})[0-9]{4}`),
			f:    detect.Fragment{Raw: filler(10) + "= = = = = qqqqqqqqqqqqqqqqqqqqabc1234 xyz121234\n" + filler(10) + "xyz9999\n"},
		}, windowed: true},
		{attackCase: attackCase{
			name: "pivot inside a repetition, occurrences touching",
			toml: rule("rep", `(?:tok_[0-9]{2}[ ,]?){2,4}`),
			f:    detect.Fragment{Raw: filler(10) + "tok_11,tok_22 tok_33tok_44tok_55\n" + filler(10) + "tok_66\n"},
		}, windowed: true},
		{attackCase: attackCase{
			name: "unbounded [^\\n]* tail to the line end",
			toml: rule("rest", `tok_[0-9]+[^\n]*`),
			f:    detect.Fragment{Raw: filler(10) + "tok_1 and the rest tok_2 more\n" + filler(10)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "newline before the pivot, bounded",
			toml: rule("nl-before", `x\n[ \t]{0,8}tok_[0-9]{4}`),
			f:    detect.Fragment{Raw: filler(10) + "x\n    tok_1234\nx\ntok_5678\n" + filler(10)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "(?m)^ before the pivot, a long line prefix",
			toml: rule("bol", `(?m)^[ \t]*tok_[0-9]{4}`),
			f:    detect.Fragment{Raw: filler(10) + strings.Repeat("\t", 300) + "tok_1234\n" + filler(10) + "x tok_9999\n"},
		}, windowed: true},
		{attackCase: attackCase{
			name: "secretGroup across lines",
			toml: rule("sg", `key_\s{0,3}=\s{0,3}\n?\s{0,3}"([a-z0-9]{12})"`, "secretGroup = 1"),
			f:    detect.Fragment{Raw: filler(10) + "key_ =\n   \"abcdef123456\"\n" + filler(10)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "line allowlist anchored at the leading newline",
			toml: rule("la", `tok_[0-9]{8}`, "[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''\\A\\n\\t''']"),
			f:    detect.Fragment{Raw: filler(10) + "\ttok_11111111\n" + filler(10) + "tok_22222222\n"},
		}, windowed: true},
		{attackCase: attackCase{
			name: "match allowlist and stopword",
			toml: rule("ma", `tok_([0-9]{8})`, "[[rules.allowlists]]\nregexTarget = 'match'\nregexes = ['''^tok_1''']\n[[rules.allowlists]]\nstopwords = ['2222']"),
			f:    detect.Fragment{Raw: filler(10) + "tok_11111111 tok_22223333 tok_33333333\n" + filler(10)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "many occurrences on one long line, the matches spread",
			toml: rule("many", `tok_[0-9]{4}\b`),
			f:    detect.Fragment{Raw: filler(3) + strings.Repeat("tok_ tok_12345 ", 300) + "tok_1234 " + strings.Repeat("tok_x ", 300) + "tok_5678\n" + filler(3)},
		}, windowed: true},
		{attackCase: attackCase{
			name: "match at the fragment start, StartLine 0",
			toml: rule("start", `tok_[0-9]{4}`),
			f:    detect.Fragment{Raw: "tok_1234\n" + filler(30) + "tok_5678\n", StartLine: 0},
		}, windowed: true},
		{attackCase: attackCase{
			name: "\\b before the pivot after a multi-byte character and after an invalid byte",
			toml: rule("wb", `\btok_[0-9]{4}`),
			f:    detect.Fragment{Raw: filler(10) + "étok_1234 \xfftok_5678 atok_9999\n" + filler(10)},
		}},
		{attackCase: attackCase{
			name: "Kelvin sign spelling of a folded pivot",
			toml: rule("kelvin", `(?i)key_[0-9]{4}`),
			f:    detect.Fragment{Raw: filler(10) + "\u212Aey_1234 key_5678\n" + filler(10)},
		}},
		{attackCase: attackCase{
			name: "the last match on the last line, no final newline",
			toml: rule("last", `tok_[0-9]{4}`),
			f:    detect.Fragment{Raw: filler(10) + "tok_1234\n" + filler(10) + "x tok_5678"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := attackDetector(t, c.toml, c.defaults)
			if c.f.FilePath == "" {
				c.f.FilePath = "src/app.txt"
			}
			if c.windowed && !readsWindows(d, c.f) {
				t.Errorf("the engine reads the whole fragment: the case does not test the windows")
			}
			compareCase(t, d, c.f, c.nearMiss)
		})
	}
}

// TestEngineAttackGitleaksAllow: with gitleaks' own gitleaks:allow test
// on (launchready turns it off), a window's Line holds the marker exactly
// when the fragment's does.
func TestEngineAttackGitleaksAllow(t *testing.T) {
	t.Parallel()
	d := attackDetector(t, rule("ga", `tok_[0-9]{4}`), false)
	d.IgnoreGitleaksAllow = false
	f := detect.Fragment{Raw: filler(10) + "tok_1111 // gitleaks:allow\ntok_2222\n" + filler(10), FilePath: "a.txt", StartLine: 1}
	if !readsWindows(d, f) {
		t.Fatal("the engine reads the whole fragment")
	}
	if _, full := sameAsGitleaks(t, d, f); len(full) != 1 {
		t.Errorf("gitleaks reports %v, want the unmarked line only", full)
	}
}

// TestDecodeAttackEdges: encodings touching each other, nested two to
// five deep, and at the edges of each pattern.
func TestDecodeAttackEdges(t *testing.T) {
	t.Parallel()
	secret := "token=Xk29sPq7vLm3"
	b := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	pct := func(s string) string {
		var o strings.Builder
		for i := 0; i < len(s); i++ {
			o.WriteString("%" + strings.ToUpper(hexString(s[i:i+1])))
		}
		return o.String()
	}
	uni := func(s string) string {
		var o strings.Builder
		for i := 0; i < len(s); i++ {
			o.WriteString(`\u00` + hexString(s[i:i+1]))
		}
		return o.String()
	}
	nested := secret
	cases := []string{}
	for depth, enc := range []func(string) string{b, hexString, b, url.QueryEscape, b} {
		nested = enc(nested)
		cases = append(cases, nested, "v="+nested+"\n", nested+b(secret), hexString(secret)+nested)
		_ = depth
	}
	cases = append(cases,
		pct(secret)+b(secret), b(secret)+pct(secret), pct(secret)+"\n"+b(secret),
		hexString(secret)+b(secret), b(secret)+hexString(secret), hexString(secret)+"="+b(secret),
		uni(secret)+hexString(secret), hexString(secret)+uni(secret), uni(secret)+pct(secret),
		"U+0074 U+006F U+006B"+hexString(secret), "U+0074 U+006F\nU+006B"+b(secret),
		`\\u0074\u006F\\\u006B`+b(secret), `\U0074\u006f`+"%41", "%41"+`\u0041`,
		b(b(pct(secret)))+"=="+b(secret), b(uni(secret)), b(hexString(pct(secret))),
		"%4"+b(secret), "%"+hexString(secret), "%zz%41 %41\n%42", pct(secret)+"é"+pct("x"),
		b(secret)[:16], b(secret)+"===", "-_"+b(secret)+"_-", strings.Repeat("0", 31)+"1"+b(secret),
	)
	decoded := 0
	for _, c := range cases {
		if samePasses(t, c) {
			decoded++
		}
	}
	if decoded < len(cases)/2 {
		t.Errorf("only %d of %d cases decode: the cases test too little", decoded, len(cases))
	}
	// The same texts as fragments under the default rules.
	d := engineDetector(t)
	for _, c := range cases {
		sameAsGitleaks(t, d, detect.Fragment{Raw: filler(3) + c + "\n" + filler(3), FilePath: "enc.txt", StartLine: 1})
	}
}

// TestEnginePathAllowedCustom: custom global allowlists' paths, with
// flags that gitleaks' joined regex carries into the later patterns, an
// AND list, rule-targeted lists and the legacy [allowlist] table.
func TestEnginePathAllowedCustom(t *testing.T) {
	t.Parallel()
	tomls := []string{
		"[[allowlists]]\npaths = ['''(?i)\\.lock$''', '''vendor/''', '''^docs/''']\n",
		"[[allowlists]]\npaths = ['''x''', '''(?i)''', '''Gen/[a-z]+\\.go''']\n",
		"[[allowlists]]\npaths = ['''(?s)a.b''', '''(?m)^tmp$''']\n",
		"[[allowlists]]\ncondition = 'AND'\npaths = ['''secret''']\nregexes = ['''zz''']\n[[allowlists]]\npaths = ['''(?i)build/''']\n",
		"[[allowlists]]\ntargetRules = ['r']\npaths = ['''vendor/''']\n[[allowlists]]\npaths = ['''\\.min\\.js$''']\n",
		"[allowlist]\npaths = ['''(?i)fixtures/''', '''k8s''']\n",
		"[[allowlists]]\npaths = ['''(?i:ab)c''', '''[Kk]ey''', '''é/x''']\n",
	}
	paths := []string{
		"a/yarn.lock", "A/YARN.LOCK", "vendor/x.go", "VENDOR/x.go", "docs/a.md", "x/docs/a.md", "gen/abc.go", "GEN/ABC.GO",
		"a\nb", "tmp", "x\ntmp\ny", "secret/a", "build/x", "BUILD/x", "app.min.js", "app.MIN.JS", "Fixtures/a", "\u212a8s",
		"K8S", "k8s/x", "ABc", "abC", "KEY", "\u212aey", "é/x", "É/x", "a/\xff/vendor/", "", "ſecret",
	}
	for _, toml := range tomls {
		d := attackDetector(t, rule("r", `tok_[0-9]{8}`)+toml, false)
		e := newEngine(d)
		allowed := 0
		for _, p := range paths {
			if pathAllowedByGitleaks(d, p) {
				allowed++
			}
			samePathAllowed(t, d, e, p)
			samePathAllowed(t, d, e, "dir/"+p)
		}
		if allowed == 0 {
			t.Errorf("%s: no path allowed, the case compares nothing", toml)
		}
	}
}
