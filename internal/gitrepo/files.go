package gitrepo

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/launchready/launchready/internal/safefile"
)

// ErrTooLarge marks a file over the size cap.
var ErrTooLarge = safefile.ErrTooLarge

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
// ErrTooLarge. Only a regular file is read, and a FIFO never blocks it
// (safefile.ReadRegular).
func ReadCapped(p string, limit int64) ([]byte, error) {
	return safefile.ReadRegular(p, limit)
}

// ReadFile reads a repository-relative file of the work tree, confined to
// the repository (links included), a regular file only, never blocking on
// a FIFO, and capped at limit bytes: safefile.ReadIn, the one reader of
// repository content.
func ReadFile(root, rel string, limit int64) ([]byte, error) {
	return safefile.ReadIn(root, rel, limit)
}
