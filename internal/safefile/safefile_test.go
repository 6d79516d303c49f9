package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestWriteInRefusesLinks(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)

	// A link at the name.
	os.Symlink(victim, filepath.Join(root, "report.json"))
	err := WriteIn(root, "report.json", []byte("x"), 0o644)
	if !errors.Is(err, ErrLink) || !strings.Contains(err.Error(), "report.json is a symbolic link") {
		t.Errorf("link at the name: %v", err)
	}
	// A parent folder that is a link leaving the root.
	os.Symlink(outside, filepath.Join(root, "out"))
	if err := WriteIn(root, "out/victim", []byte("x"), 0o644); !errors.Is(err, ErrLink) {
		t.Errorf("parent link: %v", err)
	}
	// A dangling link at the name (would create a file outside).
	os.Symlink(filepath.Join(outside, "new"), filepath.Join(root, "dangling"))
	if err := WriteIn(root, "dangling", []byte("x"), 0o644); !errors.Is(err, ErrLink) {
		t.Errorf("dangling link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "new")); err == nil {
		t.Error("a file was created through a dangling link")
	}
	for _, rel := range []string{"../x", "/etc/x", "a/../../x", ""} {
		if err := WriteIn(root, rel, []byte("x"), 0o644); !errors.Is(err, ErrOutside) {
			t.Errorf("%q: %v", rel, err)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the outside file was changed: %q", b)
	}
	// A FIFO at the name is refused (never opened).
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err == nil {
		if err := WriteIn(root, "fifo", []byte("x"), 0o644); !errors.Is(err, ErrNotRegular) {
			t.Errorf("fifo: %v", err)
		}
	}
}

func TestWriteInWrites(t *testing.T) {
	root := t.TempDir()
	// A link inside the root to a folder inside it is fine.
	os.Mkdir(filepath.Join(root, "real"), 0o755)
	os.Symlink("real", filepath.Join(root, "alias"))
	for _, rel := range []string{"a.json", "deep/er/b.sarif", "alias/c.txt", "a.json"} {
		if err := WriteIn(root, rel, []byte("data "+rel), 0o640); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil || string(b) != "data "+rel {
			t.Errorf("%s: %q %v", rel, b, err)
		}
	}
	if st, _ := os.Stat(filepath.Join(root, "a.json")); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", st.Mode())
	}
	// No temporary files are left behind.
	ents, _ := os.ReadDir(root)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left %s", e.Name())
		}
	}
	if err := Write(filepath.Join(root, "d.txt"), []byte("d"), 0o644); err != nil {
		t.Error(err)
	}
}

func TestReadIn(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	secret := "ghp_outsideoutsideoutsideoutside1234"
	os.WriteFile(filepath.Join(outside, "secret"), []byte(secret), 0o644)
	os.WriteFile(filepath.Join(root, "ok.yml"), []byte("fail-on: high\n"), 0o644)
	os.Symlink("ok.yml", filepath.Join(root, "inside-link.yml"))
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "out.yml"))
	os.Symlink(outside, filepath.Join(root, "dir"))
	os.WriteFile(filepath.Join(root, "big.yml"), make([]byte, 101), 0o644)
	fifo := filepath.Join(root, "fifo.yml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, rel := range []string{"ok.yml", "inside-link.yml"} {
		if b, err := ReadIn(root, rel, 100); err != nil || string(b) != "fail-on: high\n" {
			t.Errorf("%s: %q %v", rel, b, err)
		}
	}
	cases := map[string]error{
		"out.yml": ErrLink, "dir/secret": ErrLink, "../x": ErrOutside, "/etc/passwd": ErrOutside,
		"big.yml": ErrTooLarge, "fifo.yml": ErrNotRegular, "missing.yml": fs.ErrNotExist,
	}
	for rel, want := range cases {
		done := make(chan struct{})
		var b []byte
		var err error
		go func() { b, err = ReadIn(root, rel, 100); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the read blocks", rel)
		}
		if !errors.Is(err, want) || b != nil {
			t.Errorf("%s: %v, want %v", rel, err, want)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("%s: the error echoes the refused file", rel)
		}
	}
	// ReadRegular follows a link the user named, but not into a FIFO.
	if b, err := ReadRegular(filepath.Join(root, "out.yml"), 100); err != nil || string(b) != secret {
		t.Errorf("explicit path: %q %v", b, err)
	}
	if _, err := ReadRegular(fifo, 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("fifo: %v", err)
	}
}
