package deploy

import (
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// maxFileSize caps the workflows, Dockerfiles and migrations read.
const maxFileSize = 1 << 20

// codeFinding is what the workflow, Dockerfile and migration readers
// report: a finding of its rule.
type codeFinding = check.Hit

// findings makes the findings, in path and line order.
func findings(cs []codeFinding) []finding.Finding { return check.Findings(cs) }
