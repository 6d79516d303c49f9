package gitrepo

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os/exec"
	"strings"
	"sync"

	"github.com/gitleaks/go-gitdiff/gitdiff"
)

// Patches is the parsed output of a patch command (git log -p, git diff),
// streamed as git writes it. It replaces gitleaks' own git source, whose
// commands are built inside gitleaks with the process environment and
// could not be hardened (see Command).
type Patches struct {
	// Files yields each file patch; read it until it is closed, then call
	// Wait.
	Files <-chan *gitdiff.File

	cmd    *exec.Cmd
	sub    string
	done   chan struct{} // stderr fully read
	mu     sync.Mutex
	errors []string
}

// benign are stderr lines git writes while still producing complete
// output (the same list gitleaks ignores).
var benign = []string{
	"exhaustive rename detection was skipped",
	"inexact rename detection was skipped",
	"you may want to set your diff.renameLimit",
	`See "git help gc" for manual housekeeping`,
	"Auto packing the repository in background for optimum performance",
}

// Patches starts a patch command (args start with log or diff) through
// Command and parses its output as it comes.
func (r *Repo) Patches(ctx context.Context, args ...string) (*Patches, error) {
	cmd := r.Command(ctx, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		if e, ok := err.(*Error); ok {
			return nil, e
		}
		return nil, gitFailure(args[0], err, "")
	}
	p := &Patches{cmd: cmd, sub: args[0], done: make(chan struct{})}
	go p.readStderr(stderr)
	files, err := gitdiff.Parse(stdout)
	if err != nil {
		// Let git finish (or fail) so its error is the one reported.
		_, _ = io.Copy(io.Discard, stdout)
		if werr := p.Wait(); werr != nil {
			return nil, werr
		}
		return nil, err
	}
	p.Files = files
	return p, nil
}

func (p *Patches) readStderr(r io.Reader) {
	defer close(p.done)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		ok := strings.TrimSpace(line) == ""
		for _, b := range benign {
			ok = ok || strings.Contains(line, b)
		}
		if !ok {
			p.mu.Lock()
			if len(p.errors) < 5 {
				p.errors = append(p.errors, line)
			}
			p.mu.Unlock()
		}
	}
}

// Wait waits for git to exit. It fails closed: a non-zero exit or any
// line of complaint on stderr is an *Error, since git may then have
// produced only part of the patches.
func (p *Patches) Wait() error {
	<-p.done
	err := p.cmd.Wait()
	p.mu.Lock()
	msg := strings.Join(p.errors, "\n")
	p.mu.Unlock()
	if err == nil && msg == "" {
		return nil
	}
	if err == nil {
		err = errors.New("git wrote errors while producing the patches")
	}
	e := gitFailure(p.sub, err, msg)
	if ge, ok := e.(*Error); ok && len(p.errors) > 1 {
		ge.What += " (" + strings.Join(p.errors[1:], "; ") + ")"
	}
	return e
}
