package probe

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
)

// Session is one run's probing state, shared by every probe check.
type Session struct {
	Client *Client
	Base   *url.URL
	Cfg    config.Probe
	In     *check.Input
	// Ops are the spec's operations (none without a spec).
	Ops  []*apispec.Op
	Spec string
	// oddPaths are the spec operations left out for a ? or # in the path.
	oddPaths []string

	homeOnce sync.Once
	home     *Response
	homeErr  error
	// other is the answer to a random path that no app serves (nil when
	// it did not answer): what the preview says to any path, a
	// single-page app's catch-all page or a WAF's 429.
	other *Response
	// protected is set when / and the random path both ask for
	// credentials (401 or 403): the whole preview is behind a protection
	// page, and the checks would judge it, not the app.
	protected string
	// fps stretches weak secrets for the fingerprints of client secrets.
	fps finding.SecretFingerprints

	// notFound is the answer (answerKey) / and the random path both give
	// when it says nothing is there ("" when they differ): see
	// nothingThere.
	notFoundOnce sync.Once
	notFound     string
	// appOnce guards appHere's verdict: see appHere.
	appOnce sync.Once
	app     bool

	// memberPath is an endpoint that accepts the member token (or
	// memberStop why there is none), found once: see memberEndpoint.
	memberOnce sync.Once
	memberPath string
	memberStop *check.Result
	// forged are the forged copies of the member token (a JWT), by the
	// client's token name (see ForgeTokens).
	forged map[string]string
	// disc is the endpoint discovery's result (discover.go).
	disc discovery
}

type sessionEntry struct {
	once sync.Once
	s    *Session
	err  error
}

// errNoURL is the reason every probe check gives without a preview URL.
const noURL = "no preview URL given: pass --url, or the action's preview-url input"

// session returns the run's session for in, built once. The second result
// is a check.Result to return as is (not checked, not applicable, failed).
func (r *Run) session(ctx context.Context, in *check.Input) (*Session, *check.Result) {
	if in.Scan.Mode == check.ModeStaged {
		return nil, &check.Result{Status: check.StatusNotApplicable, Reason: "the pre-commit hook does not use the network"}
	}
	if in.Live != nil && in.Live.NotChecked != "" {
		return nil, &check.Result{Status: check.StatusNotChecked, Reason: in.Live.NotChecked}
	}
	if in.Live == nil || in.Live.URL == "" {
		return nil, &check.Result{Status: check.StatusNotChecked, Reason: noURL}
	}
	e := r.entry(in, true)
	e.once.Do(func() { e.s, e.err = newSession(ctx, in, r.specs) })
	if e.err != nil {
		return nil, &check.Result{Status: check.StatusFailed, Reason: e.err.Error()}
	}
	return e.s, nil
}

func newSession(ctx context.Context, in *check.Input, specs *apispec.Loader) (*Session, error) {
	base, err := url.Parse(in.Live.URL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("the preview URL %q is not a URL such as https://preview.example.com", in.Live.URL)
	}
	cfg := config.Probe{}
	if in.Config != nil {
		cfg = in.Config.Probe
	}
	o := ClientOptions{AllowLoopback: in.Live.AllowLoopback, AllowPost: cfg.AllowPost, MaxRequests: cfg.MaxRequests, TimeBudget: cfg.TimeBudget.Duration,
		Tokens: map[string]string{"member": in.Live.MemberToken, "admin": in.Live.AdminToken}}
	if h := cfg.AuthHeader; h != "" {
		name, prefix, _ := strings.Cut(h, ":")
		o.AuthHeader = strings.TrimSpace(name)
		if p := strings.TrimSpace(prefix); p != "" {
			o.AuthPrefix = p + " "
		}
	}
	if len(in.Live.CACertPEM) > 0 {
		pool, _ := x509.SystemCertPool()
		if pool == nil {
			pool = x509.NewCertPool()
		}
		pool.AppendCertsFromPEM(in.Live.CACertPEM)
		o.RootCAs = pool
	}
	for _, t := range []string{in.Live.MemberToken, in.Live.AdminToken} {
		in.Secrets.Add(t)
	}
	// The forged copies of the member token are secrets too, registered
	// before any request is sent.
	forged := forgedTokensFor(in.Live.MemberToken, in.Secrets, time.Now())
	for name, tok := range forged {
		o.Tokens[name] = tok
	}
	c, err := NewClient(base, o)
	if err != nil {
		return nil, err
	}
	if err := c.refuseHost(base); err != nil {
		return nil, fmt.Errorf("the preview URL %s is %v; probes only reach public addresses (for a preview on this machine, pass --allow-loopback)", base.Host, err)
	}
	s := &Session{Client: c, Base: base, Cfg: cfg, In: in, forged: forged}
	// One look at / first: when the preview cannot be reached at all, every
	// probe check says so once, instead of each waiting for its timeouts.
	// Other answers (a redirect to a login page elsewhere, a bad
	// certificate) are for the checks to judge.
	home, err := s.Home(ctx)
	if err != nil && down(err) {
		return nil, errors.New(unreachable(s, err).Reason)
	}
	// Then one random path, before any check sends anything else.
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	if r, err := c.Do(ctx, Request{Check: "home", Path: "/launchready-probe-" + hex.EncodeToString(rnd[:]), Follow: true, Cap: HTMLCap}); err == nil {
		s.other = r
	}
	if home != nil && err == nil && asksCredentials(home) && s.other != nil && asksCredentials(s.other) {
		s.protected = fmt.Sprintf("the preview asks for credentials on every path (/ answered %d, and so did a random path): give a protection-bypass token or an unprotected preview", home.Status)
	}
	s.loadSpec(ctx, specs)
	return s, nil
}

