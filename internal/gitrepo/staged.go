package gitrepo

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"sync"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// StagedFile is a regular file whose staged content differs from HEAD.
type StagedFile struct {
	Path string
	Hash plumbing.Hash
	// Added is set for a path HEAD does not have.
	Added bool
}

// Staged gives checks the staged content (the index), which is what a
// commit will contain: a hook must never analyse unstaged edits on disk.
// It is opened on first use, so hooks whose checks do not need file
// contents pay nothing for it.
type Staged struct {
	root  string
	once  sync.Once
	repo  *git.Repository
	files []StagedFile
	all   map[string]plumbing.Hash // every merged regular file in the index
	// linked are the staged symbolic links, refused as config files.
	linked map[string]bool
	err    error
}

// Staged returns the lazily opened staged view of the repository.
func (r *Repo) Staged() *Staged { return &Staged{root: r.Root} }

// dotGit is the repository's .git folder as go-git's storage wants it.
func dotGit(root string) billy.Filesystem {
	return osfs.New(filepath.Join(root, ".git"), osfs.WithBoundOS())
}

func (s *Staged) load() {
	s.once.Do(func() {
		// go-git with kept descriptors and an object cache: PlainOpen's
		// defaults are several times slower (DESIGN.md §4).
		st := filesystem.NewStorageWithOptions(
			dotGit(s.root), cache.NewObjectLRUDefault(), filesystem.Options{KeepDescriptors: true})
		repo, err := git.Open(st, nil)
		if err != nil {
			// Worktrees and submodules keep .git elsewhere; let go-git find it.
			repo, err = git.PlainOpenWithOptions(s.root, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
		}
		if err != nil {
			s.err = fmt.Errorf("opening the repository to read staged files: %w", err)
			return
		}
		s.repo = repo
		idx, err := repo.Storer.Index()
		if err != nil {
			s.err = fmt.Errorf("reading the index: %w", err)
			return
		}
		head := map[string]plumbing.Hash{}
		if ref, err := repo.Head(); err == nil {
			if c, err := repo.CommitObject(ref.Hash()); err == nil {
				if tree, err := c.Tree(); err == nil {
					// Walk tree entries only: tree.Files() would load every
					// blob of HEAD (250 ms on 5,000 files) just for hashes.
					w := object.NewTreeWalker(tree, true, nil)
					for {
						name, e, err := w.Next()
						if err != nil {
							break
						}
						if e.Mode.IsFile() {
							head[name] = e.Hash
						}
					}
					w.Close()
				}
			}
		}
		s.all = map[string]plumbing.Hash{}
		for _, e := range idx.Entries {
			// Only merged (stage 0) regular files: no submodules (gitlinks),
			// symlinks or unresolved conflict stages. go-git's index.Merged
			// constant is 1 (the same as AncestorMode), but merged entries
			// are stage 0 on disk, so compare with 0.
			if e.Stage == 0 && e.Mode == filemode.Symlink {
				if s.linked == nil {
					s.linked = map[string]bool{}
				}
				s.linked[e.Name] = true
			}
			if e.Stage != 0 || e.Mode != filemode.Regular && e.Mode != filemode.Executable {
				continue
			}
			s.all[e.Name] = e.Hash
			old, inHead := head[e.Name]
			if inHead && old == e.Hash {
				continue
			}
			s.files = append(s.files, StagedFile{Path: e.Name, Hash: e.Hash, Added: !inHead})
		}
		sort.Slice(s.files, func(i, j int) bool { return s.files[i].Path < s.files[j].Path })
	})
}

// Files lists the staged regular files that differ from HEAD.
func (s *Staged) Files() ([]StagedFile, error) {
	s.load()
	return s.files, s.err
}

// ReadPath returns the staged content of any file in the index (changed or
// not), such as a file a staged spec refers to.
func (s *Staged) ReadPath(path string, limit int64) ([]byte, error) {
	s.load()
	if s.err != nil {
		return nil, s.err
	}
	h, ok := s.all[path]
	if !ok {
		return nil, fmt.Errorf("%s is not in the index", path)
	}
	return s.Read(StagedFile{Path: path, Hash: h}, limit)
}

// Read returns a staged file's content, at most limit bytes (an error past
// that).
func (s *Staged) Read(f StagedFile, limit int64) ([]byte, error) {
	s.load()
	if s.err != nil {
		return nil, s.err
	}
	blob, err := s.repo.BlobObject(f.Hash)
	if err != nil {
		return nil, fmt.Errorf("reading the staged %s: %w", f.Path, err)
	}
	if blob.Size > limit {
		return nil, fmt.Errorf("the staged %s is larger than %d bytes", f.Path, limit)
	}
	rd, err := blob.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(io.LimitReader(rd, limit))
}
