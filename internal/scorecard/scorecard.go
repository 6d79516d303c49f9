// Package scorecard maps check results and filtered findings onto the
// launch-readiness rows and the headline verdict.
package scorecard

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
)

// Outcome is one check's metadata and result.
type Outcome struct {
	Meta   check.Meta
	Result check.Result
}

// Manual lists the launch items that no tool can verify; the scorecard shows
// them as checkboxes so a reviewer sees the whole launch checklist.
var Manual = []report.Manual{
	{ID: "admin-mfa", Text: "MFA is enforced for every admin and staff account", Why: "a phished admin password is the shortest path to every member's data"},
	{ID: "rollback-rehearsed", Text: "A rollback has been rehearsed on staging within the last month", Why: "an untested rollback fails when it is needed most"},
	{ID: "alerts-routed", Text: "Alerts reach a named person (on-call rota or channel someone watches)", Why: "an alert nobody reads is the same as no alert"},
	{ID: "secrets-rotated", Text: "Every secret that ever leaked (in history, logs or tickets) has been rotated", Why: "removing a leaked secret from the code does not revoke it"},
}

// NoCheckYet is the reason for a row that none of the checks run feeds
// (every row has a check; --check can leave a row out).
const NoCheckYet = "none of the checks that ran covers this row (--check left it out)"

// Card is one run's scorecard: the rows, the verdict and what would check
// the rows that were not checked.
type Card struct {
	Rows    []report.Row
	Verdict report.Status
	// Incomplete is set when a check could not run (failed or crashed).
	Incomplete bool
	// NotChecked counts rows neither checked nor waived.
	NotChecked int
	ToCheck    []report.ToCheck
}

// Build computes the rows and the verdict, with no waivers.
func Build(outcomes []Outcome, fs []finding.Finding, failOn finding.Severity) (rows []report.Row, verdict report.Status, incomplete bool) {
	c := BuildCard(outcomes, fs, failOn, nil)
	return c.Rows, c.Verdict, c.Incomplete
}

// BuildCard computes the rows and the verdict. A row fails on a finding at
// or above failOn, warns on lower findings, and passes only when at least
// one of its checks ran, none could not run, and nothing was found. A row
// that was not checked and is waived (row id → reason) is "waived".
func BuildCard(outcomes []Outcome, fs []finding.Finding, failOn finding.Severity, waive map[finding.Row]string) Card {
	var c Card
	for _, info := range finding.Rows {
		row := buildRow(info, outcomes, fs, failOn)
		if reason, ok := waive[info.ID]; ok {
			row.Waived = reason
			if row.Status == report.StatusNotChecked {
				row.Status = report.StatusWaived
				row.Note = "waived: " + reason + " (not checked: " + row.Reason + ")"
			} else {
				row.Note = strings.TrimPrefix(row.Note+"; waived: "+reason, "; ")
			}
		}
		c.Rows = append(c.Rows, row)
	}
	for _, o := range outcomes {
		if o.Result.Status == check.StatusFailed || o.Result.Status == check.StatusError {
			c.Incomplete = true
		}
	}
	at := map[string]int{}
	for _, r := range c.Rows {
		if r.Status != report.StatusNotChecked {
			continue
		}
		c.NotChecked++
		// What would check the row: the reasons of its checks that did not
		// run, each listed once with every row it would check.
		whats := map[string]bool{}
		for _, n := range r.Sources.NotRun {
			if n.Status != string(check.StatusNotApplicable) {
				whats[n.Reason] = true
			}
		}
		if len(whats) == 0 {
			whats[r.Reason] = true
		}
		for _, w := range dedupe(mapKeys(whats)) {
			i, ok := at[w]
			if !ok {
				i = len(c.ToCheck)
				at[w] = i
				c.ToCheck = append(c.ToCheck, report.ToCheck{What: w})
			}
			c.ToCheck[i].Rows = append(c.ToCheck[i].Rows, r.ID)
		}
	}
	if c.ToCheck == nil {
		c.ToCheck = []report.ToCheck{}
	}
	c.Verdict = Verdict(c.Rows, c.Incomplete)
	return c
}

func mapKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func buildRow(info finding.RowInfo, outcomes []Outcome, fs []finding.Finding, failOn finding.Severity) report.Row {
	row := report.Row{ID: info.ID, Title: info.Title, Sources: report.Sources{Ran: []string{}, NotRun: []report.NotRun{}}}
	var mine []finding.Finding
	for _, f := range fs {
		if f.Row == info.ID {
			mine = append(mine, f)
		}
	}
	row.Findings = len(mine)
	var ran, ranKinds, notChecked, failed, crashed []string
	// short: the reasons of checks not checked while a check of the same
	// kind ran (Meta.Optional ones aside), by kind.
	type miss struct{ kind, reason string }
	var misses []miss
	var optional []string
	var notes, headlines []string
	feeds := 0
	for _, o := range outcomes {
		if !feedsRow(o.Meta.Rows, info.ID) {
			continue
		}
		feeds++
		if o.Result.Status == check.StatusRan {
			row.Sources.Ran = append(row.Sources.Ran, o.Meta.ID)
		} else {
			row.Sources.NotRun = append(row.Sources.NotRun, report.NotRun{Check: o.Meta.ID, Status: string(o.Result.Status), Reason: o.Result.Reason})
		}
		switch o.Result.Status {
		case check.StatusRan:
			ran = append(ran, o.Meta.ID)
			ranKinds = append(ranKinds, sourceKind(o.Meta))
			notes = append(notes, o.Result.Notes...)
			if o.Result.Headline != "" {
				headlines = append(headlines, o.Result.Headline)
			}
		case check.StatusFailed:
			failed = append(failed, o.Result.Reason)
		case check.StatusError:
			crashed = append(crashed, o.Result.Reason)
		case check.StatusNotChecked:
			if o.Meta.Optional {
				optional = append(optional, o.Result.Reason)
				continue
			}
			notChecked = append(notChecked, o.Result.Reason)
			misses = append(misses, miss{sourceKind(o.Meta), o.Result.Reason})
		}
	}
	// A check not checked while another of its kind ran: the row saw
	// less than it set out to see.
	var short []string
	for _, m := range misses {
		if slices.Contains(ranKinds, m.kind) {
			short = append(short, m.reason)
		}
	}
	worst := finding.SeverityNone
	for _, f := range mine {
		worst = max(worst, f.Severity)
	}
	switch {
	case len(mine) > 0 && worst.Reaches(failOn):
		row.Status = report.StatusFail
		row.Note = findingsNote(mine)
	case len(crashed) > 0:
		row.Status = report.StatusError
		row.Reason = "the check crashed (a bug in launchready; please report it): " + strings.Join(crashed, "; ")
	case len(failed) > 0:
		row.Status = report.StatusNotChecked
		row.Reason = "could not run: " + strings.Join(dedupe(failed), "; ")
		if len(notes) > 0 {
			// What did run is kept, but cannot make the row pass.
			row.Reason += "; checked without findings: " + strings.Join(notes, ", ")
		}
	case len(short) > 0:
		row.Status = report.StatusNotChecked
		row.Reason = "not fully checked: " + strings.Join(dedupe(short), "; ")
		if len(notes) > 0 {
			row.Reason += "; checked without findings: " + strings.Join(notes, ", ")
		}
		if len(mine) > 0 {
			row.Reason += "; " + findingsNote(mine)
		}
	case len(mine) > 0:
		row.Status = report.StatusWarn
		row.Note = findingsNote(mine)
		row.Partial = partial(ranKinds, notChecked)
	case len(ran) > 0:
		row.Status = report.StatusPass
		row.Note = strings.Join(notes, ", ")
		if len(notChecked) > 0 {
			row.Note = strings.TrimPrefix(row.Note+"; partly checked: "+strings.Join(notChecked, "; "), "; ")
		}
		row.Partial = partial(ranKinds, notChecked)
	case feeds == 0:
		row.Status = report.StatusNotChecked
		row.Reason = NoCheckYet
	default:
		row.Status = report.StatusNotChecked
		if len(notChecked) > 0 {
			row.Reason = strings.Join(dedupe(notChecked), "; ")
		} else {
			row.Reason = "nothing to check in this input"
		}
	}
	if len(optional) > 0 && (row.Status == report.StatusPass || row.Status == report.StatusWarn) {
		row.Note = strings.TrimPrefix(row.Note+"; not applicable here: "+strings.Join(dedupe(optional), "; "), "; ")
	}
	if (row.Status == report.StatusFail || row.Status == report.StatusWarn) && len(headlines) > 0 {
		row.Note += "; " + strings.Join(headlines, "; ")
	}
	if row.Status == report.StatusNotChecked || row.Status == report.StatusError {
		row.Note = row.Reason
	}
	return row
}

