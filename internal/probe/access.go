package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
)

var authnCheck = probeCheck{
	id: "probe-authn", title: "Sensitive endpoints of the preview without credentials",
	rows:     []finding.Row{finding.RowAuthentication},
	refusals: true,
	rules: []check.Rule{
		ruleUnauthenticatedAccess,
	},
	run: runAuthn,
}

var authzCheck = probeCheck{
	id: "probe-authz", title: "Admin endpoints and other members' objects with a member token",
	rows:     []finding.Row{finding.RowAuthorization},
	refusals: true,
	rules: []check.Rule{
		ruleMemberReachesAdmin,
		ruleBola,
	},
	run: runAuthz,
}

// builtinSensitive are tried when there is no spec. Metrics, actuator,
// pprof and GraphQL introspection are the exposure check's, with or
// without a spec (exposure.go).
var builtinSensitive = []string{"/admin", "/api/admin", "/api/users", "/api/members", "/export", "/api/export",
	"/debug", "/api/v1/users"}

var builtinAdmin = []string{"/admin", "/api/admin", "/api/admin/users", "/api/admin/members", "/admin/users"}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// fill replaces path parameters with fixture ids (first of each), or
// harmless placeholders.
func (s *Session) fill(path string) string {
	return pathParam.ReplaceAllStringFunc(path, func(m string) string {
		name := m[1 : len(m)-1]
		// An id that would move the request to another path ("..",
		// "a/b", "%2e%2e") is never used; the config loader rejects it
		// too.
		for _, id := range s.Cfg.ObjectIDs[name] {
			if config.ObjectIDProblem(id.ID) == "" {
				return url.PathEscape(id.ID)
			}
		}
		return "1"
	})
}

// looksLikeData reports a 2xx response that returns data, rather than a
// single-page app's fallback page (the same HTML as /).
func (s *Session) looksLikeData(ctx context.Context, r *Response) bool {
	if r.Status < 200 || r.Status > 299 || len(bytes.TrimSpace(r.Body)) == 0 {
		return false
	}
	if strings.Contains(r.Header.Get("Content-Type"), "html") {
		if home, err := s.Home(ctx); err == nil && (bytes.Equal(home.Body, r.Body) || samePage(home, r)) {
			return false
		}
		// A redirect that ends on an HTML page is a login page (or
		// another page), not the endpoint's data.
		if len(r.Redirects) > 0 {
			return false
		}
	}
	return !s.catchAll(ctx, r)
}

// probeTarget is a path to probe and the spec operation it came from (nil for
// the built-in paths).
type probeTarget struct {
	path string
	op   *apispec.Op
	// discovered: found in the page's scripts, robots.txt or the sitemap
	// (discover.go), judged by its data too.
	discovered bool
}

// maxDiscoveredAuthn bounds the discovered paths tried without
// credentials.
const maxDiscoveredAuthn = 15

// maxDiscoveredInput bounds the discovered paths sent malformed query
// values.
const maxDiscoveredInput = 5

// discoveredTargets are the discovered paths that look sensitive, not
// already among have, at most maxDiscoveredAuthn.
func (s *Session) discoveredTargets(ctx context.Context, have []probeTarget) []probeTarget {
	var out []probeTarget
	for _, p := range s.discover(ctx).paths {
		pth, ok := s.discoveredPath(p)
		if !ok || !sensitiveDiscovered(pth) || len(out) >= maxDiscoveredAuthn {
			continue
		}
		if slices.ContainsFunc(have, func(t probeTarget) bool { return strings.TrimSuffix(t.path, "/") == pth }) {
			continue
		}
		out = append(out, probeTarget{path: pth, discovered: true})
	}
	return out
}

// targets are the spec's GET operations that keep accepts (public by design
// excluded), at most max of them; without a spec, the built-in paths.
func (s *Session) targets(keep func(*apispec.Op) bool, max int, builtin []string) []probeTarget {
	var out []probeTarget
	for _, o := range s.Ops {
		if o.Method == "GET" && !o.PublicDesign && keep(o) && len(out) < max {
			out = append(out, probeTarget{path: s.fill(o.Path), op: o})
		}
	}
	if len(s.Ops) == 0 {
		for _, p := range builtin {
			out = append(out, probeTarget{path: p})
		}
	}
	return out
}

