package annotate

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/template"

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
	"status": statusBadge,
	"partial": func(row report.Row) string {
		if p := rowStatus("", row); p != "" {
			return mdCell(p)
		}
		return ""
	},
	"sev": severityBadge,
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
{{range .Findings}}| {{sev .Severity}}{{if .New}} 🆕{{end}} | {{.Where}} | ` + "`{{.RuleID}}`" + ` | {{cell .Message}}<br>**Fix:** {{cell .Remediation}} |
{{end}}{{if .Hidden}}
… and {{.Hidden}} more, cut to fit the comment: see the job summary or the SARIF results.
{{end}}
</details>
{{end}}{{end}}
{{- if .R.Errors}}
**Checks that could not run** (the scorecard shows them as not checked):
{{range .Errors}}- ` + "`{{.Check}}`" + `: {{cell .Message}}
{{end}}{{end}}
{{- if .R.Warnings}}
**Warnings:**
{{range .R.Warnings}}- {{cell .}}
{{end}}{{end}}
{{- if .Extra}}
{{.Extra}}
{{end}}
### Launch checklist: what no tool can verify
{{range .R.Manual}}- [ ] **{{.Text}}**: {{.Why}}
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
		out := "`" + strings.ReplaceAll(mdCell(text), "`", "'") + "`"
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
		return mdCell(strings.TrimSpace(loc.Method + " " + loc.URL))
	}
	return mdCell(loc.String())
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
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// mdCell makes text safe inside a Markdown table cell: one line, no pipe,
// no HTML, and no @mention that would notify someone.
var cellReplacer = strings.NewReplacer(
	"\r\n", " ", "\n", " ", "\r", " ",
	"|", `\|`, "&", "&amp;", "<", "&lt;", ">", "&gt;", "@", "&#64;",
)

func mdCell(s string) string { return cellReplacer.Replace(s) }

func short(sha string) string { return finding.ShortSHA(sha) }
