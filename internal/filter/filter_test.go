package filter

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
)

func TestApply(t *testing.T) {
	t.Parallel()
	cfg, err := config.Decode([]byte(`severity:
  secrets/generic-api-key: low
ignore:
  - rule: secrets/password-assignment
    path: "testdata/**"
    reason: fixtures
  - fingerprint: fp-expired
    reason: accepted until the rotation
    until: 2026-11-01
  - rule: cors/*
    reason: nothing like this exists
`), ".launchready.yml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Path = ".launchready.yml"
	fs := []finding.Finding{
		{RuleID: "secrets/generic-api-key", Row: finding.RowSecrets, Severity: finding.SeverityHigh, Fingerprint: "a", Location: finding.Location{Path: "b.js", StartLine: 3}},
		{RuleID: "secrets/password-assignment", Row: finding.RowSecrets, Severity: finding.SeverityHigh, Fingerprint: "b", Location: finding.Location{Path: "testdata/x.yml", StartLine: 1}},
		{RuleID: "secrets/github-pat", Row: finding.RowSecrets, Severity: finding.SeverityCritical, Fingerprint: "fp-expired", Location: finding.Location{Path: "z.yml", StartLine: 9}},
		{RuleID: "secrets/github-pat", Row: finding.RowSecrets, Severity: finding.SeverityCritical, Fingerprint: "fp-expired", Location: finding.Location{Path: "z.yml", StartLine: 9}, Occurrences: 2},
		{RuleID: "openapi/x", Row: finding.RowAuthentication, Severity: finding.SeverityLow, Fingerprint: "c", Location: finding.Location{Path: "api.yml", StartLine: 1}},
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	res := Apply(fs, cfg, now, func(*config.Ignore) bool { return true })
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+" "+f.Severity.String())
	}
	want := []string{"openapi/x low", "secrets/github-pat critical", "secrets/generic-api-key low"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if res.Ignored != 1 {
		t.Errorf("ignored %d", res.Ignored)
	}
	// One place, then two more merged: three.
	if res.Findings[1].Occurrences != 3 {
		t.Errorf("duplicate not merged into occurrences: %d, want 3", res.Findings[1].Occurrences)
	}
	wantW := []string{
		".launchready.yml:7: ignore expired on 2026-11-01, so its findings are reported again; fix them or extend until with a new reason",
		".launchready.yml:10: ignore matched no finding; remove it if the problem is gone",
	}
	if diff := cmp.Diff(wantW, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	// A run that could not have produced the ignored findings (a range,
	// staged or --check run) does not call an unmatched ignore stale.
	if partial := Apply(fs, cfg, now, func(*config.Ignore) bool { return false }); len(partial.Warnings) != 1 {
		t.Errorf("warnings of a partial run: %q", partial.Warnings)
	}
	if empty := Apply(nil, config.Default(), time.Now(), nil); empty.Findings == nil || len(empty.Findings) != 0 {
		t.Error("no findings must be an empty list, not nil")
	}
	_ = strings.Join
}

// TestMergedOccurrencesCountEveryPlace: findings that do not count their
// places (Occurrences 0) each count once when merged, so three copies are
// three occurrences, and counted ones add their counts.
func TestMergedOccurrencesCountEveryPlace(t *testing.T) {
	t.Parallel()
	f := finding.Finding{RuleID: "code/cors-wildcard", Row: finding.RowCORS, Severity: finding.SeverityLow, Fingerprint: "same", Location: finding.Location{Path: "a.js", StartLine: 1}}
	counted := f
	counted.Occurrences = 4
	for _, c := range []struct {
		in   []finding.Finding
		want int
	}{
		{[]finding.Finding{f}, 0},
		{[]finding.Finding{f, f}, 2},
		{[]finding.Finding{f, f, f}, 3},
		{[]finding.Finding{counted, f}, 5},
		{[]finding.Finding{f, counted}, 5},
	} {
		res := Apply(c.in, config.Default(), time.Now(), nil)
		if len(res.Findings) != 1 || res.Findings[0].Occurrences != c.want {
			t.Errorf("%d copies: %d findings, occurrences %d, want 1 finding with %d", len(c.in), len(res.Findings), res.Findings[0].Occurrences, c.want)
		}
	}
}
