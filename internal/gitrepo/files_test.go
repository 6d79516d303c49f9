package gitrepo

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFileConfinedAndCapped: paths and links that leave the repository
// are refused, and files over the cap are ErrTooLarge.
func TestReadFileConfinedAndCapped(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ok.txt"), []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(root, "ok.txt", 5); err != nil || string(b) != "hello" {
		t.Errorf("ok.txt: %q %v", b, err)
	}
	if _, err := ReadFile(root, "ok.txt", 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the cap: %v, want ErrTooLarge", err)
	}
	for _, rel := range []string{"../" + filepath.Base(outside) + "/secret", "link", "/etc/passwd", "", "a/../../x"} {
		if b, err := ReadFile(root, rel, 100); err == nil {
			t.Errorf("%q was read (%q); want refused", rel, b)
		}
	}
}
