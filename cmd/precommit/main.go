// Command launchready-precommit is launchready's git pre-commit hook. Build
// it without -tags gore2regex (as every launchready binary is): on a small
// staged diff, start-up time matters more than regex throughput.
//
//	launchready-precommit install [--chain|--force]   write .git/hooks/pre-commit
//	launchready-precommit uninstall                   remove it, restoring any earlier hook
//	launchready-precommit run                         what the hook runs: scan the staged changes
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/check/registry"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/precommit"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/runinput"
	"github.com/launchready/launchready/internal/version"
)

const (
	exitOK      = 0
	exitBlocked = 1 // findings at or above precommit.fail-on
	exitUsage   = 2
	exitNotRun  = 3 // the staged changes could not be checked (the commit is blocked)
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `Usage: launchready-precommit COMMAND [flags]

Commands:
  run          scan the staged changes (what the installed hook runs)
  install      install the hook in this repository (respects core.hooksPath)
                 --chain   keep an existing hook and run it first
                 --force   replace an existing hook (uninstall restores it)
  uninstall    remove the hook and restore the one it replaced
  version      print the version

Flags for every command:
  --repo DIR   the repository (default: the current directory)

Exit codes: 0 commit allowed, 1 blocked by findings, 2 usage error, 3 could not check (blocked).
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd := args[0]
	fs := flag.NewFlagSet("launchready-precommit "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	repoDir := fs.String("repo", ".", "repository")
	chain := fs.Bool("chain", false, "keep an existing hook and run it first")
	force := fs.Bool("force", false, "replace an existing hook")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "launchready-precommit: unexpected argument %q\n%s", fs.Arg(0), usage)
		return exitUsage
	}
	switch cmd {
	case "run":
		secrets := &redact.Set{}
		// Redacted, and sanitised line by line: file names cannot send
		// escape sequences to the terminal or commands to a CI log.
		out := safeout.NewLog(secrets.Writer(stderr), nil).Text()
		rep, err := precommit.Scan(ctx, *repoDir, precommit.StagedChecks(registry.All()), secrets)
		if err != nil {
			// A config error may quote the staged content: whatever the
			// secret detector finds in it is masked.
			runinput.MaskErr(ctx, secrets, err)
			fmt.Fprintf(out, "launchready: commit blocked: %v\nFix it, or commit with --no-verify in an emergency (CI still checks).\n", err)
			return exitNotRun
		}
		_ = precommit.Render(out, rep)
		switch {
		case len(rep.Errors) > 0:
			return exitNotRun
		case precommit.Blocks(rep):
			return exitBlocked
		}
		return exitOK
	case "install", "uninstall":
		if *chain && *force {
			fmt.Fprintln(stderr, "launchready-precommit: choose one of --chain and --force")
			return exitUsage
		}
		abs, _ := filepath.Abs(*repoDir)
		repo, err := gitrepo.Open(ctx, abs, nil)
		if err != nil {
			fmt.Fprintf(stderr, "launchready-precommit: %v\n", err)
			return exitUsage
		}
		var msg string
		if cmd == "install" {
			exe, err := os.Executable()
			if err == nil {
				exe, err = filepath.EvalSymlinks(exe)
			}
			if err != nil {
				fmt.Fprintf(stderr, "launchready-precommit: cannot tell where this program is: %v\n", err)
				return exitUsage
			}
			msg, err = precommit.Install(ctx, repo, exe, precommit.InstallOptions{Chain: *chain, Force: *force})
			if err != nil {
				fmt.Fprintf(stderr, "launchready-precommit: %v\n", err)
				return exitUsage
			}
		} else if msg, err = precommit.Uninstall(ctx, repo); err != nil {
			fmt.Fprintf(stderr, "launchready-precommit: %v\n", err)
			return exitUsage
		}
		fmt.Fprintln(stdout, msg)
		return exitOK
	case "version", "--version":
		fmt.Fprintf(stdout, "launchready-precommit %s\n", version.String())
		return exitOK
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "launchready-precommit: unknown command %q\n%s", cmd, usage)
	return exitUsage
}
