package gitrepo

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

func TestRangesAndRevisions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write("a", "1\n")
	base := r.Commit("one")
	r.Checkout("pr", true)
	r.Write("a", "2\n")
	head := r.Commit("two")
	r.Checkout("main", false)
	r.Write("b", "3\n")
	r.Commit("three on main")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	repo, err := Open(ctx, filepath.Join(r.Dir), fixture.Env())
	if err != nil {
		t.Fatal(err)
	}
	rg, err := repo.ResolveRange(ctx, "main", "pr")
	if err != nil || rg.Base != base || rg.Head != head {
		t.Fatalf("ResolveRange(main, pr) = %+v, %v; want merge base %s", rg, err, base)
	}
	rg, err = repo.ResolveRange(ctx, strings.Repeat("0", 40), head)
	if err != nil || rg.Base != "" || rg.Head != head {
		t.Fatalf("new-branch range = %+v, %v", rg, err)
	}
	_, err = repo.ResolveCommit(ctx, "-n1")
	var ge *Error
	if !errors.As(err, &ge) || ge.What != `"-n1" is not a valid revision` {
		t.Errorf("option-like revision: %v", err)
	}
	if shallow, err := repo.IsShallow(ctx); err != nil || shallow {
		t.Errorf("IsShallow = %v, %v", shallow, err)
	}
	if has, err := repo.Preflight(ctx); err != nil || !has {
		t.Errorf("Preflight = %v, %v", has, err)
	}
	if e := repo.RemergeUnsupported(ctx); e != nil {
		t.Errorf("this machine's git should support remerge: %v", e)
	}
	empty := fixture.Init(filepath.Join(t.TempDir(), "e"))
	e, err := Open(ctx, empty.Dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if has, err := e.Preflight(ctx); err != nil || has {
		t.Errorf("Preflight on an empty repository = %v, %v", has, err)
	}
}

func TestParseRange(t *testing.T) {
	t.Parallel()
	cases := map[string][2]string{"a..b": {"a", "b"}, "main...HEAD": {"main", "HEAD"}, "v1.0..v1.1": {"v1.0", "v1.1"}}
	for in, want := range cases {
		b, h, err := ParseRange(in)
		if err != nil || b != want[0] || h != want[1] {
			t.Errorf("ParseRange(%q) = %q %q %v", in, b, h, err)
		}
	}
	for _, bad := range []string{"", "a", "..b", "a..", "..."} {
		if _, _, err := ParseRange(bad); err == nil {
			t.Errorf("ParseRange(%q) accepted", bad)
		}
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"a..b", "a...b", "..", "a....b", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, h, err := ParseRange(s)
		if err == nil && (b == "" || h == "") {
			t.Fatalf("ParseRange(%q) accepted an empty side", s)
		}
	})
}
