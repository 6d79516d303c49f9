package annotate

import (
	"fmt"
	"io"
	"strings"

	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
)

// SARIF 2.1.0, only the parts GitHub code scanning reads. Requirements:
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
// (a run may hold at most 25,000 results; the file at most 10 MB gzipped).
const (
	sarifSchema     = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifMaxResults = 25000
	infoURI         = "https://github.com/launchready/launchready"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	// Properties records what was cut when the result cap was hit.
	Properties map[string]any `json:"properties,omitempty"`
}

// sarifInvocation says whether the run was complete: executionSuccessful
// is false, with a notification per check, when a check could not run, so
// a consumer does not take missing results for fixed problems.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string         `json:"level"`
	Message    sarifText      `json:"message"`
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	// ID numbers a related location (§3.28.2), unique within its result.
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
	EndLine   int `json:"endLine,omitempty"`
}

// sarifLevel maps severities onto SARIF levels.
func sarifLevel(s finding.Severity) string {
	switch {
	case s >= finding.SeverityHigh:
		return "error"
	case s == finding.SeverityMedium:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's numeric scale: 9.0+ critical, 7.0-8.9 high,
// 4.0-6.9 medium, 0.1-3.9 low.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical:
		return "9.5"
	case finding.SeverityHigh:
		return "8.0"
	case finding.SeverityMedium:
		return "5.5"
	case finding.SeverityLow:
		return "3.0"
	}
	return "1.0"
}

// sarifRuleID is the SARIF rule of a result. GitHub code scanning reads
// security-severity from the rule only, so results of one rule with
// different severities go to separate rules: the rule's own id for its
// configured severity, and "<id>/<severity>" for the others.
func sarifRuleID(id string, sev, ruleSev finding.Severity) string {
	if ruleSev == 0 || sev == ruleSev {
		return id
	}
	return id + "/" + sev.String()
}

func writeSARIF(w io.Writer, r *report.Report, o Options) error {
	meta := map[string]report.Rule{}
	for _, rule := range r.Rules {
		meta[rule.ID] = rule
	}
	var rules []sarifRule
	index := map[string]int{}
	ruleFor := func(f finding.Finding) int {
		m, known := meta[f.RuleID]
		id := sarifRuleID(f.RuleID, f.Severity, m.Severity)
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(rules)
		if !known {
			// A rule the report does not describe: describe it minimally.
			rules = append(rules, sarifRule{
				ID: id, Name: ruleName(id),
				ShortDescription: sarifPlain(f.Title), FullDescription: sarifPlain(f.Title),
				Help: sarifHelp(f.Remediation), HelpURI: infoURI + "/blob/main/docs/checks.md",
				DefaultConfiguration: sarifConfig{Level: sarifLevel(f.Severity)},
				Properties:           map[string]any{"tags": []string{"security", "launchready"}, "security-severity": securitySeverity(f.Severity)},
			})
			return index[id]
		}
		tags := []string{"security", "launchready"}
		if m.CWE != "" {
			tags = append(tags, "external/cwe/"+strings.ToLower(m.CWE), m.CWE)
		}
		// Help is docs/checks.md's section, our Markdown; without one it is
		// the title, which a .gitleaks.toml rule sets, escaped.
		help := sarifHelp(m.Title)
		if m.Help != "" {
			help = sarifText{Text: sarifPlain(m.Help).Text, Markdown: m.Help}
		}
		title := m.Title
		if id != f.RuleID {
			title += " (" + f.Severity.String() + ")"
		}
		rules = append(rules, sarifRule{
			ID:                   id,
			Name:                 ruleName(id),
			ShortDescription:     sarifPlain(title),
			FullDescription:      sarifPlain(title),
			Help:                 help,
			HelpURI:              docsURI(m.Anchor),
			DefaultConfiguration: sarifConfig{Level: sarifLevel(f.Severity)},
			Properties: map[string]any{
				"tags":              tags,
				"precision":         "high",
				"security-severity": securitySeverity(f.Severity),
			},
		})
		return index[id]
	}
	results := make([]sarifResult, 0, min(len(r.Findings), sarifMaxResults))
	// Live and DNS findings without a spec operation have no file: code
	// scanning needs one, and a made-up one (the config file, which may
	// not exist) would be wrong. They stay in the comment, the summary and
	// the JSON report.
	noFile := 0
	for _, f := range r.Findings {
		if len(results) == sarifMaxResults {
			break
		}
		if !inRepoFile(f.Location) {
			noFile++
			continue
		}
		i := ruleFor(f)
		props := sarifProps(f)
		props["security-severity"] = securitySeverity(f.Severity)
		if n := len(f.Related) - sarifMaxRelated; n > 0 {
			props["relatedOmitted"] = fmt.Sprintf("%d more related locations than SARIF's %d here; the JSON report lists every one", n, sarifMaxRelated)
		}
		results = append(results, sarifResult{
			RuleID:           rules[i].ID,
			RuleIndex:        i,
			Level:            sarifLevel(f.Severity),
			Message:          sarifPlain(f.Message + " Fix: " + f.Remediation),
			Locations:        []sarifLocation{sarifLocationOf(f)},
			RelatedLocations: sarifRelated(f.Related),
			// GitHub computes primaryLocationLineHash only when its upload
			// action processes the file; the API takes it as given. Ours is
			// the line-free fingerprint, so alerts survive edits.
			PartialFingerprints: map[string]string{
				"primaryLocationLineHash": f.Fingerprint + ":1",
				"launchready/v1":          f.Fingerprint,
			},
			Properties: props,
		})
	}
	if rules == nil {
		rules = []sarifRule{}
	}
	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0}
	for _, e := range groupErrors(r.Errors) {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:      "error",
			Message:    sarifPlain(e.Check + ": could not run, so this file lacks their results: " + e.Message),
			Properties: map[string]any{"checks": e.Check},
		})
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: infoURI, Rules: rules,
		}},
		Invocations: []sarifInvocation{inv},
		Results:     results,
	}
	props := map[string]any{}
	if n := len(r.Findings) - len(results) - noFile; n > 0 {
		props["truncated"] = fmt.Sprintf("%d more findings than SARIF's 25,000-result limit; see the JSON report", n)
	}
	if noFile > 0 {
		props["withoutFile"] = fmt.Sprintf("%d live, DNS, commit-message or tag-message finding(s) have no file in the repository and are not in SARIF; see the JSON report or the job summary", noFile)
	}
	waived := map[string]string{}
	for _, row := range r.Scorecard {
		if row.Waived != "" {
			waived[string(row.ID)] = row.Waived
		}
	}
	if len(waived) > 0 {
		props["waived"] = waived
	}
	if len(props) > 0 {
		run.Properties = props
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifPlain is a SARIF plain-text message (§3.11.6): there, "[text](uri)"
// is a link and "[text](1)" points at a related location, so literal
// brackets are written \[ and \]. No repository string can carry a link.
func sarifPlain(s string) sarifText {
	return sarifText{Text: strings.NewReplacer("[", `\[`, "]", `\]`).Replace(s)}
}

// sarifHelp is a rule's help from repository text: plain text as
// sarifPlain, and Markdown through the Markdown escaper (code scanning
// renders help.markdown).
func sarifHelp(s string) sarifText {
	t := sarifPlain(s)
	t.Markdown = MarkdownProse(s)
	return t
}

// inRepoFile reports whether a finding is in a file of the repository:
// live and DNS findings without a spec operation have no path, and
// commit and tag message findings have a path that names the message
// ("commit message", "tag v1.0 message"), not a file. The same test keeps
// them out of SARIF and (as files) out of annotations.
func inRepoFile(l finding.Location) bool {
	return l.Path != "" && !isMessagePath(l)
}

// isMessagePath reports whether a location is a commit or tag message.
func isMessagePath(l finding.Location) bool {
	if l.Commit == "" {
		return false
	}
	return l.Path == "commit message" || strings.HasPrefix(l.Path, "tag ") && strings.HasSuffix(l.Path, " message")
}

// sarifURI is a repository path as a relative URI reference (RFC 3986):
// every byte but the unreserved characters and "/" percent-encoded, so the
// URI decodes to exactly the file's name, whatever it holds (%, spaces,
// newlines, ESC, "?", "#", invalid UTF-8).
func sarifURI(p string) string {
	p = strings.TrimPrefix(p, "./")
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isLetter(c) || c >= '0' && c <= '9' || strings.IndexByte("-._~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// sarifLocationOf locates a finding in its repository file: its own, or,
// for a live finding, its spec operation's (Location.Path).
func sarifLocationOf(f finding.Finding) sarifLocation {
	line := max(f.Location.StartLine, 1)
	end := f.Location.EndLine
	if end < line {
		end = 0
	}
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: sarifURI(f.Location.Path), URIBaseID: "%SRCROOT%"},
		Region:           sarifRegion{StartLine: line, EndLine: end},
	}}
}

