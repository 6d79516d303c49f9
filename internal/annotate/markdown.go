package annotate

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/template"

	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
)

// StickyMarker starts the scorecard Markdown. It is invisible when rendered
// and lets a later run find its own sticky comment.
const StickyMarker = "<!-- launchready:scorecard -->"

// GitHub's limit for a comment body is 65,536 characters; we stay below it
// with room for the marker and the trimming note.
// https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
const (
	CommentMaxBytes = 60000
	// SummaryMaxBytes is the job summary's limit (1 MiB per step).
	// https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#step-isolation-and-limits
	SummaryMaxBytes = 1 << 20
)

type mdRow struct {
	report.Row
	Index    int
	Findings []mdFinding
	Hidden   int // findings cut to fit the size cap
	New      int
}

type mdFinding struct {
	finding.Finding
	Where string
	New   bool
}

type mdData struct {
	R        *report.Report
	Rows     []mdRow
	Headline string
	ToCheck  string // what would check the rows not checked; waivers
	Scan     string
	NewCount int
	OldCount int
	PR       bool
	Extra    string
	Short    string // head commit, short
	InfoURI  string
	Trimmed  bool
	Errors   []report.Error // checks that could not run, grouped by reason
}

var mdTemplate = template.Must(template.New("md").Funcs(template.FuncMap{
	"cell":   mdCell,
	"code":   MarkdownCode,
	"status": statusBadge,
	"partial": func(row report.Row) string {
		if p := rowStatus("", row); p != "" {
			return mdCell(p)
		}
		return ""
	},
	"manual": ManualMarker,
	"sev":    severityBadge,
}).Parse(StickyMarker + `
## launchready: {{.Headline}}

{{.Scan}} · fail on **{{.R.FailOn}}** and above{{if .PR}} · **{{.NewCount}}** new in this pull request, {{.OldCount}} already there{{end}}
{{.ToCheck}}
| # | Check | Status | Findings | Note |
|---|---|---|---|---|
{{range .Rows}}| {{.Index}} | {{.Title}} | {{status .Status}}{{partial .Row}} | {{if or (and (ne .Status "not-checked") (ne .Status "waived")) .Row.Findings}}{{.Row.Findings}}{{else}}–{{end}} | {{cell .Note}} |
{{end}}
{{- range .Rows}}{{if .Row.Findings}}
<details><summary>{{status .Status}} <b>{{.Title}}</b>: {{.Row.Findings}} finding{{if ne .Row.Findings 1}}s{{end}}{{if $.PR}} ({{.New}} new){{end}}</summary>

| Severity | Where | Rule | What and how to fix |
|---|---|---|---|
{{range .Findings}}| {{sev .Severity}}{{if .New}} 🆕{{end}} | {{.Where}} | {{code .RuleID}} | {{cell .Message}}<br>**Fix:** {{cell .Remediation}} |
{{end}}{{if .Hidden}}
… and {{.Hidden}} more, cut to fit the comment: see the job summary or the SARIF results.
{{end}}
</details>
{{end}}{{end}}
{{- if .R.Errors}}
**Checks that could not run** (the scorecard shows them as not checked):
{{range .Errors}}- {{code .Check}}: {{cell .Message}}
{{end}}{{end}}
{{- if .R.Suppressed}}
{{.R.Suppressed}} finding(s) suppressed by allow comments, config ignores or allow-paths.
{{end}}
{{- if .R.Warnings}}
**Warnings:**
{{range .R.Warnings}}- {{cell .}}
{{end}}{{end}}
{{- if .Extra}}
{{.Extra}}
{{end}}
### Launch checklist: what no tool can verify
{{range .R.Manual}}- [ ] **{{.Text}}**: {{.Why}} ` + "{{manual .ID}}" + `
{{end}}{{if .Trimmed}}
_Details were trimmed to fit; the full report is in the job summary._
{{end}}
<sub>{{.R.Tool.Name}} {{.R.Tool.Version}}{{if .Short}} · commit {{.Short}}{{end}} · [what each check means]({{.InfoURI}}/blob/main/docs/checks.md)</sub>
`))

