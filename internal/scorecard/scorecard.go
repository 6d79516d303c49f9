// Package scorecard maps check results and filtered findings onto the
// launch-readiness rows and the headline verdict.
package scorecard

import (
	"fmt"
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

// Build computes the rows and the verdict. A row fails on a finding at or
// above failOn, warns on lower findings, and passes only when at least one
// of its checks ran, none could not run, and nothing was found.
func Build(outcomes []Outcome, fs []finding.Finding, failOn finding.Severity) (rows []report.Row, verdict report.Status, incomplete bool) {
	for _, info := range finding.Rows {
		rows = append(rows, buildRow(info, outcomes, fs, failOn))
	}
	for _, o := range outcomes {
		if o.Result.Status == check.StatusFailed || o.Result.Status == check.StatusError {
			incomplete = true
		}
	}
	return rows, Verdict(rows, incomplete), incomplete
}

// AtOrAbove reports whether s reaches the fail threshold. "none" never does.
func AtOrAbove(s, failOn finding.Severity) bool {
	return failOn != finding.SeverityNone && s >= failOn
}

func buildRow(info finding.RowInfo, outcomes []Outcome, fs []finding.Finding, failOn finding.Severity) report.Row {
	row := report.Row{ID: info.ID, Title: info.Title}
	var mine []finding.Finding
	for _, f := range fs {
		if f.Row == info.ID {
			mine = append(mine, f)
		}
	}
	row.Findings = len(mine)
	var ran, notChecked, failed, crashed []string
	var notes, headlines []string
	feeds := 0
	for _, o := range outcomes {
		if !feedsRow(o.Meta.Rows, info.ID) {
			continue
		}
		feeds++
		switch o.Result.Status {
		case check.StatusRan:
			ran = append(ran, o.Meta.ID)
			notes = append(notes, o.Result.Notes...)
			if o.Result.Headline != "" {
				headlines = append(headlines, o.Result.Headline)
			}
		case check.StatusFailed:
			failed = append(failed, o.Result.Reason)
		case check.StatusError:
			crashed = append(crashed, o.Result.Reason)
		case check.StatusNotChecked:
			notChecked = append(notChecked, o.Result.Reason)
		}
	}
	worst := finding.SeverityNone
	for _, f := range mine {
		worst = max(worst, f.Severity)
	}
	switch {
	case len(mine) > 0 && AtOrAbove(worst, failOn):
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
	case len(mine) > 0:
		row.Status = report.StatusWarn
		row.Note = findingsNote(mine)
	case len(ran) > 0:
		row.Status = report.StatusPass
		row.Note = strings.Join(notes, ", ")
		if len(notChecked) > 0 {
			row.Note = strings.TrimPrefix(row.Note+"; partly checked: "+strings.Join(notChecked, "; "), "; ")
		}
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
	if (row.Status == report.StatusFail || row.Status == report.StatusWarn) && len(headlines) > 0 {
		row.Note += "; " + strings.Join(headlines, "; ")
	}
	if row.Status == report.StatusNotChecked || row.Status == report.StatusError {
		row.Note = row.Reason
	}
	return row
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

// Verdict is the worst status among the rows that were checked. It is never
// "pass" when a check could not run: then it is "not-checked".
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
	case has[report.StatusWarn]:
		return report.StatusWarn
	case incomplete:
		return report.StatusNotChecked
	case has[report.StatusPass]:
		return report.StatusPass
	}
	return report.StatusNotChecked
}
