package annotate

import (
	"fmt"
	"strings"

	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
)

// verdictSummary is the headline's text after the verdict's words: how
// much was checked. Every reporter says the same.
func verdictSummary(r *report.Report) string {
	total := len(r.Scorecard)
	var waived, partial int
	for _, row := range r.Scorecard {
		if row.Waived != "" && row.Status == report.StatusWaived {
			waived++
		}
		if row.Partial != "" && (row.Status == report.StatusPass || row.Status == report.StatusWarn) {
			partial++
		}
	}
	var parts []string
	// With rows waived, "every row was checked" would overstate it: say
	// how many were checked.
	checked := total - waived
	switch {
	case r.Verdict == report.StatusPass && waived == 0:
		parts = append(parts, "every row was checked and passes")
	case r.Verdict == report.StatusPass && checked == 1:
		parts = append(parts, "1 row checked and passes")
	case r.Verdict == report.StatusPass:
		parts = append(parts, fmt.Sprintf("%d rows checked and pass", checked))
	case r.Verdict == report.StatusWarn && waived == 0:
		parts = append(parts, "every row was checked; some have findings below fail-on")
	case r.Verdict == report.StatusWarn:
		parts = append(parts, fmt.Sprintf("%d rows checked; some have findings below fail-on", checked))
	}
	switch r.Verdict {
	case report.StatusPass, report.StatusWarn:
	case report.StatusIncomplete:
		if r.NotChecked > 0 {
			parts = append(parts, fmt.Sprintf("%d of %d rows not checked", r.NotChecked, total))
		} else {
			parts = append(parts, "some checks could not run")
		}
	default:
		if r.NotChecked > 0 {
			parts = append(parts, fmt.Sprintf("%d of %d rows not checked", r.NotChecked, total))
		}
	}
	if waived > 0 {
		parts = append(parts, fmt.Sprintf("%d waived", waived))
	}
	if partial > 0 && r.Verdict != report.StatusFail {
		parts = append(parts, fmt.Sprintf("%d checked by only some of their sources", partial))
	}
	return strings.Join(parts, "; ")
}

// verdictWords names the verdict for people.
func verdictWords(s report.Status) string {
	switch s {
	case report.StatusPass:
		return "ready to launch"
	case report.StatusWarn:
		return "ready, with warnings"
	case report.StatusFail:
		return "not ready to launch"
	case report.StatusError:
		return "a check crashed"
	}
	return "not enough checked to call it ready"
}

// rowTitles turns row ids into their titles.
func rowTitles(r *report.Report, ids []finding.Row) string {
	title := map[finding.Row]string{}
	for _, row := range r.Scorecard {
		title[row.ID] = row.Title
	}
	var out []string
	for _, id := range ids {
		if t := title[id]; t != "" {
			out = append(out, t)
		} else {
			out = append(out, string(id))
		}
	}
	return strings.Join(out, ", ")
}

// rowStatus is a row's status word with what a partial pass ran on:
// "pass (spec only; no preview URL given)".
func rowStatus(word string, row report.Row) string {
	if row.Partial != "" && (row.Status == report.StatusPass || row.Status == report.StatusWarn) {
		return word + " (" + row.Partial + ")"
	}
	return word
}
