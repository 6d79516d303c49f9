// Package precommit is the git pre-commit hook: installing and removing it,
// and scanning the staged changes with every check that supports staged
// mode, with a message that says how to fix or allow each finding.
package precommit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/safefile"
)

// Marker identifies our hook script.
const Marker = "# launchready-precommit hook"

// Suffixes of the hooks kept beside ours.
const (
	chainedSuffix = ".launchready-chained" // run before ours (--chain)
	backupSuffix  = ".launchready-backup"  // replaced by ours (--force)
)

// HookPath returns where git looks for the pre-commit hook: it respects
// core.hooksPath and linked worktrees.
func HookPath(ctx context.Context, repo *gitrepo.Repo) (string, error) {
	out, err := repo.Git(ctx, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return "", err
	}
	dir := strings.TrimSpace(out)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repo.Root, dir)
	}
	if err := confineHooks(ctx, repo, dir); err != nil {
		return "", err
	}
	return filepath.Join(dir, "pre-commit"), nil
}

// confineHooks refuses a hooks folder that resolves, through links, outside
// the repository's top folder and its git folders: the folder can be part
// of the repository (core.hooksPath = .husky), and a link committed in its
// place would make install and uninstall write, rename and delete wherever
// it points. safefile.WriteIn trusts its root, so the root is checked here.
func confineHooks(ctx context.Context, repo *gitrepo.Repo, dir string) error {
	real, err := resolveExisting(dir)
	if err != nil {
		return err
	}
	var roots []string
	for _, args := range [][]string{{"rev-parse", "--absolute-git-dir"}, {"rev-parse", "--path-format=absolute", "--git-common-dir"}} {
		if out, err := repo.Git(ctx, args...); err == nil {
			roots = append(roots, strings.TrimSpace(out))
		}
	}
	roots = append(roots, repo.Root)
	for _, root := range roots {
		r, err := filepath.EvalSymlinks(root)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(r, real); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return nil
		}
	}
	return fmt.Errorf("the hooks folder %s resolves to %s, outside the repository and its git folder; "+
		"launchready installs and removes hooks only inside them (a committed link can point anywhere): "+
		"point core.hooksPath at a real folder inside the repository, or unset it", dir, real)
}

