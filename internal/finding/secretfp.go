package finding

import (
	"encoding/hex"
	"math"
	"regexp"
	"strings"
	"sync"

	gconfig "github.com/zricethezav/gitleaks/v8/config"

	"golang.org/x/crypto/scrypt"
)

// A finding's fingerprint is printed everywhere (text report, review
// comments, JSON, SARIF), and it is a hash of the secret: for a short or
// simple secret (a 5-character .netrc password) a plain hash is reversed by
// brute force in seconds. So the secret part of a weak secret's
// fingerprint is first stretched with scrypt, with fixed parameters (the
// fingerprint must be the same in every run): at 4 MB and about 10 ms a
// guess, trying every 5-character printable password takes years of CPU,
// while a history with a thousand distinct weak secrets still costs only
// seconds to scan (N = 2^14 made bench/history.sh 7% slower). Strong secrets (provider tokens) keep the plain form, so their
// fingerprints, and the ignores and baselines built on them, are unchanged.
const (
	// StrongBits is the estimated strength at or above which a secret's
	// fingerprint needs no stretching.
	StrongBits = 128
	// The scrypt parameters of fingerprints: N, r, p and key length. They
	// are part of every stored fingerprint: never change them.
	fpScryptN      = 1 << 12
	fpScryptR      = 8
	fpScryptP      = 1
	fpScryptKeyLen = 32
	fpScryptSalt   = "launchready fingerprint v1"
)

// SecretStrength estimates a secret's strength in bits: its length times
// log2 of the size of the character classes it uses (lower case, upper
// case, digits, and everything else as the 33 printable ASCII symbols).
func SecretStrength(s string) float64 {
	var lower, upper, digit, other bool
	n := 0
	for _, r := range s {
		n++
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		default:
			other = true
		}
	}
	size := 0
	for _, c := range []struct {
		used bool
		n    int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {other, 33}} {
		if c.used {
			size += c.n
		}
	}
	if size < 2 {
		return 0
	}
	return float64(n) * math.Log2(float64(size))
}

// SecretFingerprints stretches weak secrets for fingerprints, once per
// distinct secret in a run (a run keeps one value; the zero value is ready).
type SecretFingerprints struct {
	mu    sync.Mutex
	cache map[string]string
}

// Evidence returns what a fingerprint hashes for a secret that rule (a
// gitleaks rule id, "secrets/" prefix or not) found: the secret itself
// only when it is a strong secret of a provider-token rule (one of
// gitleaks' built-in rules other than the generic ones, whose secrets are
// random by construction), else "scrypt:" and the hex of its scrypt key.
// A long secret of a password-style rule (ours: netrc, pgpass, password
// assignments, URL credentials; generic-api-key; a repository's own
// rules) may be a passphrase such as correct-horse-battery-staple, which
// a length-times-classes estimate overrates and a dictionary reverses: it
// is always stretched.
func (f *SecretFingerprints) Evidence(rule, secret string) string {
	if secret == "" || ProviderRule(rule) && SecretStrength(secret) >= StrongBits {
		return secret
	}
	f.mu.Lock()
	v, ok := f.cache[secret]
	f.mu.Unlock()
	if ok {
		return v
	}
	// Stretched outside the lock, so that callers may stretch distinct
	// secrets on several cores (two callers of one secret both compute the
	// same value).
	key, err := scrypt.Key([]byte(secret), []byte(fpScryptSalt), fpScryptN, fpScryptR, fpScryptP, fpScryptKeyLen)
	if err != nil {
		// Only invalid parameters fail, and these are constants.
		panic("scrypt: " + err.Error())
	}
	v = "scrypt:" + hex.EncodeToString(key)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cache == nil {
		f.cache = map[string]string{}
	}
	f.cache[secret] = v
	return v
}

// Prepare stretches the weak secrets among pairs (rule, secret) on up to
// workers cores, so that Evidence then returns them from its cache.
func (f *SecretFingerprints) Prepare(pairs [][2]string, workers int) {
	var todo []string
	seen := map[string]bool{}
	f.mu.Lock()
	for _, p := range pairs {
		rule, secret := p[0], p[1]
		if secret == "" || seen[secret] || ProviderRule(rule) && SecretStrength(secret) >= StrongBits {
			continue
		}
		seen[secret] = true
		if _, ok := f.cache[secret]; !ok {
			todo = append(todo, secret)
		}
	}
	f.mu.Unlock()
	if len(todo) < 2 || workers < 2 {
		return // Evidence stretches it when asked
	}
	var wg sync.WaitGroup
	next := make(chan string)
	for range min(workers, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range next {
				f.Evidence("", s)
			}
		}()
	}
	for _, s := range todo {
		next <- s
	}
	close(next)
	wg.Wait()
}

var (
	providerOnce  sync.Once
	providerRules map[string]bool
	ruleIDLine    = regexp.MustCompile(`(?m)^id\s*=\s*"([^"]+)"`)
)

// ProviderRule reports whether rule is one of gitleaks' built-in
// provider-token rules: a built-in rule id that is not a generic one.
func ProviderRule(rule string) bool {
	providerOnce.Do(func() {
		providerRules = map[string]bool{}
		for _, m := range ruleIDLine.FindAllStringSubmatch(gconfig.DefaultConfig, -1) {
			providerRules[m[1]] = true
		}
	})
	id := strings.TrimPrefix(rule, "secrets/")
	return providerRules[id] && !strings.Contains(id, "generic")
}
