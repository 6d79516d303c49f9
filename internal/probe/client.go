// Package probe checks a running preview of the API as an attacker would,
// safely: it sends only GET, HEAD and OPTIONS (and, with probe.allow-post,
// POST of small bodies the operation's schema rejects; never PUT, PATCH or
// DELETE), within a request budget, with timeouts and size caps, only to the
// preview's own origin (scheme, host and port; redirects too), and never
// connects to private, link-local, metadata or multicast addresses (loopback
// only under an explicit test option).
package probe

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"code.dny.dev/ssrf"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/version"
)

// Limits (the safety section).
const (
	DialTimeout       = 5 * time.Second
	TLSTimeout        = 5 * time.Second
	HeaderTimeout     = 10 * time.Second
	RequestTimeout    = 15 * time.Second
	MaxRedirects      = 5
	HTMLCap           = 2 << 20
	BundleCap         = 10 << 20
	DefaultCap        = 1 << 20
	MaxConcurrency    = 4
	DefaultMaxRequest = 300
	// MaxPostBody caps a POST body: probes send only small, deliberately
	// invalid bodies.
	MaxPostBody = 4 << 10
	// MaxPostsPerPath caps the POSTs to one path, except to the login-type
	// endpoints the rate-limit probe bursts (MaxBurst).
	MaxPostsPerPath = 3
	// DefaultTimeBudget bounds the whole probe run (probe.time-budget).
	DefaultTimeBudget = 2 * time.Minute
)

// Errors a probe request can end with.
var (
	ErrBudget    = errors.New("the request budget is used up (probe.max-requests)")
	ErrMethod    = errors.New("method refused: probes send GET, HEAD and OPTIONS, and POST only with probe.allow-post; never PUT, PATCH, DELETE or another method")
	ErrBody      = errors.New("request body refused")
	ErrOffOrigin = errors.New("a probe request may only go to the preview's own origin (scheme, host and port)")
	ErrRefused   = errors.New("refused: private, link-local, metadata or multicast address")
	ErrRedirect  = errors.New("redirect refused")
)

// Origin is a URL's scheme, host and port. Two URLs are the same origin only
// when all three match: the same host on another port is another service.
type Origin struct{ Scheme, Host, Port string }

// OriginOf normalises u's origin: scheme and host lower-cased, a trailing
// dot dropped from the host, the port made explicit (80 for http, 443 for
// https) and without leading zeros.
func OriginOf(u *url.URL) Origin {
	o := Origin{Scheme: strings.ToLower(u.Scheme), Host: strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), Port: u.Port()}
	if o.Port == "" {
		switch o.Scheme {
		case "http":
			o.Port = "80"
		case "https":
			o.Port = "443"
		}
	} else if n, err := strconv.ParseUint(o.Port, 10, 16); err == nil {
		o.Port = strconv.FormatUint(n, 10)
	}
	return o
}

// String is the origin as a URL prefix ("https://preview.example:443").
func (o Origin) String() string { return o.Scheme + "://" + net.JoinHostPort(o.Host, o.Port) }

// shown is u for messages: any userinfo is replaced whole ("****@"), the
// user name too (url.Redacted hides only the password, and a token can sit
// in the user name).
func shown(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	if c.User == nil {
		return c.String()
	}
	c.User = nil
	out := c.String()
	if i := strings.Index(out, "//"); i >= 0 {
		return out[:i+2] + "****@" + out[i+2:]
	}
	return "****@" + out
}

// originLabel names u's origin for messages, without any userinfo.
func originLabel(u *url.URL) string { return OriginOf(u).String() }

// ErrTimeBudget: the run's wall-clock budget (probe.time-budget) ran out
// before or while the request was sent.
var ErrTimeBudget = errors.New("the time budget is used up (probe.time-budget)")