func runAuthn(ctx context.Context, s *Session) check.Result {
	res := check.Result{Status: check.StatusRan}
	// The spec's own word counts: an operation that declares auth must
	// refuse a request without it, sensitive-looking or not.
	// An operation open by design (security: [], openapi.public, or
	// optionally authenticated: {} among its alternatives) is meant to
	// answer without credentials: never tried, never reported here (the
	// spec rules judge whether it should be public).
	// An operation the spec makes public or optional that it is also
	// privileged or returns personal data is tried: the spec rules
	// contest it, and an answer without credentials confirms them.
	open := 0
	targets := s.targets(func(o *apispec.Op) bool {
		if o.OpenByDesign() {
			open++
			return false
		}
		return o.Sensitive() || o.Auth == apispec.AuthDeclared
	}, 30, builtinSensitive)
	// And the sensitive-looking paths the page's scripts, robots.txt and
	// the sitemap name, that the spec lacks.
	targets = append(targets, s.discoveredTargets(ctx, targets)...)
	if len(targets) == 0 {
		return check.Result{Status: check.StatusNotChecked, Reason: "the spec has no GET operation that is sensitive or declares authentication (and is not public by design or optionally authenticated), so there is nothing to try without credentials"}
	}
	// Only an answer is evidence of protection: a 5xx, a timeout or an
	// unsent request is not (coverage).
	cov := s.cover("sensitive endpoints")
	cov.plan(len(targets))
	for _, t := range targets {
		// Same-origin redirects are followed (Django's APPEND_SLASH,
		// FastAPI and static directories redirect /x to /x/): the data
		// is at the end.
		r, err := s.Client.Do(ctx, Request{Check: "probe-authn", Path: t.path, Cap: 256 << 10, Follow: true})
		if !cov.take(r, err, 0) {
			continue
		}
		// A discovered path is no spec's word: an HTML page (a sign-in
		// form under robots.txt's /account) or an answer without any
		// value in it ({"user":{}}) is no data.
		if s.looksLikeData(ctx, r) && (!t.discovered || !htmlPage(r) && hasData(r.Body)) {
			res.Findings = append(res.Findings, s.liveFinding(ruleUnauthenticatedAccess,
				fmt.Sprintf("GET %s answered %d with %d bytes of data to a request without any credentials.", r.URL.Path, r.Status, len(r.Body)),
				"Require authentication on it (and check that the middleware covers every route, including this one).", "GET", r.URL, t.op))
		}
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d sensitive endpoints tried without credentials", cov.examined), s.discover(ctx).note())
	if open > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d GET operation(s) not tried without credentials: the spec makes them public (security: []) or optionally authenticated ({} among the alternatives), and they are neither privileged nor return personal data", open))
	}
	s.specNote(&res)
	return finish(res, cov)
}

