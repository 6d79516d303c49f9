// Package gitrepo is launchready's git plumbing: it opens a repository,
// resolves revisions and ranges, and detects the conditions under which a
// history scan would silently miss commits (a shallow clone, an unknown
// revision). It shells out to the git CLI, which is what the scanner itself
// runs, so both see the same repository.
package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Error is a git problem with the fix a user needs.
type Error struct {
	What string // what is wrong
	Fix  string // how to fix it
}

func (e *Error) Error() string {
	if e.Fix == "" {
		return e.What
	}
	return e.What + "; " + e.Fix
}

// Repo is an opened repository.
type Repo struct {
	// Root is the absolute path of the work tree's top folder.
	Root string
	// Env is added to every git command, such as GIT_CONFIG_* entries that
	// mark a container workspace as a safe directory.
	Env []string

	// The hardened environment of every git command (see Command),
	// computed once.
	hardenOnce sync.Once
	harden     []string
	hardenErr  error
}

// Open finds the repository that contains dir.
func Open(ctx context.Context, dir string, env []string) (*Repo, error) {
	r := &Repo{Root: dir, Env: env}
	out, err := r.Git(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		if err == ErrNoGit {
			return nil, err
		}
		var ge *Error
		if errors.As(err, &ge) && strings.Contains(ge.What, "dubious ownership") {
			return nil, &Error{
				What: fmt.Sprintf("git refuses to read %s because another user owns it", dir),
				Fix:  "run launchready as the folder's owner, or mark the folder safe for this run with GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0=" + dir,
			}
		}
		return nil, &Error{
			What: fmt.Sprintf("%s is not inside a git repository", dir),
			Fix:  "pass --repo with the path of a git checkout",
		}
	}
	// A fresh Repo for the top folder: the hardened environment is
	// computed again there.
	return &Repo{Root: strings.TrimSpace(out), Env: env}, nil
}

// Git runs git in the repository and returns its standard output. A failure
// becomes an *Error carrying git's first line of complaint.
func (r *Repo) Git(ctx context.Context, args ...string) (string, error) {
	cmd := r.Command(ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if e, ok := err.(*Error); ok {
			return "", e // the config could not be read, or no git
		}
		return stdout.String(), gitFailure(args[0], err, stderr.String())
	}
	return stdout.String(), nil
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "fatal: ")
		l = strings.TrimPrefix(l, "error: ")
		if l != "" {
			return l
		}
	}
	return ""
}

// ShallowFix is the advice for a shallow clone in CI.
const ShallowFix = "fetch the full history: in GitHub Actions set `fetch-depth: 0` on actions/checkout; locally run `git fetch --unshallow`"

// IsShallow reports whether the clone is shallow, in which case a history or
// range scan would miss commits.
func (r *Repo) IsShallow(ctx context.Context) (bool, error) {
	out, err := r.Git(ctx, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return false, err
	}
	return strings.TrimSpace(out) == "true", nil
}

// ErrShallow is the error for a history or range scan of a shallow clone.
var ErrShallow = &Error{What: "the repository is a shallow clone, so its history is incomplete and older commits cannot be scanned", Fix: ShallowFix}

// Preflight checks, in one git call, that the clone is not shallow (or
// returns ErrShallow) and whether the repository has a commit yet: HEAD's,
// or, when HEAD is unborn, any ref's.
func (r *Repo) Preflight(ctx context.Context) (hasCommits bool, err error) {
	// rev-parse prints the shallow flag, then HEAD's id; on a repository
	// with no commits it exits 1 after the flag.
	out, gerr := r.Git(ctx, "rev-parse", "--is-shallow-repository", "--verify", "--quiet", "HEAD^{commit}")
	lines := strings.Fields(out)
	if len(lines) == 0 {
		if gerr != nil {
			return false, gerr
		}
		return false, &Error{What: "git rev-parse printed nothing"}
	}
	if lines[0] == "true" {
		return false, ErrShallow
	}
	if gerr == nil && len(lines) > 1 {
		return true, nil
	}
	// HEAD is unborn (a fresh repository, or `git checkout --orphan`), but
	// other refs may hold commits: the history is every ref's, so only a
	// repository with no ref at all has "no commits yet".
	out, err = r.Git(ctx, "for-each-ref", "--count=1", "--format=%(objectname)")
	if err != nil {
		return false, err
	}
	return strings.TrimSpace(out) != "", nil
}

var hexSHA = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// ResolveCommit turns a revision into a full commit id, refusing anything
// that is not a commit.
func (r *Repo) ResolveCommit(ctx context.Context, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, " \t\n") {
		return "", &Error{What: fmt.Sprintf("%q is not a valid revision", rev), Fix: "give a branch, tag or commit id"}
	}
	out, err := r.Git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	sha := strings.TrimSpace(out)
	if err != nil || !hexSHA.MatchString(sha) {
		fix := "check the spelling, or fetch it (in GitHub Actions set `fetch-depth: 0` on actions/checkout)"
		if s, _ := r.IsShallow(ctx); s {
			fix = "the clone is shallow, so the commit may be missing; " + ShallowFix
		}
		return "", &Error{What: fmt.Sprintf("revision %q is not a commit in this repository", rev), Fix: fix}
	}
	return sha, nil
}

