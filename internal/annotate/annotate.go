// Package annotate turns a report into outputs: text for terminals, JSON,
// SARIF 2.1.0, Markdown (the sticky comment and the step summary) and
// GitHub workflow-command annotations. Reporters read only the report; they
// know nothing of the analyzers.
package annotate

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/launchready/launchready/internal/report"
)

// Options tune rendering.
type Options struct {
	// Color enables ANSI colour (text only).
	Color bool
	// Repo is shown in the header.
	Repo string
	// Links, when set, turns locations into links to the repository's
	// files at one commit (Markdown).
	Links *Links
	// New holds the fingerprints of findings new in this pull request;
	// nil when the run is not about a pull request (Markdown).
	New map[string]bool
	// Extra is Markdown appended before the footer, such as findings that
	// could not be posted as review comments.
	Extra string
	// MaxBytes caps Markdown output; details are trimmed, never the
	// scorecard table (0: no cap).
	MaxBytes int
}

// Links builds file URLs: ServerURL/Repo/blob/SHA/path#Lline.
type Links struct {
	ServerURL, Repo, SHA string
}

// Format is one output format.
type Format struct {
	Description string
	Write       func(w io.Writer, r *report.Report, o Options) error
}

// Formats is the one list of output formats; it drives --format validation,
// help text and construction.
var Formats = map[string]Format{
	"text":     {Description: "scorecard table and findings for a terminal", Write: writeText},
	"json":     {Description: "the stable JSON report (see README)", Write: writeJSON},
	"sarif":    {Description: "SARIF 2.1.0 for GitHub code scanning and other viewers", Write: writeSARIF},
	"markdown": {Description: "the pull-request scorecard comment, as Markdown", Write: writeMarkdown},
	"github":   {Description: "GitHub Actions annotations (workflow commands), 10 errors and 10 warnings at most", Write: writeAnnotations},
}

// Names lists the format names, sorted.
func Names() []string {
	return slices.Sorted(maps.Keys(Formats))
}

// Lookup returns a format or an error that lists the valid ones.
func Lookup(name string) (Format, error) {
	f, ok := Formats[name]
	if !ok {
		return Format{}, fmt.Errorf("unknown format %q; valid formats: %s", name, strings.Join(Names(), ", "))
	}
	return f, nil
}

// Help describes every format, one per line, for --help.
func Help() string {
	var b strings.Builder
	for _, n := range Names() {
		fmt.Fprintf(&b, "  %-8s %s\n", n, Formats[n].Description)
	}
	return b.String()
}

// groupErrors merges checks that could not run for the same reason (every
// probe, when the preview is down) into one entry naming them all.
func groupErrors(errs []report.Error) []report.Error {
	var out []report.Error
	at := map[string]int{}
	for _, e := range errs {
		if i, ok := at[e.Message]; ok {
			out[i].Check += ", " + e.Check
			continue
		}
		at[e.Message] = len(out)
		out = append(out, e)
	}
	return out
}
