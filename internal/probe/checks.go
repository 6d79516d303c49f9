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
	// refusals: the check passes on answers that refuse (401, 403, 4xx
	// to bad input, no CORS headers), which a preview answering 404 to
	// every path also gives; see Session.nothingThere.
	refusals bool
}

func (p probeCheck) Meta() check.Meta {
	return check.Meta{ID: p.id, Title: p.title, Rows: p.rows, Modes: []check.Mode{check.ModeLive}, Rules: p.rules}
}

func (p probeCheck) Run(ctx context.Context, in *check.Input) check.Result {
	s, early := sessionFor(ctx, in)
	if early != nil {
		return *early
	}
	// Behind a protection page (every path 401 or 403), every answer is
	// the page's: only TLS, the CDN in front, and what the member token
	// reaches (authorization checks that itself) say anything.
	if s.protected != "" && p.id != "probe-https" && p.id != "probe-cdn" && p.id != "probe-authz" {
		return check.Result{Status: check.StatusNotChecked, Reason: s.protected}
	}
	res := p.run(ctx, s)
	// Only a pass is judged again: findings are evidence of their own.
	if p.refusals && (res.Status == check.StatusRan || res.Status == "") && len(res.Findings) == 0 {
		if why := s.nothingThere(ctx, p.id); why != "" {
			return check.Result{Status: check.StatusNotChecked, Reason: why, Notes: res.Notes, Headline: res.Headline, Suppressed: res.Suppressed}
		}
	}
	return res
}

// Checks returns the live checks, in the order reports list them.
func Checks() []check.Check {
	return []check.Check{httpsCheck, headersCheck, corsCheck, cookiesCheck, authnCheck, authzCheck,
		rateLimitCheck, inputCheck, clientCheck, cdnCheck, healthCheck, latencyCheck}
}

func rule(id, title string, sev finding.Severity, cwe string) check.Rule {
	return check.Rule{ID: id, Title: title, Severity: sev, CWE: cwe}
}
