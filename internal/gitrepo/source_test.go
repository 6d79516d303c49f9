package gitrepo

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/safefile"
)

func TestTreeSource(t *testing.T) {
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write(".launchready.yml", "fail-on: high\n")
	r.Write("dir/x.yml", "a: 1\n")
	if err := os.Symlink("/etc/passwd", filepath.Join(r.Dir, "link.yml")); err != nil {
		t.Fatal(err)
	}
	r.Git("add", "link.yml")
	c := r.Commit("init")
	r.Write(".launchready.yml", "fail-on: none\n") // the work tree is never read
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	src := TreeSource{Repo: &Repo{Root: r.Dir}, Commit: c, Ctx: t.Context()}
	if b, err := src.ReadConfig(".launchready.yml", 100); err != nil || string(b) != "fail-on: high\n" {
		t.Errorf("read %q, %v", b, err)
	}
	if _, err := src.ReadConfig("link.yml", 100); !errors.Is(err, safefile.ErrLink) {
		t.Errorf("link: %v", err)
	}
	if _, err := src.ReadConfig("dir", 100); !errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("folder: %v", err)
	}
	if _, err := src.ReadConfig("missing.yml", 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if _, err := src.ReadConfig(".launchready.yml", 4); !errors.Is(err, safefile.ErrTooLarge) {
		t.Errorf("too large: %v", err)
	}
	if _, err := src.ReadConfig("../x", 100); !errors.Is(err, safefile.ErrOutside) {
		t.Errorf("outside: %v", err)
	}
	if src.ID(".launchready.yml") == "" || src.ID("missing.yml") != "" {
		t.Errorf("ids %q %q", src.ID(".launchready.yml"), src.ID("missing.yml"))
	}
}

func FuzzParseLsTree(f *testing.F) {
	f.Add("100644 blob 0123abcd\t.launchready.yml\x00", ".launchready.yml")
	f.Add("120000 blob 0123\tx\x00040000 tree 4567\ty\x00", "y")
	f.Add("garbage\t\x00\t", "")
	f.Fuzz(func(t *testing.T, out, name string) {
		mode, typ, id, ok := parseLsTree(out, name)
		if ok && (mode == "" || typ == "" || id == "" || strings.ContainsAny(mode+typ+id, " \t\x00")) {
			t.Errorf("parsed %q %q %q from %q", mode, typ, id, out)
		}
	})
}
