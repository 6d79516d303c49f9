package annotate

import (
	"fmt"
	"io"
	"strings"

	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
)

type palette struct{ on bool }

func (p palette) wrap(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) status(s report.Status) string {
	word := statusWord(s)
	switch s {
	case report.StatusFail, report.StatusError:
		return p.wrap("1;31", word)
	case report.StatusWarn:
		return p.wrap("33", word)
	case report.StatusPass:
		return p.wrap("32", word)
	}
	return p.wrap("2", word)
}

func (p palette) severity(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical, finding.SeverityHigh:
		return p.wrap("31", s.String())
	case finding.SeverityMedium:
		return p.wrap("33", s.String())
	}
	return s.String()
}

func statusWord(s report.Status) string {
	switch s {
	case report.StatusPass:
		return "pass"
	case report.StatusWarn:
		return "warn"
	case report.StatusFail:
		return "FAIL"
	case report.StatusError:
		return "error"
	case report.StatusWaived:
		return "waived"
	case report.StatusIncomplete:
		return "incomplete"
	}
	return "not checked"
}

// pad pads s (which may hold colour codes) to width visible characters.
func pad(s, visible string, width int) string {
	if n := width - len([]rune(visible)); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// writeText writes the terminal report. Every repository-controlled string
// (paths, rule ids, messages, notes) goes through safeout.Inline: control
// characters, ESC sequences and bidi overrides are shown as escapes, never
// interpreted by the terminal.
func writeText(w io.Writer, r *report.Report, o Options) error {
	p := palette{o.Color}
	var b strings.Builder
	headline := textHeadline(r, p)
	b.WriteString(headline)
	scan := r.Scan.Mode + " scan"
	if r.Scan.Base != "" || r.Scan.Head != "" {
		scan += " of " + safeout.Inline(strings.TrimPrefix(r.Scan.Base+".."+r.Scan.Head, ".."))
	}
	if o.Repo != "" {
		scan += " in " + safeout.Inline(o.Repo)
	}
	b.WriteString(scan + "\n\n")

	const rowW, statW = 26, 12
	fmt.Fprintf(&b, "  %-*s %-*s %8s  %s\n", rowW, "ROW", statW, "STATUS", "FINDINGS", "NOTE")
	for _, row := range r.Scorecard {
		count := "-"
		if row.Status != report.StatusNotChecked && row.Status != report.StatusWaived || row.Findings > 0 {
			count = fmt.Sprint(row.Findings)
		}
		word := rowStatus(statusWord(row.Status), row)
		fmt.Fprintf(&b, "  %-*s %s %8s  %s\n", rowW, row.Title, pad(rowStatus(p.status(row.Status), row), word, statW), count, oneLine(safeout.Inline(row.Note), 110))
	}
	if len(r.ToCheck) > 0 {
		b.WriteString("\nNot checked, and what would check them:\n")
		for _, tc := range r.ToCheck {
			fmt.Fprintf(&b, "  %s: %s\n", rowTitles(r, tc.Rows), safeout.Inline(tc.What))
		}
	}
	var waived []string
	for _, row := range r.Scorecard {
		if row.Waived != "" {
			waived = append(waived, fmt.Sprintf("  %s: %s\n", row.Title, safeout.Inline(row.Waived)))
		}
	}
	if len(waived) > 0 {
		b.WriteString("\nWaived in the config:\n" + strings.Join(waived, ""))
	}

	byRow := map[finding.Row][]finding.Finding{}
	for _, f := range r.Findings {
		byRow[f.Row] = append(byRow[f.Row], f)
	}
	for _, row := range r.Scorecard {
		fs := byRow[row.ID]
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", p.wrap("1", row.Title), len(fs))
		for _, f := range fs {
			fmt.Fprintf(&b, "  %s  %s  %s\n", pad(p.severity(f.Severity), f.Severity.String(), 8), safeout.Inline(f.Location.String()), p.wrap("2", safeout.Inline(f.RuleID)))
			fmt.Fprintf(&b, "      %s\n", safeout.Inline(f.Message))
			if f.Occurrences > 1 {
				fmt.Fprintf(&b, "      seen in %d places (commits or lines)\n", f.Occurrences)
			}
			fmt.Fprintf(&b, "      fix: %s\n", safeout.Inline(f.Remediation))
			fmt.Fprintf(&b, "      fingerprint: %s", safeout.Inline(f.Fingerprint))
			if f.GitleaksFingerprint != "" {
				fmt.Fprintf(&b, "  (gitleaks: %s)", safeout.Inline(f.GitleaksFingerprint))
			}
			b.WriteString("\n")
		}
	}
	if r.Suppressed > 0 {
		fmt.Fprintf(&b, "\n%d finding(s) suppressed by allow comments or config ignores.\n", r.Suppressed)
	}
	if len(r.Errors) > 0 {
		b.WriteString("\n" + p.wrap("1;31", "Checks that could not run") + " (exit code 3 unless findings fail the run):\n")
		for _, e := range groupErrors(r.Errors) {
			fmt.Fprintf(&b, "  %s: %s\n", safeout.Inline(e.Check), safeout.Inline(e.Message))
		}
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\nWarnings:\n")
		for _, wmsg := range r.Warnings {
			fmt.Fprintf(&b, "  %s\n", safeout.Inline(wmsg))
		}
	}
	b.WriteString("\nManual checklist (no tool can verify these):\n")
	for _, m := range r.Manual {
		fmt.Fprintf(&b, "  [ ] %s\n", safeout.Inline(m.Text))
	}
	// The verdict again at the end, where a long report leaves the reader.
	b.WriteString("\n" + headline)
	// No line may read as a workflow command when the report is printed in
	// a GitHub Actions step (a message from a .gitleaks.toml description
	// could start with "::").
	_, err := io.WriteString(w, safeout.NeutraliseCommands(b.String()))
	return err
}

// oneLine keeps table notes on one line.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

// textHeadline is the verdict line, printed first and last.
func textHeadline(r *report.Report, p palette) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: launch readiness %s", r.Tool.Name, r.Tool.Version, p.status(r.Verdict))
	if r.Verdict == report.StatusIncomplete {
		b.WriteString(": " + verdictWords(r.Verdict))
	}
	if sum := verdictSummary(r); sum != "" && (r.Verdict != report.StatusFail || r.NotChecked > 0) {
		if r.Verdict == report.StatusIncomplete {
			b.WriteString(": " + sum)
		} else {
			b.WriteString(" (" + sum + ")")
		}
	}
	switch {
	case r.Incomplete && r.Verdict == report.StatusIncomplete && r.NotChecked > 0:
		b.WriteString("; some checks could not run")
	case r.Incomplete && r.Verdict != report.StatusIncomplete:
		b.WriteString(" (incomplete: some checks could not run)")
	}
	fmt.Fprintf(&b, "  [fail-on: %s]\n", r.FailOn)
	return b.String()
}