// ClientOptions configure a client.
type ClientOptions struct {
	AllowLoopback bool
	AllowPost     bool
	MaxRequests   int
	// RootCAs adds a trusted CA (tests and the demo use a CA they made).
	RootCAs *x509.CertPool
	// AuthHeader and AuthPrefix carry the tokens ("Authorization", "Bearer ").
	AuthHeader, AuthPrefix string
	Tokens                 map[string]string // "member", "admin"
	// HeaderTimeout and RequestTimeout override the defaults (tests).
	// RequestTimeout bounds a whole request, its body included.
	HeaderTimeout, RequestTimeout time.Duration
	// TimeBudget bounds the whole run from NewClient on (default 2m): no
	// request starts after it, and one in flight is cut off at it.
	TimeBudget time.Duration
}

// Client is the guarded HTTP client shared by every probe check of a run.
type Client struct {
	base    *url.URL
	origin  Origin
	opts    ClientOptions
	guard   *ssrf.Guardian
	hc      *http.Client
	sem     chan struct{}
	left    atomic.Int64
	mu      sync.Mutex
	perChk  map[string]int
	elapsed map[string]time.Duration
	// answers counts, per check, the answers it got (the last hop of each
	// request), by answerKey.
	answers map[string]map[string]int
	// posts counts the POSTs per path; bursts are the paths the rate-limit
	// probe may send up to MaxBurst POSTs to.
	posts  map[string]int
	bursts map[string]bool
	// deadline is the end of the time budget.
	deadline time.Time
	// setCookies are the Set-Cookie lines of every answer (each hop),
	// with the request that got them: see cookies.go.
	setCookies []setCookie
	// traces are the stack traces seen in answers, per check (see
	// noteTrace).
	traces map[string][]traceHit
}

// answerKey tells answers apart for Session.nothingThere: a 404 or 410 by
// its status alone (not-found pages often quote the path), any other by
// its status and a digest of its body.
func answerKey(r *Response) string {
	if r.Status == http.StatusNotFound || r.Status == http.StatusGone {
		return strconv.Itoa(r.Status)
	}
	sum := sha256.Sum256(r.Body)
	return strconv.Itoa(r.Status) + " " + hex.EncodeToString(sum[:8])
}

func (c *Client) noteAnswer(check string, r *Response) {
	hit, traced := traceOf(r)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.answers[check] == nil {
		c.answers[check] = map[string]int{}
	}
	c.answers[check][answerKey(r)]++
	if traced {
		c.noteTrace(check, hit)
	}
}

// Answers returns the answers a check got, counted by answerKey.
func (c *Client) Answers(check string) map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.answers[check] {
		out[k] = v
	}
	return out
}

// AllAnswers returns the answers every check of the run got so far,
// counted by answerKey.
func (c *Client) AllAnswers() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for _, m := range c.answers {
		for k, v := range m {
			out[k] += v
		}
	}
	return out
}

