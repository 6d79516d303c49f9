package secrets

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect/codec"
)

// codecPasses is decodePasses as gitleaks' own decoder gives them: the
// texts, and how many segments each pass decoded.
func codecPasses(raw string, depth int) ([]string, []int) {
	texts := []string{raw}
	var counts []int
	dec := codec.NewDecoder()
	cur, segs := raw, []*codec.EncodedSegment(nil)
	for range depth {
		if cur, segs = dec.Decode(cur, segs); len(segs) == 0 {
			break
		}
		texts = append(texts, cur)
		counts = append(counts, len(segs))
	}
	return texts, counts
}

// samePasses fails unless decodePasses gives gitleaks' decoder's passes,
// and as many segments in each, in order and inside the text.
func samePasses(t *testing.T, text string) bool {
	t.Helper()
	want, counts := codecPasses(text, 5)
	got, segs := decodePasses(text, 5)
	if !slices.Equal(got, want) {
		t.Errorf("decoding %q:\n got  %q\n want %q", text, got, want)
		return false
	}
	for k, ss := range segs {
		if len(ss) != counts[k] {
			t.Errorf("decoding %q, pass %d: %d segments, gitleaks' decoder %d", text, k+1, len(ss), counts[k])
		}
		last := 0
		for _, s := range ss {
			if s.from < last || s.to <= s.from || s.to > len(got[k+1]) {
				t.Errorf("decoding %q, pass %d: segment %v out of order or outside the text", text, k+1, s)
			}
			last = s.to
		}
	}
	return len(want) > 1
}

// decodeCases are texts at the edges of each encoding: where two touch,
// where a run is one short, escapes at the end of the text, nested
// encodings, both cases of \u, three backslashes, percent escapes on two
// lines.
func decodeCases() []string {
	secret := "password=Xk29sPq7vLm3"
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	cases := []string{
		"", "%", "%4", "%41", "%41%", "x%41y%42z\n%43", "%41 and then %4G%42 %zz",
		"%00%41", "%41%7f", "a%2Fb%2fc", "%41" + b64, b64 + "%41", "%41\n" + b64,
		"U+0041", "U+0041 U+0042\tU+0043\nU+0044", "U+0041U+0042", "U+004", "xU+0041 ", "U+0041 " + b64,
		`\u0041`, `\U0041\u0042`, `\\u0041`, `\\\u0041`, `\u004`, `\u0041\\u0042x`, `a\u00e9b`, `\uD800`,
		strings.Repeat("a1", 16), strings.Repeat("a1", 15) + "a", strings.Repeat("ab", 16), strings.Repeat("0", 31),
		strings.Repeat("41", 20) + "zz", "%41" + strings.Repeat("41", 16), strings.Repeat("41", 16) + "U+0041",
		b64, b64 + "=", b64[:len(b64)-1] + "==x", "abcdefghijklmnop", "abcdefghijklmno1", "abcdefghijklmn1/+-_",
		"TestPlainCloneContext_1234567890abcdef==", strings.Repeat("QUFB", 8) + "=",
		base64.StdEncoding.EncodeToString([]byte(b64)),
		base64.StdEncoding.EncodeToString([]byte("%41%42 " + strings.Repeat("41", 16))),
		hexString("token = " + b64),
		"é" + b64 + "é", "\xff" + b64 + "\xfe%41", "\xc3%41",
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding, base64.RawStdEncoding, base64.URLEncoding} {
		for n := 10; n < 30; n++ {
			e := enc.EncodeToString([]byte(secret[:n%len(secret)] + "~?>"))
			cases = append(cases, "v="+e+"\n", "x "+e+"==-_ y", "pre_"+e+"_post", e+"%41")
		}
	}
	return cases
}

func hexString(s string) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, digits[s[i]>>4], digits[s[i]&15])
	}
	return string(b)
}

// TestDecodePassMatchesCodec: decodePasses gives, pass for pass, the texts
// gitleaks' decoder gives, on the edge cases and on every text file of the
// repository (each whole, and line by line).
func TestDecodePassMatchesCodec(t *testing.T) {
	t.Parallel()
	decoded := 0
	for _, c := range decodeCases() {
		if samePasses(t, c) {
			decoded++
		}
	}
	if decoded < 50 {
		t.Fatalf("only %d edge cases decode: the cases test too little", decoded)
	}
	files, lines := 0, 0
	eachRepoFile(t, func(_ string, b []byte) {
		files++
		if !samePasses(t, string(b)) {
			return
		}
		for l := range strings.SplitSeq(string(b), "\n") {
			if samePasses(t, l) {
				lines++
			}
		}
	})
	t.Logf("%d files, %d lines with segments", files, lines)
	if files < 500 || lines < 100 {
		t.Fatalf("%d files, %d lines with segments: the corpus is too small", files, lines)
	}
}

// FuzzDecodePass: decodePasses agrees with gitleaks' decoder on any text.
func FuzzDecodePass(f *testing.F) {
	for _, c := range decodeCases() {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<14 {
			return
		}
		samePasses(t, text)
	})
}
