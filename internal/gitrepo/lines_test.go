package gitrepo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

func TestMapLine(t *testing.T) {
	t.Parallel()
	// Old file 1..10. Insert 2 lines after line 2; change line 5; delete 8-9.
	hunks := ParseHunks("@@ -2,0 +3,2 @@\n+a\n+b\n@@ -5 +7 @@\n-x\n+y\n@@ -8,2 +9,0 @@\n-p\n-q\n")
	cases := map[int]int{1: 1, 2: 2, 3: 5, 4: 6, 6: 8, 7: 9, 10: 10}
	for old, want := range cases {
		if got, ok := MapLine(hunks, old); !ok || got != want {
			t.Errorf("MapLine(%d) = %d, %v; want %d", old, got, ok, want)
		}
	}
	for _, gone := range []int{5, 8, 9} {
		if _, ok := MapLine(hunks, gone); ok {
			t.Errorf("line %d was changed or deleted but mapped", gone)
		}
	}
}

func TestLineMapperOnRealCommits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write("a.txt", "one\nsecret\nthree\n")
	first := r.Commit("add")
	r.Write("a.txt", "zero\nzero2\none\nsecret\nthree\n")
	r.Write("b.txt", "x\n")
	r.Commit("insert above")
	r.Remove("b.txt")
	r.Write("a.txt", "zero\nzero2\none\nsecret\nthree\n")
	head := r.Commit("remove b")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	repo, _ := Open(ctx, r.Dir, fixture.Env())
	m := repo.NewLineMapper(head)
	if got, ok := m.Map(ctx, first, "a.txt", 2); !ok || got != 4 {
		t.Errorf("Map = %d, %v; want 4", got, ok)
	}
	if got, ok := m.Map(ctx, head, "a.txt", 4); !ok || got != 4 {
		t.Errorf("same commit: %d %v", got, ok)
	}
	set, err := repo.CommitsBetween(ctx, first, head)
	if err != nil || len(set) != 2 || set[first] || !set[head] {
		t.Errorf("CommitsBetween = %v, %v", set, err)
	}
}

func FuzzParseHunks(f *testing.F) {
	f.Add("@@ -2,0 +3,2 @@\n+a\n@@ -5 +7 @@\n")
	f.Add("@@ -1,99999999999999999999 +1 @@")
	f.Fuzz(func(t *testing.T, diff string) {
		hs := ParseHunks(diff)
		for l := 0; l < 5; l++ {
			MapLine(hs, l)
		}
	})
}