// NewClient builds a client for the preview at base.
func NewClient(base *url.URL, o ClientOptions) (*Client, error) {
	if base.Scheme != "http" && base.Scheme != "https" || base.Host == "" {
		return nil, fmt.Errorf("the preview URL %q must be http:// or https:// with a host", base.String())
	}
	if o.MaxRequests <= 0 {
		o.MaxRequests = DefaultMaxRequest
	}
	if o.AuthHeader == "" {
		o.AuthHeader, o.AuthPrefix = "Authorization", "Bearer "
	}
	if o.HeaderTimeout == 0 {
		o.HeaderTimeout = HeaderTimeout
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = RequestTimeout
	}
	if o.TimeBudget <= 0 {
		o.TimeBudget = DefaultTimeBudget
	}
	gopts := []ssrf.Option{ssrf.WithAnyPort()}
	if o.AllowLoopback {
		gopts = append(gopts, ssrf.WithAllowedV4Prefixes(netip.MustParsePrefix("127.0.0.0/8")),
			ssrf.WithAllowedV6Prefixes(netip.MustParsePrefix("::1/128")))
	}
	c := &Client{base: base, origin: OriginOf(base), opts: o, guard: ssrf.New(gopts...), sem: make(chan struct{}, MaxConcurrency),
		perChk: map[string]int{}, elapsed: map[string]time.Duration{}, answers: map[string]map[string]int{}, posts: map[string]int{}, bursts: map[string]bool{},
		traces: map[string][]traceHit{}, deadline: time.Now().Add(o.TimeBudget)}
	c.left.Store(int64(o.MaxRequests))
	// The guard runs after DNS resolution, on the address actually dialled:
	// a name that resolves to 169.254.169.254 (DNS rebinding) is refused too.
	dialer := &net.Dialer{Timeout: DialTimeout, Control: c.guard.Safe}
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.RootCAs != nil {
		tlsCfg.RootCAs = o.RootCAs
	}
	c.hc = &http.Client{
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			TLSClientConfig:       tlsCfg,
			TLSHandshakeTimeout:   TLSTimeout,
			ResponseHeaderTimeout: o.HeaderTimeout,
			DisableCompression:    true,
			MaxIdleConnsPerHost:   MaxConcurrency,
			ForceAttemptHTTP2:     true,
		},
		// Redirects are followed by Do, one hop at a time, so each hop is
		// checked and counted.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// Base is the preview's base URL.
func (c *Client) Base() *url.URL { return c.base }

// Origin is the preview's origin: the only one probes send requests to.
func (c *Client) Origin() Origin { return c.origin }

// SameOrigin reports whether u is on the preview's origin.
func (c *Client) SameOrigin(u *url.URL) bool { return OriginOf(u) == c.origin }

// MaxRequests is the run's request budget.
func (c *Client) MaxRequests() int { return c.opts.MaxRequests }

// TimeBudget is the run's wall-clock budget.
func (c *Client) TimeBudget() time.Duration { return c.opts.TimeBudget }

// Remaining is the time left in the budget (0 or less when used up).
func (c *Client) Remaining() time.Duration { return time.Until(c.deadline) }

// timeUp is the error of a request refused or cut off by the time budget.
func (c *Client) timeUp() error {
	return fmt.Errorf("%w: %s", ErrTimeBudget, c.opts.TimeBudget)
}

// BodyError is a response whose headers arrived but whose body did not
// arrive whole (it stalled past the request's deadline, the connection
// broke, or it was not valid gzip). Such a response is no evidence.
type BodyError struct {
	Method, Path string
	Got          int // bytes read
	Err          error
}

func (e *BodyError) Error() string {
	var ee *EncodingError
	if errors.As(e.Err, &ee) {
		return fmt.Sprintf("the body of %s %s: %s", e.Method, e.Path, ee.Error())
	}
	why := e.Err.Error()
	if errors.Is(e.Err, context.DeadlineExceeded) {
		why = "it did not arrive in time"
	}
	return fmt.Sprintf("the body of %s %s stopped after %d bytes: %s", e.Method, e.Path, e.Got, why)
}

func (e *BodyError) Unwrap() error { return e.Err }

// budgetCtx bounds ctx by the time budget.
func (c *Client) budgetCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithDeadline(ctx, c.deadline)
}

// budgetErr turns an error that happened after the time budget ran out
// into ErrTimeBudget (the caller's own cancellation stays as it is).
func (c *Client) budgetErr(parent context.Context, err error) error {
	if err == nil || parent.Err() != nil || c.Remaining() > 0 || errors.Is(err, ErrTimeBudget) {
		return err
	}
	return c.timeUp()
}

// Request is one probe request.
type Request struct {
	Check  string
	Method string
	// Path is relative to the base URL ("/api/members?x=1"), or an
	// absolute URL on the preview's origin (a bundle named by the page).
	Path   string
	Header http.Header
	Body   []byte
	// Token names the test token to send ("member", "admin") or none.
	Token  string
	Cap    int64
	Follow bool
	// PlainHTTP sends the request to the http:// twin of an https preview
	// on the default port (http://host/, port 80), for the HTTP to HTTPS
	// redirect check: never with a token or credentials, never following
	// redirects.
	PlainHTTP bool
}

// Timing breaks a request down (the latency check reports it).
type Timing struct {
	DNS, Connect, TLS, TTFB, Total time.Duration
}

