package secrets

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gitleaks/go-gitdiff/gitdiff"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
	"github.com/zricethezav/gitleaks/v8/sources"

	"github.com/launchready/launchready/internal/gitrepo"
)

// logSafety keeps the user's git configuration from changing the patch text
// gitleaks parses (colour, external diff drivers, signatures).
const logSafety = "--no-color --no-ext-diff --no-textconv --no-show-signature"

// errCancelled is the message of a scan stopped by its context.
const errCancelled = "the scan was cancelled or timed out"

// scanError is a scan that could not complete; the message says why.
type scanError struct{ msg string }

func (e *scanError) Error() string { return e.msg }

// blobRef is a binary file of a patch: git prints no text for it, so its
// blob is read and scanned separately.
type blobRef struct {
	id string
	t  target
}

// patchScan runs git (log -p or diff, with args after `git -C ROOT`) and
// scans every added line of its patches, adding the findings to d. Binary
// files (which git prints as "Binary files differ", and gitleaks skips) are
// returned, to be read from their blobs. It fails closed: a git error, or
// patch output that could not be parsed to its end, is an error.
func patchScan(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, args []string, onCommit func(string), cov *coverage) ([]blobRef, error) {
	return patchScanTo(ctx, d, repo, args, onCommit, nil, d.AddFinding, cov)
}

// patchScanTo is patchScan with the findings handed to add instead, and
// the patches (of `git diff`, which names no commit) attributed to commit
// when info is not nil.
func patchScanTo(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, args []string, onCommit func(string), info *sources.CommitInfo, add func(report.Finding), cov *coverage) ([]blobRef, error) {
	return patchScanWith(ctx, d, repo, patchRun{args: args, onCommit: onCommit, info: info, add: add, cov: cov, cache: newFragmentCache(d)})
}

// patchRun is one git process of a patch scan.
type patchRun struct {
	args     []string
	stdin    io.Reader // the commits of `git log --stdin`, or nil
	onCommit func(string)
	info     *sources.CommitInfo
	add      func(report.Finding)
	cov      *coverage
	// cache holds the findings of the hunks already scanned (shared by
	// the workers of one scan); nil scans every hunk.
	cache *fragmentCache
}

func patchScanWith(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, pr patchRun) ([]blobRef, error) {
	installLogger()
	onCommit, info, add, cov := pr.onCommit, pr.info, pr.add, pr.cov
	cmd := repo.Command(ctx, pr.args...)
	if pr.stdin != nil {
		cmd.Stdin = pr.stdin
	}
	stderr := &gitStderr{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, &scanError{"cannot start git: " + err.Error()}
	}
	watch := &eofWatch{r: stdout}
	files, perr := gitdiff.Parse(watch)
	var (
		wg    sync.WaitGroup
		sem   = make(chan struct{}, runtime.GOMAXPROCS(0)*2)
		blobs []blobRef
		seen  = map[string]bool{}
	)
	for f := range files {
		// Always drain the channel: the parser blocks until it is read.
		if ctx.Err() != nil || f.IsDelete {
			continue
		}
		var t target
		if f.PatchHeader != nil {
			t.commit = f.PatchHeader.SHA
			t.info = &sources.CommitInfo{
				Date:    f.PatchHeader.AuthorDate.UTC().Format(time.RFC3339),
				Message: f.PatchHeader.Message(),
				SHA:     t.commit,
				Remote:  noRemote,
			}
			if a := f.PatchHeader.Author; a != nil {
				t.info.AuthorName, t.info.AuthorEmail = a.Name, a.Email
			}
		}
		if info != nil {
			t.commit, t.info = info.SHA, info
		}
		t.path = strings.TrimPrefix(f.NewName, mergeDstPrefix)
		if t.commit != "" && onCommit != nil {
			onCommit(t.commit)
		}
		if f.IsBinary {
			id := f.NewOIDPrefix
			if k := id + "\x00" + t.commit + "\x00" + t.path; isObjectID(id) && !seen[k] {
				seen[k] = true
				blobs = append(blobs, blobRef{id: id, t: t})
			}
			continue
		}
		if len(f.TextFragments) == 0 {
			continue
		}
		if pathAllowed(d, t) {
			// gitleaks would drop it whole: say so, and skip the work.
			cov.allowlisted(t.path)
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			for _, tf := range f.TextFragments {
				if tf == nil || ctx.Err() != nil {
					return
				}
				frag := detect.Fragment{
					CommitSHA: t.commit, FilePath: t.path, CommitInfo: t.info,
					Raw: tf.Raw(gitdiff.OpAdd), StartLine: int(tf.NewPosition),
				}
				// AddFinding (the usual add) applies gitleaks'
				// fingerprint, .gitleaksignore and baseline.
				pr.cache.detect(ctx, d, frag, add)
			}
		}()
	}
	// The parser stops at the first patch it cannot read; anything git
	// wrote after that was not scanned.
	parsedAll := watch.eof.Load()
	rest, _ := io.Copy(io.Discard, stdout)
	wg.Wait()
	werr := cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return nil, &scanError{errCancelled}
	case perr != nil:
		return nil, &scanError{"cannot read git's patch output: " + perr.Error()}
	case werr != nil || stderr.failed():
		msg := stderr.String()
		if msg == "" && werr != nil {
			msg = werr.Error()
		}
		return nil, &scanError{"git failed: " + msg}
	case !parsedAll:
		return nil, &scanError{fmt.Sprintf("git's patch output could not be parsed to its end (%d more bytes unread), so some changes were not scanned", rest)}
	}
	return blobs, nil
}

