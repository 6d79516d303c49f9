package finding

import (
	"strings"
	"testing"
)

func TestSecretStrength(t *testing.T) {
	for _, tc := range []struct {
		s      string
		strong bool
	}{
		{"k7#Qz", false},
		{"hunter2", false},
		{"correcthorsebatterystaple", false},
		{"ghp_" + strings.Repeat("aB3", 12), true},
		{"0123456789abcdef0123456789abcdef0123", true},
	} {
		if got := SecretStrength(tc.s) >= StrongBits; got != tc.strong {
			t.Errorf("%q: strong %v (%.0f bits), want %v", tc.s, got, SecretStrength(tc.s), tc.strong)
		}
	}
	var f SecretFingerprints
	a, b := f.Evidence("github-pat", "k7#Qz"), (&SecretFingerprints{}).Evidence("github-pat", "k7#Qz")
	if a != b || !strings.HasPrefix(a, "scrypt:") {
		t.Errorf("weak evidence %q / %q", a, b)
	}
	if s := "ghp_" + strings.Repeat("aB3", 12); f.Evidence("github-pat", s) != s || f.Evidence("secrets/github-pat", s) != s {
		t.Error("strong provider token stretched")
	}
	// A long passphrase scores high but is weak: password-style, generic
	// and repository rules always stretch.
	for _, rule := range []string{"password-assignment", "netrc-password", "url-credentials", "generic-api-key", "secrets/generic-api-key", "acme-token"} {
		if s := "correct-horse-battery-staple"; !strings.HasPrefix(f.Evidence(rule, s), "scrypt:") {
			t.Errorf("%s: passphrase not stretched", rule)
		}
	}
	if !ProviderRule("aws-access-token") || ProviderRule("generic-api-key") || ProviderRule("netrc-password") {
		t.Error("ProviderRule")
	}
}

func TestPrepareStretchesAsEvidenceDoes(t *testing.T) {
	var a, b SecretFingerprints
	pairs := [][2]string{{"netrc-password", "hunter22"}, {"generic-api-key", "s3cr3t-value"}, {"netrc-password", "hunter22"}, {"github-pat", "ghp_" + strings.Repeat("aB3", 12)}}
	a.Prepare(pairs, 4)
	for _, p := range pairs {
		if got, want := a.Evidence(p[0], p[1]), b.Evidence(p[0], p[1]); got != want {
			t.Errorf("%s %q: prepared %q, plain %q", p[0], p[1], got, want)
		}
	}
	if n := len(a.cache); n != 2 {
		t.Errorf("prepared %d stretched secrets, want the 2 weak ones", n)
	}
}