// Response is what came back.
type Response struct {
	// Method is the method of the request answered (GET after a
	// redirect).
	Method    string
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool
	URL       *url.URL
	Redirects []string
	Timing    Timing
	TLS       *tls.ConnectionState
}

// Stats returns the requests and time spent per check.
func (c *Client) Stats() (map[string]int, map[string]time.Duration, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := map[string]int{}
	d := map[string]time.Duration{}
	total := 0
	for k, v := range c.perChk {
		n[k] = v
		total += v
	}
	for k, v := range c.elapsed {
		d[k] = v
	}
	return n, d, total
}

// Resolve turns a probe path into a URL on the preview's origin. A path is
// relative to the base URL; an absolute or scheme-relative URL
// ("//host:port/x") is accepted only on the preview's origin, and never
// with userinfo.
func (c *Client) Resolve(p string) (*url.URL, error) { return c.resolve(p, c.origin) }

func (c *Client) resolve(p string, allowed Origin) (*url.URL, error) {
	ref, err := url.Parse(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %q is not a path or URL", ErrOffOrigin, p)
	}
	if ref.User != nil {
		return nil, fmt.Errorf("%w: %s carries credentials (user:password@); probes send none of their own", ErrOffOrigin, shown(ref))
	}
	var u *url.URL
	if ref.IsAbs() || ref.Host != "" {
		u = c.base.ResolveReference(ref)
		u.User = nil
	} else {
		// Paths are relative to the base URL's path ("/preview/" + "api").
		b := *c.base
		if !strings.HasSuffix(b.Path, "/") {
			b.Path += "/"
		}
		ref.Path = strings.TrimPrefix(ref.Path, "/")
		ref.RawPath = strings.TrimPrefix(ref.RawPath, "/")
		u = b.ResolveReference(ref)
	}
	if OriginOf(u) != allowed {
		return nil, fmt.Errorf("%w: %s is on %s, not on the preview's %s", ErrOffOrigin, shown(u), originLabel(u), allowed)
	}
	return u, nil
}

// refuseHost rejects literal private addresses and metadata names before any
// DNS lookup; the dialer's guard rejects the rest after it.
func (c *Client) refuseHost(u *url.URL) error {
	h := strings.ToLower(u.Hostname())
	if h == "metadata.google.internal" || h == "metadata" || strings.HasSuffix(h, ".internal") && !c.opts.AllowLoopback {
		return fmt.Errorf("%w: %s", ErrRefused, h)
	}
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		if !c.opts.AllowLoopback {
			return fmt.Errorf("%w: %s (loopback)", ErrRefused, h)
		}
		return nil
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		if err := c.guard.SafeAddr(ip.Unmap()); err != nil {
			return fmt.Errorf("%w: %s", ErrRefused, ip)
		}
	}
	return nil
}

