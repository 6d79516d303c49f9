//go:build unix

package safefile

import (
	"errors"
	"os"
	"syscall"
)

// openNonBlocking opens p for reading with O_NONBLOCK, so opening a FIFO
// with no writer returns at once instead of waiting for one, and with
// O_NOFOLLOW when asked, so a link at p's name fails with ELOOP.
func openNonBlocking(p string, noFollow bool) (*os.File, error) {
	flags := os.O_RDONLY | syscall.O_NONBLOCK
	if noFollow {
		flags |= syscall.O_NOFOLLOW
	}
	f, err := os.OpenFile(p, flags, 0)
	if err != nil {
		return nil, err
	}
	// Reads of a regular file ignore O_NONBLOCK; clear it anyway so the
	// runtime's poller is not involved.
	_ = syscall.SetNonblock(int(f.Fd()), false)
	return f, nil
}

func isLinkErr(err error) bool { return errors.Is(err, syscall.ELOOP) }