// asksCredentials reports a 401 or 403 answer.
func asksCredentials(r *Response) bool {
	return r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden
}

// catchAll reports a 2xx HTML answer of the same kind as what the preview
// answers to any path: to the random path, or to / (for another path than
// /). A single-page app serves its index.html everywhere, often with a
// per-response nonce (a CSRF meta tag) or the path echoed in it, so the
// pages are compared by status, content type, <title> and size (within
// 10%), not byte for byte. That page is not a health endpoint, a core flow
// or data.
func (s *Session) catchAll(ctx context.Context, r *Response) bool {
	if r == nil || r.Status < 200 || r.Status > 299 || !htmlPage(r) {
		return false
	}
	if samePage(s.other, r) {
		return true
	}
	if r.URL != nil && r.URL.Path != s.Base.Path && r.URL.Path != "/" {
		if home, err := s.Home(ctx); err == nil && samePage(home, r) {
			return true
		}
	}
	return false
}

// otherHTML reports that the random path answers a 2xx HTML page: then an
// HTML page in answer to a health or core-flow path is no evidence of
// one, whatever it holds.
func (s *Session) otherHTML() bool {
	o := s.other
	return o != nil && o.Status >= 200 && o.Status <= 299 && htmlPage(o)
}

// samePage reports two 2xx HTML answers of the same kind: the same
// status, content type and <title>, and sizes within 10%.
func samePage(a, b *Response) bool {
	if a == nil || b == nil || a.Status != b.Status || a.Status < 200 || a.Status > 299 || !htmlPage(a) || !htmlPage(b) {
		return false
	}
	if bytes.Equal(a.Body, b.Body) {
		return true
	}
	if mediaType(a) != mediaType(b) || pageTitle(a.Body) != pageTitle(b.Body) {
		return false
	}
	la, lb := len(a.Body), len(b.Body)
	return 10*max(la-lb, lb-la) <= max(la, lb)
}

func mediaType(r *Response) string {
	t, _, _ := strings.Cut(strings.ToLower(r.Header.Get("Content-Type")), ";")
	return strings.TrimSpace(t)
}

var titleTag = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// pageTitle is an HTML page's <title>, trimmed ("" without one).
func pageTitle(b []byte) string {
	if m := titleTag.FindSubmatch(b[:min(len(b), 64<<10)]); m != nil {
		return strings.TrimSpace(string(m[1]))
	}
	return ""
}

// htmlPage reports a non-empty HTML answer (a page, not an API's data).
func htmlPage(r *Response) bool {
	b := bytes.TrimSpace(r.Body)
	return len(b) > 0 && (strings.Contains(strings.ToLower(r.Header.Get("Content-Type")), "html") || b[0] == '<')
}

// down reports errors that mean nothing answers: connection refused or
// reset, no such host, or a timeout.
func down(err error) bool {
	var be *BodyError
	if errors.As(err, &be) {
		return false // the headers came: it answers
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var op *net.OpError
	var dns *net.DNSError
	return errors.As(err, &op) && op.Op == "dial" || errors.As(err, &dns)
}

// loadSpec takes the repository's spec, if any, for the operations to try
// (loaded once per run, shared with the spec check).
func (s *Session) loadSpec(ctx context.Context, specs *apispec.Loader) {
	spec, ops := specs.ProjectOps(ctx, s.In)
	s.Spec = spec
	for _, o := range ops {
		// A spec path with a query string or fragment is not a path:
		// "/api/items/{id}?_method=DELETE" would turn a probe into a
		// write, and "/auth/login/../../api/items" (or %2e%2e) is
		// /api/items once resolved. Such operations are not probed.
		if !plainSpecPath(o.Path) {
			s.oddPaths = append(s.oddPaths, o.Method+" "+o.Path)
			continue
		}
		s.Ops = append(s.Ops, o)
	}
}

// specNote says which spec operations were not probed for their paths.
func (s *Session) specNote(res *check.Result) {
	if len(s.oddPaths) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d spec operation(s) not probed: their paths have a query string, a fragment, a . or .. segment or an encoded dot, slash or backslash (%s); a spec path is the plain path alone", len(s.oddPaths), strings.Join(s.oddPaths[:min(len(s.oddPaths), 3)], ", ")))
	}
}

