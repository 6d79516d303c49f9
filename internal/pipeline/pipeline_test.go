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

// orderedCheck records when it ran; after names the checks it follows.
type orderedCheck struct {
	id    string
	after []string
	log   chan string
}

func (c orderedCheck) Meta() check.Meta {
	return check.Meta{ID: c.id, Title: c.id, Rows: []finding.Row{finding.RowCORS}, Modes: []check.Mode{check.ModeWorktree}, Rules: []check.Rule{fakeRule}, After: c.after}
}

func (c orderedCheck) Run(context.Context, *check.Input) check.Result {
	c.log <- c.id + " start"
	time.Sleep(20 * time.Millisecond)
	c.log <- c.id + " end"
	return check.Result{Status: check.StatusRan}
}

// TestAfterRunsLast: a check naming others in Meta.After starts only when
// those in the run are done (one not in the run is not waited for), and a
// cycle of After names does not deadlock the run.
func TestAfterRunsLast(t *testing.T) {
	t.Parallel()
	in := &check.Input{Scan: check.Scan{Mode: check.ModeWorktree}, Config: config.Default(), Now: time.Now(), Secrets: &redact.Set{}}
	log := make(chan string, 100)
	checks := []check.Check{
		orderedCheck{"last", []string{"a", "b", "absent"}, log},
		orderedCheck{"a", nil, log},
		orderedCheck{"b", nil, log},
	}
	Run(context.Background(), in, checks, Options{FailOn: finding.SeverityHigh})
	close(log)
	var order []string
	for l := range log {
		order = append(order, l)
	}
	if len(order) != 6 || order[4] != "last start" || order[5] != "last end" {
		t.Errorf("order %q: the check with After did not run after the others", order)
	}
	cyc := make(chan string, 100)
	finished := make(chan struct{})
	go func() {
		Run(context.Background(), in, []check.Check{orderedCheck{"x", []string{"y"}, cyc}, orderedCheck{"y", []string{"x"}, cyc}}, Options{FailOn: finding.SeverityHigh})
		close(finished)
	}()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("a cycle of After names deadlocked the run")
	}
}
