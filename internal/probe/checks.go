package probe

import (
	"context"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// probeCheck is one live check: metadata plus a function of the session.
type probeCheck struct {
	id, title string
	rows      []finding.Row
	rules     []check.Rule
	run       func(ctx context.Context, s *Session) check.Result
}

func (p probeCheck) Meta() check.Meta {
	return check.Meta{ID: p.id, Title: p.title, Rows: p.rows, Modes: []check.Mode{check.ModeLive}, Rules: p.rules}
}

func (p probeCheck) Run(ctx context.Context, in *check.Input) check.Result {
	s, res := sessionFor(ctx, in)
	if res != nil {
		return *res
	}
	// Behind a protection page (every path 401 or 403), every answer is
	// the page's: only TLS, the CDN in front, and what the member token
	// reaches (authorization checks that itself) say anything.
	if s.protected != "" && p.id != "probe-https" && p.id != "probe-cdn" && p.id != "probe-authz" {
		return check.Result{Status: check.StatusNotChecked, Reason: s.protected}
	}
	return p.run(ctx, s)
}

// Checks returns the live checks, in the order reports list them.
func Checks() []check.Check {
	return []check.Check{httpsCheck, headersCheck, corsCheck, cookiesCheck, authnCheck, authzCheck,
		rateLimitCheck, inputCheck, clientCheck, cdnCheck, healthCheck, latencyCheck}
}

func rule(id, title string, sev finding.Severity, cwe string) check.Rule {
	return check.Rule{ID: id, Title: title, Severity: sev, CWE: cwe}
}