// resolveExisting resolves the links of p, or of its nearest existing
// parent when p does not exist yet.
func resolveExisting(p string) (string, error) {
	dir0, rest := p, ""
	for {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest), nil
		} else if _, lerr := os.Lstat(p); lerr == nil || !errors.Is(err, os.ErrNotExist) {
			// A link that leads nowhere (yet): creating the folder would
			// follow it.
			if lerr == nil {
				return "", fmt.Errorf("the hooks folder %s goes through a link that leads nowhere (%s); launchready does not create folders through links: point core.hooksPath at a real folder inside the repository", dir0, p)
			}
			return "", fmt.Errorf("cannot resolve the hooks folder %s: %v", p, err)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return "", fmt.Errorf("cannot resolve the hooks folder %s", p)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// InstallOptions choose what to do with a hook that is not ours.
type InstallOptions struct {
	// Chain keeps the existing hook and runs it before ours.
	Chain bool
	// Force replaces it, keeping a backup that uninstall restores.
	Force bool
}

// ErrForeignHook means a hook that is not launchready's is installed.
var ErrForeignHook = errors.New("a pre-commit hook that is not launchready's is installed")

// Install writes the hook, which runs exe. It is idempotent.
func Install(ctx context.Context, repo *gitrepo.Repo, exe string, o InstallOptions) (string, error) {
	path, err := HookPath(ctx, repo)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	existing, present := readHook(path)
	ours := present && strings.Contains(string(existing), Marker)
	foreign := present && !ours
	chained := exists(path + chainedSuffix)
	msg := "installed the launchready pre-commit hook at " + path
	switch {
	case foreign && o.Chain:
		if exists(path + chainedSuffix) {
			return "", fmt.Errorf("%s already exists; remove it or move it first", path+chainedSuffix)
		}
		if err := os.Rename(path, path+chainedSuffix); err != nil {
			return "", err
		}
		chained = true
		msg += "; the existing hook was kept as " + filepath.Base(path+chainedSuffix) + " and runs first"
	case foreign && o.Force:
		if err := os.Rename(path, path+backupSuffix); err != nil {
			return "", err
		}
		msg += "; the existing hook was saved as " + filepath.Base(path+backupSuffix) + " (uninstall restores it)"
	case foreign:
		return "", fmt.Errorf("%w at %s. Re-run with --chain to keep it and run it before launchready, or with --force to replace it (it is saved as %s and restored by uninstall)",
			ErrForeignHook, path, filepath.Base(path+backupSuffix))
	case ours:
		msg = "the launchready pre-commit hook is already installed at " + path
	}
	script := hookScript(exe, chained)
	if ours && string(existing) == script {
		return msg, nil
	}
	if ours {
		msg = "updated the launchready pre-commit hook at " + path
	}
	// Never through a link: a hooks folder set by core.hooksPath can be
	// part of the repository, and a link committed there as pre-commit
	// would make us overwrite whatever it points at.
	if err := safefile.WriteIn(filepath.Dir(path), filepath.Base(path), []byte(script), 0o755); err != nil {
		return "", err
	}
	return msg, nil
}

// Uninstall removes our hook and puts back what it replaced or chained. It
// is idempotent and never touches a hook that is not ours.
func Uninstall(ctx context.Context, repo *gitrepo.Repo) (string, error) {
	path, err := HookPath(ctx, repo)
	if err != nil {
		return "", err
	}
	existing, present := readHook(path)
	if !present {
		return "the launchready pre-commit hook is not installed (nothing at " + path + ")", nil
	}
	if !strings.Contains(string(existing), Marker) {
		return "the pre-commit hook at " + path + " is not launchready's; it was left alone", nil
	}
	if err := os.Remove(path); err != nil {
		return "", err
	}
	msg := "removed the launchready pre-commit hook from " + path
	for _, suffix := range []string{chainedSuffix, backupSuffix} {
		if exists(path + suffix) {
			if err := os.Rename(path+suffix, path); err != nil {
				return "", err
			}
			msg += "; restored the previous hook"
			break
		}
	}
	return msg, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// readHook returns the hook at p and whether anything is there. Only a
// regular file is read (without blocking on a FIFO); a link or anything else
// is a hook that is not ours, and is never followed.
func readHook(p string) ([]byte, bool) {
	st, err := os.Lstat(p)
	if err != nil {
		return nil, false
	}
	if !st.Mode().IsRegular() {
		return nil, true
	}
	data, err := safefile.ReadRegular(p, 1<<20)
	if err != nil {
		return nil, true
	}
	return data, true
}

// hookScript is the shell hook. It runs the chained hook first when there
// is one, then the binary it was installed with, or the one on PATH if that
// moved. If neither exists it blocks the commit and says how to fix that,
// rather than letting commits through unchecked.
func hookScript(exe string, chained bool) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n" + Marker + ": blocks commits that would leak a secret\n")
	b.WriteString("# or add a risky endpoint or CORS setting. Installed by `launchready-precommit install`;\n")
	b.WriteString("# remove it with `launchready-precommit uninstall`.\n")
	if chained {
		b.WriteString("\"$(dirname \"$0\")/pre-commit" + chainedSuffix + "\" \"$@\" || exit $?\n")
	}
	b.WriteString("exe=" + shellQuote(exe) + "\n")
	b.WriteString("[ -x \"$exe\" ] || exe=$(command -v launchready-precommit || true)\n")
	b.WriteString("if [ -z \"$exe\" ]; then\n")
	b.WriteString("  echo \"launchready: the hook cannot find launchready-precommit. Reinstall it, or remove the hook: launchready-precommit uninstall (or rm \\\"$0\\\").\" >&2\n")
	b.WriteString("  exit 1\nfi\n")
	b.WriteString("exec \"$exe\" run\n")
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
