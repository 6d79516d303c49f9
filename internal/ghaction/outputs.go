package ghaction

import (
	"strconv"

	"github.com/launchready/launchready/internal/report"
	"github.com/launchready/launchready/internal/scorecard"
)

// Outputs are the step's outputs (action.yml documents them).
func Outputs(rep *report.Report, sarifFile, reportJSON, commentURL string) map[string]string {
	fails, warns := 0, 0
	for _, f := range rep.Findings {
		if scorecard.AtOrAbove(f.Severity, rep.FailOn) {
			fails++
		} else {
			warns++
		}
	}
	return map[string]string{
		"status":      string(rep.Verdict),
		"score":       strconv.Itoa(Score(rep)),
		"fail-count":  strconv.Itoa(fails),
		"warn-count":  strconv.Itoa(warns),
		"comment-url": commentURL,
		"sarif-file":  sarifFile,
		"report-json": reportJSON,
	}
}

// Score is the percentage of checked rows that pass (0 when none was
// checked): rows not checked count neither way.
func Score(rep *report.Report) int {
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
		return 0
	}
	return passed * 100 / checked
}
