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
	a, b := f.Evidence("k7#Qz"), (&SecretFingerprints{}).Evidence("k7#Qz")
	if a != b || !strings.HasPrefix(a, "scrypt:") {
		t.Errorf("weak evidence %q / %q", a, b)
	}
	if s := "ghp_" + strings.Repeat("aB3", 12); f.Evidence(s) != s {
		t.Error("strong secret stretched")
	}
}
