package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

var httpsCheck = probeCheck{
	id: "probe-https", title: "HTTPS, certificate, TLS versions, redirect and HSTS of the preview",
	rows: []finding.Row{finding.RowHTTPS},
	rules: []check.Rule{
		ruleNoHttps,
		ruleTlsInvalidCertificate,
		ruleTlsExpiring,
		ruleTlsOldVersion,
		ruleHttpNotRedirected,
		ruleHttpRedirectNotPermanent,
		ruleHstsMissing,
		ruleHstsShort,
		ruleMixedContent,
	},
	run: runHTTPS,
}

const hstsMinAge = 180 * 24 * 3600

func runHTTPS(ctx context.Context, s *Session) check.Result {
	var res check.Result
	add := func(f finding.Finding) { res.Findings = append(res.Findings, f) }
	base := s.Base
	root, _ := s.Client.Resolve("/")
	if base.Scheme == "http" {
		add(s.liveFinding(ruleNoHttps,
			fmt.Sprintf("The preview %s is http://: tokens, cookies and personal data cross the network unencrypted.", shown(base)),
			"Serve it over HTTPS (a CDN or load balancer can terminate TLS) and redirect HTTP to HTTPS.", "GET", root, nil))
		// An http:// base may still redirect: check it.
		s.checkRedirect(ctx, root, false, &res)
		res.Status = check.StatusRan
		return res
	}
	home, err := s.Home(ctx)
	if err != nil {
		var cv *tls.CertificateVerificationError
		var hv x509.HostnameError
		var ui x509.UnknownAuthorityError
		var ci x509.CertificateInvalidError
		switch {
		case errors.As(err, &cv), errors.As(err, &hv), errors.As(err, &ui), errors.As(err, &ci):
			add(s.liveFinding(ruleTlsInvalidCertificate,
				fmt.Sprintf("Browsers refuse the preview's certificate: %s.", certReason(err)),
				"Serve a certificate from a public CA (Let's Encrypt, your CDN) that covers this host name, with its full chain, and renew it automatically.", "GET", root, nil))
			s.certDetails(ctx, &res)
			res.Status = check.StatusRan
			return res
		}
		return unreachable(s, err)
	}
	s.certDetails(ctx, &res)
	// A refused old-version handshake is evidence; a budget used up is not.
	versions := s.cover("old TLS version handshakes")
	for _, v := range []uint16{tls.VersionTLS10, tls.VersionTLS11} {
		versions.plan(1)
		ok, err := s.offers(ctx, v)
		if err != nil {
			// A timeout, a reset or a closed connection says nothing
			// about the version: only an answer does.
			versions.take(nil, err, 0)
			continue
		}
		versions.examined++
		if ok {
			add(s.liveFinding(ruleTlsOldVersion,
				fmt.Sprintf("The preview accepts %s, which is deprecated (RFC 8996) and open to downgrade attacks.", tls.VersionName(v)),
				"Accept TLS 1.2 and 1.3 only (set the minimum protocol version on your CDN, load balancer or server).", "GET", root, nil))
			break
		}
	}
	// An error page's headers are not the site's: a 5xx home answer is
	// no evidence of HSTS either way.
	answers := s.cover("answers of / for HSTS and mixed content")
	answers.plan(1)
	if !answers.take(home, nil, 0) {
		res.Status = check.StatusRan
		return finish(res, versions, answers)
	}
	hsts := home.Header.Get("Strict-Transport-Security")
	switch age := maxAge(hsts); {
	case hsts == "":
		add(s.liveFinding(ruleHstsMissing,
			"The preview sends no HSTS header, so a first visit over http:// can be intercepted and downgraded.",
			"Send Strict-Transport-Security: max-age=31536000; includeSubDomains (helmet and most CDNs do it).", "GET", home.URL, nil))
	case age < hstsMinAge:
		add(s.liveFinding(ruleHstsShort,
			fmt.Sprintf("The HSTS max-age is %d seconds (%d day(s)); 180 days or more is expected.", age, age/86400),
			"Set max-age=31536000 (one year).", "GET", home.URL, nil))
	default:
		note := fmt.Sprintf("HSTS %d days", age/86400)
		if strings.Contains(strings.ToLower(hsts), "includesubdomains") {
			note += " with includeSubDomains"
		}
		res.Notes = append(res.Notes, note)
	}
	if u := mixedContent(home.Body); len(u) > 0 {
		add(s.liveFinding(ruleMixedContent,
			fmt.Sprintf("The preview's HTML loads %d resource(s) over http://, such as %s: browsers block or warn, and they can be tampered with.", len(u), u[0]),
			"Load every script, style, image and frame over https:// (or a relative URL).", "GET", home.URL, nil))
	}
	// http:// on the default port should redirect here.
	if base.Port() == "" || base.Port() == "443" {
		plain := *base
		plain.Scheme, plain.Host, plain.User, plain.Path, plain.RawQuery = "http", base.Hostname(), nil, "/", ""
		s.checkRedirect(ctx, &plain, true, &res)
	}
	res.Status = check.StatusRan
	return finish(res, versions)
}

