package gitrepo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ErrTooLarge marks a file over the size cap.
var ErrTooLarge = errors.New("too large")

// Confine resolves a repository-relative path and refuses anything that
// leaves the repository, including through symbolic links (a pull request
// controls both the paths and the links).
func Confine(root, rel string) (string, bool) {
	if rel == "" || path.IsAbs(rel) || filepath.IsAbs(rel) {
		return "", false
	}
	clean := path.Clean(filepath.ToSlash(rel))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", false
	}
	p := filepath.Join(root, filepath.FromSlash(clean))
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return p, true // does not exist: the read fails on its own
	}
	rroot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", false
	}
	r, err := filepath.Rel(rroot, real)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return p, true
}

// ReadCapped reads the file at p, at most limit bytes; a larger file is
// ErrTooLarge.
func ReadCapped(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w (over %d bytes)", filepath.Base(p), ErrTooLarge, limit)
	}
	return data, nil
}

// ReadFile reads a repository-relative file of the work tree, confined to
// the repository and capped at limit bytes.
func ReadFile(root, rel string, limit int64) ([]byte, error) {
	p, ok := Confine(root, rel)
	if !ok {
		return nil, fmt.Errorf("%s is outside the repository", rel)
	}
	return ReadCapped(p, limit)
}
