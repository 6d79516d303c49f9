package check

import (
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/launchready/launchready/internal/finding"
)

// TestOnceMapComputesOnce: checks run concurrently and share work through
// a run's OnceMap; each key is computed exactly once and every caller gets
// its value; a nil OnceMap shares nothing.
func TestOnceMapComputesOnce(t *testing.T) {
	t.Parallel()
	var m OnceMap[string, int]
	var calls atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v := m.Get("files", func() int { calls.Add(1); return 42 }); v != 42 {
				t.Errorf("got %v", v)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("computed %d times, want 1", n)
	}
	if v := m.Get("other", func() int { return 7 }); v != 7 {
		t.Errorf("a second key shares the first one's value: %v", v)
	}
	var none *OnceMap[string, int]
	none.Get("k", func() int { calls.Add(1); return 1 })
	none.Get("k", func() int { calls.Add(1); return 1 })
	if n := calls.Load(); n != 3 {
		t.Errorf("a nil OnceMap computed %d times in all, want 3", n)
	}
}

func TestRuleFinding(t *testing.T) {
	t.Parallel()
	r := Rule{ID: "code/x", Title: "X", Row: finding.RowCORS, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityLow}, CWE: "CWE-1"}
	f := r.Finding(finding.Location{Path: "a.js", StartLine: 3}, "msg", "fix", "ev")
	want := finding.Finding{RuleID: "code/x", Row: finding.RowCORS, Severity: finding.SeverityHigh, Title: "X", Message: "msg", Remediation: "fix",
		Location: finding.Location{Path: "a.js", StartLine: 3}, Evidence: "ev", Fingerprint: finding.Fingerprint("code/x", "a.js", "ev")}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("finding %+v, want %+v", f, want)
	}
	if g := r.At(finding.SeverityLow).Finding(finding.Location{URL: "https://x.test/a"}, "m", "f", ""); g.Severity != finding.SeverityLow || g.Fingerprint != finding.Fingerprint("code/x", "https://x.test/a", "") {
		t.Errorf("At: %+v", g)
	}
	if r.Severity != finding.SeverityHigh {
		t.Error("At changed the rule")
	}
	if a := (Rule{ID: "openapi/write-without-schema"}).Anchor(); a != "openapiwrite-without-schema" {
		t.Errorf("anchor %q", a)
	}
}
