// Package pipeline runs one launchready run: the checks on one input, then
// the filters over their findings, then the scorecard, and returns the
// report. It prints
// nothing; reporters do that.
package pipeline

import (
	"context"
	"fmt"
	"path"
	"strings"
	"sync"

	launchready "github.com/launchready/launchready"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/filter"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
	"github.com/launchready/launchready/internal/scorecard"
	"github.com/launchready/launchready/internal/version"
)

// Options tune a run.
type Options struct {
	FailOn finding.Severity
	// AllChecks says the run has every registered check (no --check):
	// only then, in a full-history run, can an ignore that matched nothing
	// be called stale.
	AllChecks bool
}

// Run executes checks on in and returns the report.
func Run(ctx context.Context, in *check.Input, checks []check.Check, opts Options) *report.Report {
	outcomes := make([]scorecard.Outcome, len(checks))
	// Checks run in parallel, except that one naming others in
	// Meta.After starts when those of them in this run are done.
	lv := levels(checks)
	done := make([]chan struct{}, len(checks))
	for i := range done {
		done[i] = make(chan struct{})
	}
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[i])
			for _, id := range c.Meta().After {
				for j, d := range checks {
					if d.Meta().ID == id && lv[j] < lv[i] {
						<-done[j]
					}
				}
			}
			outcomes[i] = runOne(ctx, c, in)
		}()
	}
	wg.Wait()

	var all []finding.Finding
	suppressed := 0
	rep := &report.Report{
		Tool:     report.Tool{Name: "launchready", Version: version.String()},
		FailOn:   opts.FailOn,
		Scan:     report.Scan{Mode: string(in.Scan.Mode), Base: in.Scan.Base, Head: in.Scan.Head},
		Errors:   []report.Error{},
		Warnings: []string{},
		Manual:   scorecard.Manual,
	}
	for _, o := range outcomes {
		all = append(all, o.Result.Findings...)
		suppressed += o.Result.Suppressed
		for _, w := range o.Result.Warnings {
			rep.Warnings = append(rep.Warnings, o.Meta.ID+": "+w)
		}
		if o.Result.Status == check.StatusFailed || o.Result.Status == check.StatusError {
			rep.Errors = append(rep.Errors, report.Error{Check: o.Meta.ID, Message: o.Result.Reason})
		}
	}
	filtered := filter.Apply(all, in.Config, in.Now, staleJudge(in, outcomes, opts.AllChecks))
	rep.Findings = filtered.Findings
	rep.Suppressed = suppressed + filtered.Ignored
	rep.Warnings = append(rep.Warnings, in.Warnings...)
	rep.Warnings = append(rep.Warnings, filtered.Warnings...)
	card := scorecard.BuildCard(outcomes, rep.Findings, opts.FailOn, in.Config.Waivers())
	rep.Scorecard, rep.Verdict, rep.Incomplete = card.Rows, card.Verdict, card.Incomplete
	rep.NotChecked, rep.ToCheck = card.NotChecked, card.ToCheck
	rep.Rules = rulesOf(outcomes, rep.Findings, in.Config)
	// Redact on the data, once, before any reporter escapes it: credentials
	// in URLs structurally, and every secret any check saw (DESIGN 3b).
	in.Secrets.Scrub(rep)
	return rep
}

// levels orders the checks by Meta.After: a check's level is one more
// than the highest of the checks it names, and it waits only for those of
// a lower level, so a cycle of After names (a bug) cannot deadlock the run.
func levels(checks []check.Check) []int {
	lv := make([]int, len(checks))
	state := make([]int, len(checks)) // 0 new, 1 on the stack, 2 done
	var visit func(i int) int
	visit = func(i int) int {
		if state[i] != 0 {
			return lv[i] // on the stack: a cycle, broken here
		}
		state[i] = 1
		for _, id := range checks[i].Meta().After {
			for j, d := range checks {
				if j != i && d.Meta().ID == id && state[j] != 1 {
					lv[i] = max(lv[i], visit(j)+1)
				}
			}
		}
		state[i] = 2
		return lv[i]
	}
	for i := range checks {
		visit(i)
	}
	return lv
}

