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
	"time"

	"github.com/gitleaks/go-gitdiff/gitdiff"
	"github.com/zricethezav/gitleaks/v8/cmd/scm"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
	"github.com/zricethezav/gitleaks/v8/sources"

	"github.com/launchready/launchready/internal/gitrepo"
)

// logSafety keeps the user's git configuration from changing the patch text
// gitleaks parses (colour, signatures); gitrepo.Command adds the rest.
var logSafety = []string{"--no-color", "--no-show-signature"}

// MaxFileSize caps one file scanned from the work tree; larger files are
// skipped and counted in the notes.
const MaxFileSize = 10 << 20

// scanError is a scan that could not complete; the message says why.
type scanError struct{ msg string }

func (e *scanError) Error() string { return e.msg }

// gitScan scans the patches of one `git log -p` (or `git diff`) with
// gitleaks' detector and adds every finding to d. The git command is ours
// (gitrepo.Repo.Patches, hardened against the repository's git config);
// the files are turned into fragments as gitleaks' own git source does:
// deleted and binary files are skipped (gitleaks skips binaries too, and
// unpacks archives only with a positive archive depth, which launchready
// does not set). It fails closed: any error from git is returned.
func gitScan(ctx context.Context, d *detect.Detector, p *gitrepo.Patches, onCommit func(string)) error {
	installLogger() // the detector logs through gitleaks' global logger
	var wg sync.WaitGroup
	for f := range p.Files {
		if ctx.Err() != nil {
			continue // drain, so git can exit
		}
		if f.IsDelete || f.IsBinary {
			continue
		}
		var info *sources.CommitInfo
		sha := ""
		if h := f.PatchHeader; h != nil {
			sha = h.SHA
			info = &sources.CommitInfo{
				Date:    h.AuthorDate.UTC().Format(time.RFC3339),
				Message: h.Message(),
				Remote:  &sources.RemoteInfo{Platform: scm.NoPlatform},
				SHA:     sha,
			}
			if h.Author != nil {
				info.AuthorName, info.AuthorEmail = h.Author.Name, h.Author.Email
			}
		}
		if sha != "" && onCommit != nil {
			onCommit(sha)
		}
		path := strings.TrimPrefix(f.NewName, mergeDstPrefix)
		frags := f.TextFragments
		wg.Add(1)
		d.Sema.Go(func() error {
			defer wg.Done()
			for _, tf := range frags {
				if tf == nil {
					return nil
				}
				frag := detect.Fragment{
					CommitSHA:  sha,
					FilePath:   path,
					Raw:        tf.Raw(gitdiff.OpAdd),
					StartLine:  int(tf.NewPosition),
					CommitInfo: info,
				}
				for _, gf := range d.DetectContext(ctx, frag) {
					// AddFinding applies gitleaks' fingerprint,
					// .gitleaksignore and baseline.
					d.AddFinding(gf)
				}
			}
			return nil
		})
	}
	wg.Wait()
	_ = d.Sema.Wait()
	err := p.Wait()
	if ctx.Err() != nil {
		return &scanError{"the scan was cancelled or timed out"}
	}
	return err
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
func historyLogOpts(revs ...string) []string {
	args := append([]string{"log", "-p", "-U0"}, logSafety...)
	args = append(args, "--src-prefix="+mergeSrcPrefix, "--dst-prefix="+mergeDstPrefix,
		"--diff-merges=remerge", "--full-history", "--diff-filter=tuxdb")
	return append(args, revs...)
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
