package demo

import (
	"os"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/emailauth/dnstest"
)

// Run is one run of the built-in demo: a temporary repository, its mail
// domain served by a DNS server on loopback, and, when asked for, its
// preview on loopback with its own CA. Close removes all of it.
type Run struct {
	// Repo is the demo repository's folder.
	Repo string
	// Email is the demo's mail domain, looked up at its DNS server.
	Email check.EmailTarget
	// Live is the demo preview; nil when Start was not asked for one.
	Live *check.LiveTarget

	close []func()
}

// Start builds the demo repository and starts its DNS server, and its
// preview when preview is set (a run given another --url probes that one).
func Start(preview bool) (_ *Run, err error) {
	r := &Run{}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	tmp, err := os.MkdirTemp("", "launchready-demo-")
	if err != nil {
		return nil, err
	}
	r.close = append(r.close, func() { os.RemoveAll(tmp) })
	dir, secrets, err := Build(tmp)
	if err != nil {
		return nil, err
	}
	r.Repo = dir
	dns, err := dnstest.Start(DNSZone)
	if err != nil {
		return nil, err
	}
	r.close = append(r.close, func() { dns.Close() })
	r.Email = check.EmailTarget{Domain: MailDomain, Selectors: []string{"k1"}, DNSServer: dns.Addr}
	if preview {
		target, err := StartTarget(secrets)
		if err != nil {
			return nil, err
		}
		r.close = append(r.close, func() { target.Close() })
		r.Live = &check.LiveTarget{URL: target.URL, MemberToken: MemberToken, AdminToken: AdminToken, AllowLoopback: true, CACertPEM: target.CACertPEM}
	}
	return r, nil
}

// Close stops the demo's servers and removes its repository.
func (r *Run) Close() {
	for i := len(r.close) - 1; i >= 0; i-- {
		r.close[i]()
	}
	r.close = nil
}
