package secrets

import (
	"context"
	"hash/maphash"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"

	"github.com/launchready/launchready/internal/gitrepo"
)

// How the history pass is spread over the machine. git log -p is one
// process on one core; betterleaks' --git-workers runs several over
// disjoint sets of commits. Detection already runs on every core, so on a
// small machine a second git process only adds work (it is the detection,
// not git, that the pass waits for): one git log per four cores, at most
// eight. (A variable for the tests and BenchmarkHistoryScan.)
var gitWorkers = func() int { return min(8, max(1, runtime.GOMAXPROCS(0)/4)) }

// historyPatchScan is the patch pass of a history or range scan: git log
// over revs, as one process, or as gitWorkers() processes over disjoint
// sets of the commits rev-list names (`git log --stdin --no-walk`, which
// shows each commit's own patch, remerge diffs included, exactly as the
// walk does). The hunks are scanned once each (see fragmentCache).
func historyPatchScan(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, revs string, onCommit func(string), cov *coverage) ([]blobRef, error) {
	cache := newFragmentCache(d)
	workers := gitWorkers()
	if workers <= 1 {
		return patchScanWith(ctx, d, repo, patchRun{args: historyArgs(revs), onCommit: onCommit, add: d.AddFinding, cov: cov, cache: cache})
	}
	ids, err := repo.RevList(ctx, strings.Fields(revs)...)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	workers = min(workers, len(ids))
	// Round robin: neighbouring commits (of similar size) go to different
	// workers.
	sets := make([]strings.Builder, workers)
	for i, id := range ids {
		sets[i%workers].WriteString(id)
		sets[i%workers].WriteByte('\n')
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		blobs []blobRef
		errs  = make([]error, workers)
	)
	args := append([]string{"log", "-p", "-U0"}, strings.Fields(historyLogOpts("--stdin --no-walk=unsorted"))...)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := patchScanWith(ctx, d, repo, patchRun{args: args, stdin: strings.NewReader(sets[w].String()), onCommit: onCommit, add: d.AddFinding, cov: cov, cache: cache})
			if err != nil {
				errs[w] = err
				cancel() // the others stop: the scan has failed
				return
			}
			mu.Lock()
			blobs = append(blobs, b...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	// The first worker's own error, not the cancellation it caused in
	// the others.
	for _, err := range errs {
		if err != nil && !isCancelled(err) {
			return nil, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return blobs, nil
}

func isCancelled(err error) bool {
	se, ok := err.(*scanError)
	return ok && se.msg == errCancelled
}

// fragmentCache remembers the findings of the hunks a patch scan has
// scanned. The same added text under the same path and line comes back in
// a history: a cherry-pick, a commit on two branches rebased apart, a
// remerge diff of a conflict resolved as one side had it. gitleaks' findings
// for such a hunk differ only in the commit they name, so it is scanned
// once and its findings are repeated with each commit's details; AddFinding
// then fingerprints, ignores and baselines each as its own. A config whose
// allowlists name commits (the one input that differs) turns it off.
type fragmentCache struct {
	seeds [2]maphash.Seed
	mu    sync.Mutex
	m     map[[2]uint64]*cachedFragment
	hits  atomic.Int64 // hunks repeated from the cache
}

// maxCachedFragments bounds the cache (about 100 bytes a hunk): past it,
// new hunks are scanned without being remembered.
const maxCachedFragments = 1 << 20

type cachedFragment struct {
	done     chan struct{}
	ok       bool // scanned to the end (not cancelled)
	findings []report.Finding
}

// cacheHunks switches the cache on (tests compare both ways).
var cacheHunks = true

// newFragmentCache returns a cache for d's config, or nil when its
// allowlists depend on the commit.
func newFragmentCache(d *detect.Detector) *fragmentCache {
	if !cacheHunks || commitAllowlists(d) {
		return nil
	}
	return &fragmentCache{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, m: map[[2]uint64]*cachedFragment{}}
}

func commitAllowlists(d *detect.Detector) bool {
	for _, a := range d.Config.Allowlists {
		if a != nil && len(a.Commits) > 0 {
			return true
		}
	}
	for _, r := range d.Config.Rules {
		for _, a := range r.Allowlists {
			if a != nil && len(a.Commits) > 0 {
				return true
			}
		}
	}
	return false
}

// key is a 128-bit keyed hash of the hunk's path, first line and text
// (seeded per run, so no repository can aim a collision at it).
func (c *fragmentCache) key(f detect.Fragment) [2]uint64 {
	var k [2]uint64
	for i, seed := range c.seeds {
		var h maphash.Hash
		h.SetSeed(seed)
		h.WriteString(f.FilePath)
		h.WriteByte(0)
		h.WriteString(strconv.Itoa(f.StartLine))
		h.WriteByte(0)
		h.WriteString(f.Raw)
		k[i] = h.Sum64()
	}
	return k
}

// detect scans the fragment, or repeats the findings of the same hunk
// scanned before, handing them to add.
func (c *fragmentCache) detect(ctx context.Context, d *detect.Detector, f detect.Fragment, add func(report.Finding)) {
	if c == nil {
		for _, g := range detectFragment(ctx, d, f) {
			add(g)
		}
		return
	}
	k := c.key(f)
	c.mu.Lock()
	e, hit := c.m[k]
	if !hit && len(c.m) < maxCachedFragments {
		e = &cachedFragment{done: make(chan struct{})}
		c.m[k] = e
	}
	c.mu.Unlock()
	if hit {
		select {
		case <-e.done:
		case <-ctx.Done():
			return
		}
		if e.ok {
			c.hits.Add(1)
			for _, g := range e.findings {
				add(recommit(g, f))
			}
			return
		}
	}
	fs := detectFragment(ctx, d, f)
	if e != nil && !hit {
		e.findings, e.ok = fs, ctx.Err() == nil
		close(e.done)
	}
	for _, g := range fs {
		add(g)
	}
}

// recommit is a finding of a hunk as the same hunk of another commit
// yields it: gitleaks takes only these fields from the commit.
func recommit(g report.Finding, f detect.Fragment) report.Finding {
	g.Commit = f.CommitSHA
	g.Author, g.Email, g.Date, g.Message = "", "", "", ""
	if ci := f.CommitInfo; ci != nil {
		g.Author, g.Email, g.Date, g.Message = ci.AuthorName, ci.AuthorEmail, ci.Date, ci.Message
	}
	g.Tags = slices.Clone(g.Tags)
	g.Fingerprint = ""
	return g
}
