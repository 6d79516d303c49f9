package annotate

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/template"
	"unicode/utf8"

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
		if o.MaxBytes <= 0 || buf.Len() <= o.MaxBytes {
			return buf.Bytes(), nil
		}
		if limit == 0 {
			// Only the tables and lists are left and they are still too
			// big: cut hard, the body never exceeds the cap.
			return []byte(CapMarkdown(buf.String(), o.MaxBytes)), nil
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
		// A code span: the URL reads and copies as it is, but is no link.
		return MarkdownCode(strings.TrimSpace(loc.Method + " " + loc.URL))
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

// cutNote replaces what CapMarkdown cuts.
const cutNote = "\n_… cut to fit the size limit: the full report is in the JSON report and the SARIF results._\n"

// CapMarkdown returns a Markdown body of ours of at most limit bytes: when
// body is longer, it is cut at a line end, every <details> left open is
// closed, a note says so, and the launch checklist and footer (which hold
// the markers later runs read) are kept. The sticky marker is at the start
// and so always kept.
func CapMarkdown(body string, limit int) string {
	if limit <= 0 || len(body) <= limit {
		return body
	}
	tail := ""
	if i := strings.LastIndex(body, "\n### Launch checklist"); i >= 0 && len(body)-i <= limit/2 {
		tail = body[i:]
		body = body[:i]
	}
	room := limit - len(tail) - len(cutNote)
	closing := "\n</details>\n"
	for {
		head := body
		if room < len(head) {
			head = head[:max(room, 0)]
			if nl := strings.LastIndexByte(head, '\n'); nl >= 0 {
				head = head[:nl+1]
			} else {
				head = ""
			}
		}
		open := strings.Count(head, "<details>") - strings.Count(head, "</details>")
		out := head + strings.Repeat(closing, max(open, 0)) + cutNote + tail
		if len(out) <= limit || head == "" {
			if len(out) > limit { // only when limit is tiny
				out = out[:limit]
				for !utf8.ValidString(out) {
					out = out[:len(out)-1]
				}
			}
			return out
		}
		room -= len(out) - limit
	}
}

// mdCell makes a message safe inside a Markdown table cell (MarkdownProse
// is one line with every pipe escaped).
func mdCell(s string) string { return MarkdownProse(s) }

// The longest repository-controlled strings the Markdown escapers render,
// in characters: a field (a rule id, a title, a path, a value) and a
// message or remediation that quotes fields. Longer input is cut and ends
// in "…", so no repository string can push a comment past GitHub's size
// limit or bury the scorecard.
const (
	FieldMaxRunes = 300
	ProseMaxRunes = 1000
)

// truncRunes cuts s to at most n characters, the last one "…".
func truncRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	count := 0
	for i := range s {
		if count == n-1 {
			if utf8.RuneCountInString(s[i:]) <= 1 {
				return s
			}
			return s[:i] + "…"
		}
		count++
	}
	return s
}

// MarkdownProse is MarkdownText for messages and remediations, which quote
// commands and paths in backticks: each `quoted` part is rendered with
// MarkdownCode, the rest with MarkdownText, so the quotes still look like
// code and nothing in either part can act. It is cut to ProseMaxRunes.
func MarkdownProse(s string) string {
	s = truncRunes(s, ProseMaxRunes)
	parts := strings.Split(s, "`")
	if len(parts) < 3 {
		return mdText(s)
	}
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 1 && i < len(parts)-1:
			b.WriteString(mdCode(p))
		case i%2 == 1:
			b.WriteString(mdText("`" + p)) // an unpaired backtick
		default:
			b.WriteString(mdText(p))
		}
	}
	return b.String()
}

// MarkdownText escapes a repository-controlled string (a message, a rule
// title, a file name) for Markdown text, table cells included: one line,
// no HTML (& < > as entities, so no tag, entity or </details> can form), no
// emphasis, link, image, strike-through, math or table syntax (backslash
// escapes), no block syntax at its start, control characters and invalid
// UTF-8 shown as escapes, and nothing GitHub would turn into a link or a
// notification: a zero-width space after every @ (GitHub finds mentions in
// the rendered text, where an entity such as &#64; is an @ again), and one
// inside every autolink GitHub would make (scheme "://", "www.", "#123",
// "GH-123", a commit-SHA-like hex word), so a URL in a file name or a
// waiver reason shows as text, not as a live link. It is cut to
// FieldMaxRunes.
func MarkdownText(s string) string { return mdText(truncRunes(s, FieldMaxRunes)) }

// zwsp breaks mentions and autolinks without changing what a reader sees.
const zwsp = "\u200b"

func mdText(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
	s = safeout.Inline(s)
	brk := autolinkBreaks(s)
	var b strings.Builder
	start := true
	for i, r := range s {
		if brk[i] {
			b.WriteString(zwsp)
		}
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
			b.WriteString("@" + zwsp)
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

// autolinkBreaks marks the byte offsets of s before which a zero-width
// space stops GitHub from making a link or a reference: between ":" and
// "//" (any scheme, as cmark-gfm and GitHub link http, https, ftp and
// more), between "www" and ".", between "#" and a digit (#123,
// owner/repo#123), between "GH" and "-123", and inside a word of 7 to 40
// hex digits (a commit SHA). Email addresses are broken by the @ rule.
func autolinkBreaks(s string) map[int]bool {
	var brk map[int]bool
	mark := func(i int) {
		if brk == nil {
			brk = map[int]bool{}
		}
		brk[i] = true
	}
	digit := func(i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			mark(i + 1)
		case (c == 'w' || c == 'W') && len(s) >= i+4 && strings.EqualFold(s[i:i+4], "www."):
			mark(i + 3)
		case c == '#' && digit(i+1):
			mark(i + 1)
		case (c == 'g' || c == 'G') && len(s) >= i+3 && strings.EqualFold(s[i:i+3], "gh-") && digit(i+3):
			mark(i + 2)
		}
	}
	for i := 0; i < len(s); {
		if !isHex(s[i]) || i > 0 && isWordByte(s[i-1]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isHex(s[j]) {
			j++
		}
		if n := j - i; n >= 7 && n <= 40 && (j == len(s) || !isWordByte(s[j])) {
			mark(i + 1)
		}
		i = j
	}
	return brk
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
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
// plain string becomes a backtick code span (GitHub makes no links,
// mentions or references inside one); one with characters a code span
// would show raw or that Markdown would still act on (backticks, <, &, @,
// |, brackets, control characters, invalid UTF-8) becomes <code> around
// MarkdownText, which renders the same characters literally. Entities are
// never put inside a backtick span, where they would show as "&#64;". It
// is cut to FieldMaxRunes.
func MarkdownCode(s string) string { return mdCode(truncRunes(s, FieldMaxRunes)) }

func mdCode(s string) string {
	if s == "" {
		return ""
	}
	// An invalid byte decodes as utf8.RuneError, which is itself a valid
	// character: only a valid string can be plain.
	plain := s[0] != ' ' && s[len(s)-1] != ' ' && utf8.ValidString(s)
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
	return "<code>" + mdText(s) + "</code>"
}
func short(sha string) string { return finding.ShortSHA(sha) }
