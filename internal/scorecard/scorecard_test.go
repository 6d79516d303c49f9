package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
)

func meta(id string, rows ...finding.Row) check.Meta { return check.Meta{ID: id, Rows: rows} }

// live is a probe check's meta: its kind is the preview.
func live(id string, rows ...finding.Row) check.Meta {
	return check.Meta{ID: id, Rows: rows, Modes: []check.Mode{check.ModeLive}}
}

func TestRowStatuses(t *testing.T) {
	t.Parallel()
	sec := finding.RowSecrets
	high := finding.Finding{Row: sec, Severity: finding.SeverityHigh, Title: "Leaked key"}
	low := finding.Finding{Row: sec, Severity: finding.SeverityLow, Title: "Weak thing"}
	cases := []struct {
		name       string
		outcomes   []Outcome
		fs         []finding.Finding
		failOn     finding.Severity
		wantStatus report.Status
		wantNote   string
		verdict    report.Status
	}{
		{"ran clean", []Outcome{{meta("s", sec), check.Result{Status: check.StatusRan, Notes: []string{"scanned 3 commits"}}}},
			nil, finding.SeverityHigh, report.StatusPass, "scanned 3 commits", report.StatusIncomplete},
		{"finding at threshold fails", []Outcome{{meta("s", sec), check.Result{Status: check.StatusRan}}},
			[]finding.Finding{high, low}, finding.SeverityHigh, report.StatusFail, "1 high, 1 low: Leaked key", report.StatusFail},
		{"a headline stays in the note next to findings", []Outcome{{meta("s", sec), check.Result{Status: check.StatusRan, Headline: "headers grade D"}}},
			[]finding.Finding{high}, finding.SeverityHigh, report.StatusFail, "1 high: Leaked key; headers grade D", report.StatusFail},
		{"below threshold warns", []Outcome{{meta("s", sec), check.Result{Status: check.StatusRan}}},
			[]finding.Finding{low}, finding.SeverityHigh, report.StatusWarn, "1 low: Weak thing", report.StatusIncomplete},
		{"fail-on none never fails", []Outcome{{meta("s", sec), check.Result{Status: check.StatusRan}}},
			[]finding.Finding{high}, finding.SeverityNone, report.StatusWarn, "1 high: Leaked key", report.StatusIncomplete},
		{"could not run is not checked, never pass", []Outcome{{meta("s", sec), check.Result{Status: check.StatusFailed, Reason: "shallow clone; fetch-depth: 0"}}},
			nil, finding.SeverityHigh, report.StatusNotChecked, "could not run: shallow clone; fetch-depth: 0", report.StatusIncomplete},
		{"a failing finding still fails next to a broken check", []Outcome{
			{meta("a", sec), check.Result{Status: check.StatusFailed, Reason: "boom"}},
			{meta("b", sec), check.Result{Status: check.StatusRan}}},
			[]finding.Finding{high}, finding.SeverityHigh, report.StatusFail, "1 high: Leaked key", report.StatusFail},
		{"a clean check next to one that could not run is not a pass", []Outcome{
			{meta("a", sec), check.Result{Status: check.StatusRan, Notes: []string{"scanned 2 commits"}}},
			{meta("b", sec), check.Result{Status: check.StatusFailed, Reason: "the preview is down"}},
			{meta("c", sec), check.Result{Status: check.StatusFailed, Reason: "the preview is down"}}},
			nil, finding.SeverityHigh, report.StatusNotChecked, "could not run: the preview is down; checked without findings: scanned 2 commits", report.StatusIncomplete},
		{"partly checked passes with a note", []Outcome{
			{meta("a", sec), check.Result{Status: check.StatusRan, Notes: []string{"scanned 2 commits"}}},
			{live("b", sec), check.Result{Status: check.StatusNotChecked, Reason: "no preview URL given (--url)"}}},
			nil, finding.SeverityHigh, report.StatusPass, "scanned 2 commits; partly checked: no preview URL given (--url)", report.StatusIncomplete},
		// The preview was probed, but not by every probe of the row: it
		// saw less than it set out to see.
		{"a probe not checked next to one that ran is not a pass", []Outcome{
			{live("cdn", sec), check.Result{Status: check.StatusRan, Notes: []string{"Cloudflare in front"}}},
			{live("ratelimit", sec), check.Result{Status: check.StatusNotChecked, Reason: "POST /login needs probe.allow-post"}}},
			nil, finding.SeverityHigh, report.StatusNotChecked, "not fully checked: POST /login needs probe.allow-post; checked without findings: Cloudflare in front", report.StatusIncomplete},
		{"an optional probe not checked leaves the row checked", []Outcome{
			{live("authn", sec), check.Result{Status: check.StatusRan, Notes: []string{"5 endpoints refuse"}}},
			{func() check.Meta { m := live("tokens", sec); m.Optional = true; return m }(), check.Result{Status: check.StatusNotChecked, Reason: "the member token is not a JWT"}}},
			nil, finding.SeverityHigh, report.StatusPass, "5 endpoints refuse; not applicable here: the member token is not a JWT", report.StatusIncomplete},
		{"no input", []Outcome{{meta("b", sec), check.Result{Status: check.StatusNotChecked, Reason: "no preview URL given (--url)"}}},
			nil, finding.SeverityHigh, report.StatusNotChecked, "no preview URL given (--url)", report.StatusIncomplete},
		{"crash", []Outcome{{meta("b", sec), check.Result{Status: check.StatusError, Reason: "check b panicked: x"}}},
			nil, finding.SeverityHigh, report.StatusError, "the check crashed (a bug in launchready; please report it): check b panicked: x", report.StatusError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, verdict, _ := Build(tc.outcomes, tc.fs, tc.failOn)
			if len(rows) != len(finding.Rows) {
				t.Fatalf("%d rows", len(rows))
			}
			got := rows[2]
			if got.ID != sec || got.Status != tc.wantStatus || got.Note != tc.wantNote {
				t.Errorf("row = %s %q, want %s %q", got.Status, got.Note, tc.wantStatus, tc.wantNote)
			}
			if verdict != tc.verdict {
				t.Errorf("verdict %s, want %s", verdict, tc.verdict)
			}
			if rows[0].Status != report.StatusNotChecked || rows[0].Reason != NoCheckYet {
				t.Errorf("an uncovered row must be not checked with a reason: %+v", rows[0])
			}
		})
	}
}

