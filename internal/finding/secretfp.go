package finding

import (
	"encoding/hex"
	"math"
	"sync"

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

// Evidence returns what a fingerprint hashes for secret: the secret itself
// when it is strong, else "scrypt:" and the hex of its scrypt key.
func (f *SecretFingerprints) Evidence(secret string) string {
	if secret == "" || SecretStrength(secret) >= StrongBits {
		return secret
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.cache[secret]; ok {
		return v
	}
	key, err := scrypt.Key([]byte(secret), []byte(fpScryptSalt), fpScryptN, fpScryptR, fpScryptP, fpScryptKeyLen)
	if err != nil {
		// Only invalid parameters fail, and these are constants.
		panic("scrypt: " + err.Error())
	}
	v := "scrypt:" + hex.EncodeToString(key)
	if f.cache == nil {
		f.cache = map[string]string{}
	}
	f.cache[secret] = v
	return v
}
