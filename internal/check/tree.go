package check

import (
	"context"

	"github.com/launchready/launchready/internal/gitrepo"
)

// Tree is the repository content checks read whole files from: the work
// tree, or the index in staged mode (the staged blob, never the file on
// disk). Each analyzer passes its own size cap to Read; a file over it is
// gitrepo.ErrTooLarge.
type Tree interface {
	// Candidates lists the repository-relative files to consider.
	Candidates() ([]string, error)
	// Read returns a file's content, at most limit bytes.
	Read(rel string, limit int64) ([]byte, error)
}

// Tree is in's content for whole-file readers: the index in staged mode,
// else the work tree, listed through the run's shared file list. Reads are
// confined to the repository (gitrepo.ReadFile, gitrepo.Staged).
func (f *Files) Tree(ctx context.Context, in *Input) Tree {
	if in.Scan.Mode == ModeStaged && in.Staged != nil {
		return stagedTree{in.Staged}
	}
	return f.WorktreeTree(ctx, in)
}

// WorktreeTree is in's work tree as a Tree, whatever the scan mode.
func (f *Files) WorktreeTree(ctx context.Context, in *Input) Tree {
	return worktree{root: in.Repo, files: func() ([]string, error) { return f.Worktree(ctx, in) }}
}

// StagedTree is the index as a Tree.
func StagedTree(st *gitrepo.Staged) Tree { return stagedTree{st} }

type worktree struct {
	root  string
	files func() ([]string, error)
}

func (w worktree) Candidates() ([]string, error) { return w.files() }

func (w worktree) Read(rel string, limit int64) ([]byte, error) {
	return gitrepo.ReadFile(w.root, rel, limit)
}

type stagedTree struct{ s *gitrepo.Staged }

func (st stagedTree) Candidates() ([]string, error) {
	files, err := st.s.Files()
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out, err
}

func (st stagedTree) Read(rel string, limit int64) ([]byte, error) {
	data, err := st.s.ReadPath(rel, limit+1)
	if err == nil && int64(len(data)) > limit {
		return nil, gitrepo.ErrTooLarge
	}
	return data, err
}
