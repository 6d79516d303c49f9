package deploy

import (
	"sort"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// maxFileSize caps the workflows, Dockerfiles and migrations read.
const maxFileSize = 1 << 20

// codeFinding is what the workflow, Dockerfile and migration readers
// report: a finding of its rule.
type codeFinding struct {
	rule        check.Rule
	facet, path string
	line        int
	msg, fix    string
	evidence    string // normalised, for the fingerprint
}

// findings makes the findings, in path and line order.
func findings(cs []codeFinding) []finding.Finding {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].path != cs[j].path {
			return cs[i].path < cs[j].path
		}
		return cs[i].line < cs[j].line
	})
	out := make([]finding.Finding, 0, len(cs))
	for _, c := range cs {
		f := c.rule.Finding(finding.Location{Path: c.path, StartLine: c.line}, c.msg, c.fix, c.evidence)
		f.Facet = c.facet
		out = append(out, f)
	}
	return out
}
