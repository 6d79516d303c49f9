// Package ghaction is the GitHub Action's orchestration: it reads the
// action's inputs, turns the event into a scan, publishes the report to the
// pull request, and computes the step's outputs. cmd/action wires it.
package ghaction

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/launchready/launchready/internal/annotate/difffilter"
	"github.com/launchready/launchready/internal/annotate/ghreport"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/ghevent"
)

// Inputs are the action's inputs (action.yml), validated.
type Inputs struct {
	Token      string
	Config     string
	Spec       string
	PreviewURL string
	// PreviewURLTemplate makes the preview URL of a pull request from its
	// number, head SHA and slugged branch.
	PreviewURLTemplate string
	MemberToken        string
	AdminToken         string
	MailDomain         string
	DKIMSelectors      string
	// DNSServer is the resolver (host:port) for the mail checks, set by
	// the workflow: trusted, unlike the repository's email.resolver.
	DNSServer         string
	FailOn            *finding.Severity
	FilterMode        difffilter.Mode
	StickyComment     bool
	ReviewComments    bool
	Annotations       bool
	MaxReviewComments int
	SARIFFile         string
	Scan              string
	// RequireComplete makes an incomplete verdict exit 3.
	RequireComplete bool
}

// Tokens returns the secret inputs, to be masked before anything prints.
func (in Inputs) Tokens() []string {
	var out []string
	for _, t := range []string{in.Token, in.MemberToken, in.AdminToken} {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// ReadInputs reads and validates the inputs with get (INPUT_<NAME>).
// Defaults repeat action.yml's, for runs outside the runner.
func ReadInputs(get func(string) string) (Inputs, error) {
	in := Inputs{
		Token: get("github-token"), Config: get("config"), Spec: get("spec"), PreviewURL: get("preview-url"),
		MemberToken: get("member-token"), AdminToken: get("admin-token"), MailDomain: get("mail-domain"),
		DKIMSelectors: get("dkim-selectors"), DNSServer: get("dns-server"), SARIFFile: get("sarif-file"), Scan: get("scan"),
		PreviewURLTemplate: get("preview-url-template"),
	}
	if why := checkPreviewTemplate(in.PreviewURLTemplate); why != "" {
		return in, fmt.Errorf("input preview-url-template %q %s, such as https://pr-{number}.preview.example.com", in.PreviewURLTemplate, why)
	}
	var err error
	if s := get("fail-on"); s != "" {
		sev, perr := finding.ParseSeverity(s)
		if perr != nil {
			return in, fmt.Errorf("input fail-on: %v", perr)
		}
		in.FailOn = &sev
	}
	if in.FilterMode, err = difffilter.ParseMode(get("filter-mode")); err != nil {
		return in, fmt.Errorf("input %v", err)
	}
	switch c := get("comment"); c {
	case "", "sticky":
		in.StickyComment = true
	case "off":
	default:
		return in, fmt.Errorf("input comment %q is not one of sticky, off", c)
	}
	bools := []struct {
		name string
		dst  *bool
		def  bool
	}{{"review-comments", &in.ReviewComments, true}, {"annotations", &in.Annotations, true}, {"require-complete", &in.RequireComplete, false}}
	for _, b := range bools {
		if *b.dst, err = parseBool(b.name, get(b.name), b.def); err != nil {
			return in, err
		}
	}
	in.MaxReviewComments = ghreport.DefaultMaxReviewComments
	if s := get("max-review-comments"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 200 {
			return in, fmt.Errorf("input max-review-comments %q is not a number from 0 to 200", s)
		}
		in.MaxReviewComments = n
	}
	if in.SARIFFile == "" {
		in.SARIFFile = "launchready.sarif"
	}
	if filepath.IsAbs(in.SARIFFile) || strings.HasPrefix(filepath.Clean(in.SARIFFile), "..") {
		return in, fmt.Errorf("input sarif-file %q must be a path inside the workspace, such as launchready.sarif", in.SARIFFile)
	}
	switch in.Scan {
	case "":
		in.Scan = ghevent.ScanAuto
	case ghevent.ScanAuto, ghevent.ScanRange, ghevent.ScanFull:
	default:
		return in, fmt.Errorf("input scan %q is not one of auto, range, full", in.Scan)
	}
	return in, nil
}

func parseBool(name, v string, def bool) (bool, error) {
	switch strings.ToLower(v) {
	case "":
		return def, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("input %s must be true or false, got %q", name, v)
}

// Selectors splits the dkim-selectors input (commas or spaces).
func (in Inputs) Selectors() []string {
	return strings.FieldsFunc(in.DKIMSelectors, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })
}

// SpecFiles splits the spec input (commas, spaces or lines).
func (in Inputs) SpecFiles() []string {
	return strings.FieldsFunc(in.Spec, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })
}
