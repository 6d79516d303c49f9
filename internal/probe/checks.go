package probe

import (
	"context"
	"slices"
	"sync"

	"github.com/launchready/launchready/internal/apispec"
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
	// after names checks this one follows (Meta.After); phase > 0 also
	// follows every probe check of a lower phase: the cookie probe (1)
	// judges what the others' answers set, and the latency probe (2)
	// times the core flows once the other probes are quiet.
	after []string
	phase int
	// optional: Meta.Optional (the check applies only to some apps).
	optional bool
}

func (p probeCheck) Meta() check.Meta {
	// A stack trace can be in any answer: every probe check reports the
	// ones in its own (Session.addTraces), under the one rule.
	rules := p.rules
	if !slices.ContainsFunc(rules, func(r check.Rule) bool { return r.ID == ruleStackTraceExposed.ID }) {
		rules = append(slices.Clip(rules), ruleStackTraceExposed)
	}
	after := append([]string(nil), p.after...)
	for _, o := range probeChecks() {
		if o.phase < p.phase && o.id != p.id {
			after = append(after, o.id)
		}
	}
	return check.Meta{ID: p.id, Title: p.title, Rows: p.rows, Modes: []check.Mode{check.ModeLive}, Rules: rules, After: after, Optional: p.optional}
}

// probeChecks are the live checks, in the order reports list them.
func probeChecks() []probeCheck {
	return []probeCheck{httpsCheck, headersCheck, corsCheck, cookiesCheck, authnCheck, authzCheck, tokensCheck,
		enumerationCheck, rateLimitCheck, inputCheck, clientCheck, exposureCheck, cdnCheck, healthCheck, latencyCheck}
}

// Run implements check.Check for a check run on its own, with a session of
// its own; a run's checks come from Run.Checks and share one.
func (p probeCheck) Run(ctx context.Context, in *check.Input) check.Result {
	return NewRun(nil).run(ctx, p, in)
}

// Run is one run's live probing: the checks it returns share one session
// (client, budgets, the home page, the spec's operations) per input, opened
// on first use and gone with the Run. There is no package-level run state.
type Run struct {
	specs    *apispec.Loader
	mu       sync.Mutex
	sessions map[*check.Input]*sessionEntry
}

// NewRun returns the probing of one run, taking the operations to try from
// the run's spec loader (shared with the spec check; nil: loaded afresh).
func NewRun(specs *apispec.Loader) *Run {
	return &Run{specs: specs, sessions: map[*check.Input]*sessionEntry{}}
}

// Checks returns the run's live checks, in the order reports list them.
func (r *Run) Checks() []check.Check {
	var out []check.Check
	for _, p := range probeChecks() {
		out = append(out, runCheck{p, r})
	}
	return out
}

// Checks returns the live checks of a new run.
func Checks() []check.Check { return NewRun(nil).Checks() }

// runCheck is a live check of one run.
type runCheck struct {
	probeCheck
	r *Run
}

// Run implements check.Check.
func (c runCheck) Run(ctx context.Context, in *check.Input) check.Result {
	return c.r.run(ctx, c.probeCheck, in)
}

func (r *Run) run(ctx context.Context, p probeCheck, in *check.Input) check.Result {
	s, early := r.session(ctx, in)
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
	s.addTraces(p.id, &res)
	// Only a pass is judged again: findings are evidence of their own.
	if p.refusals && (res.Status == check.StatusRan || res.Status == "") && len(res.Findings) == 0 {
		if why := s.nothingThere(ctx, p.id); why != "" {
			return check.Result{Status: check.StatusNotChecked, Reason: why, Notes: res.Notes, Headline: res.Headline, Suppressed: res.Suppressed}
		}
	}
	return res
}

// entry is in's session entry, made when create is set.
func (r *Run) entry(in *check.Input, create bool) *sessionEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.sessions[in]
	if e == nil && create {
		e = &sessionEntry{}
		r.sessions[in] = e
	}
	return e
}
