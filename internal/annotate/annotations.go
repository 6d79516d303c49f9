package annotate

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
)

// GitHub shows at most 10 error and 10 warning annotations per step (and
// about 50 per job); the rest are dropped silently, so we choose which ones
// are shown and say how many more there are.
// https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#setting-an-error-message
const maxAnnotationsPerLevel = 10

// crlf keeps CR and LF in annotation values: go-githubactions escapes them
// (%0D, %0A) and the runner restores them, so a message keeps its lines and
// a file property names the real file. Every other control character (ESC,
// bidi overrides) is shown as an escape.
func crlf(r rune) bool { return r == '\n' || r == '\r' }

// writeAnnotations writes workflow commands (::error file=...,line=...::msg).
// Values are escaped by go-githubactions: %, CR and LF in messages, and also
// : and , in properties, so no file name or message can start a command.
func writeAnnotations(w io.Writer, r *report.Report, o Options) error {
	fs := append([]finding.Finding(nil), r.Findings...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity > fs[j].Severity })
	shown := map[string]int{}
	more := 0
	emit := func(level string, props githubactions.CommandProperties, msg string) error {
		if shown[level] >= maxAnnotationsPerLevel {
			more++
			return nil
		}
		shown[level]++
		cmd := githubactions.Command{Name: level, Message: msg, Properties: props}
		_, err := fmt.Fprintln(w, cmd.String())
		return err
	}
	for _, e := range groupErrors(r.Errors) {
		title := "launchready: check " + safeout.Inline(e.Check) + " could not run"
		if strings.Contains(e.Check, ", ") {
			title = "launchready: checks " + safeout.Inline(e.Check) + " could not run"
		}
		if err := emit("error", githubactions.CommandProperties{"title": title}, safeout.InlineKeep(e.Message, crlf)); err != nil {
			return err
		}
	}
	for _, f := range fs {
		level := "warning"
		if f.Severity.Reaches(r.FailOn) {
			level = "error"
		}
		props := githubactions.CommandProperties{"title": safeout.InlineKeep(fmt.Sprintf("%s [%s · %s]", f.Title, f.RuleID, f.Severity), crlf)}
		if inRepoFile(f.Location) { // a commit or tag message is no file
			// CR and LF stay: go-githubactions escapes them (%0D, %0A) and the
			// runner restores them, so the annotation points at the real file.
			props["file"] = safeout.InlineKeep(f.Location.Path, crlf)
			if f.Location.StartLine > 0 {
				props["line"] = strconv.Itoa(f.Location.StartLine)
				if f.Location.EndLine > f.Location.StartLine {
					props["endLine"] = strconv.Itoa(f.Location.EndLine)
				}
			}
		}
		if err := emit(level, props, safeout.InlineKeep(f.Message+" Fix: "+f.Remediation, crlf)); err != nil {
			return err
		}
	}
	if more > 0 {
		cmd := githubactions.Command{Name: "notice", Properties: githubactions.CommandProperties{"title": "launchready"},
			Message: fmt.Sprintf("%d more finding(s) are not shown as annotations (GitHub shows 10 errors and 10 warnings per step): see the job summary, the pull-request comment or the SARIF results.", more)}
		if _, err := fmt.Fprintln(w, cmd.String()); err != nil {
			return err
		}
	}
	return nil
}
