// Package report is the result model every reporter reads. Its JSON form is
// a documented contract (README, "JSON report"): fields are only ever added.
package report

import (
	"github.com/launchready/launchready/internal/finding"
)

// Status of a scorecard row, or of the whole run.
type Status string

// The statuses. NotChecked never counts as a pass.
const (
	StatusPass       Status = "pass"
	StatusWarn       Status = "warn"
	StatusFail       Status = "fail"
	StatusNotChecked Status = "not-checked"
	StatusError      Status = "error"
)

// Report is the result of one run.
type Report struct {
	Tool Tool `json:"tool"`
	// Verdict is the headline: the worst status among the rows that were
	// checked; never "pass" when a check could not run.
	Verdict Status `json:"verdict"`
	// Incomplete is set when any check could not run.
	Incomplete bool              `json:"incomplete"`
	FailOn     finding.Severity  `json:"failOn"`
	Scan       Scan              `json:"scan"`
	Scorecard  []Row             `json:"scorecard"`
	Findings   []finding.Finding `json:"findings"`
	// Suppressed counts findings dropped by inline allow comments and
	// config ignores.
	Suppressed int      `json:"suppressed"`
	Errors     []Error  `json:"errors"`
	Warnings   []string `json:"warnings"`
	Manual     []Manual `json:"manual"`
	// Rules describes every rule that has a finding, for SARIF. It is not
	// part of the JSON report (docs/checks.md has the same text).
	Rules []Rule `json:"-"`
}

// Rule is the metadata of one rule id.
type Rule struct {
	ID       string
	Title    string
	Severity finding.Severity
	CWE      string
	// Help is the rule's docs/checks.md entry, in Markdown.
	Help string
}

// Tool names the producer.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Scan describes what was scanned.
type Scan struct {
	Mode string `json:"mode"`
	Base string `json:"base,omitempty"`
	Head string `json:"head,omitempty"`
}

// Row is one scorecard row.
type Row struct {
	ID     finding.Row `json:"id"`
	Title  string      `json:"title"`
	Status Status      `json:"status"`
	// Reason explains not-checked and error statuses.
	Reason   string `json:"reason,omitempty"`
	Findings int    `json:"findings"`
	// Note is a one-line summary for the table.
	Note string `json:"note,omitempty"`
}

// Error is a check that could not run.
type Error struct {
	Check   string `json:"check"`
	Message string `json:"message"`
}

// Manual is a launch item no tool can verify.
type Manual struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Why  string `json:"why"`
}