func runAuthz(ctx context.Context, s *Session) check.Result {
	if s.In.Live.MemberToken == "" {
		return check.Result{Status: check.StatusNotChecked, Reason: "no member token: pass --member-token (or LAUNCHREADY_MEMBER_TOKEN, or the action's member-token input) for a test member account"}
	}
	// A refusal of the member token is evidence only when the token
	// works: a token rejected everywhere (expired, for another
	// deployment, stopped by a protection page) is refused by admin
	// endpoints too, and proves nothing about them.
	where, stop := s.memberEndpoint(ctx)
	if stop != nil {
		return *stop
	}
	res := check.Result{Status: check.StatusRan}
	res.Notes = append(res.Notes, "the member token is accepted by GET "+where)
	// Only what the member must be refused: the spec's roles, scopes or
	// tags, or clearly administrative path words when the spec has no
	// role model (a generic word such as report or settings is no
	// evidence that members are barred).
	notAdmin := 0
	adminTargets := s.targets(func(o *apispec.Op) bool {
		if len(o.Privileged) > 0 && !o.AdminOnly {
			notAdmin++
		}
		return o.AdminOnly
	}, 20, builtinAdmin)
	if notAdmin > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d GET operation(s) whose path words sound privileged not tried as admin functions: the spec's roles do not reserve them, or their words (report, settings, billing, export...) do not say admin", notAdmin))
	}
	// A refusal (401, 403, 404) is evidence; a 5xx or a timeout is not.
	admin := s.cover("admin endpoints")
	admin.plan(len(adminTargets))
	for _, t := range adminTargets {
		r, err := s.Client.Do(ctx, Request{Check: "probe-authz", Path: t.path, Token: "member", Cap: 256 << 10, Follow: true})
		if !admin.take(r, err, 0) {
			continue
		}
		if s.looksLikeData(ctx, r) {
			// Say what makes it an admin function: the spec's roles
			// when it declares them, else the words of its path.
			what := "an admin function"
			if t.op != nil && t.op.PrivilegeSignal != "" && t.op.PrivilegeSignal != apispec.SignalPath {
				what = "a function the spec reserves for other roles (" + strings.Join(t.op.Privileged[:min(len(t.op.Privileged), 3)], ", ") + ")"
			}
			res.Findings = append(res.Findings, s.liveFinding(ruleMemberReachesAdmin,
				fmt.Sprintf("GET %s answered %d with data to the member token: an ordinary member can use %s.", r.URL.Path, r.Status, what),
				"Check the caller's role on the server for every admin route (403 otherwise), not only in the UI.", "GET", r.URL, t.op))
		}
	}
	objects := s.cover("foreign objects")
	for _, o := range s.Ops {
		// An id in the path of an operation the spec makes public
		// (security: []) or optionally authenticated does not override
		// it: anyone may read that object.
		if o.Method != "GET" || o.Auth == apispec.AuthPublic || o.Auth == apispec.AuthOptional {
			continue
		}
		for _, m := range pathParam.FindAllStringSubmatch(o.Path, -1) {
			for _, id := range s.Cfg.ObjectIDs[m[1]] {
				if strings.EqualFold(id.Owner, "member") || config.ObjectIDProblem(id.ID) != "" {
					// An id such as ".." would move the request
					// to another path: never sent.
					continue
				}
				p := strings.Replace(s.fill(o.Path), url.PathEscape(s.Cfg.ObjectIDs[m[1]][0].ID), url.PathEscape(id.ID), 1)
				p = strings.Replace(p, "{"+m[1]+"}", url.PathEscape(id.ID), 1)
				objects.plan(1)
				r, err := s.Client.Do(ctx, Request{Check: "probe-authz", Path: p, Token: "member", Cap: 256 << 10, Follow: true})
				if !objects.take(r, err, 0) {
					continue
				}
				if s.looksLikeData(ctx, r) {
					res.Findings = append(res.Findings, s.liveFinding(ruleBola,
						fmt.Sprintf("GET %s with the member token answered %d with the object %s=%s, which belongs to %q: broken object-level authorization.", r.URL.Path, r.Status, m[1], id.ID, orDefault(id.Owner, "someone else")),
						"Check on the server that the caller owns (or may see) the object; answer 404 or 403 otherwise.", "GET", r.URL, o))
				}
			}
		}
	}
	// Ids in the query (GET /orders?account_id=...): someone else's id
	// must not return their data. Evidence is an answer with data that
	// names the id, since a server may ignore an unknown filter and
	// answer with the member's own records.
	for _, o := range s.Ops {
		if o.Method != "GET" || o.Auth == apispec.AuthPublic || o.Auth == apispec.AuthOptional {
			continue
		}
		for _, ref := range o.Objects {
			if ref.In != "query" {
				continue
			}
			for _, id := range s.Cfg.ObjectIDs[ref.Name] {
				if strings.EqualFold(id.Owner, "member") || config.ObjectIDProblem(id.ID) != "" {
					continue
				}
				p := s.fill(o.Path) + "?" + url.QueryEscape(ref.Name) + "=" + url.QueryEscape(id.ID)
				objects.plan(1)
				r, err := s.Client.Do(ctx, Request{Check: "probe-authz", Path: p, Token: "member", Cap: 256 << 10, Follow: true})
				if !objects.take(r, err, 0) {
					continue
				}
				if s.looksLikeData(ctx, r) && bytes.Contains(r.Body, []byte(id.ID)) {
					res.Findings = append(res.Findings, s.liveFinding(ruleBola,
						fmt.Sprintf("GET %s?%s=%s with the member token answered %d with data naming %s, which belongs to %q: broken object-level authorization.", r.URL.Path, ref.Name, id.ID, r.Status, id.ID, orDefault(id.Owner, "someone else")),
						"Check on the server that the caller owns (or may see) the object the query names; answer 404 or 403 otherwise, or filter by the caller's own account.", "GET", r.URL, o))
				}
			}
		}
	}
	if admin.planned+objects.planned == 0 {
		return check.Result{Status: check.StatusNotChecked, Reason: "nothing to try with the member token: the spec has no admin operation and probe.object-ids lists no object of someone else"}
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d admin endpoints and %d foreign objects tried with the member token", admin.examined, objects.examined))
	return finish(res, admin, objects)
}

