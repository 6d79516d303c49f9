package gitrepo

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/launchready/launchready/internal/safefile"
)

// Source reads a file the repository provides as config (.launchready.yml,
// .gitleaks.toml, .gitleaksignore) from one place: the work tree, a
// commit's tree or the index. A missing file is an error wrapping
// fs.ErrNotExist; a link, a folder or a file over limit is refused with a
// *safefile.Error, whose message never quotes the content.
type Source interface {
	ReadConfig(rel string, limit int64) ([]byte, error)
	// ID names the version of rel, to tell whether two sources hold the
	// same file ("" when it is missing).
	ID(rel string) string
	// Where says where the files come from, for messages.
	Where() string
}

// WorktreeSource reads config files from the checked-out files.
type WorktreeSource struct{ Root string }

func (w WorktreeSource) ReadConfig(rel string, limit int64) ([]byte, error) {
	return safefile.ReadIn(w.Root, rel, limit)
}
func (w WorktreeSource) ID(rel string) string { return "" }
func (w WorktreeSource) Where() string        { return "the work tree" }

// TreeSource reads config files from a commit's tree with git, never from
// the work tree: the policy of a pull request comes from its base.
type TreeSource struct {
	Repo   *Repo
	Commit string
	Ctx    context.Context
}

// entry looks rel up in the commit's tree: its mode, type and object id.
func (t TreeSource) entry(rel string) (mode, typ, id string, err error) {
	c := path.Clean(strings.TrimPrefix(rel, "./"))
	if c == "." || strings.HasPrefix(c, "../") || path.IsAbs(c) {
		return "", "", "", &safefile.Error{Path: rel, Err: fmt.Errorf("%w the repository", safefile.ErrOutside)}
	}
	out, err := t.Repo.Git(t.Ctx, "ls-tree", "-z", "--full-tree", t.Commit, "--", c)
	if err != nil {
		return "", "", "", err
	}
	if mode, typ, id, ok := parseLsTree(out, c); ok {
		return mode, typ, id, nil
	}
	return "", "", "", &safefile.Error{Path: c, Err: fs.ErrNotExist}
}

// parseLsTree finds name in `git ls-tree -z` output ("MODE TYPE ID\tNAME"
// records separated by NULs).
func parseLsTree(out, name string) (mode, typ, id string, ok bool) {
	for _, rec := range strings.Split(out, "\x00") {
		meta, n, found := strings.Cut(rec, "\t")
		if !found || n != name {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 {
			continue
		}
		return f[0], f[1], f[2], true
	}
	return "", "", "", false
}

func (t TreeSource) ReadConfig(rel string, limit int64) ([]byte, error) {
	mode, typ, id, err := t.entry(rel)
	if err != nil {
		return nil, err
	}
	where := "in commit " + short(t.Commit)
	switch {
	case mode == "120000":
		return nil, &safefile.Error{Path: rel, Err: fmt.Errorf("%w %s", safefile.ErrLink, where),
			Hint: "launchready reads config files only as regular files; commit the file itself instead of a link"}
	case typ != "blob":
		return nil, &safefile.Error{Path: rel, Err: fmt.Errorf("%w %s (a %s)", safefile.ErrNotRegular, where, typ)}
	}
	size, err := t.Repo.Git(t.Ctx, "cat-file", "-s", id)
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(size), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%s: unexpected size from git: %v", rel, err)
	}
	if n > limit {
		return nil, &safefile.Error{Path: rel, Err: fmt.Errorf("%w (%d bytes %s; the limit is %d)", safefile.ErrTooLarge, n, where, limit)}
	}
	data, err := t.Repo.Git(t.Ctx, "cat-file", "blob", id)
	if err != nil {
		return nil, err
	}
	return []byte(data), nil
}

// ID is the blob's object id and mode, "" when rel is not in the tree.
func (t TreeSource) ID(rel string) string {
	mode, _, id, err := t.entry(rel)
	if err != nil {
		return ""
	}
	return mode + " " + id
}

func (t TreeSource) Where() string { return "commit " + short(t.Commit) }

// StagedSource reads config files from the index, as the hook must: the
// commit holds what is staged, not what is on disk.
type StagedSource struct{ S *Staged }

func (s StagedSource) ReadConfig(rel string, limit int64) ([]byte, error) {
	s.S.load()
	if s.S.err != nil {
		return nil, s.S.err
	}
	c := path.Clean(strings.TrimPrefix(rel, "./"))
	h, ok := s.S.all[c]
	if !ok {
		if s.S.linked[c] {
			return nil, &safefile.Error{Path: c, Err: fmt.Errorf("%w in the index", safefile.ErrLink),
				Hint: "launchready reads config files only as regular files; stage the file itself instead of a link"}
		}
		return nil, &safefile.Error{Path: c, Err: fs.ErrNotExist}
	}
	data, err := s.S.Read(StagedFile{Path: c, Hash: h}, limit)
	if err != nil && !strings.Contains(err.Error(), "larger than") {
		return nil, err
	}
	if err != nil {
		return nil, &safefile.Error{Path: c, Err: fmt.Errorf("%w in the index (the limit is %d bytes)", safefile.ErrTooLarge, limit)}
	}
	return data, nil
}

func (s StagedSource) ID(rel string) string {
	s.S.load()
	if h, ok := s.S.all[path.Clean(rel)]; ok {
		return h.String()
	}
	return ""
}

func (s StagedSource) Where() string { return "the index" }

// EmptySource holds no files: a range without a base commit, whose policy
// is the defaults.
type EmptySource struct{}

func (EmptySource) ReadConfig(rel string, limit int64) ([]byte, error) {
	return nil, &safefile.Error{Path: rel, Err: fs.ErrNotExist}
}
func (EmptySource) ID(rel string) string { return "" }
func (EmptySource) Where() string        { return "no commit" }
