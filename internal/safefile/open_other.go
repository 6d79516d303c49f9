//go:build !unix

package safefile

import (
	"io/fs"
	"os"
)

// openNonBlocking checks p with Lstat first: without O_NOFOLLOW and
// O_NONBLOCK, a link or a special file is refused before opening it.
func openNonBlocking(p string, noFollow bool) (*os.File, error) {
	st, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if noFollow && st.Mode()&fs.ModeSymlink != 0 {
		return nil, errLink
	}
	if !noFollow {
		if st, err = os.Stat(p); err != nil {
			return nil, err
		}
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: p, Err: ErrNotRegular}
	}
	return os.Open(p)
}

var errLink = &fs.PathError{Op: "open", Path: "", Err: ErrLink}

func isLinkErr(err error) bool { return err == errLink }