// tokenAccepted finds an endpoint that accepts the member token: one that
// answers 2xx with it and not without it, or a spec operation that
// requires authentication answering 2xx with it (a core flow, a spec GET
// operation without path parameters, the member's own objects, or /). A
// public page answering 2xx to everyone is no proof the token works, and
// a 401 to the token means it is rejected. It returns the path, or the
// result to return (not checked).
func (s *Session) tokenAccepted(ctx context.Context) (string, *check.Result) {
	type cand struct {
		path string
		auth bool // the spec says the operation requires authentication
	}
	var cands []cand
	needsAuth := func(o *apispec.Op) bool { return o.Auth == apispec.AuthDeclared && !o.PublicDesign }
	for _, f := range s.Cfg.CoreFlows {
		if _, err := s.configPath("probe.core-flows", f); err == nil {
			auth := false
			for _, o := range s.Ops {
				auth = auth || o.Method == "GET" && o.Path == f && needsAuth(o)
			}
			cands = append(cands, cand{f, auth})
		}
	}
	for _, o := range s.Ops {
		if o.Method == "GET" && len(o.Privileged) == 0 && !strings.Contains(o.Path, "{") && len(cands) < 4 {
			cands = append(cands, cand{o.Path, needsAuth(o)})
		}
	}
	// The member's own objects (probe.object-ids owned by "member").
	for _, o := range s.Ops {
		ms := pathParam.FindAllStringSubmatch(o.Path, -1)
		if o.Method != "GET" || len(o.Privileged) > 0 || len(ms) == 0 {
			continue
		}
		own := true
		for _, m := range ms {
			ids := s.Cfg.ObjectIDs[m[1]]
			own = own && len(ids) > 0 && strings.EqualFold(ids[0].Owner, "member")
		}
		if own {
			cands = append(cands, cand{s.fill(o.Path), needsAuth(o)})
		}
	}
	cands = append(cands[:min(len(cands), 4)], cand{"/", false})
	var answers []string
	budget := func(err error) *check.Result {
		if errors.Is(err, ErrTimeBudget) || errors.Is(err, ErrBudget) {
			res := unreachable(s, err)
			return &res
		}
		return nil
	}
	for _, c := range cands {
		p := c.path
		r, err := s.Client.Do(ctx, Request{Check: "probe-authz", Path: p, Token: "member", Cap: 256 << 10, Follow: true})
		if err != nil {
			if stop := budget(err); stop != nil {
				return "", stop
			}
			answers = append(answers, p+" failed")
			continue
		}
		if r.Status < 200 || r.Status > 299 || s.catchAll(ctx, r) {
			answers = append(answers, fmt.Sprintf("%s answered %d", p, r.Status))
			continue
		}
		if c.auth {
			return p, nil
		}
		// The same request without the token: a page that answers
		// 2xx to everyone says nothing about the token.
		// (For /, the home page every check shares is that request.)
		var anon *Response
		if p == "/" {
			anon, err = s.Home(ctx)
		} else {
			anon, err = s.Client.Do(ctx, Request{Check: "probe-authz", Path: p, Cap: 256 << 10, Follow: true})
		}
		if err != nil {
			if stop := budget(err); stop != nil {
				return "", stop
			}
			answers = append(answers, p+" failed without the token")
			continue
		}
		if anon.Status < 200 || anon.Status > 299 {
			return p, nil
		}
		answers = append(answers, fmt.Sprintf("%s answered %d with and without the token", p, r.Status))
	}
	return "", &check.Result{Status: check.StatusNotChecked,
		Reason: fmt.Sprintf("the member token was not accepted by any endpoint (%s): refusals of it prove nothing, nor does a page that answers 2xx with and without it; give a valid token for a test member (--member-token), or list an endpoint only it can read in probe.core-flows", strings.Join(answers, ", "))}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

var rateLimitCheck = probeCheck{
	id: "probe-ratelimit", title: "Rate limiting of login and similar endpoints (a short burst)",
	rows: []finding.Row{finding.RowCDN},
	rules: []check.Rule{
		ruleNoRateLimit,
	},
	run: runRateLimit,
	// The two login POSTs of the enumeration probe go first: a limiter
	// that the burst trips would answer them 429.
	after: []string{"probe-enumeration"},
}

// MaxBurst bounds one endpoint's burst.
const MaxBurst = 30

// burstBody is the rate-limit probe's body for a recognised login-type
// endpoint: credentials of an account that does not exist, shaped so that
// common validators accept them (a limiter placed after validation must
// see the requests): a username of letters and an underscore, and an
// email at a domain validators accept — the test member's own domain when
// probe.member-username is an email (email-validator, used by Pydantic
// and FastAPI, refuses special-use domains such as .invalid and .test).
const burstBody = `{"email":"launchready-probe@example.com","username":"launchready_probe","password":"not-the-password-0"}`

// burstBodyFor is burstBody at the member's email domain, when known.
func burstBodyFor(memberUsername string) string {
	u := strings.TrimSpace(memberUsername)
	at := strings.LastIndexByte(u, '@')
	if at <= 0 || at == len(u)-1 {
		return burstBody
	}
	domain := u[at+1:]
	for _, c := range domain {
		if !(c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return burstBody
		}
	}
	return strings.Replace(burstBody, "@example.com", "@"+domain, 1)
}

func runRateLimit(ctx context.Context, s *Session) check.Result {
	type ep struct {
		method, path, body string
		op                 *apispec.Op
	}
	var eps []ep
	for _, e := range s.Cfg.RateLimitEndpoints {
		m := strings.ToUpper(orDefault(e.Method, "POST"))
		u, err := s.configPath("probe.rate-limit-endpoints", e.Path)
		if err != nil {
			return check.Result{Status: check.StatusNotChecked, Reason: err.Error()}
		}
		// Judged on the path the requests go to, resolved and cleaned,
		// never on the text as written.
		sent := path.Clean(u.Path)
		switch {
		case m != "POST" && m != "GET":
			return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("probe.rate-limit-endpoints: %s %s is not sent: a burst is GET or POST, and probes never send PUT, PATCH or DELETE", m, e.Path)}
		case m == "POST" && len(e.Body) > MaxPostBody:
			return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("probe.rate-limit-endpoints: the body for POST %s has %d bytes; probes send at most %d (a small body with invalid credentials)", e.Path, len(e.Body), MaxPostBody)}
		case m == "POST" && config.BodyMethodOverride([]byte(e.Body)) != "":
			return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("probe.rate-limit-endpoints: POST %s is not sent: its body has the key %q, which many frameworks read as a method override; leave it out", e.Path, config.BodyMethodOverride([]byte(e.Body)))}
		case m == "GET" && e.Body != "":
			return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("probe.rate-limit-endpoints: GET %s has a body; a GET burst carries none", e.Path)}
		case m == "POST" && (!loginWords(sent) || sent != u.Path && sent+"/" != u.Path):
			// The config comes with the pull request: a burst of 30
			// POSTs to a create endpoint would write 30 rows.
			return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("probe.rate-limit-endpoints: POST %s is not sent: a POST burst goes only to a login, password reset, OTP, token or session endpoint (a path with a segment named login, signin, authenticate, forgot-password, password-reset, otp, 2fa, verify, token or session, and not signup or invites, nor users, accounts or members unless it is their login, such as /users/v1/login)", e.Path)}
		}
		eps = append(eps, ep{m, e.Path, e.Body, nil})
	}
	if len(eps) == 0 && s.Cfg.AllowPost {
		// Only public login, password reset and OTP operations: a burst
		// of invalid credentials changes nothing there.
		for _, o := range s.Ops {
			if !isLoginType(o) || len(eps) >= 2 {
				continue
			}
			// The login-type test runs on the path that is sent,
			// filled and resolved, never on the spec's text alone.
			p := s.fill(o.Path)
			u, err := s.Client.Resolve(p)
			if err != nil || config.ProbePathProblem(p) != "" || !loginWords(u.Path) {
				continue
			}
			eps = append(eps, ep{"POST", p, burstBodyFor(s.Cfg.MemberUsername), o})
		}
	}
	if len(eps) == 0 {
		return check.Result{Status: check.StatusNotChecked, Reason: "no endpoint to burst: list login, reset or invite endpoints in probe.rate-limit-endpoints (with allow-post for POST ones)"}
	}
	res := check.Result{Status: check.StatusRan}
	// A burst is examined when it saw a 429 or ran its full length with
	// answers; one cut short proves neither.
	bursts := s.cover("bursts")
	bursts.plan(min(len(eps), 3))
	var absent []string
	for _, e := range eps[:min(len(eps), 3)] {
		if e.method != "GET" && !s.Cfg.AllowPost {
			return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("%s %s needs probe.allow-post: true (probes send only GET, HEAD and OPTIONS otherwise)", e.method, e.path)}
		}
		u, err := s.Client.Resolve(e.path)
		if err != nil {
			return check.Result{Status: check.StatusNotChecked, Reason: err.Error()}
		}
		if e.method == "POST" {
			s.Client.allowBurst(u.Path)
		}
		var last *Response
		limited, sent := 0, 0
		// The rate-limit headers of the answers before any 429: the
		// first and the last (see limiterEvidence).
		var firstRL, lastRL Limiter
		seenRL := false
		// A burst cut short (an error, a 5xx) proves nothing either way.
		var cutR *Response
		var cut error
		for i := 1; i <= MaxBurst; i++ {
			var body []byte
			if e.method != "GET" {
				body = []byte(e.body)
			}
			r, err := s.Client.Do(ctx, Request{Check: "probe-ratelimit", Method: e.method, Path: e.path, Body: body, Cap: 16 << 10})
			if r != nil || err == nil || !errors.Is(err, ErrBudget) && !errors.Is(err, ErrTimeBudget) && !errors.Is(err, ErrMethod) && !errors.Is(err, ErrBody) {
				sent = i // it went out (a timeout too)
			}
			if err != nil || serverError(r) {
				cutR, cut = r, err
				if cut == nil {
					cut = fmt.Errorf("answered %d", r.Status)
				}
				break
			}
			last = r
			if r.Status == http.StatusTooManyRequests {
				limited = i
				break
			}
			if l, ok := ParseLimiter(r.Header); ok {
				if !seenRL {
					firstRL, seenRL = l, true
				}
				lastRL = l
			}
		}
		evidence, limiter := limiterEvidence(firstRL, lastRL, sent)
		if cut != nil {
			if limiter && limited == 0 {
				// The headers before the cut are evidence of a
				// limiter on their own.
				bursts.examined++
				res.Notes = append(res.Notes, fmt.Sprintf("%s %s: %s (the burst stopped after %d requests: %v)", e.method, u.Path, evidence, sent, cut))
				continue
			}
			if cutR != nil && serverError(cutR) {
				cut = nil
			}
			bursts.take(cutR, cut, 0)
			continue
		}
		// A 429 is evidence of a limit only once the burst started: on
		// the very first request, or when the preview answers 429 to
		// any path, the probe itself is being rate-limited.
		if limited == 1 || limited > 0 && s.other != nil && s.other.Status == http.StatusTooManyRequests {
			bursts.take(last, nil, 0)
			if limited == 1 {
				res.Notes = append(res.Notes, fmt.Sprintf("%s %s answered 429 to the first request, before any burst", e.method, u.Path))
			} else {
				res.Notes = append(res.Notes, fmt.Sprintf("%s %s answered 429, as does every path of the preview", e.method, u.Path))
			}
			continue
		}
		bursts.examined++
		if limited > 0 {
			note := fmt.Sprintf("%s %s: 429 after %d requests", e.method, e.path, limited)
			if v := last.Header.Get("Retry-After"); v != "" {
				note += fmt.Sprintf(", Retry-After: %s", clip(v, 40))
			}
			if l, ok := ParseLimiter(last.Header); ok {
				note += ", " + strings.Join(l.Headers, ", ")
			}
			if evidence != "" {
				note += "; before it, " + evidence
			}
			res.Notes = append(res.Notes, note)
			continue
		}
		if limiter {
			// No 429 within the burst, but the answers say a limiter
			// counts them: its limit is above the burst.
			res.Notes = append(res.Notes, fmt.Sprintf("%s %s: no 429 in %d requests, but %s", e.method, u.Path, sent, evidence))
			continue
		}
		if why := s.burstNotThere(e.method, u.Path, last, sent); why != "" {
			bursts.examined--
			bursts.planned--
			absent = append(absent, why)
			continue
		}
		msg := fmt.Sprintf("%s %s accepted %d requests with invalid credentials in a row without a 429: passwords and codes can be guessed at full speed.", e.method, u.Path, sent)
		if evidence != "" {
			msg += " Also, " + evidence + "."
		}
		res.Findings = append(res.Findings, s.liveFinding(ruleNoRateLimit, msg,
			"Rate-limit it per account and per IP (express-rate-limit, a CDN rule) and answer 429 with Retry-After.", e.method, u, e.op))
	}
	return finishBursts(res, bursts, absent)
}

