package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/launchready/launchready/internal/config"
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

func FuzzShort(f *testing.F) {
	f.Add("AKIAIOSFODNN7EXAMPLQ")
	f.Add("ok")
	f.Add("é😀é😀é😀é😀é😀")
	f.Fuzz(func(t *testing.T, s string) {
		out := config.Short(s)
		if utf8.RuneCountInString(out) > 9 {
			t.Errorf("Short(%q) = %q: too long", s, out)
		}
		if !strings.HasPrefix(s, strings.TrimSuffix(out, "…")) {
			t.Errorf("Short(%q) = %q: not a prefix", s, out)
		}
	})
}