// checkMethod enforces what probes may send, whatever a check asks: GET,
// HEAD and OPTIONS without a body; POST only with probe.allow-post, with a
// body of at most MaxPostBody, and at most MaxPostsPerPath to one path
// unless the rate-limit probe marked the path as a login-type endpoint to
// burst. PUT, PATCH, DELETE and every other method are refused in every mode.
func (c *Client) checkMethod(r Request, u *url.URL) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		if len(r.Body) > 0 {
			return fmt.Errorf("%w: a %s request carries no body", ErrBody, r.Method)
		}
	case http.MethodPost:
	default:
		return fmt.Errorf("%w (%s %s)", ErrMethod, r.Method, u.Path)
	}
	// Frameworks turn a request into another method on a _method query
	// parameter or an X-HTTP-Method-Override header (Rails, Laravel,
	// Express's method-override): probes send neither, in any request.
	for k := range u.Query() {
		if methodOverride(k) {
			return fmt.Errorf("%w (%s %s: the query parameter %q overrides the method on many frameworks)", ErrMethod, r.Method, u.Path, k)
		}
	}
	for k := range r.Header {
		if methodOverride(k) {
			return fmt.Errorf("%w (%s %s: the header %s overrides the method on many frameworks)", ErrMethod, r.Method, u.Path, k)
		}
	}
	if r.Method != http.MethodPost {
		return nil
	}
	{
		if !c.opts.AllowPost {
			return fmt.Errorf("%w (POST %s: probe.allow-post is off)", ErrMethod, u.Path)
		}
		if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
			// A query string on a POST is how a config or spec path
			// smuggles a method override or another target.
			return fmt.Errorf("%w (POST %s: a POST never carries a query string)", ErrMethod, u.Path)
		}
		if why := config.ProbePathProblem(r.Path); why != "" && !r.PlainHTTP {
			// "/auth/login/../../api/items" is POST /api/items once
			// resolved, by the client or by a decoding front end.
			return fmt.Errorf("%w (POST %s: the path %s)", ErrMethod, u.Path, why)
		}
		if k := config.BodyMethodOverride(r.Body); k != "" {
			// Laravel and Symfony read _method from the JSON input.
			return fmt.Errorf("%w (POST %s: the body's key %q overrides the method on many frameworks)", ErrMethod, u.Path, k)
		}
		if len(r.Body) > MaxPostBody {
			return fmt.Errorf("%w: POST %s with %d bytes; probes send at most %d", ErrBody, u.Path, len(r.Body), MaxPostBody)
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		limit := MaxPostsPerPath
		key := capKey(u.Path)
		if c.bursts[key] {
			limit += MaxBurst
		}
		if c.posts[key] >= limit {
			return fmt.Errorf("%w (POST %s: %d POSTs already sent there; only login-type endpoints get a burst)", ErrMethod, u.Path, limit)
		}
		c.posts[key]++
		return nil
	}
}

// methodOverride recognises query parameters and headers named like a
// method override (_method, X-HTTP-Method-Override, X-HTTP-Method,
// X-Method-Override). The CORS preflight's Access-Control-Request-Method
// is not one.
func methodOverride(name string) bool {
	n := strings.ToLower(name)
	if n == "access-control-request-method" {
		return false
	}
	return strings.Contains(n, "method")
}

// capKey is the path the per-path POST cap counts on: most routers match
// /api/items, /api/items/ and /API/Items alike.
func capKey(p string) string {
	p = strings.ToLower(p)
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = p[:len(p)-1]
	}
	return p
}

// allowBurst lets the rate-limit probe send up to MaxBurst POSTs to path
// (a login, password reset or OTP endpoint, or one named in
// probe.rate-limit-endpoints).
func (c *Client) allowBurst(path string) {
	c.mu.Lock()
	c.bursts[capKey(path)] = true
	c.mu.Unlock()
}

// Do sends one request (and follows redirects on the same origin when
// asked). Every request, redirects included, counts against the budget.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	if r.Cap == 0 {
		r.Cap = DefaultCap
	}
	allowed := c.origin
	if r.PlainHTTP {
		if c.origin.Scheme != "https" || c.origin.Port != "443" {
			return nil, fmt.Errorf("%w: the http:// twin is only probed for an https preview on the default port", ErrOffOrigin)
		}
		allowed = Origin{Scheme: "http", Host: c.origin.Host, Port: "80"}
		r.Token, r.Follow = "", false
	}
	u, err := c.resolve(r.Path, c.origin)
	if err != nil {
		return nil, err
	}
	if r.PlainHTTP {
		// The same path on http://host/, with no credentials.
		host := u.Hostname()
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		u.Scheme, u.Host, u.User = "http", host, nil
	}
	if err := c.checkMethod(r, u); err != nil {
		return nil, err
	}
	var redirects []string
	for hop := 0; ; hop++ {
		if err := c.refuseHost(u); err != nil {
			return nil, err
		}
		resp, err := c.once(ctx, r, u)
		if err != nil {
			// resp is the part that came with a BodyError, or nil.
			if resp != nil {
				c.noteAnswer(r.Check, resp)
			}
			return resp, err
		}
		resp.Redirects = redirects
		loc := resp.Header.Get("Location")
		if !r.Follow || resp.Status < 300 || resp.Status > 399 || loc == "" {
			c.noteAnswer(r.Check, resp)
			return resp, nil
		}
		if hop >= MaxRedirects {
			return resp, fmt.Errorf("%w: more than %d redirects", ErrRedirect, MaxRedirects)
		}
		next, err := nextHop(u, loc, allowed)
		if err != nil {
			return resp, err
		}
		redirects = append(redirects, shown(next))
		u = next
		// A redirect is followed with no body, and never with a method of
		// more effect than the one sent: a HEAD stays a HEAD (RFC 9110
		// 15.4 lets it; a GET could download a heap dump), an OPTIONS an
		// OPTIONS, anything else (a POST) becomes a GET.
		if r.Method != http.MethodHead && r.Method != http.MethodOptions {
			r.Method = http.MethodGet
		}
		r.Body = nil
	}
}

