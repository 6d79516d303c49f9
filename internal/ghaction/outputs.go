package ghaction

import (
	"strconv"

	"github.com/launchready/launchready/internal/report"
)

// Outputs are the step's outputs (action.yml documents them).
func Outputs(rep *report.Report, sarifFile, reportJSON, commentURL string) map[string]string {
	fails, warns := 0, 0
	for _, f := range rep.Findings {
		if f.Severity.Reaches(rep.FailOn) {
			fails++
		} else {
			warns++
		}
	}
	score := ""
	if n, ok := Score(rep); ok {
		score = strconv.Itoa(n)
	}
	return map[string]string{
		"status":      string(rep.Verdict),
		"score":       score,
		"fail-count":  strconv.Itoa(fails),
		"warn-count":  strconv.Itoa(warns),
		"comment-url": commentURL,
		"sarif-file":  sarifFile,
		"report-json": reportJSON,
	}
}

// Score is the percentage of checked rows that pass; false when no row was
// checked. Rows not checked (or waived) count neither way.
func Score(rep *report.Report) (int, bool) {
	checked, passed := 0, 0
	for _, r := range rep.Scorecard {
		switch r.Status {
		case report.StatusPass:
			passed++
			checked++
		case report.StatusWarn, report.StatusFail, report.StatusError:
			checked++
		}
	}
	if checked == 0 {
		return 0, false
	}
	return passed * 100 / checked, true
}
