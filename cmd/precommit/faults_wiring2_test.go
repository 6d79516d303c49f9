package main

import (
	"strings"
	"testing"
)

// TestFaultHookDeepNesting: a staged deep.py holding a list nested 40000
// levels deep kept the hook busy for about 9 s (the readers were
// super-quadratic in the nesting depth). The readers stop at 256 levels
// now; the commit goes through, and the hook warns what it did not read.
func TestFaultHookDeepNesting(t *testing.T) {
	t.Parallel()
	r := repo(t)
	const n = 40000
	r.Write("deep.py", "x = "+strings.Repeat("[", n)+strings.Repeat("]", n)+"\n")
	out, ok := commit(t, r, "add deep.py")
	if !ok {
		t.Fatalf("the commit was blocked:\n%s", out)
	}
	if want := "wiring: not read: values nested more than 256 levels deep in 1 file(s) (deep.py:1)"; !strings.Contains(out, want) {
		t.Errorf("hook output lacks %q:\n%s", want, out)
	}
}