// MergeBase returns the best common ancestor of two commits.
func (r *Repo) MergeBase(ctx context.Context, a, b string) (string, error) {
	out, err := r.Git(ctx, "merge-base", a, b)
	if err != nil {
		return "", &Error{
			What: fmt.Sprintf("commits %s and %s have no common ancestor in this clone", short(a), short(b)),
			Fix:  ShallowFix,
		}
	}
	return strings.TrimSpace(out), nil
}

// Range is a resolved range scan: Base..Head, where Base is the merge base.
type Range struct {
	Base, Head string
}

// ResolveRange resolves BASE..HEAD to merge-base(BASE, HEAD)..HEAD. An empty
// base, or one of all zeros (a push that created a branch), means "all
// commits reachable from head that no other branch has"; that case is
// returned with an empty Base.
func (r *Repo) ResolveRange(ctx context.Context, base, head string) (Range, error) {
	h, err := r.ResolveCommit(ctx, head)
	if err != nil {
		return Range{}, err
	}
	if base == "" || strings.Trim(base, "0") == "" {
		return Range{Head: h}, nil
	}
	b, err := r.ResolveCommit(ctx, base)
	if err != nil {
		return Range{}, err
	}
	mb, err := r.MergeBase(ctx, b, h)
	if err != nil {
		return Range{}, err
	}
	return Range{Base: mb, Head: h}, nil
}

// ParseRange splits "BASE..HEAD" (or "BASE...HEAD").
func ParseRange(s string) (base, head string, err error) {
	sep := "..."
	i := strings.Index(s, sep)
	if i < 0 {
		sep = ".."
		i = strings.Index(s, sep)
	}
	if i <= 0 || i+len(sep) >= len(s) {
		return "", "", fmt.Errorf("range %q is not of the form BASE..HEAD", s)
	}
	return s[:i], s[i+len(sep):], nil
}

// HasCommits reports whether HEAD points at a commit.
func (r *Repo) HasCommits(ctx context.Context) bool {
	_, err := r.Git(ctx, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	return err == nil
}

// Version returns git's major and minor version.
func (r *Repo) Version(ctx context.Context) (major, minor int, err error) {
	out, err := r.Git(ctx, "version")
	if err != nil {
		return 0, 0, err
	}
	m := regexp.MustCompile(`(\d+)\.(\d+)`).FindStringSubmatch(out)
	if m == nil {
		return 0, 0, fmt.Errorf("cannot read git version from %q", strings.TrimSpace(out))
	}
	major, _ = strconv.Atoi(m[1])
	minor, _ = strconv.Atoi(m[2])
	return major, minor, nil
}

// RemergeUnsupported explains a git too old for --diff-merges=remerge. It
// is checked from git's own error rather than by running `git version`
// before every scan.
func (r *Repo) RemergeUnsupported(ctx context.Context) *Error {
	major, minor, err := r.Version(ctx)
	if err != nil || major > 2 || major == 2 && minor >= 36 {
		return nil
	}
	return &Error{
		What: fmt.Sprintf("git %d.%d cannot show merge resolutions, so secrets added while resolving a merge conflict would be missed", major, minor),
		Fix:  "install git 2.36 or later",
	}
}

// WorktreeFiles lists the files of the work tree that git tracks or would
// track: HEAD's files with their uncommitted changes, plus untracked files
// that are not ignored. Deleted files are left out.
func (r *Repo) WorktreeFiles(ctx context.Context) ([]string, error) {
	out, err := r.Git(ctx, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate")
	if err != nil {
		return nil, err
	}
	var files []string
	for _, f := range strings.Split(out, "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files, nil
}

func short(sha string) string {
	if len(sha) > 8 {
		return sha[:8]
	}
	return sha
}

// ConfigEnv returns GIT_CONFIG_COUNT/KEY_n/VALUE_n entries that add the
// given settings after the ones the environment already has, for Repo.Env.
// It is how launchready configures the git processes it starts, without
// ever writing to the user's config: a container action, for example, runs
// as root on a workspace another user owns, which git refuses ("dubious
// ownership") unless safe.directory names it.
func ConfigEnv(getenv func(string) string, pairs ...[2]string) []string {
	n, _ := strconv.Atoi(getenv("GIT_CONFIG_COUNT"))
	var env []string
	for i, kv := range pairs {
		env = append(env, fmt.Sprintf("GIT_CONFIG_KEY_%d=%s", n+i, kv[0]), fmt.Sprintf("GIT_CONFIG_VALUE_%d=%s", n+i, kv[1]))
	}
	return append(env, fmt.Sprintf("GIT_CONFIG_COUNT=%d", n+len(pairs)))
}

// SkipWorktree returns the index entries a sparse checkout leaves off disk
// (the skip-worktree bit), by path, with their blob ids.
func (r *Repo) SkipWorktree(ctx context.Context) (map[string]string, error) {
	out, err := r.Git(ctx, "ls-files", "-z", "-t", "-s")
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, rec := range strings.Split(out, "\x00") {
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 || f[0] != "S" || !hexSHA.MatchString(f[2]) || f[1] == "160000" {
			continue
		}
		m[path] = f[2]
	}
	return m, nil
}
