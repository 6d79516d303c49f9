package secrets

import (
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// TestEngineAttackMaxTarget (the third attack, D1): gitleaks skips the
// regex rules over a fragment larger than MaxTargetMegaBytes; the engine's
// windows are each smaller, so it must not read windows of such a
// fragment. (launchready itself leaves the limit at 0.)
func TestEngineAttackMaxTarget(t *testing.T) {
	t.Parallel()
	d := attackDetector(t, rule("r", `tok_[0-9]{8}`), false)
	d.MaxTargetMegaBytes = 1
	f := detect.Fragment{Raw: "v = tok_12345678\n" + filler(60000), FilePath: "big.txt", StartLine: 1}
	sameAsGitleaks(t, d, f)
	small := detect.Fragment{Raw: "v = tok_12345678\n" + filler(100), FilePath: "small.txt", StartLine: 1}
	if _, full := sameAsGitleaks(t, d, small); len(full) != 1 {
		t.Fatalf("gitleaks finds %d under the limit, want 1", len(full))
	}
}

// manyOccurrences are the third attack's slow cases (S1, S2): long lines
// holding a pivot of a rule that runs many times over, where the engine
// once found each occurrence's line start and end by scanning and read
// the longest match from each to the line's end: quadratic in the line.
func manyOccurrences(t testing.TB) []struct {
	name string
	d    *detect.Detector
	f    detect.Fragment
} {
	d := engineDetector(t)
	lines := func(n int, s string) string { return strings.Repeat(s+"\n", n) }
	return []struct {
		name string
		d    *detect.Detector
		f    detect.Fragment
	}{
		{"json line, a secret above", d, detect.Fragment{Raw: "token = \"Xk29sPq7vLm3Abcd\"\n" + strings.Repeat(`{"id":"k1","type":"api","auth":null},`, 16000) + "\n"}},
		{"js line, a secret above", d, detect.Fragment{Raw: "api_key = \"Xk29sPq7vLm3Abcd\"\n" + strings.Repeat(`var a={key:b,api:c};`, 32000) + "\n"}},
		{"a pivot repeated on one line", attackDetector(t, rule("ab", `ab[0-9]{4}`), false), detect.Fragment{Raw: "x ab1234\n" + strings.Repeat("ab", 160000) + "\n"}},
		{"a tail over later pivots", attackDetector(t, rule("ab", `ab(?:[a-z]+|[0-9]+|-)*`), false), detect.Fragment{Raw: lines(50, strings.Repeat("ab", 2040))}},
		{"a line-long tail", attackDetector(t, rule("tok", `tok[^\n]*`), false), detect.Fragment{Raw: lines(50, strings.Repeat("tok", 1360))}},
		{"facebook tokens", d, detect.Fragment{Raw: lines(50, strings.Repeat("EAAM", 500))}},
		{"slack tokens", d, detect.Fragment{Raw: lines(50, strings.Repeat("xoxb-1234567890-1234567890", 157))}},
	}
}

func TestEngineAttackManyOccurrences(t *testing.T) {
	t.Parallel()
	for _, c := range manyOccurrences(t) {
		c.f.FilePath, c.f.StartLine = "data.txt", 1
		sameAsGitleaks(t, c.d, c.f)
	}
}

// BenchmarkEngineManyOccurrences times the cases above, gitleaks'
// detector (engine=false) against the engine:
//
//	go test ./internal/secrets -run '^$' -bench EngineManyOccurrences -benchtime 3x
func BenchmarkEngineManyOccurrences(b *testing.B) {
	for _, c := range manyOccurrences(b) {
		c.f.FilePath, c.f.StartLine = "data.txt", 1
		benchEngine(b, strings.ReplaceAll(c.name, " ", "_"), c.d, c.f)
	}
}