// sourceKind names what a check reads, for a partial row's status: the
// preview, DNS, the spec, or the code (history, files, workflows).
func sourceKind(m check.Meta) string {
	switch {
	case m.Supports(check.ModeLive):
		return "preview"
	case m.Supports(check.ModeDNS):
		return "DNS"
	case m.Supports(check.ModeSpec):
		return "spec"
	}
	return "code"
}

// partial describes a row some of whose checks did not run: what ran and,
// in short, why the rest did not ("spec and code only; no preview URL
// given"). It is "" when every check of the row ran.
func partial(ranKinds, notChecked []string) string {
	if len(notChecked) == 0 || len(ranKinds) == 0 {
		return ""
	}
	kinds := dedupe(ranKinds)
	var why []string
	for _, r := range notChecked {
		why = append(why, shortReason(r))
	}
	return strings.Join(kinds, " and ") + " only; " + strings.Join(dedupe(why), "; ")
}

// shortReason is a reason's first clause: "no preview URL given: pass
// --url, ..." becomes "no preview URL given".
func shortReason(r string) string {
	for _, sep := range []string{": ", " (", "; "} {
		if i := strings.Index(r, sep); i > 0 {
			r = r[:i]
		}
	}
	return r
}

func feedsRow(rows []finding.Row, r finding.Row) bool {
	for _, x := range rows {
		if x == r {
			return true
		}
	}
	return false
}

// findingsNote summarises a row's findings: the worst one, and how many more.
func findingsNote(fs []finding.Finding) string {
	bySev := map[finding.Severity]int{}
	for _, f := range fs {
		bySev[f.Severity]++
	}
	var parts []string
	for s := finding.SeverityCritical; s >= finding.SeverityInfo; s-- {
		if n := bySev[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	worst := fs[0]
	for _, f := range fs {
		if f.Severity > worst.Severity {
			worst = f
		}
	}
	return fmt.Sprintf("%s: %s", strings.Join(parts, ", "), worst.Title)
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// Verdict is "fail" when a row fails, "error" when a check crashed, and
// "incomplete" when a row was neither checked nor waived or a check could
// not run. Only when every row was checked (or waived) is it "warn" (some
// rows have findings below fail-on) or "pass" ("ready to launch").
func Verdict(rows []report.Row, incomplete bool) report.Status {
	has := map[report.Status]bool{}
	for _, r := range rows {
		has[r.Status] = true
	}
	switch {
	case has[report.StatusFail]:
		return report.StatusFail
	case has[report.StatusError]:
		return report.StatusError
	case incomplete || has[report.StatusNotChecked] || len(rows) < len(finding.Rows):
		return report.StatusIncomplete
	case has[report.StatusWarn]:
		return report.StatusWarn
	case has[report.StatusPass]:
		return report.StatusPass
	}
	// Every row waived: nothing was checked.
	return report.StatusIncomplete
}
