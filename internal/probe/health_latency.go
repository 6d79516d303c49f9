package probe

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

var healthCheck = probeCheck{
	id: "probe-health", title: "A health endpoint that answers quickly",
	rows: []finding.Row{finding.RowLogging},
	rules: []check.Rule{
		ruleHealthEndpointMissing,
		ruleHealthSlow,
	},
	run: runHealth,
}

func runHealth(ctx context.Context, s *Session) check.Result {
	var paths []string
	if s.Cfg.Health != "" {
		if _, err := s.configPath("probe.health", s.Cfg.Health); err != nil {
			return check.Result{Status: check.StatusNotChecked, Reason: err.Error()}
		}
		paths = []string{s.Cfg.Health}
	} else {
		for _, o := range s.Ops {
			p := strings.ToLower(o.Path)
			if o.Method == "GET" && (strings.Contains(p, "health") || strings.HasSuffix(p, "/status") || strings.Contains(p, "livez") || strings.Contains(p, "readyz")) {
				paths = append(paths, o.Path)
			}
		}
		paths = append(paths, "/health", "/healthz", "/status", "/api/health")
	}
	res := check.Result{Status: check.StatusRan}
	tried := map[string]bool{}
	catchAll := 0
	// "No health endpoint" needs an answer from every path tried; a
	// health endpoint that answers 5xx is an answer (it is not healthy).
	cov := s.cover("health paths")
	for _, p := range paths {
		if tried[p] || len(tried) == 4 {
			continue
		}
		tried[p] = true
		cov.plan(1)
		// Same-origin redirects are followed: Django and FastAPI send
		// /health to /health/.
		r, err := s.Client.Do(ctx, Request{Check: "probe-health", Path: p, Cap: 64 << 10, Follow: true})
		if !cov.take(r, err, serverErrorsAnswer) {
			continue
		}
		if r.Status != 200 {
			continue
		}
		if s.notServed(ctx, r) || s.otherHTML() && htmlPage(r) {
			// The page every path answers (a single-page app's
			// index.html) is not a health endpoint, nor is any
			// HTML page when a random path gets one too.
			catchAll++
			continue
		}
		if r.Timing.Total > time.Second {
			res.Findings = append(res.Findings, s.liveFinding(ruleHealthSlow,
				fmt.Sprintf("GET %s took %s; load balancers and uptime monitors give up after about a second.", r.URL.Path, ms(r.Timing.Total)),
				"Keep the health check cheap: no heavy queries, short timeouts on dependencies.", "GET", r.URL, nil))
		} else {
			res.Notes = append(res.Notes, fmt.Sprintf("%s answers 200 in %s", p, ms(r.Timing.Total)))
		}
		return res
	}
	if !cov.complete() {
		return finish(res, cov)
	}
	u, _ := s.Client.Resolve("/health")
	res.Findings = append(res.Findings, s.liveFinding(ruleHealthEndpointMissing,
		fmt.Sprintf("None of %s answers 200%s: load balancers, deploys and uptime monitors cannot tell whether the API is up.", strings.Join(slices.Sorted(maps.Keys(tried)), ", "), catchAllNote(catchAll)),
		"Add GET /health answering 200 when the API can serve (and say where it is: probe.health).", "GET", u, nil))
	return res
}

var latencyCheck = probeCheck{
	id: "probe-latency", title: "p95 latency of the core flows",
	rows: []finding.Row{finding.RowLatency},
	rules: []check.Rule{
		ruleSlowCoreFlow,
		ruleCoreFlowError,
	},
	run: runLatency,
	// Last, alone: timed while other probes run, p95 is theirs too.
	phase: 2,
}

// P95 is the nearest-rank 95th percentile.
func P95(samples []time.Duration) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), samples...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := int(math.Ceil(0.95 * float64(len(s))))
	return s[max(rank, 1)-1]
}

