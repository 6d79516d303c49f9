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
	// StatusWaived is a row the config waives (waive: {row: reason}) that
	// was not checked: it neither passes nor blocks the verdict.
	StatusWaived Status = "waived"
	// StatusIncomplete is a verdict only: nothing fails, but some row was
	// neither checked nor waived, so the run cannot call it ready.
	StatusIncomplete Status = "incomplete"
)

// Report is the result of one run.
type Report struct {
	Tool Tool `json:"tool"`
	// Verdict is the headline: "fail" when a finding reaches fail-on,
	// "error" when a check crashed, "incomplete" when a row was neither
	// checked nor waived (or a check could not run), "warn" when every row
	// was checked and some have findings below fail-on, and "pass" only
	// when every row was checked and passed or is waived.
	Verdict Status `json:"verdict"`
	// Incomplete is set when any check could not run.
	Incomplete bool `json:"incomplete"`
	// NotChecked counts the rows that were neither checked nor waived.
	NotChecked int `json:"notChecked"`
	// ToCheck says what would check the rows that were not checked: each
	// distinct reason of the checks that did not run, with its rows.
	ToCheck   []ToCheck         `json:"toCheck"`
	FailOn    finding.Severity  `json:"failOn"`
	Scan      Scan              `json:"scan"`
	Scorecard []Row             `json:"scorecard"`
	Findings  []finding.Finding `json:"findings"`
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
	// Anchor is the fragment of that entry in docs/checks.md.
	Anchor string
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
	// Partial is set on a row that passed (or warned) while only some of
	// its sources ran: "spec and code only; no preview URL given". The
	// reporters show it with the status.
	Partial string `json:"partial,omitempty"`
	// Waived is the config's reason for waiving the row (waive: {id: reason}).
	Waived string `json:"waived,omitempty"`
	// Sources are the checks that feed the row: those that ran and those
	// that did not, with why.
	Sources Sources `json:"sources"`
}

// Sources lists a row's checks by whether they ran.
type Sources struct {
	Ran    []string `json:"ran"`
	NotRun []NotRun `json:"notRun"`
}

// NotRun is a check that fed a row but did not run to completion.
type NotRun struct {
	Check string `json:"check"`
	// Status is not-checked (an input was missing), not-applicable,
	// failed (it could not run) or error (it crashed).
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// ToCheck is one thing that would check rows that were not checked.
type ToCheck struct {
	// What is the reason the checks give, which says what to provide.
	What string        `json:"what"`
	Rows []finding.Row `json:"rows"`
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