// checkRedirect asks plain for a redirect to https://; twin is the
// http:// twin of an https preview (another origin, asked without tokens).
func (s *Session) checkRedirect(ctx context.Context, plain *url.URL, twin bool, res *check.Result) {
	path := plain.String()
	if twin {
		path = "/"
	}
	resp, err := s.Client.Do(ctx, Request{Check: "probe-https", Path: path, PlainHTTP: twin})
	if err != nil {
		res.Notes = append(res.Notes, "http:// not reachable")
		return
	}
	loc, _ := plain.Parse(resp.Header.Get("Location"))
	redirected := resp.Status >= 300 && resp.Status < 400 && loc != nil && loc.Scheme == "https" && strings.EqualFold(loc.Hostname(), plain.Hostname())
	switch {
	case !redirected:
		res.Findings = append(res.Findings, s.liveFinding(ruleHttpNotRedirected,
			fmt.Sprintf("%s answers %d instead of redirecting to https:// on the same host.", shown(plain), resp.Status),
			"Redirect every http:// request to https:// with 301 or 308.", "GET", plain, nil))
	case resp.Status != 301 && resp.Status != 308:
		res.Findings = append(res.Findings, s.liveFinding(ruleHttpRedirectNotPermanent,
			fmt.Sprintf("%s redirects to https:// with %d; browsers and crawlers keep trying http:// first.", shown(plain), resp.Status),
			"Use 301 or 308.", "GET", plain, nil))
	}
}

// certDetails dials without verification to read the certificate: expiry
// and, when verification failed, what is wrong with it.
func (s *Session) certDetails(ctx context.Context, res *check.Result) {
	conn, err := s.tlsDial(ctx, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12}) //nolint:gosec // we only read the certificate
	if err != nil {
		return
	}
	defer conn.Close()
	certs := conn.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return
	}
	leaf := certs[0]
	root, _ := s.Client.Resolve("/")
	left := time.Until(leaf.NotAfter)
	switch {
	case left <= 0:
		// Already reported as invalid (the verification failed).
	case left < 7*24*time.Hour:
		res.Findings = append(res.Findings, s.liveFinding(ruleTlsExpiring,
			fmt.Sprintf("The certificate expires on %s, in %d day(s).", leaf.NotAfter.UTC().Format("2006-01-02"), int(left.Hours()/24)),
			"Renew it now and automate renewal (ACME).", "GET", root, nil))
	case left < 21*24*time.Hour:
		res.Findings = append(res.Findings, s.liveFinding(ruleTlsExpiring.At(finding.SeverityMedium),
			fmt.Sprintf("The certificate expires on %s, in %d days.", leaf.NotAfter.UTC().Format("2006-01-02"), int(left.Hours()/24)),
			"Renew it and check that renewal is automated (ACME).", "GET", root, nil))
	default:
		res.Notes = append(res.Notes, fmt.Sprintf("certificate valid until %s", leaf.NotAfter.UTC().Format("2006-01-02")))
	}
}

// offers reports whether the server completes a handshake at one version.
// "Not offered" needs the server's answer: a TLS alert (protocol version,
// handshake failure) or a ServerHello of another version. A timeout, a
// reset, a closed connection or a used-up budget is the error: no
// evidence either way.
func (s *Session) offers(ctx context.Context, v uint16) (bool, error) {
	conn, err := s.tlsDial(ctx, &tls.Config{InsecureSkipVerify: true, MinVersion: v, MaxVersion: v}) //nolint:gosec // a version probe
	if err == nil {
		conn.Close()
		return true, nil
	}
	if refusedVersion(err) {
		return false, nil
	}
	return false, err
}

// refusedVersion recognises a handshake the server answered and refused:
// a TLS alert it sent, or a ServerHello at a version the client did not
// offer.
func refusedVersion(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" {
		return true
	}
	var ae tls.AlertError
	if errors.As(err, &ae) {
		return true
	}
	m := err.Error()
	return strings.Contains(m, "server selected unsupported protocol version") || strings.Contains(m, "tls: server chose an unconfigured cipher suite") ||
		strings.Contains(m, "tls: no cipher suite supported by both")
}

// tlsDial opens a TLS connection to the preview through the guarded dialer,
// counted against the budget.
func (s *Session) tlsDial(ctx context.Context, cfg *tls.Config) (*tls.Conn, error) {
	c := s.Client
	if c.Remaining() <= 0 {
		return nil, c.timeUp()
	}
	if c.left.Add(-1) < 0 {
		return nil, ErrBudget
	}
	c.mu.Lock()
	c.perChk["probe-https"]++
	c.mu.Unlock()
	host := s.Base.Hostname()
	port := s.Base.Port()
	if port == "" {
		port = "443"
	}
	cfg.ServerName = host
	d := &net.Dialer{Timeout: DialTimeout, Control: c.guard.Safe}
	parent := ctx
	ctx, stop := c.budgetCtx(ctx)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, DialTimeout+TLSTimeout)
	defer cancel()
	raw, err := d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, c.budgetErr(parent, err)
	}
	conn := tls.Client(raw, cfg)
	if err := conn.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, c.budgetErr(parent, err)
	}
	return conn, nil
}

func certReason(err error) string {
	var hv x509.HostnameError
	var ui x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(err, &hv):
		return "it is not valid for this host name"
	case errors.As(err, &ui):
		return "it is signed by an unknown authority (self-signed, or the chain is incomplete)"
	case errors.As(err, &ci):
		if ci.Reason == x509.Expired {
			return "it has expired or is not yet valid"
		}
		return "it is invalid (" + ci.Error() + ")"
	}
	return "it cannot be verified"
}

var maxAgeRe = regexp.MustCompile(`(?i)max-age\s*=\s*"?(\d+)`)

func maxAge(h string) int {
	if m := maxAgeRe.FindStringSubmatch(h); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

var mixedRe = regexp.MustCompile(`(?i)<(?:script|img|link|iframe|audio|video|source)\b[^>]*?\b(?:src|href)\s*=\s*["'](http://[^"']+)`)

func mixedContent(html []byte) []string {
	var out []string
	for _, m := range mixedRe.FindAllSubmatch(html, 20) {
		out = append(out, string(m[1]))
	}
	return out
}
