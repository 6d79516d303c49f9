package annotate

import (
	"fmt"
	"io"
	"strings"

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
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
	// Properties records what was cut when the result cap was hit.
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
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
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

func writeSARIF(w io.Writer, r *report.Report, o Options) error {
	rules := make([]sarifRule, 0, len(r.Rules))
	index := map[string]int{}
	for _, rule := range r.Rules {
		index[rule.ID] = len(rules)
		tags := []string{"security", "launchready"}
		if rule.CWE != "" {
			tags = append(tags, "external/cwe/"+strings.ToLower(rule.CWE), rule.CWE)
		}
		help := rule.Help
		if help == "" {
			help = rule.Title
		}
		rules = append(rules, sarifRule{
			ID:                   rule.ID,
			Name:                 ruleName(rule.ID),
			ShortDescription:     sarifText{Text: rule.Title},
			FullDescription:      sarifText{Text: rule.Title},
			Help:                 sarifText{Text: help, Markdown: help},
			HelpURI:              infoURI + "/blob/main/docs/checks.md",
			DefaultConfiguration: sarifConfig{Level: sarifLevel(rule.Severity)},
			Properties: map[string]any{
				"tags":              tags,
				"precision":         "high",
				"security-severity": securitySeverity(rule.Severity),
			},
		})
	}
	results := make([]sarifResult, 0, min(len(r.Findings), sarifMaxResults))
	for _, f := range r.Findings {
		if len(results) == sarifMaxResults {
			break
		}
		i, ok := index[f.RuleID]
		if !ok {
			// A rule the report does not describe: describe it minimally.
			i = len(rules)
			index[f.RuleID] = i
			rules = append(rules, sarifRule{
				ID: f.RuleID, Name: ruleName(f.RuleID),
				ShortDescription: sarifText{Text: f.Title}, FullDescription: sarifText{Text: f.Title},
				Help: sarifText{Text: f.Remediation, Markdown: f.Remediation}, HelpURI: infoURI + "/blob/main/docs/checks.md",
				DefaultConfiguration: sarifConfig{Level: sarifLevel(f.Severity)},
				Properties:           map[string]any{"tags": []string{"security", "launchready"}, "security-severity": securitySeverity(f.Severity)},
			})
		}
		results = append(results, sarifResult{
			RuleID:    f.RuleID,
			RuleIndex: i,
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: f.Message + " Fix: " + f.Remediation},
			Locations: []sarifLocation{sarifLocationOf(f, o.FallbackPath)},
			// GitHub computes primaryLocationLineHash only when its upload
			// action processes the file; the API takes it as given. Ours is
			// the line-free fingerprint, so alerts survive edits.
			PartialFingerprints: map[string]string{
				"primaryLocationLineHash": f.Fingerprint + ":1",
				"launchready/v1":          f.Fingerprint,
			},
			Properties: sarifProps(f),
		})
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: infoURI, Rules: rules,
		}},
		Results: results,
	}
	if n := len(r.Findings) - len(results); n > 0 {
		run.Properties = map[string]any{"truncated": fmt.Sprintf("%d more findings than SARIF's 25,000-result limit; see the JSON report", n)}
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifLocationOf locates a finding in a repository file. A live or DNS
// finding with no file of its own is placed at its spec operation when it
// has one (Location.Path), else at the config file.
func sarifLocationOf(f finding.Finding, fallback string) sarifLocation {
	path, line := f.Location.Path, f.Location.StartLine
	if path == "" {
		path, line = fallback, 1
		if path == "" {
			path = ".launchready.yml"
		}
	}
	if line < 1 {
		line = 1
	}
	end := f.Location.EndLine
	if end < line {
		end = 0
	}
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: strings.TrimPrefix(path, "./"), URIBaseID: "%SRCROOT%"},
		Region:           sarifRegion{StartLine: line, EndLine: end},
	}}
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
