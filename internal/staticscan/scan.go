package staticscan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/zricethezav/gitleaks/v8/cmd/scm"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
	"github.com/zricethezav/gitleaks/v8/sources"
)

// logSafety keeps the user's git configuration from changing the patch text
// gitleaks parses (colour, external diff drivers, signatures).
const logSafety = "--no-color --no-ext-diff --no-textconv --no-show-signature"

// MaxFileSize caps one file scanned from the work tree; larger files are
// skipped and counted in the notes.
const MaxFileSize = 10 << 20

// scanError is a scan that could not complete; the message says why.
type scanError struct{ msg string }

func (e *scanError) Error() string { return e.msg }

// gitScan runs one `git log -p` (or `git diff`) through gitleaks and adds
// every finding to d. It fails closed: any error from git, including ones
// gitleaks only logs, is returned.
func gitScan(ctx context.Context, d *detect.Detector, cmd *sources.GitCmd, onCommit func(string)) error {
	errs := &gitErrors{}
	// gitleaks reports git's stderr only through its global logger, so
	// collect it for the duration of this scan (and serialise git scans,
	// which would share the collector).
	installLogger()
	gitleaksMu.Lock()
	defer gitleaksMu.Unlock()
	sink.set(errs)
	defer sink.set(nil)

	var failed atomic.Bool
	src := &sources.Git{
		Cmd:    cmd,
		Config: &d.Config,
		// Both must be non-nil: sources.Git dereferences them.
		Remote: &sources.RemoteInfo{Platform: scm.NoPlatform},
		Sema:   d.Sema,
	}
	err := src.Fragments(ctx, func(f sources.Fragment, ferr error) error {
		if ferr != nil {
			failed.Store(true)
			return nil
		}
		f.FilePath = strings.TrimPrefix(f.FilePath, mergeDstPrefix)
		if f.CommitSHA != "" && onCommit != nil {
			onCommit(f.CommitSHA)
		}
		for _, gf := range d.DetectContext(ctx, detect.Fragment(f)) {
			// AddFinding applies gitleaks' fingerprint, .gitleaksignore
			// and baseline.
			d.AddFinding(gf)
		}
		return nil
	})
	// Fragments can return while fragments are still being scanned (on a
	// git error); wait for them before anyone reads the findings.
	_ = d.Sema.Wait()
	if err != nil {
		if ctx.Err() != nil {
			return &scanError{"the scan was cancelled or timed out"}
		}
		return &scanError{"git failed: " + err.Error()}
	}
	if failed.Load() {
		msg := errs.String()
		if msg == "" {
			msg = "git wrote errors while producing the patches"
		}
		return &scanError{"git failed: " + msg}
	}
	return ctx.Err()
}

// historyLogOpts returns the git log options for a history or range scan.
// gitleaks never sees merge patches by default, so a secret typed while
// resolving a conflict would be invisible; --diff-merges=remerge adds, for
// each merge commit only, exactly what its resolution changed, in the same
// single pass over history. (--cc output is parsed by gitleaks as nothing.)
//
// A remerge patch has a "remerge CONFLICT" line inside its git header, which
// go-gitdiff does not expect: it then takes the name from the +++ line with
// the prefix still on (--no-prefix avoids that but loses the commit id). So
// the prefixes are ones nobody has in a real path, and gitScan strips them
// before detection. Ordinary patches are named from the git header, where
// go-gitdiff drops the prefix itself.
func historyLogOpts(revs string) string {
	return logSafety + " --src-prefix=" + mergeSrcPrefix + " --dst-prefix=" + mergeDstPrefix +
		" --diff-merges=remerge --full-history --diff-filter=tuxdb " + revs
}

const (
	mergeSrcPrefix = ".launchready-src./"
	mergeDstPrefix = ".launchready-dst./"
)

// scanFiles scans files of the work tree, each read whole as one fragment.
// It returns how many files were skipped as too large.
func scanFiles(ctx context.Context, d *detect.Detector, root string, files []string, onFile func()) (skipped int, err error) {
	var (
		wg      sync.WaitGroup
		next    atomic.Int64
		tooBig  atomic.Int64
		workers = runtime.GOMAXPROCS(0)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) || ctx.Err() != nil {
					return
				}
				rel := files[i]
				data, ok, big := readWorktreeFile(filepath.Join(root, filepath.FromSlash(rel)))
				if big {
					tooBig.Add(1)
				}
				if ok {
					for _, gf := range d.DetectContext(ctx, detect.Fragment{Raw: string(data), FilePath: rel, StartLine: 1}) {
						d.AddFinding(gf)
					}
				}
				if onFile != nil {
					onFile()
				}
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return 0, &scanError{"the scan was cancelled or timed out"}
	}
	return int(tooBig.Load()), nil
}

// readWorktreeFile reads a regular, text file of at most MaxFileSize bytes.
func readWorktreeFile(p string) (data []byte, ok, tooBig bool) {
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() {
		return nil, false, false
	}
	if st.Size() > MaxFileSize {
		return nil, false, true
	}
	data, err = os.ReadFile(p)
	if err != nil {
		return nil, false, false
	}
	head := data
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, false, false // binary
	}
	return data, true, false
}

// shortDescription turns gitleaks' sentence-long rule descriptions
// ("Uncovered a GitHub Personal Access Token, potentially leading to ...")
// into a title ("GitHub Personal Access Token").
func shortDescription(desc, ruleID string) string {
	d := desc
	for _, p := range []string{"Uncovered a ", "Uncovered an ", "Detected a ", "Detected an ", "Identified a ", "Identified an ", "Discovered a ", "Discovered an ", "Found a ", "Found an "} {
		if strings.HasPrefix(d, p) {
			d = strings.TrimPrefix(d, p)
			break
		}
	}
	if i := strings.IndexAny(d, ",;"); i > 0 {
		d = d[:i]
	}
	d = strings.TrimSuffix(strings.TrimSpace(d), ".")
	if d == "" {
		return ruleID
	}
	return strings.ToUpper(d[:1]) + d[1:]
}

func describeDate(gf report.Finding) string {
	if len(gf.Date) >= 10 {
		return gf.Date[:10]
	}
	return ""
}
