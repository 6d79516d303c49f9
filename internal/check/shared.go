package check

import (
	"context"
	"sync"

	"github.com/launchready/launchready/internal/gitrepo"
)

// OnceMap computes a value once per key and gives it to every caller,
// concurrent ones waiting for the first. A run's shared pieces (the file
// list, loaded specs) live in one, owned by the checks the registry builds
// for the run, never in a package variable. A nil OnceMap shares nothing:
// each call computes afresh.
type OnceMap[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]*onceEntry[V]
}

type onceEntry[V any] struct {
	once sync.Once
	v    V
}

// Get returns compute's value for k, computed once.
func (o *OnceMap[K, V]) Get(k K, compute func() V) V {
	if o == nil {
		return compute()
	}
	o.mu.Lock()
	if o.m == nil {
		o.m = map[K]*onceEntry[V]{}
	}
	e, ok := o.m[k]
	if !ok {
		e = &onceEntry[V]{}
		o.m[k] = e
	}
	o.mu.Unlock()
	e.once.Do(func() { e.v = compute() })
	return e.v
}

// Files lists the work tree's files (tracked, and untracked ones git does
// not ignore) once per input for the checks of one run that share it
// (secrets, wiring, deploy and the spec loader). A nil *Files lists afresh.
type Files struct {
	lists OnceMap[*Input, fileList]
}

// NewFiles returns a run's shared file list.
func NewFiles() *Files { return &Files{} }

type fileList struct {
	files []string
	err   error
}

// Worktree returns in's work-tree files.
func (f *Files) Worktree(ctx context.Context, in *Input) ([]string, error) {
	list := func() fileList {
		files, err := (&gitrepo.Repo{Root: in.Repo, Env: in.GitEnv}).WorktreeFiles(ctx)
		return fileList{files, err}
	}
	var l fileList
	if f == nil {
		l = list()
	} else {
		l = f.lists.Get(in, list)
	}
	return l.files, l.err
}