// staleJudge says, for an ignore, whether this run would have produced
// every finding it can match: a full-history run in which every check
// that emits its rule (every check, for an ignore without a rule) ran to
// completion. In a range, work-tree, staged or --check run, or with a
// check that did not run (no preview URL), an ignore that matched nothing
// may still be needed, so it is not called stale.
func staleJudge(in *check.Input, outcomes []scorecard.Outcome, allChecks bool) func(*config.Ignore) bool {
	if in.Scan.Mode != check.ModeHistory || !allChecks {
		return nil
	}
	return func(ig *config.Ignore) bool {
		var could []scorecard.Outcome
		if ig.Rule != "" {
			for _, o := range outcomes {
				if emits(o.Meta, ig.Rule) {
					could = append(could, o)
				}
			}
		}
		if len(could) == 0 {
			could = outcomes
		}
		for _, o := range could {
			if o.Result.Status != check.StatusRan {
				return false
			}
		}
		return true
	}
}

// emits reports whether a check declares a rule the glob can match. A
// family id (secrets/<gitleaks-rule-id>) matches a glob whose literal
// start is compatible with the family's prefix.
func emits(m check.Meta, glob string) bool {
	lit := glob
	if i := strings.IndexAny(glob, "*?[\\"); i >= 0 {
		lit = glob[:i]
	}
	for _, r := range m.Rules {
		if r.Family {
			prefix, _, _ := strings.Cut(r.ID, "<")
			if strings.HasPrefix(lit, prefix) || strings.HasPrefix(prefix, lit) {
				return true
			}
			continue
		}
		if ok, _ := path.Match(glob, r.ID); ok {
			return true
		}
	}
	return false
}

// rulesOf describes the rules that have findings, in first-seen order. A
// generated id such as secrets/github-pat takes its family's metadata
// (secrets/<gitleaks-rule-id>) under its own id.
func rulesOf(outcomes []scorecard.Outcome, fs []finding.Finding, cfg *config.Config) []report.Rule {
	known := map[string]check.Rule{}
	var families []check.Rule
	for _, o := range outcomes {
		for _, r := range o.Meta.Rules {
			if r.Family {
				families = append(families, r)
			} else {
				known[r.ID] = r
			}
		}
	}
	seen := map[string]bool{}
	var out []report.Rule
	for _, f := range fs {
		if seen[f.RuleID] {
			continue
		}
		seen[f.RuleID] = true
		r, ok := known[f.RuleID]
		if !ok {
			for _, fam := range families {
				if prefix, _, _ := strings.Cut(fam.ID, "<"); strings.HasPrefix(f.RuleID, prefix) {
					r, ok = fam, true
					break
				}
			}
		}
		rule := report.Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Help: launchready.RuleHelp(f.RuleID), Anchor: launchready.RuleAnchor(f.RuleID)}
		if ok {
			rule.CWE = r.CWE
			// The rule's severity as this run configures it: SARIF splits
			// off results of other severities (see annotate). A family
			// member's severity is fixed per generated id (gitleaks'
			// generic-api-key is high, the others critical), so its
			// findings' severity is the rule's.
			if !r.Family {
				rule.Title = r.Title
				rule.Severity = cfg.SeverityFor(f.RuleID, r.Severity)
			}
		}
		out = append(out, rule)
	}
	return out
}

// runOne runs a check, turning a panic into an error result so one broken
// check never takes the others down.
func runOne(ctx context.Context, c check.Check, in *check.Input) (o scorecard.Outcome) {
	o.Meta = c.Meta()
	defer func() {
		if r := recover(); r != nil {
			o.Result = check.Result{Status: check.StatusError, Reason: fmt.Sprintf("check %s panicked: %v", o.Meta.ID, r)}
		}
	}()
	o.Result = c.Run(ctx, in)
	if err := o.Meta.Undeclared(o.Result.Findings); err != "" {
		o.Result = check.Result{Status: check.StatusError, Reason: err}
	}
	return o
}
