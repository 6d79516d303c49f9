//go:build tools

// Command emailtime times the whole email check (SPF with recursion, DMARC,
// DKIM over the configured and common selectors, MX) against a DNS server on
// loopback, for bench/email.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/launchready/launchready/internal/demo"
	"github.com/launchready/launchready/internal/emailauth"
	"github.com/launchready/launchready/internal/emailauth/dnstest"
)

func main() {
	runs := flag.Int("runs", 20, "runs per case")
	flag.Parse()
	busy, err := os.ReadFile("testdata/email/tp/lookups.zone")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cases := []struct{ name, zone, domain string }{
		{"demo (community.example)", demo.DNSZone, demo.MailDomain},
		{"11 SPF lookups (busy.test)", string(busy), "busy.test"},
	}
	for _, c := range cases {
		s, err := dnstest.Start(c.zone)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var times []time.Duration
		var queries int64
		for i := 0; i < *runs; i++ {
			before := s.Total()
			start := time.Now()
			a := emailauth.Run(context.Background(), &emailauth.Resolver{Server: s.Addr, Timeout: 2 * time.Second, Retries: 1}, c.domain, []string{"k1"})
			times = append(times, time.Since(start))
			queries = s.Total() - before
			if len(a.NotChecked) > 0 {
				fmt.Fprintln(os.Stderr, "not checked:", a.NotChecked)
				os.Exit(1)
			}
		}
		s.Close()
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		med, worst := times[len(times)/2], times[len(times)-1]
		verdict := "met"
		if worst > 2*time.Second {
			verdict = "NOT met"
		}
		fmt.Printf("%-28s %3d DNS queries  median %6.1f ms  max %6.1f ms  (target <= 2000 ms: %s)\n",
			c.name, queries, float64(med.Microseconds())/1000, float64(worst.Microseconds())/1000, verdict)
	}
}