// Home is GET / (fetched once per run).
func (s *Session) Home(ctx context.Context) (*Response, error) {
	s.homeOnce.Do(func() {
		s.home, s.homeErr = s.Client.Do(ctx, Request{Check: "home", Path: "/", Follow: true, Cap: HTMLCap})
	})
	return s.home, s.homeErr
}

// catchAllAnswer is the answer (answerKey) that / and a path no app has
// both give when it says nothing is there: a 404 (or 410) to both. ""
// otherwise; a 401 or 403 to everything is an app that refuses, and a
// single-page app's fallback page on every path is judged by the checks
// (testdata/probe-authn/fp/spa-fallback). When / answers anything else, no
// second request is sent.
func (s *Session) catchAllAnswer(ctx context.Context) string {
	s.notFoundOnce.Do(func() {
		home, err := s.Home(ctx)
		if err != nil || home == nil || home.Status != http.StatusNotFound && home.Status != http.StatusGone {
			return
		}
		// The random path was asked for when the session started.
		if s.other != nil && answerKey(s.other) == answerKey(home) {
			s.notFound = answerKey(home)
		}
	})
	return s.notFound
}

// nothingThere is the reason a check that passes on refusals has no
// evidence, or "": every answer the check got is the answer a random path
// gets (a 404 page, by status for 404 and 410, else by status and body
// digest) or the home page itself, so the refusals it saw are the absence
// of the endpoints (or of the API at this URL), not an app refusing,
// whatever / answers. A check that sent nothing of its own judged / (the
// cookies of the home page): that is no evidence only when / answers like
// the random path too.
func (s *Session) nothingThere(ctx context.Context, checkID string) string {
	seen := s.Client.Answers(checkID)
	if len(seen) == 0 {
		if s.home == nil {
			return ""
		}
		want := s.catchAllAnswer(ctx)
		if want == "" || answerKey(s.home) != want {
			return ""
		}
		return fmt.Sprintf("the preview %s answers %d to every path probed, including / (a random path too): is the URL the app's? Pass the URL the app answers on (with its base path, such as https://preview.example.com/api) and run again",
			s.Base.Redacted(), s.home.Status)
	}
	if s.other == nil || s.other.Status != http.StatusNotFound && s.other.Status != http.StatusGone && (s.other.Status < 200 || s.other.Status > 299) {
		// Only "nothing here" (404, 410) or a catch-all page (2xx)
		// to a random path; a 401 or 403 to everything is an app that
		// refuses (or a protection page, handled apart), a 400 an app
		// that validates, a 429 or 5xx is judged by coverage.
		return ""
	}
	want := answerKey(s.other)
	home := ""
	if s.home != nil {
		home = answerKey(s.home)
	}
	n := 0
	for k, c := range seen {
		switch k {
		case want, home:
		default:
			return ""
		}
		n += c
	}
	if s.home != nil && home == want && !s.appHere(ctx) {
		return fmt.Sprintf("the preview %s answers %d to every path probed, including / (%d requests of this check and a random path): is the URL the app's? Pass the URL the app answers on (with its base path, such as https://preview.example.com/api) and run again",
			s.Base.Redacted(), s.home.Status, n)
	}
	return fmt.Sprintf("every answer of this check (%d requests) was what a random path such as /launchready-probe-… gets (%d), or / itself: the endpoints probed are not there, so their answers are no evidence; check the URL (with its base path, such as https://preview.example.com/api) and the spec's paths, and run again",
		n, s.other.Status)
}

