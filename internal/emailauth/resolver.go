// Package emailauth checks a mail domain's SPF, DKIM, DMARC and MX records,
// the DNS that decides whether password resets and alerts reach inboxes.
// It asks one DNS server directly (the system's, or one given), so tests can
// point it at a loopback server.
package emailauth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

const ednsSize = 1232

// Resolver asks one DNS server: UDP first, TCP when the answer is
// truncated, one retry after a timeout.
type Resolver struct {
	// Server is host:port.
	Server  string
	Timeout time.Duration
	Retries int
	// budget, when set, caps the questions this resolver sends.
	budget *budget
}

// budget counts the DNS questions a part of a check may still send.
type budget struct {
	part  string
	limit int64
	used  atomic.Int64
}

// capped is a copy of r that sends at most limit questions for part.
func (r *Resolver) capped(part string, limit int) *Resolver {
	c := *r
	c.budget = &budget{part: part, limit: int64(limit)}
	return &c
}

// BudgetError is a lookup refused because its part of the check used up
// its share of DNS queries: records that need more lookups than that are
// not evaluated (never passed).
type BudgetError struct {
	Part  string
	Limit int64
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("stopped after %d DNS queries, launchready's cap for %s; records that need more lookups than that (long CNAME chains, many selectors) are not evaluated", e.Limit, e.Part)
}

// SystemResolver uses the first nameserver of /etc/resolv.conf.
func SystemResolver() (*Resolver, error) {
	cfg, err := dns.ClientConfigFromFile("/etc/resolv.conf")
	if err != nil || len(cfg.Servers) == 0 {
		return nil, errors.New("no system DNS resolver is configured; pass --dns-server host:port")
	}
	return &Resolver{Server: net.JoinHostPort(cfg.Servers[0], cfg.Port)}, nil
}

// NotFoundError is a name with no record of the asked type (NXDOMAIN, or a
// name that exists without such records). For a mail domain it is a finding.
type NotFoundError struct {
	Name, Type string
	NXDomain   bool
}

func (e *NotFoundError) Error() string {
	if e.NXDomain {
		return fmt.Sprintf("%s does not exist (NXDOMAIN)", e.Name)
	}
	return fmt.Sprintf("%s has no %s record", e.Name, e.Type)
}

// UnavailableError is a lookup that could not be answered: a timeout,
// SERVFAIL or REFUSED. The check is then "not checked", never "pass".
type UnavailableError struct {
	Name, Type, Why string
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("the DNS lookup of %s %s failed: %s", e.Type, e.Name, e.Why)
}

// IsNotFound reports whether err means "no such record".
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

func (r *Resolver) exchange(ctx context.Context, name string, qtype uint16) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = true
	// 1232 bytes fits any path without IP fragmentation (DNS flag day
	// 2020); larger answers come back truncated and are asked over TCP.
	m.SetEdns0(ednsSize, false)
	timeout := r.Timeout
	if timeout == 0 {
		timeout = 2 * time.Second
	}
	typ := dns.TypeToString[qtype]
	var lastErr error
	for attempt := 0; attempt <= max(r.Retries, 0); attempt++ {
		if err := r.spend(); err != nil {
			return nil, err
		}
		udp := &dns.Client{Net: "udp", Timeout: timeout, UDPSize: ednsSize}
		resp, _, err := udp.ExchangeContext(ctx, m, r.Server)
		if err == nil && resp.Truncated {
			if err := r.spend(); err != nil {
				return nil, err
			}
			// The answer did not fit a UDP datagram: ask again over TCP.
			tcp := &dns.Client{Net: "tcp", Timeout: timeout}
			resp, _, err = tcp.ExchangeContext(ctx, m, r.Server)
		}
		if err != nil {
			lastErr = err
			if ctx.Err() != nil {
				break
			}
			continue
		}
		switch resp.Rcode {
		case dns.RcodeSuccess:
			return resp, nil
		case dns.RcodeNameError:
			return nil, &NotFoundError{Name: name, Type: typ, NXDomain: true}
		default:
			return nil, &UnavailableError{Name: name, Type: typ, Why: dns.RcodeToString[resp.Rcode]}
		}
	}
	why := "no answer"
	var ne net.Error
	if errors.As(lastErr, &ne) && ne.Timeout() {
		why = fmt.Sprintf("no answer within %s (tried %d times)", timeout, max(r.Retries, 0)+1)
	} else if lastErr != nil {
		why = lastErr.Error()
	}
	return nil, &UnavailableError{Name: name, Type: typ, Why: why}
}

// spend takes one question from the budget.
func (r *Resolver) spend() error {
	if b := r.budget; b != nil && b.used.Add(1) > b.limit {
		return &BudgetError{Part: b.part, Limit: b.limit}
	}
	return nil
}

// TXT returns the TXT records at name, each with its strings joined, after
// following CNAMEs (at most 8).
func (r *Resolver) TXT(ctx context.Context, name string) ([]string, error) {
	for hop := 0; hop < 8; hop++ {
		resp, err := r.exchange(ctx, name, dns.TypeTXT)
		if err != nil {
			return nil, err
		}
		var out []string
		target := ""
		for _, rr := range resp.Answer {
			switch v := rr.(type) {
			case *dns.TXT:
				out = append(out, strings.Join(v.Txt, ""))
			case *dns.CNAME:
				target = v.Target
			}
		}
		if len(out) > 0 {
			return out, nil
		}
		if target == "" {
			return nil, &NotFoundError{Name: name, Type: "TXT"}
		}
		name = strings.TrimSuffix(target, ".")
	}
	return nil, &UnavailableError{Name: name, Type: "TXT", Why: "too many CNAME hops"}
}

// MX returns the mail exchangers of name.
func (r *Resolver) MX(ctx context.Context, name string) ([]string, error) {
	resp, err := r.exchange(ctx, name, dns.TypeMX)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, rr := range resp.Answer {
		if mx, ok := rr.(*dns.MX); ok {
			out = append(out, strings.TrimSuffix(mx.Mx, "."))
		}
	}
	if len(out) == 0 {
		return nil, &NotFoundError{Name: name, Type: "MX"}
	}
	return out, nil
}

// Addresses counts the A and AAAA records of name.
func (r *Resolver) Addresses(ctx context.Context, name string) (int, error) {
	n := 0
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		resp, err := r.exchange(ctx, name, t)
		if err != nil {
			if IsNotFound(err) {
				continue
			}
			return 0, err
		}
		for _, rr := range resp.Answer {
			switch rr.(type) {
			case *dns.A, *dns.AAAA:
				n++
			}
		}
	}
	if n == 0 {
		return 0, &NotFoundError{Name: name, Type: "A/AAAA"}
	}
	return n, nil
}
