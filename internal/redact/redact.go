// Package redact is the last line of defence against leaking a secret: every
// analyzer that sees a raw secret registers it here, and every output (text,
// JSON, SARIF, comments, logs) passes through Apply before it is written.
// Analyzers already never put a raw secret in a finding; this catches what a
// message, an error from git or a file name might still carry.
package redact

import (
	"bytes"
	"io"
	"sort"
	"sync"
)

// Mask replaces a registered secret in output.
const Mask = "****"

// minLen is the shortest secret we redact everywhere; shorter values (a
// 3-character password) would blank ordinary words out of the report.
const minLen = 6

// Set is a concurrency-safe set of secrets to hide. The zero value is ready.
type Set struct {
	mu      sync.RWMutex
	secrets map[string]struct{}
	sorted  [][]byte // longest first, rebuilt lazily
}

// Add registers a secret. Values shorter than six bytes are ignored.
func (s *Set) Add(secret string) {
	if s == nil || len(secret) < minLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secrets == nil {
		s.secrets = map[string]struct{}{}
	}
	if _, ok := s.secrets[secret]; !ok {
		s.secrets[secret] = struct{}{}
		s.sorted = nil
	}
}

// Len reports how many secrets are registered.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.secrets)
}

func (s *Set) list() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sorted == nil {
		for k := range s.secrets {
			s.sorted = append(s.sorted, []byte(k))
		}
		// Longest first, so a secret that contains another is masked whole.
		sort.Slice(s.sorted, func(i, j int) bool { return len(s.sorted[i]) > len(s.sorted[j]) })
	}
	return s.sorted
}

// Apply returns b with every registered secret replaced by Mask.
func (s *Set) Apply(b []byte) []byte {
	if s.Len() == 0 {
		return b
	}
	for _, sec := range s.list() {
		if bytes.Contains(b, sec) {
			b = bytes.ReplaceAll(b, sec, []byte(Mask))
		}
	}
	return b
}

// String is Apply for strings.
func (s *Set) String(v string) string { return string(s.Apply([]byte(v))) }

// Writer returns a writer that redacts each Write before passing it on.
// Callers write whole documents or whole lines, so a secret never straddles
// two writes.
func (s *Set) Writer(w io.Writer) io.Writer { return &writer{set: s, w: w} }

type writer struct {
	set *Set
	w   io.Writer
}

func (w *writer) Write(p []byte) (int, error) {
	if _, err := w.w.Write(w.set.Apply(append([]byte(nil), p...))); err != nil {
		return 0, err
	}
	return len(p), nil
}