// eofWatch records whether its reader reached the end.
type eofWatch struct {
	r   io.Reader
	eof atomic.Bool
}

func (w *eofWatch) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err == io.EOF {
		w.eof.Store(true)
	}
	return n, err
}

func isObjectID(id string) bool {
	if len(id) != 40 && len(id) != 64 || strings.Trim(id, "0") == "" {
		return false
	}
	for _, c := range id {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// gitStderr keeps the first lines git writes to stderr, leaving out the
// warnings that do not stop it producing patches (as gitleaks does).
type gitStderr struct {
	mu    sync.Mutex
	buf   []byte
	lines []string
}

var benignGit = []string{
	"exhaustive rename detection was skipped", "inexact rename detection was skipped",
	"you may want to set your diff.renameLimit", `See "git help gc" for manual housekeeping`,
	"Auto packing the repository in background for optimum performance",
}

func (g *gitStderr) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.buf = append(g.buf, p...)
	for {
		i := bytes.IndexByte(g.buf, '\n')
		if i < 0 {
			break
		}
		g.add(string(g.buf[:i]))
		g.buf = g.buf[i+1:]
	}
	if len(g.buf) > 4096 {
		g.add(string(g.buf))
		g.buf = nil
	}
	return len(p), nil
}

func (g *gitStderr) add(l string) {
	l = strings.TrimSpace(l)
	if l == "" {
		return
	}
	for _, b := range benignGit {
		if strings.Contains(l, b) {
			return
		}
	}
	if len(g.lines) < 5 {
		g.lines = append(g.lines, l)
	}
}

func (g *gitStderr) failed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.buf) > 0 {
		g.add(string(g.buf))
		g.buf = nil
	}
	return len(g.lines) > 0
}

func (g *gitStderr) String() string {
	g.failed()
	g.mu.Lock()
	defer g.mu.Unlock()
	return strings.Join(g.lines, "; ")
}

