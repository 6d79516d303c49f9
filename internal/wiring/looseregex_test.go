package wiring

import "testing"

func TestLooseOriginRegex(t *testing.T) {
	for _, c := range []struct {
		re    string
		m     regexMatch
		loose bool
	}{
		{`\.example\.com$`, matchSearch, false},         // only subdomains
		{`example\.com$`, matchSearch, true},            // evilexample.com
		{`^https://example\.com`, matchSearch, true},    // example.com.evil.net
		{`^https://example.com$`, matchSearch, true},    // exampleXcom
		{`^https://example\.com$`, matchSearch, false},  // exact
		{`https://example\.com$`, matchSearch, false},   // the scheme bounds the host
		{`^https://.*example\.com$`, matchSearch, true}, // evilexample.com
		{`^https://.*\.example\.com$`, matchSearch, false},
		{`^https?://([a-z0-9-]+\.)*example\.com$`, matchSearch, false},
		{`^https://(app|admin)\.example\.com$`, matchSearch, false},
		{`^https://[a-z]+\.example\.com(:\d+)?$`, matchSearch, false},
		{`^http://localhost:\d+$`, matchSearch, false},
		{`localhost:\d+$`, matchSearch, true},
		{`https://.*\.example\.com`, matchFull, false},   // Starlette fullmatch
		{`https://.*\.example\.com`, matchSearch, true},  // the same searched
		{`https://.*\.example\.com`, matchStart, true},   // re.match: end open
		{`https://.*\.example\.com$`, matchStart, false}, // re.match anchors the start
		{`https://.*example\.com$`, matchStart, true},
		{`.*\.example\.com`, matchFull, false},
	} {
		if got, why := looseOriginRegex(c.re, c.m); got != c.loose {
			t.Errorf("looseOriginRegex(%q, %d) = %v (%s), want %v", c.re, c.m, got, why, c.loose)
		}
	}
}

func FuzzLooseOriginRegex(f *testing.F) {
	for _, s := range []string{`\.example\.com$`, `^https://.*\.a\.b(:\d+)?$`, `\`, `$`, `^`, `\.)*x\.y$`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range []regexMatch{matchSearch, matchStart, matchFull} {
			if loose, why := looseOriginRegex(s, m); loose && why == "" {
				t.Fatalf("loose without a reason for %q", s)
			}
		}
	})
}
