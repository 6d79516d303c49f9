package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/launchready/launchready/internal/config"
)

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
