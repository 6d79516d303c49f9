package deploy

import (
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// maxFileSize caps the workflows, Dockerfiles and migrations read.
const maxFileSize = 1 << 20

// codeFinding is what the workflow, Dockerfile and migration readers
// report; finding() completes it from the rule table.
type codeFinding struct {
	rule, facet, path string
	line              int
	msg, fix          string
	evidence          string // normalised, for the fingerprint
}

// facetRows maps a facet's family to the scorecard row it counts against.
var facetRows = map[string]finding.Row{"deploy": finding.RowDeployment, "ci": finding.RowSecrets}

// findings completes the findings from the check's rule table, in path and
// line order.
func findings(meta check.Meta, cs []codeFinding) []finding.Finding {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].path != cs[j].path {
			return cs[i].path < cs[j].path
		}
		return cs[i].line < cs[j].line
	})
	out := make([]finding.Finding, 0, len(cs))
	for _, c := range cs {
		var r check.Rule
		for _, x := range meta.Rules {
			if x.ID == c.rule {
				r = x
			}
		}
		out = append(out, finding.Finding{
			RuleID: c.rule, Row: facetRows[strings.SplitN(c.facet, ".", 2)[0]], Severity: r.Severity, Title: r.Title, Facet: c.facet,
			Message:     c.msg,
			Remediation: c.fix,
			Location:    finding.Location{Path: c.path, StartLine: c.line},
			Fingerprint: finding.Fingerprint(c.rule, c.path, c.evidence),
			Evidence:    c.evidence,
		})
	}
	return out
}
