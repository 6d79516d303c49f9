package redact

import (
	"testing"

	"github.com/launchready/launchready/internal/finding"
)

// TestScrubCoversRelated: a finding's related locations are repository
// text (spec paths and operations) like its message, and the on-data
// redaction masks secrets in them too.
func TestScrubCoversRelated(t *testing.T) {
	t.Parallel()
	var s Set
	s.Add("Kx9Qw2")
	f := &finding.Finding{Message: "m", Related: []finding.Related{{Path: "specs/Kx9Qw2.yaml", StartLine: 3, Method: "GET", Operation: "GET /keys/Kx9Qw2"}}}
	s.Scrub(f)
	if r := f.Related[0]; r.Path != "specs/****.yaml" || r.Operation != "GET /keys/****" {
		t.Errorf("related not scrubbed: %+v", r)
	}
}