// scanBlobs reads the binary files of a patch scan from their blobs and
// scans them, adding the findings to d.
func scanBlobs(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, blobs []blobRef, cov *coverage) error {
	var todo []blobRef
	for _, b := range blobs {
		if pathAllowed(d, b.t) {
			cov.allowlisted(b.t.path)
		} else {
			todo = append(todo, b)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	objs, err := repo.Objects(ctx)
	if err != nil {
		return err
	}
	defer objs.Close()
	// The same blob under the same path in several commits is read once;
	// its findings are repeated for each commit.
	type done struct{ findings []report.Finding }
	cache := map[string]*done{}
	for _, b := range todo {
		k := b.id + "\x00" + b.t.path
		c, ok := cache[k]
		if !ok {
			typ, size, body, err := objs.Open(b.id)
			if err != nil {
				return err
			}
			if typ != "blob" {
				return &scanError{fmt.Sprintf("object %s of %s is a %s, not a blob", shortSHA(b.id), b.t.path, typ)}
			}
			fs, err := scanContent(ctx, d, body, size, b.t, cov)
			if err != nil {
				return err
			}
			c = &done{fs}
			cache[k] = c
		}
		for _, g := range c.findings {
			g.Commit = b.t.commit
			if b.t.info != nil {
				g.Date, g.Author, g.Email, g.Message = b.t.info.Date, b.t.info.AuthorName, b.t.info.AuthorEmail, b.t.info.Message
			}
			g.Tags = slices.Clone(g.Tags)
			if b.t.ref != "" {
				g.Tags = append(g.Tags, tagRef+b.t.ref)
			}
			d.AddFinding(g)
		}
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
//
// --diff-filter=uxdb leaves out deletions, unmerged and unknown entries and
// broken pairs; it keeps additions, modifications, renames and copies with
// edits, and type changes (a file that replaces a symbolic link).
func historyLogOpts(revs string) string {
	return logSafety + " --full-index --src-prefix=" + mergeSrcPrefix + " --dst-prefix=" + mergeDstPrefix +
		" --diff-merges=remerge --full-history --diff-filter=uxdb " + revs
}

const (
	mergeSrcPrefix = ".launchready-src./"
	mergeDstPrefix = ".launchready-dst./"
)

// scanFiles scans files of the work tree, each streamed in overlapping
// windows (binary ones through their printable runs), adding the findings
// to d, and returns how many files it read. What it could not read in full
// is recorded in cov. A tracked file that is not on disk because the
// checkout is sparse (skip-worktree) is read from the index instead: it is
// still in the repository, and the next commit still holds it.
func scanFiles(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, files []string, cov *coverage, onFile func()) (int, error) {
	var (
		wg      sync.WaitGroup
		next    atomic.Int64
		read    atomic.Int64
		workers = runtime.GOMAXPROCS(0)
		mu      sync.Mutex
		missing []string
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
				t := target{path: files[i]}
				fs, st, err := scanWorktreeFile(ctx, d, filepath.Join(repo.Root, filepath.FromSlash(t.path)), t, cov)
				switch {
				case err != nil && ctx.Err() == nil:
					// Named in the result: never a pass over it.
					cov.cannotRead(t.path, err)
				case st == fileRead:
					read.Add(1)
				case st == fileMissing:
					mu.Lock()
					missing = append(missing, t.path)
					mu.Unlock()
				}
				for _, g := range fs {
					d.AddFinding(g)
				}
				if onFile != nil {
					onFile()
				}
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return 0, &scanError{errCancelled}
	}
	if len(missing) == 0 {
		return int(read.Load()), nil
	}
	sparse, err := repo.SkipWorktree(ctx)
	if err != nil {
		return 0, err
	}
	var blobs []blobRef
	for _, p := range missing {
		if id, ok := sparse[p]; ok {
			blobs = append(blobs, blobRef{id: id, t: target{path: p}})
		}
	}
	if err := scanBlobs(ctx, d, repo, blobs, cov); err != nil {
		return 0, err
	}
	return int(read.Load()) + len(blobs), nil
}

// What scanWorktreeFile did with a file.
const (
	fileRead    = iota
	fileSkipped // a symbolic link or other non-regular file, or allowlisted
	fileMissing // not on disk
)

// scanWorktreeFile scans a regular file (symbolic links, and files that
// are not on disk, are left out and said so).
func scanWorktreeFile(ctx context.Context, d *detect.Detector, p string, t target, cov *coverage) ([]report.Finding, int, error) {
	if pathAllowed(d, t) {
		cov.allowlisted(t.path)
		return nil, fileSkipped, nil
	}
	st, err := os.Lstat(p)
	if os.IsNotExist(err) {
		return nil, fileMissing, nil
	}
	if err != nil || !st.Mode().IsRegular() {
		return nil, fileSkipped, nil
	}
	f, err := os.Open(p)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fileMissing, nil
		}
		return nil, fileSkipped, err
	}
	defer f.Close()
	fs, err := scanContent(ctx, d, f, st.Size(), t, cov)
	return fs, fileRead, err
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

// scanOctopus scans the merges of three or more parents, which git log's
// remerge diff leaves out: the merge is compared with each parent, and a
// secret counts as added by the merge only if it is on a line added
// against every parent (a secret that one parent already had was found in
// that parent's own commit). One git diff per parent, for the few octopus
// merges a history has. Binary files that differ from the first parent are
// read from their blobs.
func scanOctopus(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, merges []octopusMerge, cov *coverage) error {
	type key struct{ file, rule, secret string }
	for _, m := range merges {
		info := &sources.CommitInfo{SHA: m.id, Remote: noRemote}
		if !m.when.IsZero() {
			info.Date = m.when.Format(time.RFC3339)
		}
		var first []report.Finding
		count := map[key]int{}
		var blobs []blobRef
		for i, p := range m.parents {
			var mu sync.Mutex
			seen := map[key]bool{}
			args := []string{"diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--full-index", "--diff-filter=uxdb", p, m.id, "--"}
			b, err := patchScanTo(ctx, d, repo, args, nil, info, func(g report.Finding) {
				mu.Lock()
				defer mu.Unlock()
				k := key{g.File, g.RuleID, g.Secret}
				if !seen[k] {
					seen[k] = true
					count[k]++
				}
				if i == 0 {
					first = append(first, g)
				}
			}, cov)
			if err != nil {
				return err
			}
			if i == 0 {
				blobs = b
			}
		}
		for _, g := range first {
			if count[key{g.File, g.RuleID, g.Secret}] == len(m.parents) {
				d.AddFinding(g)
			}
		}
		if err := scanBlobs(ctx, d, repo, blobs, cov); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// scanRefObjects scans the blobs and trees that refs (tags, usually) point
// at directly, or through annotated tags: no commit holds them, so git log
// never shows them, but anyone who fetches the tag gets them. A blob is
// named "tag NAME (blob)", a tree's file "NAME:PATH", git's own syntax. It
// costs nothing when no ref points at anything but commits and tags.
func scanRefObjects(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, cov *coverage) (int, error) {
	refs, err := repo.RefObjects(ctx)
	if err != nil || len(refs) == 0 {
		return 0, err
	}
	var blobs []blobRef
	for _, ro := range refs {
		switch ro.Type {
		case "blob":
			blobs = append(blobs, blobRef{id: ro.ID, t: target{path: "tag " + ro.Name + " (blob)", ref: ro.Name}})
		case "tree":
			es, err := repo.TreeBlobs(ctx, ro.ID)
			if err != nil {
				return 0, err
			}
			for _, e := range es {
				blobs = append(blobs, blobRef{id: e.ID, t: target{path: ro.Name + ":" + e.Path, ref: ro.Name}})
			}
		}
	}
	return len(blobs), scanBlobs(ctx, d, repo, blobs, cov)
}