var inputCheck = probeCheck{
	id: "probe-input", title: "Malformed input to the preview: 4xx, not 5xx, and no stack traces",
	rows:     []finding.Row{finding.RowInputValidation},
	refusals: true,
	rules: []check.Rule{
		ruleServerErrorOnBadInput,
		ruleInvalidBodyAccepted,
		ruleStackTraceExposed,
	},
	run: runInput,
}

func runInput(ctx context.Context, s *Session) check.Result {
	res := check.Result{Status: check.StatusRan}
	type probe struct {
		method, path string
		kind         string // what is malformed, for the message
		body         []byte
		op           *apispec.Op
		token        string
	}
	// The quote payload carries no NUL: Python's sqlite3 refuses a query
	// holding one before parsing it ("the query contains a null
	// character"), which would hide an injectable query.
	bad := url.QueryEscape(`'"<>%{{0}}`)
	badPath := url.PathEscape(`1'"<>{{0}}`)
	// Malformed input behind authentication is the usual case: send the
	// member token when there is one, so the request reaches the handler;
	// an operation reserved for admins gets the admin token, or is
	// skipped without one (the member would be refused before
	// validation).
	member := ""
	if s.In.Live.MemberToken != "" {
		member = "member"
	}
	var probes []probe
	postsSkipped, writesSkipped, privSkipped := 0, 0, 0
	for _, o := range s.Ops {
		if len(probes) >= 15 {
			break
		}
		token := member
		if o.AdminOnly && member != "" && (o.Method == "GET" || o.Method == "POST") {
			if s.In.Live.AdminToken == "" {
				privSkipped++
				continue
			}
			token = "admin"
		}
		if o.Method == "GET" {
			// Malformed values in every query parameter, and in the
			// path parameters when there are no query parameters.
			var parts []string
			for _, p := range o.Params {
				if p.Value != nil && p.Value.In == "query" {
					parts = append(parts, url.QueryEscape(p.Value.Name)+"="+bad)
				}
			}
			sort.Strings(parts)
			switch {
			case len(parts) > 0:
				probes = append(probes, probe{"GET", s.fill(o.Path) + "?" + strings.Join(parts, "&"), "malformed query values", nil, o, token})
			case pathParam.MatchString(o.Path):
				probes = append(probes, probe{"GET", pathParam.ReplaceAllString(o.Path, badPath), "a malformed path parameter", nil, o, token})
			}
		} else if o.Method == "POST" && !o.PublicDesign && !credentialNamed(o) {
			if !s.Cfg.AllowPost {
				postsSkipped++
				continue
			}
			// Only bodies the operation's own schema rejects, each
			// at most MaxPostBody: malformed JSON, then wrong types
			// and missing required fields when the spec describes
			// the body. A valid body could create or change data.
			path := s.fill(o.Path)
			for _, b := range InvalidBodies(o.Request) {
				probes = append(probes, probe{o.Method, path, b.Kind, b.Body, o, token})
			}
		} else if o.Method != "POST" && o.Method != "GET" && o.Method != "HEAD" && o.Method != "OPTIONS" {
			// PUT, PATCH and DELETE are never sent, in any mode.
			writesSkipped++
		}
	}
	// The discovered paths used with query parameters ("/rest/products/search?q="),
	// at most maxDiscoveredInput: malformed values in each.
	nd := 0
	for _, d := range s.discover(ctx).paths {
		pth, ok := s.discoveredPath(d)
		if !ok || len(d.Query) == 0 || nd >= maxDiscoveredInput {
			continue
		}
		var parts []string
		for _, q := range d.Query {
			parts = append(parts, url.QueryEscape(q)+"="+bad)
		}
		probes = append(probes, probe{"GET", pth + "?" + strings.Join(parts, "&"), "malformed query values", nil, nil, member})
		nd++
	}
	if len(probes) == 0 {
		probes = append(probes, probe{"GET", "/?id=" + bad + "&page=-1", "malformed query values", nil, nil, member},
			probe{"GET", "/?id=" + url.QueryEscape("1\x00"), "a NUL in a query value", nil, nil, member})
	}
	// One finding per operation and rule, naming every input that broke it.
	type hit struct {
		method string
		u      *url.URL
		op     *apispec.Op
		kinds  []string
		status int
		trace  string
		kind   string
	}
	var errs, leaks []*hit
	find := func(list *[]*hit, p probe, u *url.URL) *hit {
		for _, h := range *list {
			if h.method == p.method && h.u.Path == u.Path {
				return h
			}
		}
		h := &hit{method: p.method, u: u, op: p.op}
		*list = append(*list, h)
		return h
	}
	// A 5xx is this check's evidence; a timeout or an unsent probe is not.
	sent := s.cover("malformed requests")
	sent.plan(len(probes))
	// A 2xx to a body the schema rejects may have stored it: a finding,
	// and no further body is sent to that operation.
	var accepted []*hit
	stopped := map[*apispec.Op]bool{}
	for _, p := range probes {
		if p.body != nil && stopped[p.op] {
			sent.plan(-1)
			continue
		}
		r, err := s.Client.Do(ctx, Request{Check: "probe-input", Method: p.method, Path: p.path, Body: p.body, Token: p.token, Cap: 256 << 10})
		if !sent.take(r, err, serverErrorsAnswer|refusalNoAnswer) {
			continue
		}
		if p.body != nil && r.Status >= 200 && r.Status < 300 {
			stopped[p.op] = true
			h := find(&accepted, p, r.URL)
			h.kinds = append(h.kinds, p.kind)
			h.status = r.Status
		}
		if r.Status >= 500 {
			h := find(&errs, p, r.URL)
			h.kinds = append(h.kinds, p.kind)
			h.status = r.Status
		}
		// The run's one detector (stacktrace.go), status- and
		// docs-aware, quoted after the secret detector read it.
		if th, ok := traceOf(r); ok {
			if h := find(&leaks, p, r.URL); h.trace == "" {
				h.trace, h.kind = s.safeExcerpt(th), th.kind
			}
		}
	}
	for _, h := range accepted {
		res.Findings = append(res.Findings, s.liveFinding(ruleInvalidBodyAccepted,
			fmt.Sprintf("%s %s answered %d to %s, a body its schema rejects: it accepted a body its schema rejects, so it may have stored data (no further body was sent to it).", h.method, h.u.Path, h.status, strings.Join(h.kinds, " and to ")),
			"Validate the body strictly against the schema before using it (no type coercion: pydantic strict types or model_config strict, DRF serializers with strict fields, a JSON Schema validator) and answer 400; check the records this probe may have created.", h.method, h.u, h.op))
	}
	for _, h := range errs {
		res.Findings = append(res.Findings, s.liveFinding(ruleServerErrorOnBadInput,
			fmt.Sprintf("%s %s answered %d to %s: the input is not validated before use, and errors like this are how injection and denial of service start.", h.method, h.u.Path, h.status, strings.Join(h.kinds, " and to ")),
			"Validate input at the edge (a schema validator) and answer 400 with a short message.", h.method, h.u, h.op))
	}
	for _, h := range leaks {
		res.Findings = append(res.Findings, s.liveFinding(ruleStackTraceExposed,
			fmt.Sprintf("%s %s answered with a %s (%q): it reveals code paths, versions and queries.", h.method, h.u.Path, h.kind, h.trace),
			traceFix, h.method, h.u, h.op))
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d malformed requests (%d on discovered paths)", sent.examined, nd))
	s.specNote(&res)
	if postsSkipped > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d POST operation(s) not tried: probe.allow-post is off", postsSkipped))
	}
	if writesSkipped > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d PUT, PATCH or DELETE operation(s) not tried: probes never send those methods", writesSkipped))
	}
	if privSkipped > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d operation(s) the spec reserves for admins not tried: the member token would be refused before validation; pass --admin-token to try them", privSkipped))
	}
	return finish(res, sent)
}