// nextHop is where the Location loc of a response to u leads, if probes
// follow it: only on the allowed origin, and never to a URL with
// credentials (followed, it would send them as Basic auth).
func nextHop(u *url.URL, loc string, allowed Origin) (*url.URL, error) {
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("%w: the Location header is not a URL", ErrRedirect)
	}
	if ref.User != nil {
		return nil, fmt.Errorf("%w: %s redirects to a URL with credentials (%s), which is never followed", ErrRedirect, u.Path, shown(ref))
	}
	next := u.ResolveReference(ref)
	if OriginOf(next) != allowed {
		return nil, fmt.Errorf("%w: %s redirects to another origin (%s, not the preview's %s), another service whose answers say nothing about the preview; pass that URL as the preview URL if it is the API", ErrRedirect, u.Path, originLabel(next), allowed)
	}
	return next, nil
}

func (c *Client) once(parent context.Context, r Request, u *url.URL) (*Response, error) {
	if c.Remaining() <= 0 {
		return nil, c.timeUp()
	}
	if c.left.Add(-1) < 0 {
		return nil, ErrBudget
	}
	// Everything below, waiting for a slot included, ends at the time
	// budget's deadline.
	ctx, stop := c.budgetCtx(parent)
	defer stop()
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, c.budgetErr(parent, ctx.Err())
	}
	defer func() { <-c.sem }()
	start := time.Now()
	defer func() {
		c.mu.Lock()
		c.perChk[r.Check]++
		c.elapsed[r.Check] += time.Since(start)
		c.mu.Unlock()
	}()
	// The request's deadline covers the body as well as the headers: a
	// target that drip-feeds its body is cut off here.
	ctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	// The transport may still call the dial hooks from its own goroutine
	// after a cancelled request returned (the time budget cancels many):
	// the timings are guarded.
	var tmu sync.Mutex
	var t Timing
	var dnsStart, connStart, tlsStart time.Time
	at := func(f func()) { tmu.Lock(); f(); tmu.Unlock() }
	trace := &httptrace.ClientTrace{
		DNSStart:             func(httptrace.DNSStartInfo) { at(func() { dnsStart = time.Now() }) },
		DNSDone:              func(httptrace.DNSDoneInfo) { at(func() { t.DNS = time.Since(dnsStart) }) },
		ConnectStart:         func(string, string) { at(func() { connStart = time.Now() }) },
		ConnectDone:          func(string, string, error) { at(func() { t.Connect = time.Since(connStart) }) },
		TLSHandshakeStart:    func() { at(func() { tlsStart = time.Now() }) },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { at(func() { t.TLS = time.Since(tlsStart) }) },
		GotFirstResponseByte: func() { at(func() { t.TTFB = time.Since(start) }) },
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), r.Method, u.String(), body)
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("User-Agent", "launchready/"+version.String()+" (launch-readiness probe; +https://github.com/launchready/launchready)")
	if r.Token != "" {
		// Tokens go only to the preview's own origin (Do refuses any
		// other; this is the last line of defence).
		if tok := c.opts.Tokens[r.Token]; tok != "" && c.SameOrigin(u) {
			req.Header.Set(c.opts.AuthHeader, c.opts.AuthPrefix+tok)
		}
	}
	if r.Body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.budgetErr(parent, err)
	}
	defer resp.Body.Close()
	sentToken := ""
	if req.Header.Get(c.opts.AuthHeader) != "" {
		sentToken = r.Token
	}
	c.noteCookies(r, u, sentToken, resp)
	// Sent compressed though we did not ask: decompress, capped, so a
	// bomb stops at the cap. An encoding probes cannot decode is not the
	// body: nothing in it is examined.
	rd, eerr := decode(resp.Body, resp.Header.Values("Content-Encoding"))
	if eerr != nil {
		out := &Response{Method: r.Method, Status: resp.StatusCode, Header: resp.Header, URL: u, TLS: resp.TLS}
		out.Timing.Total = time.Since(start)
		return out, &BodyError{Method: r.Method, Path: u.Path, Err: eerr}
	}
	data, rerr := io.ReadAll(io.LimitReader(rd, r.Cap+1))
	tmu.Lock()
	timing := t
	tmu.Unlock()
	out := &Response{Method: r.Method, Status: resp.StatusCode, Header: resp.Header, URL: u, Timing: timing, TLS: resp.TLS}
	if int64(len(data)) > r.Cap {
		data, out.Truncated = data[:r.Cap], true
	}
	out.Body = data
	out.Timing.Total = time.Since(start)
	if rerr != nil && !out.Truncated {
		// A body cut short is not the body: return what came with the
		// error, so no check mistakes a part for the whole.
		return out, &BodyError{Method: r.Method, Path: u.Path, Got: len(data), Err: c.budgetErr(parent, rerr)}
	}
	return out, nil
}

