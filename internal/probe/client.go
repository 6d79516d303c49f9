// Package probe checks a running preview of the API as an attacker would,
// safely: it sends only GET, HEAD and OPTIONS unless POST is allowed, within
// a request budget, with timeouts and size caps, following redirects only on
// the same host, and never connects to private, link-local, metadata or
// multicast addresses (loopback only under an explicit test option).
package probe

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"code.dny.dev/ssrf"

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
	// DefaultTimeBudget bounds the whole probe run (probe.time-budget).
	DefaultTimeBudget = 2 * time.Minute
)

// Errors a probe request can end with.
var (
	ErrBudget   = errors.New("the request budget is used up (probe.max-requests)")
	ErrMethod   = errors.New("only GET, HEAD and OPTIONS are sent unless probe.allow-post is set")
	ErrOffHost  = errors.New("a probe request may only go to the preview's own host")
	ErrRefused  = errors.New("refused: private, link-local, metadata or multicast address")
	ErrRedirect = errors.New("redirect refused")
)

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
	opts    ClientOptions
	guard   *ssrf.Guardian
	hc      *http.Client
	sem     chan struct{}
	left    atomic.Int64
	mu      sync.Mutex
	perChk  map[string]int
	elapsed map[string]time.Duration
	// deadline is the end of the time budget.
	deadline time.Time
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
	c := &Client{base: base, opts: o, guard: ssrf.New(gopts...), sem: make(chan struct{}, MaxConcurrency),
		perChk: map[string]int{}, elapsed: map[string]time.Duration{}, deadline: time.Now().Add(o.TimeBudget)}
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
	// Path is relative to the base URL ("/api/members?x=1"), or absolute
	// on the same host.
	Path   string
	Header http.Header
	Body   []byte
	// Token names the test token to send ("member", "admin") or none.
	Token  string
	Cap    int64
	Follow bool
}

// Timing breaks a request down (the latency check reports it).
type Timing struct {
	DNS, Connect, TLS, TTFB, Total time.Duration
}

// Response is what came back.
type Response struct {
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

// Resolve turns a probe path into a URL on the base host.
func (c *Client) Resolve(p string) (*url.URL, error) {
	ref, err := url.Parse(p)
	if err != nil {
		return nil, err
	}
	if !ref.IsAbs() {
		// Paths are relative to the base URL's path ("/preview/" + "api").
		b := *c.base
		if !strings.HasSuffix(b.Path, "/") {
			b.Path += "/"
		}
		ref.Path = strings.TrimPrefix(ref.Path, "/")
		return b.ResolveReference(ref), nil
	}
	return ref, nil
}

func (c *Client) sameHost(u *url.URL) bool {
	return strings.EqualFold(u.Hostname(), c.base.Hostname())
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

// Do sends one request (and follows same-host redirects when asked). Every
// request, redirects included, counts against the budget.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	switch r.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions:
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		if !c.opts.AllowPost {
			return nil, ErrMethod
		}
	default:
		return nil, ErrMethod
	}
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	if r.Cap == 0 {
		r.Cap = DefaultCap
	}
	u, err := c.Resolve(r.Path)
	if err != nil {
		return nil, err
	}
	var redirects []string
	for hop := 0; ; hop++ {
		if !c.sameHost(u) {
			return nil, fmt.Errorf("%w: %s", ErrOffHost, u.Host)
		}
		if err := c.refuseHost(u); err != nil {
			return nil, err
		}
		resp, err := c.once(ctx, r, u)
		if err != nil {
			// resp is the part that came with a BodyError, or nil.
			return resp, err
		}
		resp.Redirects = redirects
		loc := resp.Header.Get("Location")
		if !r.Follow || resp.Status < 300 || resp.Status > 399 || loc == "" {
			return resp, nil
		}
		if hop >= MaxRedirects {
			return resp, fmt.Errorf("%w: more than %d redirects", ErrRedirect, MaxRedirects)
		}
		next, err := u.Parse(loc)
		if err != nil {
			return resp, fmt.Errorf("%w: bad Location %q", ErrRedirect, loc)
		}
		if !c.sameHost(next) {
			return resp, fmt.Errorf("%w: to another host (%s)", ErrRedirect, next.Host)
		}
		redirects = append(redirects, next.String())
		u = next
		// A redirect is followed with GET and no body.
		r.Method, r.Body = http.MethodGet, nil
	}
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
	req.Header.Set("User-Agent", "launchready/"+version.Version+" (launch-readiness probe; +https://github.com/launchready/launchready)")
	if r.Token != "" {
		// Tokens go only to the preview's own host: Do refuses any other.
		if tok := c.opts.Tokens[r.Token]; tok != "" && c.sameHost(u) {
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
	var rd io.Reader = resp.Body
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		// Sent compressed though we did not ask: decompress, capped, so a
		// gzip bomb stops at the cap.
		if gz, err := gzip.NewReader(resp.Body); err == nil {
			defer gz.Close()
			rd = gz
		}
	}
	data, rerr := io.ReadAll(io.LimitReader(rd, r.Cap+1))
	tmu.Lock()
	timing := t
	tmu.Unlock()
	out := &Response{Status: resp.StatusCode, Header: resp.Header, URL: u, Timing: timing, TLS: resp.TLS}
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
