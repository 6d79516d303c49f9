// Package dnstest is a real DNS server on 127.0.0.1 serving a fake zone,
// over UDP and TCP on the same port, for the email checks' tests and the
// demo. The zone is standard zone-file lines plus directives that make a
// name misbehave:
//
//	example.test. 300 IN TXT "v=spf1 -all"
//	; servfail broken.example.test.      (and every name under it)
//	; refused  refused.example.test.     (and every name under it)
//	; slow     slow.example.test.        (no answer at all: a timeout)
//	; truncate big.example.test.         (UDP answers have TC set: use TCP)
package dnstest

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/miekg/dns"
)

// Server is a running fake DNS server.
type Server struct {
	// Addr is 127.0.0.1:port, for both UDP and TCP.
	Addr                              string
	records                           map[string][]dns.RR // by lower-case FQDN
	servfail, refused, slow, truncate map[string]bool
	udp, tcp                          *dns.Server
	// Queries counts the questions received, by "proto TYPE name".
	mu      sync.Mutex
	Queries map[string]int
	total   atomic.Int64
}

// Start serves zone (see the package comment) until Close.
func Start(zone string) (*Server, error) {
	s := &Server{records: map[string][]dns.RR{}, servfail: map[string]bool{}, refused: map[string]bool{},
		slow: map[string]bool{}, truncate: map[string]bool{}, Queries: map[string]int{}}
	for n, line := range strings.Split(zone, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, ";") {
			f := strings.Fields(strings.TrimPrefix(line, ";"))
			if len(f) == 2 {
				name := strings.ToLower(dns.Fqdn(f[1]))
				switch f[0] {
				case "servfail":
					s.servfail[name] = true
				case "refused":
					s.refused[name] = true
				case "slow":
					s.slow[name] = true
				case "truncate":
					s.truncate[name] = true
				}
			}
			continue
		}
		rr, err := dns.NewRR(line)
		if err != nil {
			return nil, fmt.Errorf("zone line %d: %v", n+1, err)
		}
		name := strings.ToLower(rr.Header().Name)
		s.records[name] = append(s.records[name], rr)
	}
	// One port for UDP and TCP, as a real server has.
	for tries := 0; ; tries++ {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			if tries < 10 {
				continue
			}
			return nil, err
		}
		s.Addr = pc.LocalAddr().String()
		s.udp = &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(s.handle("udp"))}
		s.tcp = &dns.Server{Listener: l, Handler: dns.HandlerFunc(s.handle("tcp"))}
		break
	}
	ready := make(chan struct{}, 2)
	s.udp.NotifyStartedFunc = func() { ready <- struct{}{} }
	s.tcp.NotifyStartedFunc = func() { ready <- struct{}{} }
	go func() { _ = s.udp.ActivateAndServe() }()
	go func() { _ = s.tcp.ActivateAndServe() }()
	<-ready
	<-ready
	return s, nil
}

// Close stops the server.
func (s *Server) Close() {
	_ = s.udp.Shutdown()
	_ = s.tcp.Shutdown()
}

// Total is the number of questions received.
func (s *Server) Total() int64 { return s.total.Load() }

func (s *Server) handle(proto string) func(dns.ResponseWriter, *dns.Msg) {
	return func(w dns.ResponseWriter, req *dns.Msg) {
		if len(req.Question) != 1 {
			return
		}
		q := req.Question[0]
		name := strings.ToLower(q.Name)
		s.total.Add(1)
		s.mu.Lock()
		s.Queries[proto+" "+dns.TypeToString[q.Qtype]+" "+name]++
		s.mu.Unlock()
		if under(s.slow, name) {
			return // never answer: the client times out
		}
		m := new(dns.Msg)
		m.SetReply(req)
		m.RecursionAvailable = true
		switch {
		case under(s.servfail, name):
			m.Rcode = dns.RcodeServerFailure
		case under(s.refused, name):
			m.Rcode = dns.RcodeRefused
		case s.truncate[name] && proto == "udp":
			m.Truncated = true
		default:
			s.answer(m, name, q.Qtype, 0)
		}
		if proto == "udp" {
			// Like a real server: what does not fit the client's buffer
			// (512 bytes, or its EDNS0 size) is cut and marked truncated.
			size := dns.MinMsgSize
			if opt := req.IsEdns0(); opt != nil {
				size = int(opt.UDPSize())
			}
			m.Truncate(size)
		}
		_ = w.WriteMsg(m)
	}
}

// under reports whether name or one of its parents is in set: a directive
// covers a whole subtree, as a broken zone's server would.
func under(set map[string]bool, name string) bool {
	for n := name; n != ""; {
		if set[n] {
			return true
		}
		_, rest, ok := strings.Cut(n, ".")
		if !ok {
			break
		}
		n = rest
	}
	return false
}

// answer fills in records, following CNAMEs as a recursive resolver does.
func (s *Server) answer(m *dns.Msg, name string, qtype uint16, depth int) {
	rrs, exists := s.records[name]
	if !exists {
		if depth == 0 && !s.hasChildren(name) {
			m.Rcode = dns.RcodeNameError
		}
		return
	}
	for _, rr := range rrs {
		if rr.Header().Rrtype == qtype {
			m.Answer = append(m.Answer, rr)
		}
	}
	if len(m.Answer) == 0 && depth < 8 {
		for _, rr := range rrs {
			if c, ok := rr.(*dns.CNAME); ok {
				m.Answer = append(m.Answer, c)
				s.answer(m, strings.ToLower(c.Target), qtype, depth+1)
			}
		}
	}
}

// hasChildren reports whether name is an empty non-terminal (NOERROR, no
// data), as _domainkey.example.com is.
func (s *Server) hasChildren(name string) bool {
	for n := range s.records {
		if strings.HasSuffix(n, "."+name) {
			return true
		}
	}
	return false
}
