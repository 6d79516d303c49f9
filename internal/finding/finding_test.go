package finding

import (
	"encoding/json"
	"testing"
)

func TestSeverityOrderAndText(t *testing.T) {
	t.Parallel()
	if !(SeverityCritical > SeverityHigh && SeverityHigh > SeverityMedium && SeverityMedium > SeverityLow && SeverityLow > SeverityInfo && SeverityInfo > SeverityNone) {
		t.Fatal("a larger severity must be worse")
	}
	for _, n := range []string{"none", "info", "low", "medium", "high", "critical"} {
		s, err := ParseSeverity(n)
		if err != nil || s.String() != n {
			t.Errorf("%s: %v %v", n, s, err)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil {
		t.Error("accepted an unknown severity")
	}
	b, _ := json.Marshal(struct{ S Severity }{SeverityHigh})
	if string(b) != `{"S":"high"}` {
		t.Errorf("json: %s", b)
	}
}

func TestFingerprintAndRedact(t *testing.T) {
	t.Parallel()
	a := Fingerprint("secrets/x", "a.yml", "s3cret-value")
	if a != Fingerprint("secrets/x", "a.yml", "s3cret-value") || len(a) != 32 {
		t.Error("fingerprint must be stable and 32 hex characters")
	}
	if a == Fingerprint("secrets/x", "b.yml", "s3cret-value") || a == Fingerprint("secrets/x", "a.yml", "other") {
		t.Error("fingerprint ignores its inputs")
	}
	// Field boundaries matter: ("ab","c") differs from ("a","bc").
	if Fingerprint("r", "ab", "c") == Fingerprint("r", "a", "bc") {
		t.Error("fingerprint parts run together")
	}
	cases := map[string]string{"ghp_0123456789abcdef": "ghp_****", "0123456789": "01****", "short": "****", "": "****"}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLocationString(t *testing.T) {
	t.Parallel()
	cases := []struct {
		l    Location
		want string
	}{
		{Location{Path: "a.yml", StartLine: 3, Commit: "0123456789abcdef"}, "a.yml:3 @ 01234567"},
		{Location{URL: "https://x.test/admin", Method: "GET"}, "GET https://x.test/admin"},
		{Location{Domain: "x.test", Record: "TXT _dmarc"}, "x.test (TXT _dmarc)"},
	}
	for _, tc := range cases {
		if got := tc.l.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.l, got, tc.want)
		}
	}
}

func TestSeverityReaches(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		s, threshold Severity
		want         bool
	}{
		{SeverityHigh, SeverityHigh, true},
		{SeverityCritical, SeverityHigh, true},
		{SeverityMedium, SeverityHigh, false},
		{SeverityInfo, SeverityInfo, true},
		{SeverityCritical, SeverityNone, false},
		{SeverityNone, SeverityNone, false},
	} {
		if got := c.s.Reaches(c.threshold); got != c.want {
			t.Errorf("%s.Reaches(%s) = %v, want %v", c.s, c.threshold, got, c.want)
		}
	}
}

func TestFixLeavesOutTheAcceptAdvice(t *testing.T) {
	t.Parallel()
	f := Finding{Remediation: "Rotate it. If it is a deliberate test value, ignore it.", Accept: " If it is a deliberate test value, ignore it."}
	if got := f.Fix(); got != "Rotate it." {
		t.Errorf("Fix() = %q", got)
	}
	// Without a structured Accept nothing is cut, whatever the text says.
	f.Accept = ""
	if got := f.Fix(); got != f.Remediation {
		t.Errorf("Fix() = %q", got)
	}
}