// appHere reports run-level evidence that the URL is the app's although /
// answers like a random path (404 or 410): some answer of the run, any
// check's, that only an app gives (2xx, 401 or 403). Checks run in
// parallel, so when none has come yet it asks, once per run, the usual
// health paths and up to two of the spec's GET operations without path
// parameters (same-origin redirects followed: Django's /health → /health/).
func (s *Session) appHere(ctx context.Context) bool {
	s.appOnce.Do(func() {
		if s.catchAllAnswer(ctx) == "" {
			return
		}
		evidence := func(key string) bool {
			st, _, _ := strings.Cut(key, " ")
			n, err := strconv.Atoi(st)
			return err == nil && (n >= 200 && n < 300 || n == http.StatusUnauthorized || n == http.StatusForbidden)
		}
		for k := range s.Client.AllAnswers() {
			if evidence(k) {
				s.app = true
				return
			}
		}
		paths := []string{"/health", "/healthz", "/api/health"}
		for _, o := range s.Ops {
			if o.Method == http.MethodGet && !strings.Contains(o.Path, "{") && len(paths) < 5 {
				paths = append(paths, o.Path)
			}
		}
		for _, p := range paths {
			r, err := s.Client.Do(ctx, Request{Check: "home", Path: p, Follow: true, Cap: 64 << 10})
			if err == nil && r != nil && evidence(answerKey(r)) {
				s.app = true
				return
			}
		}
	})
	return s.app
}

// homeHeaders is GET / for checks that judge only its headers: a body cut
// off does not matter to them. Unless serverErrors, a 5xx is no answer
// either: an error page's headers are not the site's.
func (s *Session) homeHeaders(ctx context.Context, serverErrors bool) (*Response, *check.Result) {
	home, err := s.Home(ctx)
	var be *BodyError
	if home == nil || err != nil && !errors.As(err, &be) {
		r := unreachable(s, err)
		return nil, &r
	}
	if serverError(home) && !serverErrors {
		cov := s.cover("responses of /")
		cov.plan(1)
		cov.take(home, nil, 0)
		r := finish(check.Result{}, cov)
		return nil, &r
	}
	return home, nil
}

// unreachable explains a failed request as a check that could not run.
func unreachable(s *Session, err error) check.Result {
	if errors.Is(err, ErrRedirect) || errors.Is(err, ErrOffOrigin) {
		// It answered, but somewhere probes do not follow.
		return check.Result{Status: check.StatusFailed, Reason: fmt.Sprintf("the preview %s was not probed: %v", shown(s.Base), err)}
	}
	why := err.Error()
	var ne interface{ Timeout() bool }
	var dns *net.DNSError
	var op *net.OpError
	var be *BodyError
	switch {
	case errors.Is(err, ErrTimeBudget):
		return check.Result{Status: check.StatusFailed,
			Reason: fmt.Sprintf("time budget used up (probe.time-budget %s) before the check could examine anything; raise probe.time-budget in .launchready.yml, or make the preview answer faster", s.Client.TimeBudget())}
	case errors.Is(err, ErrBudget):
		return check.Result{Status: check.StatusFailed,
			Reason: fmt.Sprintf("request budget used up (probe.max-requests %d) before the check could examine anything; raise probe.max-requests in .launchready.yml", s.Client.MaxRequests())}
	case errors.As(err, &be):
		return check.Result{Status: check.StatusFailed,
			Reason: fmt.Sprintf("the preview %s answered, but %s; a part of a response is no evidence: fix the preview and run again", shown(s.Base), be.Error())}
	case errors.As(err, &ne) && ne.Timeout():
		why = "it did not answer in time"
	case errors.As(err, &dns):
		why = "its host name does not resolve: " + dns.Err
	case errors.As(err, &op) && op.Op == "dial" && op.Err != nil:
		why = op.Err.Error()
	}
	return check.Result{Status: check.StatusFailed,
		Reason: fmt.Sprintf("the preview %s could not be reached (%s); check the URL and that the preview is up", shown(s.Base), why)}
}

// liveFinding builds a finding at a URL and method, with the spec
// operation's path and line when there is one.
func (s *Session) liveFinding(r check.Rule, msg, fix, method string, u *url.URL, op *apispec.Op) finding.Finding {
	loc := finding.Location{URL: shown(u), Method: method}
	if op != nil {
		loc.Path, loc.StartLine, loc.Operation, loc.OperationID = cmp.Or(op.File, s.Spec), op.Line, op.Name(), op.ID
	}
	// The fingerprint leaves the host out: preview URLs change with every
	// pull request (pr-42.preview.example), and an ignored finding must stay
	// ignored on the next preview.
	f := r.Finding(loc, msg, fix, "")
	f.Fingerprint = finding.Fingerprint(r.ID, u.Path, method)
	return f
}

// RunStats are the requests sent and the time spent per probe check.
type RunStats struct {
	Requests map[string]int
	Elapsed  map[string]time.Duration
	Total    int
}

// Stats returns the run's probe statistics for in; false when no session
// was opened (no URL, or the pre-commit hook).
func (r *Run) Stats(in *check.Input) (RunStats, bool) {
	e := r.entry(in, false)
	if e == nil || e.s == nil {
		return RunStats{}, false
	}
	n, d, total := e.s.Client.Stats()
	return RunStats{Requests: n, Elapsed: d, Total: total}, true
}