func writeMarkdown(w io.Writer, r *report.Report, o Options) error {
	b, err := Markdown(r, o)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Markdown renders the scorecard comment. When it exceeds o.MaxBytes, the
// per-row finding details are cut down, never the scorecard table.
func Markdown(r *report.Report, o Options) ([]byte, error) {
	limit := -1 // all findings
	for {
		var buf bytes.Buffer
		d := mdBuild(r, o, limit)
		if err := mdTemplate.Execute(&buf, d); err != nil {
			return nil, err
		}
		if o.MaxBytes <= 0 || buf.Len() <= o.MaxBytes || limit == 0 {
			return buf.Bytes(), nil
		}
		if limit < 0 {
			limit = len(r.Findings)
		}
		limit /= 2
	}
}

func mdBuild(r *report.Report, o Options, limit int) mdData {
	d := mdData{R: r, PR: o.New != nil, Extra: o.Extra, InfoURI: infoURI, Headline: headline(r), ToCheck: mdToCheck(r), Errors: groupErrors(r.Errors)}
	d.Scan = r.Scan.Mode + " scan"
	if r.Scan.Base != "" {
		d.Scan += fmt.Sprintf(" of `%s..%s`", short(r.Scan.Base), short(r.Scan.Head))
	}
	if o.Links != nil {
		d.Short = short(o.Links.SHA)
	}
	byRow := map[finding.Row][]finding.Finding{}
	for _, f := range r.Findings {
		byRow[f.Row] = append(byRow[f.Row], f)
		if o.New[f.Fingerprint] {
			d.NewCount++
		} else {
			d.OldCount++
		}
	}
	for i, row := range r.Scorecard {
		mr := mdRow{Row: row, Index: i + 1}
		for j, f := range byRow[row.ID] {
			isNew := o.New[f.Fingerprint]
			if isNew {
				mr.New++
			}
			if limit >= 0 && j >= limit {
				mr.Hidden++
				d.Trimmed = true
				continue
			}
			mr.Findings = append(mr.Findings, mdFinding{Finding: f, Where: where(f, o.Links), New: isNew})
		}
		d.Rows = append(d.Rows, mr)
	}
	return d
}

func headline(r *report.Report) string {
	var h string
	switch r.Verdict {
	case report.StatusFail:
		h = "❌ **" + verdictWords(r.Verdict) + "**"
	case report.StatusWarn:
		h = "⚠️ **" + verdictWords(r.Verdict) + "**"
	case report.StatusPass:
		h = "✅ **" + verdictWords(r.Verdict) + "**"
	case report.StatusError:
		h = "💥 **" + verdictWords(r.Verdict) + "**"
	default:
		h = "⚪ **" + verdictWords(r.Verdict) + "**"
	}
	if sum := verdictSummary(r); sum != "" && (r.Verdict != report.StatusFail || r.NotChecked > 0) {
		h += ": " + sum
	}
	if r.Incomplete {
		h += fmt.Sprintf(" (incomplete: %d check(s) could not run)", len(r.Errors))
	}
	return h
}

// mdToCheck lists what would check the rows that were not checked, and
// the waived rows, under the headline.
func mdToCheck(r *report.Report) string {
	var b strings.Builder
	if len(r.ToCheck) > 0 {
		b.WriteString("\n**Not checked, and what would check them:**\n")
		for _, tc := range r.ToCheck {
			fmt.Fprintf(&b, "- %s: %s\n", mdCell(rowTitles(r, tc.Rows)), mdCell(tc.What))
		}
	}
	first := true
	for _, row := range r.Scorecard {
		if row.Waived == "" {
			continue
		}
		if first {
			b.WriteString("\n**Waived in the config:**\n")
			first = false
		}
		fmt.Fprintf(&b, "- %s: %s\n", mdCell(row.Title), mdCell(row.Waived))
	}
	return b.String()
}

func statusBadge(s report.Status) string {
	switch s {
	case report.StatusPass:
		return "✅ pass"
	case report.StatusWarn:
		return "⚠️ warn"
	case report.StatusFail:
		return "❌ fail"
	case report.StatusError:
		return "💥 error"
	case report.StatusWaived:
		return "➖ waived"
	}
	return "⚪ not checked"
}

func severityBadge(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical:
		return "🔴 critical"
	case finding.SeverityHigh:
		return "🟠 high"
	case finding.SeverityMedium:
		return "🟡 medium"
	case finding.SeverityLow:
		return "🔵 low"
	}
	return "⚪ info"
}