// sarifMaxRelated bounds one result's related locations, as the JSON
// report's (finding.RelatedOmitted counts the rest).
const sarifMaxRelated = finding.MaxRelated

// sarifRelated are a finding's related locations (every operation an
// aggregated finding covers), each with its operation as a plain-text
// message: repository text, escaped like every message.
func sarifRelated(rel []finding.Related) []sarifLocation {
	var out []sarifLocation
	for i, r := range rel {
		if i == sarifMaxRelated {
			break
		}
		if r.Path == "" {
			continue
		}
		id := len(out) + 1
		loc := sarifLocation{ID: &id, PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: sarifURI(r.Path), URIBaseID: "%SRCROOT%"},
			Region:           sarifRegion{StartLine: max(r.StartLine, 1)},
		}}
		if r.Operation != "" {
			// Spec text, quoted as the main message quotes it.
			m := sarifPlain(safeout.Shown(r.Operation))
			loc.Message = &m
		}
		out = append(out, loc)
	}
	return out
}

func sarifProps(f finding.Finding) map[string]any {
	p := map[string]any{"row": string(f.Row), "severity": f.Severity.String()}
	if f.Location.Commit != "" {
		p["commit"] = f.Location.Commit
	}
	if f.Location.URL != "" {
		p["url"] = f.Location.URL
		p["method"] = f.Location.Method
	}
	if f.Location.Domain != "" {
		p["domain"] = f.Location.Domain
		p["record"] = f.Location.Record
	}
	if f.GitleaksFingerprint != "" {
		p["gitleaksFingerprint"] = f.GitleaksFingerprint
	}
	if n := f.RelatedOmitted + max(len(f.Related)-sarifMaxRelated, 0); n > 0 {
		p["relatedOmitted"] = n
	}
	return p
}

// ruleName turns "secrets/github-pat" into "SecretsGithubPat", the
// identifier-like form SARIF viewers show.
func ruleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if r == '/' || r == '-' || r == '_' || r == '.' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

// docsURI links docs/checks.md, at the rule's section when it has one.
func docsURI(anchor string) string {
	u := infoURI + "/blob/main/docs/checks.md"
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}
