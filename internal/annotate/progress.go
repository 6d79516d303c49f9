package annotate

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/launchready/launchready/internal/check"
)

// IsTerminal reports whether w is a terminal (for colour and progress).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Progress shows commits and files scanned on stderr, at most ten
// times a second, and only when stderr is a terminal.
func Progress(stderr io.Writer) func(check.Progress) {
	if !IsTerminal(os.Stderr) || stderr == nil {
		return nil
	}
	var last time.Time
	var mu = make(chan struct{}, 1)
	return func(p check.Progress) {
		select {
		case mu <- struct{}{}:
		default:
			return
		}
		defer func() { <-mu }()
		if time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		switch {
		case p.Commits > 0 && p.Total > 0:
			fmt.Fprintf(stderr, "\r\x1b[Kscanning: commit %s of %s", thousands(min(p.Commits, p.Total)), thousands(p.Total))
		case p.Commits > 0:
			fmt.Fprintf(stderr, "\r\x1b[Kscanning: %s commits", thousands(p.Commits))
		case p.Files > 0:
			fmt.Fprintf(stderr, "\r\x1b[Kscanning: %s files", thousands(p.Files))
		}
	}
}

// thousands writes n with comma separators: 4,257.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
