package gitrepo

import (
	"path/filepath"
	"testing"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

func TestStagedReadsTheIndexNotTheDisk(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	// Before the first commit every staged file is added.
	r.Write("a.txt", "one\n")
	r.Git("add", "a.txt")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	files, err := (&Repo{Root: r.Dir}).Staged().Files()
	if err != nil || len(files) != 1 || !files[0].Added {
		t.Fatalf("no HEAD: %+v %v", files, err)
	}
	r.Commit("one")
	r.Write("a.txt", "staged\n")
	r.Write("b.txt", "new\n")
	r.Git("add", "a.txt", "b.txt")
	r.Write("a.txt", "unstaged edit\n") // on disk only
	r.Write("c.txt", "untracked\n")     // never staged
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	s := (&Repo{Root: r.Dir}).Staged()
	files, err = s.Files()
	if err != nil || len(files) != 2 || files[0].Path != "a.txt" || files[0].Added || files[1].Path != "b.txt" || !files[1].Added {
		t.Fatalf("staged files: %+v %v", files, err)
	}
	got, err := s.Read(files[0], 1<<20)
	if err != nil || string(got) != "staged\n" {
		t.Errorf("Read = %q, %v; want the staged content", got, err)
	}
	if _, err := s.Read(files[0], 3); err == nil {
		t.Error("Read ignored the size limit")
	}
}
