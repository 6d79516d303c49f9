package runinput

import (
	"strings"
	"testing"
)

func FuzzUntrustedResolver(f *testing.F) {
	for _, s := range []string{"1.1.1.1:53", "127.0.0.1:53", "169.254.169.254:53", "[fe80::1%eth0]:53", "[::1]:53", "dns.example:53", "10.0.0.1", ":53", "[::]:53"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, loop bool) {
		why := untrustedResolver(s, loop)
		if why == "" && !strings.Contains(s, ":") {
			t.Errorf("%q accepted without a port", s)
		}
	})
}
