package main

import (
	"strings"
	"testing"
)

// TestFaultHookEscapeSequencesInFileNames: a staged file whose name holds
// ESC, OSC and CSI sequences, a bidi override and a workflow command
// reaches the terminal escaped, through the real hook and git commit.
func TestFaultHookEscapeSequencesInFileNames(t *testing.T) {
	t.Parallel()
	r := repo(t)
	name := "e\x1b[31mred\x1b]0;owned\x07\u202eteg\n::stop-commands::x\n.yml"
	r.Write(name, "ci_token: "+pat("hook-escape")+"\n")
	out, ok := commit(t, r, "add")
	mustBlock(t, out, ok, pat("hook-escape"))
	// The whole name stays on the finding's line, escaped: a newline in it
	// starts no line of its own.
	if !strings.Contains(out, `e\x1b[31mred\x1b]0;owned\x07\u202eteg\n::stop-commands::x\n.yml`) {
		t.Errorf("the file name is not shown escaped:\n%q", out)
	}
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("raw escape sequences reach the terminal:\n%q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") {
			t.Errorf("a line reads as a workflow command: %q", line)
		}
	}
}