// EncodingError is a body sent with a Content-Encoding probes do not
// decode (br, zstd, an unknown one) or that is not valid in it.
type EncodingError struct {
	Encoding string
	Err      error
}

func (e *EncodingError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("it is sent with Content-Encoding %s but is not valid %s (%v), so its content was not examined", e.Encoding, e.Encoding, e.Err)
	}
	return fmt.Sprintf("it is sent with Content-Encoding %s, which probes do not decode (they decode gzip, x-gzip and deflate), so its content was not examined", e.Encoding)
}

// maxEncodings bounds a chain of encodings ("gzip, gzip").
const maxEncodings = 3

// decode undoes the Content-Encoding values (applied in order, so undone
// in reverse): gzip, x-gzip and deflate (zlib-wrapped, or raw as some
// servers send it); identity is nothing. Any other encoding, or a header
// that is not valid in its encoding, is an *EncodingError.
func decode(body io.Reader, values []string) (io.Reader, error) {
	var encs []string
	for _, v := range values {
		for _, e := range strings.Split(v, ",") {
			e = strings.ToLower(strings.TrimSpace(e))
			if e != "" && e != "identity" {
				encs = append(encs, e)
			}
		}
	}
	if len(encs) > maxEncodings {
		return nil, &EncodingError{Encoding: strings.Join(encs, ", "), Err: errors.New("too many encodings")}
	}
	rd := body
	for i := len(encs) - 1; i >= 0; i-- {
		switch e := encs[i]; e {
		case "gzip", "x-gzip":
			gz, err := gzip.NewReader(rd)
			if err != nil {
				return nil, &EncodingError{Encoding: e, Err: err}
			}
			rd = gz
		case "deflate":
			br := bufio.NewReader(rd)
			h, err := br.Peek(2)
			if err != nil {
				return nil, &EncodingError{Encoding: e, Err: err}
			}
			if h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
				zr, err := zlib.NewReader(br)
				if err != nil {
					return nil, &EncodingError{Encoding: e, Err: err}
				}
				rd = zr
			} else {
				rd = flate.NewReader(br)
			}
		default:
			return nil, &EncodingError{Encoding: e}
		}
	}
	return rd, nil
}