// TestOnlyVouchedRowsPass: a check passes only the rows it vouches for
// (Meta.Rows); its findings on another row still fail that row.
func TestOnlyVouchedRowsPass(t *testing.T) {
	t.Parallel()
	spec := check.Meta{ID: "openapi", Rows: []finding.Row{finding.RowAuthentication}}
	outcomes := []Outcome{{spec, check.Result{Status: check.StatusRan}}}
	rows, _, _ := Build(outcomes, nil, finding.SeverityHigh)
	if rows[0].Status != report.StatusPass || rows[3].Status != report.StatusNotChecked {
		t.Errorf("authentication %s, https %s: a contributing check must not make a row pass", rows[0].Status, rows[3].Status)
	}
	http := finding.Finding{Row: finding.RowHTTPS, Severity: finding.SeverityHigh, Title: "http:// server"}
	rows, _, _ = Build(outcomes, []finding.Finding{http}, finding.SeverityHigh)
	if rows[3].Status != report.StatusFail {
		t.Errorf("https %s: its findings still fail the row", rows[3].Status)
	}
}

func TestVerdictNeverPassesWhenIncomplete(t *testing.T) {
	t.Parallel()
	all := func(st report.Status) []report.Row {
		rows := make([]report.Row, len(finding.Rows))
		for i := range rows {
			rows[i].Status = st
		}
		return rows
	}
	rows := all(report.StatusPass)
	if v := Verdict(rows, false); v != report.StatusPass {
		t.Errorf("verdict %s with every row passing", v)
	}
	if v := Verdict(rows, true); v != report.StatusIncomplete {
		t.Errorf("verdict %s with a check that could not run", v)
	}
	rows[5].Status = report.StatusNotChecked
	if v := Verdict(rows, false); v != report.StatusIncomplete {
		t.Errorf("verdict %s with a row not checked", v)
	}
	rows[5].Status = report.StatusWaived
	if v := Verdict(rows, false); v != report.StatusPass {
		t.Errorf("verdict %s with the unchecked row waived", v)
	}
	rows[2].Status = report.StatusWarn
	if v := Verdict(rows, false); v != report.StatusWarn {
		t.Errorf("verdict %s with a warning", v)
	}
	rows[3].Status = report.StatusNotChecked
	if v := Verdict(rows, false); v != report.StatusIncomplete {
		t.Errorf("verdict %s: a warning next to an unchecked row is incomplete, not ready", v)
	}
	rows[4].Status = report.StatusFail
	if v := Verdict(rows, false); v != report.StatusFail {
		t.Errorf("verdict %s with a failing row", v)
	}
	if diff := cmp.Diff(report.StatusIncomplete, Verdict(all(report.StatusWaived), false)); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff(report.StatusIncomplete, Verdict(nil, false)); diff != "" {
		t.Error(diff)
	}
}

