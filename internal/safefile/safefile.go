// Package safefile is how launchready touches files a pull request may have
// planted: it writes files without following symbolic links and only inside
// the folder it was given, and it reads config files only when they are
// regular files, without blocking on a FIFO and with a size cap.
//
// A pull request controls every path in the workspace: it can commit
// launchready.sarif as a link to a file anywhere on the runner, or
// .launchready.yml as a link to a file outside the repository, or as a
// FIFO that blocks a reader for ever. Every write and every config read
// goes through this package.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ErrLink marks a path refused because it is, or goes through, a symbolic
// link.
var ErrLink = errors.New("is a symbolic link")

// ErrOutside marks a path that leaves the folder it must stay in.
var ErrOutside = errors.New("is outside")

// ErrNotRegular marks a path that is not a regular file (a FIFO, a device,
// a folder).
var ErrNotRegular = errors.New("is not a regular file")

// ErrTooLarge marks a file over its size cap.
var ErrTooLarge = errors.New("is too large")

// Error is a refused path: Path (as the caller named it) and why.
type Error struct {
	Path string
	Err  error  // one of the Err* values above, or an fs error
	Hint string // how to fix it
}

func (e *Error) Error() string {
	msg := e.Path + ": " + e.Err.Error()
	if Refused(e.Err) {
		msg = e.Path + " " + e.Err.Error() // phrased as "NAME is ..."
	}
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Refused reports whether err is a refusal of this package (a link, a path
// outside, a special file, a file too large) rather than a plain read
// error: its message already names the file and says why.
func Refused(err error) bool {
	return errors.Is(err, ErrLink) || errors.Is(err, ErrOutside) || errors.Is(err, ErrNotRegular) || errors.Is(err, ErrTooLarge)
}

// clean checks that rel is a relative path that stays inside its root
// lexically, and returns it cleaned, with slashes.
func clean(rel string) (string, bool) {
	if rel == "" || path.IsAbs(filepath.ToSlash(rel)) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return "", false
	}
	c := path.Clean(filepath.ToSlash(rel))
	if c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return "", false
	}
	return c, true
}

// within reports whether p is root or below it (both absolute and clean).
func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// WriteIn writes data to root/rel. rel must stay inside root; its parent
// folders are created as needed, and none of them may be a link that leads
// out of root. The file itself is never written through a link: an existing
// link (or FIFO, or folder) at its name is refused with an *Error, and the
// data is written to a new temporary file in the same folder that is then
// renamed over the name, so a link created meanwhile is replaced, not
// followed. root itself is trusted (the workspace, a temporary folder).
func WriteIn(root, rel string, data []byte, perm fs.FileMode) error {
	c, ok := clean(rel)
	if !ok {
		return &Error{Path: rel, Err: fmt.Errorf("%w the folder it must be written in", ErrOutside), Hint: "give a relative path without .."}
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return &Error{Path: root, Err: err}
	}
	// Walk the parent folders one by one, creating the missing ones.
	dir := absRoot
	parts := strings.Split(c, "/")
	for i, part := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, part)
		st, err := os.Lstat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return &Error{Path: strings.Join(parts[:i+1], "/"), Err: err}
			}
			continue
		case err != nil:
			return &Error{Path: strings.Join(parts[:i+1], "/"), Err: err}
		case st.Mode()&fs.ModeSymlink != 0:
			real, err := filepath.EvalSymlinks(dir)
			if err != nil || !within(realRoot, real) {
				return &Error{Path: strings.Join(parts[:i+1], "/"), Err: fmt.Errorf("%w that leads out of %s", ErrLink, root),
					Hint: "launchready never writes through a link that leaves the workspace (a pull request can commit one); remove the link or choose another path"}
			}
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return &Error{Path: strings.Join(parts[:i+1], "/"), Err: errors.New("is not a folder")}
			}
		case !st.IsDir():
			return &Error{Path: strings.Join(parts[:i+1], "/"), Err: errors.New("is not a folder")}
		}
	}
	final := filepath.Join(dir, parts[len(parts)-1])
	if st, err := os.Lstat(final); err == nil {
		switch {
		case st.Mode()&fs.ModeSymlink != 0:
			return &Error{Path: c, Err: ErrLink,
				Hint: "launchready never writes through a link (a pull request can commit one that points anywhere on the runner); delete the link from the repository or write the file under another name"}
		case !st.Mode().IsRegular():
			return &Error{Path: c, Err: ErrNotRegular, Hint: "remove it or write the file under another name"}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return &Error{Path: c, Err: err}
	}
	return replace(filepath.Dir(final), filepath.Base(final), data, perm)
}