func runLatency(ctx context.Context, s *Session) check.Result {
	flows := s.Cfg.CoreFlows
	if len(flows) == 0 {
		return check.Result{Status: check.StatusNotChecked, Reason: "no core flows to time: list them in probe.core-flows (such as /api/feed)"}
	}
	n := s.Cfg.LatencySamples
	if n <= 0 {
		n = 20
	}
	limit := time.Duration(s.Cfg.P95Ms) * time.Millisecond
	if limit <= 0 {
		limit = 500 * time.Millisecond
	}
	// Every flow is a path on the preview's origin, checked before any
	// request: the member token goes with them.
	for _, f := range flows {
		if _, err := s.configPath("probe.core-flows", f); err != nil {
			return check.Result{Status: check.StatusNotChecked, Reason: err.Error()}
		}
	}
	res := check.Result{Status: check.StatusRan}
	token := ""
	if s.In.Live.MemberToken != "" {
		token = "member"
	}
	// Every planned sample must be an answer; samples stop when the time
	// budget is near, and a flow cut short is not checked (coverage).
	cov := s.cover("timed samples")
	for fi, f := range flows {
		cov.plan(n)
		// Warm-up: connection, TLS, caches.
		warm, err := s.Client.Do(ctx, Request{Check: "probe-latency", Path: f, Token: token, Cap: 1 << 20})
		if err != nil {
			if fi == 0 && !errors.Is(err, ErrTimeBudget) && !errors.Is(err, ErrBudget) && down(err) {
				return unreachable(s, err)
			}
			if errors.Is(err, ErrTimeBudget) || errors.Is(err, ErrBudget) {
				cov.skip(n, err)
			} else {
				cov.drop(n, "not sent: the warm-up of "+f+" "+cov.why(warm, err, 0))
			}
			continue
		}
		if s.catchAll(ctx, warm) || s.otherHTML() && htmlPage(warm) {
			cov.drop(n, "not timed: "+f+" answers the same page as any other path (a catch-all), not the flow")
			continue
		}
		var totals []time.Duration
		var sum Timing
		bad := 0
		last := 0
		slowest := warm.Timing.Total
		for i := 0; i < n; i++ {
			// Bounded sampling: stop when another sample (as slow as
			// the slowest so far, twice over) would not fit the budget.
			if s.Client.Remaining() < 2*slowest {
				cov.skip(n-i, s.Client.timeUp())
				break
			}
			r, err := s.Client.Do(ctx, Request{Check: "probe-latency", Path: f, Token: token, Cap: 1 << 20})
			// Non-2xx answers are timed (and reported below); errors
			// are not samples.
			if !cov.take(r, err, serverErrorsAnswer) {
				// The flow stopped answering: the rest would wait
				// for the same timeouts.
				cov.drop(n-i-1, "not sent after a failed sample")
				break
			}
			slowest = max(slowest, r.Timing.Total)
			if r.Status < 200 || r.Status > 299 {
				bad++
				last = r.Status
			}
			totals = append(totals, r.Timing.Total)
			sum.DNS += r.Timing.DNS
			sum.Connect += r.Timing.Connect
			sum.TLS += r.Timing.TLS
			sum.TTFB += r.Timing.TTFB
		}
		if len(totals) == 0 {
			continue
		}
		u, _ := s.Client.Resolve(f)
		p95 := P95(totals)
		k := time.Duration(len(totals))
		breakdown := fmt.Sprintf("mean DNS %s, connect %s, TLS %s, TTFB %s", ms(sum.DNS/k), ms(sum.Connect/k), ms(sum.TLS/k), ms(sum.TTFB/k))
		if bad > 0 {
			res.Findings = append(res.Findings, s.liveFinding(ruleCoreFlowError,
				fmt.Sprintf("GET %s answered %d in %d of %d samples, so its latency says little.", u.Path, last, bad, len(totals)),
				"Give the probe a member token (--member-token) or list flows that answer 2xx.", "GET", u, nil))
		}
		if p95 >= limit {
			res.Findings = append(res.Findings, s.liveFinding(ruleSlowCoreFlow,
				fmt.Sprintf("GET %s has a p95 of %s over %d requests (limit %s; %s).", u.Path, ms(p95), len(totals), ms(limit), breakdown),
				"Profile the slow part (TTFB is the server; connect and TLS are the network or the CDN): add indexes, cache, paginate.", "GET", u, nil))
		} else {
			res.Notes = append(res.Notes, fmt.Sprintf("%s p95 %s over %d samples of %d planned (%s)", f, ms(p95), len(totals), n, breakdown))
		}
	}
	return finish(res, cov)
}

// ms formats a duration for people: "0.4 ms", "12 ms", "1.25 s".
func ms(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
}

func catchAllNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" with a health answer (%d answer(s) 200 with the page every path answers)", n)
}