// A BadBody is a request body the operation's schema rejects.
type BadBody struct {
	Kind string // for the message: "malformed JSON"
	Body []byte
}

// InvalidBodies builds the POST bodies the input probe may send for a
// request schema, each one rejected by the schema and at most MaxPostBody:
//   - malformed JSON, always;
//   - every typed property with a value no lenient framework coerces
//     into its type (pydantic v1, DRF serializers, Rails and Spring turn
//     12345 into "12345", "123" into 123, 1 or "true" into true, a list
//     of pairs into a dict): an object for a string, integer, number or
//     boolean, an object for an array, a number for an object with
//     declared properties; never a bare scalar where a scalar is
//     expected. A free-form object, an untyped property or one whose
//     type allows both candidates is left out, and so are properties
//     past the size cap;
//   - an empty object, when the schema requires fields.
//
// Never a valid body, never an oversized one: a probe must not create or
// change data.
func InvalidBodies(schema *openapi3.Schema) []BadBody {
	out := []BadBody{{"malformed JSON", []byte(`{"launchready":`)}}
	if schema == nil {
		return out
	}
	if b := wrongTypes(schema); b != nil {
		out = append(out, BadBody{"fields of the wrong type", b})
	}
	// A readOnly property's "required" applies to responses only (OAS
	// 3.0), and servers ignore readOnly fields in a request: {} for a
	// schema whose only required field is readOnly is a valid body.
	if len(writableRequired(schema)) > 0 && (schema.Type == nil || schema.Type.Includes("object") || len(schema.Type.Slice()) == 0) {
		out = append(out, BadBody{"missing required fields", []byte(`{}`)})
	}
	return out
}