// where renders a finding's location, linked to the file at the head commit
// when links are available.
func where(f finding.Finding, l *Links) string {
	loc := f.Location
	switch {
	case loc.Path != "":
		text := loc.Path
		if loc.StartLine > 0 {
			text += fmt.Sprintf(":%d", loc.StartLine)
		}
		out := MarkdownCode(text)
		if l != nil && l.Repo != "" && l.SHA != "" {
			u := fmt.Sprintf("%s/%s/blob/%s/%s", strings.TrimSuffix(l.ServerURL, "/"), l.Repo, l.SHA, escapePath(loc.Path))
			if loc.StartLine > 0 {
				u += fmt.Sprintf("#L%d", loc.StartLine)
			}
			out = "[" + out + "](" + u + ")"
		}
		if loc.Commit != "" && loc.Commit != shaOf(l) {
			out += " in " + short(loc.Commit)
		}
		return out
	case loc.URL != "":
		return MarkdownText(strings.TrimSpace(loc.Method + " " + loc.URL))
	}
	return MarkdownText(loc.String())
}

func shaOf(l *Links) string {
	if l == nil {
		return ""
	}
	return l.SHA
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		// PathEscape keeps @ and &; escaped, no mention or entity can
		// form even inside the link target.
		parts[i] = strings.NewReplacer("@", "%40", "&", "%26").Replace(url.PathEscape(s))
	}
	return strings.Join(parts, "/")
}

// ManualMarker is the hidden marker after a launch-checklist item: a later
// run finds the item by it (not by its position or wording) to keep a
// reviewer's tick.
func ManualMarker(id string) string { return "<!-- launchready:manual=" + id + " -->" }

// mdCell makes a message safe inside a Markdown table cell (MarkdownProse
// is one line with every pipe escaped).
func mdCell(s string) string { return MarkdownProse(s) }

// MarkdownProse is MarkdownText for messages and remediations, which quote
// commands and paths in backticks: each `quoted` part is rendered with
// MarkdownCode, the rest with MarkdownText, so the quotes still look like
// code and nothing in either part can act.
func MarkdownProse(s string) string {
	parts := strings.Split(s, "`")
	if len(parts) < 3 {
		return MarkdownText(s)
	}
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 1 && i < len(parts)-1:
			b.WriteString(MarkdownCode(p))
		case i%2 == 1:
			b.WriteString(MarkdownText("`" + p)) // an unpaired backtick
		default:
			b.WriteString(MarkdownText(p))
		}
	}
	return b.String()
}

// MarkdownText escapes a repository-controlled string (a message, a rule
// title, a file name) for Markdown text, table cells included: one line,
// no HTML (& < > as entities, so no tag, entity or </details> can form), no
// emphasis, link, image, strike-through, math or table syntax (backslash
// escapes), no block syntax at its start, control characters shown as
// escapes, and no @mention that would notify someone (a zero-width space
// after every @: GitHub finds mentions in the rendered text, where an entity
// such as &#64; is an @ again).
func MarkdownText(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
	s = safeout.Inline(s)
	var b strings.Builder
	start := true
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '@':
			b.WriteString("@\u200b")
		case '#', '+', '-', '=', '!':
			if start {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '.', ')':
			// "1." or "1)" at the start would begin an ordered list.
			if start || onlyDigitsBefore(s[:i]) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		if r != ' ' {
			start = false
		}
	}
	return b.String()
}

func onlyDigitsBefore(s string) bool {
	s = strings.TrimLeft(s, " ")
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// MarkdownCode renders a repository-controlled string as inline code. A
// plain string becomes a backtick code span; one with characters a code
// span would show raw or that Markdown would still act on (backticks, <, &,
// @, |, brackets, control characters) becomes <code> around MarkdownText,
// which renders the same characters literally. Entities are never put
// inside a backtick span, where they would show as "&#64;".
func MarkdownCode(s string) string {
	if s == "" {
		return ""
	}
	plain := s[0] != ' ' && s[len(s)-1] != ' '
	for _, r := range s {
		if !plain {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune(" ._/-:,+=%#!?'\"(){}^;", r):
		case r > 0x7f && !strings.ContainsRune(safeout.Inline(string(r)), '\\') && r != 0x200b && r != 0xfeff:
		default:
			plain = false
		}
	}
	if plain {
		return "`" + s + "`"
	}
	return "<code>" + MarkdownText(s) + "</code>"
}
func short(sha string) string { return finding.ShortSHA(sha) }