// Write writes data to the file at p (a path the user chose), never through
// a link at its name: see WriteIn, with p's folder as the root.
func Write(p string, data []byte, perm fs.FileMode) error {
	abs, err := filepath.Abs(p)
	if err != nil {
		return err
	}
	if err := WriteIn(filepath.Dir(abs), filepath.Base(abs), data, perm); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Path = p
		}
		return err
	}
	return nil
}

// replace writes a temporary file in dir and renames it to name. rename
// replaces whatever is at name (a link included) without following it.
func replace(dir, name string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return &Error{Path: name, Err: err}
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return &Error{Path: name, Err: err}
	}
	if err := tmp.Chmod(perm); err != nil {
		return &Error{Path: name, Err: err}
	}
	if err := tmp.Close(); err != nil {
		return &Error{Path: name, Err: err}
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return &Error{Path: name, Err: err}
	}
	done = true
	return nil
}

// ReadRegular reads the file at p, a path the user named (links are
// followed), but only if it is a regular file: it is opened without
// blocking, so a FIFO is refused instead of hanging the run. A file over
// limit bytes is refused with ErrTooLarge; nothing of a refused file's
// content is ever returned.
func ReadRegular(p string, limit int64) ([]byte, error) {
	return read(p, p, limit, false)
}

// ReadIn reads root/rel, a file the repository provides (a config file): it
// must stay inside root, through links too (a link inside the repository to
// another file inside it is followed; one that leaves it is refused), be a
// regular file and be at most limit bytes. It never blocks on a FIFO. A
// missing file is an *Error wrapping fs.ErrNotExist.
func ReadIn(root, rel string, limit int64) ([]byte, error) {
	c, ok := clean(rel)
	if !ok {
		return nil, &Error{Path: rel, Err: fmt.Errorf("%w the repository", ErrOutside), Hint: "give a path relative to the repository, without .."}
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, &Error{Path: root, Err: err}
	}
	p := filepath.Join(realRoot, filepath.FromSlash(c))
	if _, err := os.Lstat(p); err != nil {
		return nil, &Error{Path: c, Err: err}
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		// A dangling link, or a loop.
		return nil, &Error{Path: c, Err: fmt.Errorf("%w that leads nowhere", ErrLink)}
	}
	if !within(realRoot, real) {
		return nil, &Error{Path: c, Err: fmt.Errorf("%w that leads out of the repository", ErrLink),
			Hint: "launchready reads config files only inside the repository; commit the file itself instead of a link"}
	}
	// real has no links left (barring a race); refuse one at its name.
	return read(real, c, limit, true)
}

// read opens p without blocking (and, with noFollow, without following a
// link at its name), checks it is a regular file and reads at most limit
// bytes.
func read(p, name string, limit int64, noFollow bool) ([]byte, error) {
	f, err := openNonBlocking(p, noFollow)
	if err != nil {
		if isLinkErr(err) {
			return nil, &Error{Path: name, Err: ErrLink}
		}
		return nil, &Error{Path: name, Err: unwrapPath(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Error{Path: name, Err: unwrapPath(err)}
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Path: name, Err: fmt.Errorf("%w (it is a %s)", ErrNotRegular, kind(st.Mode())), Hint: "replace it with a regular file"}
	}
	if st.Size() > limit {
		return nil, &Error{Path: name, Err: fmt.Errorf("%w (%d bytes, the limit is %d)", ErrTooLarge, st.Size(), limit)}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &Error{Path: name, Err: unwrapPath(err)}
	}
	if int64(len(data)) > limit {
		return nil, &Error{Path: name, Err: fmt.Errorf("%w (over %d bytes)", ErrTooLarge, limit)}
	}
	return data, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "folder"
	case m&fs.ModeNamedPipe != 0:
		return "FIFO"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