// writableRequired is schema's required properties less the readOnly ones.
func writableRequired(schema *openapi3.Schema) []string {
	var out []string
	for _, n := range schema.Required {
		if ref := schema.Properties[n]; ref != nil && ref.Value != nil && ref.Value.ReadOnly {
			continue
		}
		out = append(out, n)
	}
	return out
}

var scalarTypes = []string{"string", "integer", "number", "boolean"}

// wrongValue is a value of property schema's type that no lenient
// framework coerces into it, or nil when there is none to send.
func wrongValue(t *openapi3.Types) any {
	scalar := slices.ContainsFunc(scalarTypes, t.Includes)
	array, object := t.Includes("array"), t.Includes("object")
	switch {
	case scalar || array:
		// A scalar from an object: no framework makes one. An array
		// from an object: neither (a dict is not a sequence to
		// pydantic or DRF's ListField).
		if !object {
			return map[string]int{"launchready": 1}
		}
		if !array && scalar {
			return []map[string]int{{"launchready": 1}}
		}
		return nil
	case object:
		return nil // decided by the caller: only with declared properties
	}
	return nil
}

func wrongTypes(schema *openapi3.Schema) []byte {
	if len(schema.Properties) == 0 {
		return nil
	}
	wrong := map[string]any{}
	size := 2 // {}
	for _, n := range slices.Sorted(maps.Keys(schema.Properties)) {
		ref := schema.Properties[n]
		if ref == nil || ref.Value == nil || ref.Value.Type == nil || len(ref.Value.Type.Slice()) == 0 {
			continue // untyped: any value may be valid
		}
		if ref.Value.ReadOnly {
			continue // ignored in a request: no validation to see
		}
		t := ref.Value.Type
		v := wrongValue(t)
		if v == nil && len(t.Slice()) == 1 && t.Includes("object") && len(ref.Value.Properties) > 0 {
			// A model: a number is no mapping to any framework. A
			// free-form object (a dict, a JSONField) may take
			// anything: skipped.
			v = 12345
		}
		if v == nil {
			continue
		}
		b, _ := json.Marshal(v)
		k, _ := json.Marshal(n)
		if size+len(k)+len(b)+2 > MaxPostBody {
			continue
		}
		wrong[n] = v
		size += len(k) + len(b) + 2
	}
	if len(wrong) == 0 {
		return nil
	}
	b, _ := json.Marshal(wrong)
	return b
}
