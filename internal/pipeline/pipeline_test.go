package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/redact"
)

// fakeCheck declares one rule and reports whatever findings it is given.
type fakeCheck struct{ fs []finding.Finding }

var fakeRule = check.Rule{ID: "fake/rule", Title: "Fake", Row: finding.RowCORS, Severity: finding.SeverityHigh,
	Others: []finding.Severity{finding.SeverityLow}, CWE: "CWE-1"}

func (fakeCheck) Meta() check.Meta {
	return check.Meta{ID: "fake", Title: "fake", Rows: []finding.Row{finding.RowCORS}, Modes: []check.Mode{check.ModeWorktree},
		Rules: []check.Rule{fakeRule, {ID: "fake/<family>", Title: "Family", Row: finding.RowCORS, Severity: finding.SeverityHigh, Family: true, CWE: "CWE-1"}}}
}

func (c fakeCheck) Run(context.Context, *check.Input) check.Result {
	return check.Result{Status: check.StatusRan, Findings: c.fs}
}

// TestUndeclaredRulesAreBugs: a finding whose rule its check does not
// declare, or at a severity outside the rule's range, turns the check's
// result into an error (exit code 3), never a silent finding.
func TestUndeclaredRulesAreBugs(t *testing.T) {
	t.Parallel()
	loc := finding.Location{Path: "a.js", StartLine: 1}
	for _, c := range []struct {
		name string
		f    finding.Finding
		bug  string
	}{
		{"declared", fakeRule.Finding(loc, "m", "f", "e"), ""},
		{"declared other severity", fakeRule.At(finding.SeverityLow).Finding(loc, "m", "f", "e"), ""},
		{"family member", check.Rule{ID: "fake/x", Severity: finding.SeverityCritical}.Finding(loc, "m", "f", "e"), ""},
		{"undeclared id", check.Rule{ID: "other/x", Severity: finding.SeverityHigh}.Finding(loc, "m", "f", "e"), "reported rule other/x, which it does not declare"},
		{"undeclared severity", fakeRule.At(finding.SeverityMedium).Finding(loc, "m", "f", "e"), "at severity medium, outside its declared [high low]"},
	} {
		in := &check.Input{Scan: check.Scan{Mode: check.ModeWorktree}, Config: config.Default(), Now: time.Now(), Secrets: &redact.Set{}}
		rep := Run(context.Background(), in, []check.Check{fakeCheck{[]finding.Finding{c.f}}}, Options{FailOn: finding.SeverityHigh})
		var errs []string
		for _, e := range rep.Errors {
			errs = append(errs, e.Message)
		}
		got := strings.Join(errs, "; ")
		if c.bug == "" && got != "" || c.bug != "" && !strings.Contains(got, c.bug) {
			t.Errorf("%s: errors %q, want %q", c.name, got, c.bug)
		}
		if c.bug != "" && len(rep.Findings) != 0 {
			t.Errorf("%s: the finding was still reported", c.name)
		}
	}
}
