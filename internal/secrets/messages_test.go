package secrets

import (
	"testing"

	"github.com/launchready/launchready/internal/check"
)

// A tag of a tag: both messages are read, and in a range only when the
// commit they name is in it. Lightweight tags have no message.
func TestTagChainsAndRanges(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.Write("a.txt", "a\n")
	first := r.Commit("first")
	r.Git("tag", "-a", "v1", "-m", "inner "+pat("inner-tag"))
	r.Git("tag", "-a", "outer", "-m", "outer "+glpat("outer-tag"), "v1")
	r.Git("tag", "light")
	r.Write("b.txt", "b\n")
	second := r.Commit("second")
	must(t, r)
	wantFindings(t, r.Dir, check.Scan{Mode: check.ModeHistory}, nil,
		"secrets/github-pat tag v1 message:1", "secrets/gitlab-pat tag outer message:1")
	wantFindings(t, r.Dir, check.Scan{Mode: check.ModeRange, Base: first, Head: second}, nil)
	wantFindings(t, r.Dir, check.Scan{Mode: check.ModeRange, Head: first}, nil,
		"secrets/github-pat tag v1 message:1", "secrets/gitlab-pat tag outer message:1")
}

// The same token in two commit messages is one finding (one secret to
// rotate) at the commit that introduced it, seen twice.
func TestRepeatedMessageSecretIsOneFinding(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	tok := pat("repeated")
	r.Write("a.txt", "a\n")
	c1 := r.Commit("add a\n\nwith " + tok)
	r.Write("a.txt", "b\n")
	r.Commit("change a\n\nstill " + tok)
	must(t, r)
	res := wantFindings(t, r.Dir, check.Scan{Mode: check.ModeHistory}, nil, "secrets/github-pat commit message:3")
	if f := res.Findings[0]; f.Location.Commit != c1 || f.Occurrences != 2 {
		t.Errorf("commit %s occurrences %d; want %s, 2", f.Location.Commit, f.Occurrences, c1)
	}
}