func TestCardSourcesPartialWaiveAndToCheck(t *testing.T) {
	t.Parallel()
	spec := check.Meta{ID: "openapi", Rows: []finding.Row{finding.RowAuthentication}, Modes: []check.Mode{check.ModeHistory, check.ModeSpec}}
	authn := check.Meta{ID: "probe-authn", Rows: []finding.Row{finding.RowAuthentication}, Modes: []check.Mode{check.ModeLive}}
	tls := check.Meta{ID: "probe-https", Rows: []finding.Row{finding.RowHTTPS}, Modes: []check.Mode{check.ModeLive}}
	mail := check.Meta{ID: "email", Rows: []finding.Row{finding.RowEmail}, Modes: []check.Mode{check.ModeDNS}}
	noURL := "no preview URL given: pass --url, or the action's preview-url input"
	noMail := "no mail domain given: pass --domain"
	outcomes := []Outcome{
		{spec, check.Result{Status: check.StatusRan, Notes: []string{"12 operations"}}},
		{authn, check.Result{Status: check.StatusNotChecked, Reason: noURL}},
		{tls, check.Result{Status: check.StatusNotChecked, Reason: noURL}},
		{mail, check.Result{Status: check.StatusNotChecked, Reason: noMail}},
	}
	c := BuildCard(outcomes, nil, finding.SeverityHigh, map[finding.Row]string{finding.RowEmail: "this app sends no mail"})
	a := c.Rows[0]
	if a.Status != report.StatusPass || a.Partial != "spec only; no preview URL given" {
		t.Errorf("authentication %s partial %q", a.Status, a.Partial)
	}
	want := report.Sources{Ran: []string{"openapi"}, NotRun: []report.NotRun{{Check: "probe-authn", Status: "not-checked", Reason: noURL}}}
	if diff := cmp.Diff(want, a.Sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if e := c.Rows[5]; e.Status != report.StatusWaived || e.Waived != "this app sends no mail" || e.Note == "" {
		t.Errorf("email row %+v", e)
	}
	if c.Verdict != report.StatusIncomplete || c.NotChecked != 9 {
		t.Errorf("verdict %s, %d not checked", c.Verdict, c.NotChecked)
	}
	// The preview URL would check https; the rest are left out by --check.
	if len(c.ToCheck) != 2 || c.ToCheck[1].What != noURL || len(c.ToCheck[1].Rows) != 1 || c.ToCheck[1].Rows[0] != finding.RowHTTPS || c.ToCheck[0].What != NoCheckYet {
		t.Errorf("to check: %+v", c.ToCheck)
	}
}
