package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/emailauth"
	"github.com/launchready/launchready/internal/emailauth/dnstest"
)

// fanOutZone is an SPF record whose includes each include ten more, depth
// levels deep: 1 + 10 + 100 + ... records, all valid.
func fanOutZone(domain string, depth int) string {
	var b strings.Builder
	var add func(name string, level int)
	add = func(name string, level int) {
		if level == depth {
			fmt.Fprintf(&b, "%s. 300 IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n", name)
			return
		}
		var terms []string
		for i := 0; i < 10; i++ {
			terms = append(terms, fmt.Sprintf("include:i%d.%s", i, name))
		}
		fmt.Fprintf(&b, "%s. 300 IN TXT \"v=spf1 %s -all\"\n", name, strings.Join(terms, " "))
		for i := 0; i < 10; i++ {
			add(fmt.Sprintf("i%d.%s", i, name), level+1)
		}
	}
	add(domain, 0)
	fmt.Fprintf(&b, "_dmarc.%s. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@%s\"\n", domain, domain)
	fmt.Fprintf(&b, "%s. 300 IN MX 10 mx.%s.\n", domain, domain)
	return b.String()
}

// TestFaultSPFIncludeFanOut: an SPF include fan-out (each include pointing
// at ten more) made thousands of DNS queries. Evaluation stops at RFC
// 7208's limit of 10 lookup terms, says so in the finding, and the whole
// domain check stays under launchready's query cap.
func TestFaultSPFIncludeFanOut(t *testing.T) {
	t.Parallel()
	dns, err := dnstest.Start(fanOutZone("fan.test", 3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dns.Close)
	r := repoWith(t, nil)
	doc, res := runJSON(t, "--repo", r.Dir, "--check", "email", "--domain", "fan.test", "--dns-server", dns.Addr)
	if n := dns.Total(); n > 50 {
		t.Errorf("the DNS server saw %d queries, want at most 50 (SPF stopped at 11 lookups + DKIM selectors + DMARC + MX)", n)
	}
	t.Logf("queries: %d total, %d SPF", dns.Total(), spfQueries(dns))
	if n := spfQueries(dns); n > 12 {
		t.Errorf("%d SPF TXT queries under fan.test, want at most 12 (the record and 11 lookup terms)", n)
	}
	var msg string
	for _, f := range doc.Findings {
		if f.RuleID == "email/spf-too-many-lookups" {
			msg = f.Message
		}
	}
	if !strings.Contains(msg, "evaluation stopped at include:") || !strings.Contains(msg, "permerror") || !strings.Contains(msg, "not followed") {
		t.Errorf("the finding does not say where and why SPF evaluation stopped: %q\n%s", msg, res.stdout)
	}
	if status, _ := doc.row("email"); status != "fail" || res.code != exitFindings {
		t.Errorf("email row %s, exit %d; want fail, exit %d", status, res.code, exitFindings)
	}
}

func spfQueries(s *dnstest.Server) int {
	n := 0
	for q, c := range s.Queries {
		if strings.HasPrefix(q, "udp TXT ") && strings.HasSuffix(q, "fan.test.") && !strings.Contains(q, "_domainkey") && !strings.Contains(q, "_dmarc") {
			n += c
		}
	}
	return n
}

// TestFaultDNSQueryCap: a config with many DKIM selectors (the config is
// repository content) cannot make the domain check send unbounded queries:
// the selectors past the cap are named as not checked, never passed.
func TestFaultDNSQueryCap(t *testing.T) {
	t.Parallel()
	dns, err := dnstest.Start("cap.test. 300 IN TXT \"v=spf1 -all\"\n_dmarc.cap.test. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@cap.test\"\ncap.test. 300 IN MX 10 mx.cap.test.\n")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dns.Close)
	var sel []string
	for i := 0; i < 500; i++ {
		sel = append(sel, fmt.Sprintf("      - sel%d\n", i))
	}
	r := repoWith(t, map[string]string{".launchready.yml": "email:\n  domain: cap.test\n  selectors:\n" + strings.Join(sel, "")})
	doc, res := runJSON(t, "--repo", r.Dir, "--check", "email", "--dns-server", dns.Addr)
	if n := dns.Total(); n > emailauth.MaxQueries {
		t.Errorf("the DNS server saw %d queries, want at most %d", n, emailauth.MaxQueries)
	}
	t.Logf("queries: %d", dns.Total())
	status, reason := doc.row("email")
	if status != "not-checked" || !strings.Contains(reason, "500 selectors are configured and launchready looks up at most") || res.code != exitNotRun {
		t.Errorf("email row %s (%q), exit %d; want not checked naming the selector cap, exit %d", status, reason, res.code, exitNotRun)
	}
}
