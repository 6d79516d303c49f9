package config

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestIsURLPath(t *testing.T) {
	t.Parallel()
	good := []string{"/", "/login", "/api/v1/users?limit=1", "/a//b", "/x#frag", "/@evil"}
	bad := []string{"", "login", "/%2F%2Fhost", "//127.0.0.1:9999/x", "///x", "https://evil.example/x", "http://x", "/\\evil.example",
		"\\\\evil", "http:x", "mailto:a@b", "/x\n", "\t/x", "javascript:alert(1)"}
	for _, p := range good {
		if !isURLPath(p) {
			t.Errorf("%q refused", p)
		}
	}
	for _, p := range bad {
		if isURLPath(p) {
			t.Errorf("%q accepted", p)
		}
	}
}

// FuzzIsURLPath: an accepted path, resolved against a preview URL, never
// leaves the preview's origin.
func FuzzIsURLPath(f *testing.F) {
	for _, s := range []string{"/login", "//h/x", "/\\h", "https://h/", "/%2e%2e/x", "/a?b=//c"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://preview.example:8443/app/")
	f.Fuzz(func(t *testing.T, p string) {
		if !isURLPath(p) {
			return
		}
		ref, err := url.Parse(p)
		if err != nil {
			t.Fatalf("accepted %q that does not parse: %v", p, err)
		}
		u := base.ResolveReference(ref)
		if u.Scheme != base.Scheme || u.Host != base.Host || u.User != nil {
			t.Fatalf("%q resolves to %s, off the preview's origin", p, u)
		}
	})
}

// TestErrorLines: every range or format error points at the line of the
// value, not at line 1.
func TestErrorLines(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"fail-on: high\nprobe:\n  p95-ms: 10\n  max-requests: 99999\n":                         "x.yml:4: probe.max-requests 99999 is not between 0 and 5000",
		"probe:\n  latency-samples: 5\n  p95-ms: -1\n":                                         "x.yml:3: probe.p95-ms -1",
		"probe:\n  latency-samples: 501\n":                                                     "x.yml:2: probe.latency-samples 501",
		"version: 1\nemail:\n  selectors: [k1]\n  domain: not a domain\n":                      `x.yml:4: email.domain "not a do…"`,
		"email:\n  selectors:\n    - k1\n    - 'bad selector'\n":                               `x.yml:4: email.selectors entry "bad sele…"`,
		"email:\n  resolver: nope\n":                                                           `x.yml:2: email.resolver "nope"`,
		"probe:\n  core-flows:\n    - /ok\n    - //127.0.0.1:9/x\n":                            `x.yml:4: probe.core-flows entry "//127.0.…" must be a path on the preview`,
		"probe:\n  core-flows: [/ok, 'https://evil.example/x']\n":                              `x.yml:2: probe.core-flows entry "https://…"`,
		"probe:\n  health: //evil.example/health\n":                                            `x.yml:2: probe.health "//evil.e…"`,
		"probe:\n  rate-limit-endpoints:\n    - method: POST\n      path: http://evil/login\n": `x.yml:4: probe.rate-limit-endpoints path "http://e…"`,
		"probe:\n  rate-limit-endpoints:\n    - path: /login\n      method: DELETE\n":          `x.yml:4: probe.rate-limit-endpoints method "DELETE"`,
		"probe:\n  expect-cdn: akamai\n":                                                       `x.yml:2: probe.expect-cdn "akamai"`,
		"openapi:\n  max-size-mb: 5000\n":                                                      "x.yml:2: openapi.max-size-mb 5000",
		"openapi:\n  specs:\n    - api.yaml\n    - ../x.yaml\n":                                `x.yml:4: openapi.specs entry "../x.yam…"`,
		"secrets:\n  allow-paths:\n    - ok/**\n    - 'bad[/**'\n":                             `x.yml:4: secrets.allow-paths entry "bad[/**"`,
		"fail-on: high\nseverity:\n  'Bad Id': low\n":                                          `x.yml:3: severity override "Bad Id"`,
		"fail-on: high\nversion: 3\n":                                                          "x.yml:2: version 3",
	}
	for text, want := range cases {
		_, err := Decode([]byte(text), "x.yml")
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q:\n got %v\nwant %s", text, err, want)
		}
	}
}
