package annotate

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
	"github.com/launchready/launchready/internal/scorecard"
)

func TestSARIFSplitsRulesBySeverityAndReportsFailedChecks(t *testing.T) {
	t.Parallel()
	mk := func(sev finding.Severity, fp string) finding.Finding {
		return finding.Finding{RuleID: "openapi/unbounded-input", Row: finding.RowInputValidation, Severity: sev, Title: "Unbounded input",
			Message: "m", Remediation: "r", Location: finding.Location{Path: "api.yaml", StartLine: 3}, Fingerprint: fp}
	}
	r := sample()
	r.Findings = []finding.Finding{mk(finding.SeverityHigh, "a"), mk(finding.SeverityLow, "b"), mk(finding.SeverityHigh, "c")}
	r.Rules = []report.Rule{{ID: "openapi/unbounded-input", Title: "Unbounded input", Severity: finding.SeverityHigh, CWE: "CWE-770"}}
	r.Errors = []report.Error{{Check: "probe-https", Message: "the preview is down"}, {Check: "probe-cors", Message: "the preview is down"}}
	var doc struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string
						Properties map[string]any
					}
				}
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct{ Message struct{ Text string } }
			}
			Results []struct {
				RuleID    string
				RuleIndex int
			}
		}
	}
	if err := json.Unmarshal([]byte(render(t, "sarif", r, Options{})), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	var ids []string
	for _, res := range run.Results {
		ids = append(ids, res.RuleID+"="+run.Tool.Driver.Rules[res.RuleIndex].Properties["security-severity"].(string))
	}
	if got := strings.Join(ids, " "); got != "openapi/unbounded-input=8.0 openapi/unbounded-input/low=3.0 openapi/unbounded-input=8.0" {
		t.Errorf("results %s", got)
	}
	if len(run.Tool.Driver.Rules) != 2 {
		t.Errorf("%d rules, want the rule and its low split", len(run.Tool.Driver.Rules))
	}
	inv := run.Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 ||
		inv[0].ToolExecutionNotifications[0].Message.Text != "probe-https, probe-cors: could not run, so this file lacks their results: the preview is down" {
		t.Errorf("invocations %+v", inv)
	}
}

func TestHeadlinesSayWhatWasChecked(t *testing.T) {
	t.Parallel()
	mail := check.Meta{ID: "email", Rows: []finding.Row{finding.RowEmail}, Modes: []check.Mode{check.ModeDNS}}
	outcomes := []scorecard.Outcome{{Meta: mail, Result: check.Result{Status: check.StatusNotChecked, Reason: "no mail domain given: pass --domain"}}}
	c := scorecard.BuildCard(outcomes, nil, finding.SeverityHigh, nil)
	r := &report.Report{Tool: report.Tool{Name: "launchready", Version: "1"}, Verdict: c.Verdict, NotChecked: c.NotChecked, ToCheck: c.ToCheck,
		Scorecard: c.Rows, Findings: []finding.Finding{}, Errors: []report.Error{}, Warnings: []string{}, FailOn: finding.SeverityHigh}
	md := render(t, "markdown", r, Options{})
	for _, want := range []string{"⚪ **not enough checked to call it ready**: 11 of 11 rows not checked", "- Email auth: no mail domain given: pass --domain"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	text := render(t, "text", r, Options{})
	if !strings.Contains(text, "launch readiness incomplete: not enough checked to call it ready: 11 of 11 rows not checked") ||
		!strings.Contains(text, "  Email auth: no mail domain given: pass --domain") {
		t.Errorf("text:\n%s", text)
	}
}
