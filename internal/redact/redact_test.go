package redact

import (
	"bytes"
	"testing"
)

func TestApply(t *testing.T) {
	t.Parallel()
	var s Set
	s.Add("hunter2hunter2")
	s.Add("hunter2hunter2-extended")
	s.Add("abc") // too short to redact safely
	got := string(s.Apply([]byte("a hunter2hunter2-extended b hunter2hunter2 c abc")))
	if want := "a **** b **** c abc"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var buf bytes.Buffer
	w := s.Writer(&buf)
	if n, err := w.Write([]byte("x hunter2hunter2\n")); err != nil || n != 17 {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if buf.String() != "x ****\n" {
		t.Errorf("writer: %q", buf.String())
	}
	var empty *Set
	if string(empty.Apply([]byte("x"))) != "x" || empty.Len() != 0 {
		t.Error("nil set must pass text through")
	}
}
