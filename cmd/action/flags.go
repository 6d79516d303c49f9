package main

// The command line's flags, parsed and checked for usage errors.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/check/registry"
)

// errUsage marks command-line mistakes.
var errUsage = errors.New("usage")

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

type options struct {
	repo, rangeArg, configPath, format, output, failOn string
	domain, dnsServer, url, memberToken, adminToken    string
	// gitleaksConfig and gitleaksConfigTOML are GITLEAKS_CONFIG and
	// GITLEAKS_CONFIG_TOML, as the gitleaks CLI reads them.
	gitleaksConfig, gitleaksConfigTOML       string
	allowLoopback                            bool
	selectors, specs, checks                 stringList
	history, worktree, demo, version, action bool
	requireComplete                          bool
	color                                    string
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("launchready", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.repo, "repo", ".", "repository to scan (`DIR`)")
	fs.BoolVar(&o.history, "history", false, "scan every commit on every branch and tag (the default)")
	fs.StringVar(&o.rangeArg, "range", "", "scan only `BASE..HEAD` (from their merge base)")
	fs.BoolVar(&o.worktree, "worktree", false, "scan the files at HEAD plus uncommitted changes")
	fs.StringVar(&o.configPath, "config", "", "config `FILE` (default: .launchready.yml or .launchready.yaml in the repository); a .toml FILE is a gitleaks config, used before GITLEAKS_CONFIG and .gitleaks.toml")
	fs.StringVar(&o.format, "format", "text", "output `FORMAT`: "+strings.Join(annotate.Names(), ", "))
	fs.StringVar(&o.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.color, "color", "auto", "colour the text report: `WHEN` is auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never")
	fs.StringVar(&o.failOn, "fail-on", "", "exit 1 on findings at or above `SEVERITY`: critical, high, medium, low, info, none (default high)")
	fs.Var(&o.checks, "check", "run only the check `ID` (repeatable): "+strings.Join(registry.IDs(), ", "))
	fs.Var(&o.specs, "spec", "OpenAPI or Swagger `FILE` to analyse, relative to the repository (repeatable; default: discovered)")
	fs.StringVar(&o.url, "url", "", "probe the running preview at `URL` (https://preview.example.com)")
	fs.StringVar(&o.memberToken, "member-token", "", "a test member's `TOKEN` for the authorization probes (or LAUNCHREADY_MEMBER_TOKEN)")
	fs.StringVar(&o.adminToken, "admin-token", "", "a test admin's `TOKEN` (or LAUNCHREADY_ADMIN_TOKEN)")
	fs.BoolVar(&o.allowLoopback, "allow-loopback", false, "let the probes reach loopback addresses (a preview on this machine); every other private address stays refused")
	fs.StringVar(&o.domain, "domain", "", "check SPF, DKIM and DMARC of mail `DOMAIN`")
	fs.Var(&o.selectors, "dkim-selector", "DKIM `SELECTOR` to look up before the common ones (repeatable)")
	fs.StringVar(&o.dnsServer, "dns-server", "", "ask DNS server `HOST:PORT` instead of the system resolver")
	fs.BoolVar(&o.requireComplete, "require-complete", false, "exit 3 when the verdict is incomplete: a row was neither checked nor waived (waive in .launchready.yml)")
	fs.BoolVar(&o.demo, "demo", false, "build the demo repository in a temporary folder and scan it")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.BoolVar(&o.action, "action", false, "run as the GitHub Action: read the INPUT_* and GITHUB_* variables instead of flags (the container's entrypoint)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: launchready [flags]\n\nChecks whether a repository's web API is ready for production traffic.\n\nFlags:\n")
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(stderr, "  %s\n      %s\n", strings.TrimSpace("--"+f.Name+" "+name), usage)
		})
		fmt.Fprintf(stderr, "\nFormats:\n%s\nExit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or config error, 3 a check could not run (or, with --require-complete, a row was not checked).\n", annotate.Help())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%w: unexpected argument %q; flags go before it, and the repository is given with --repo", errUsage, fs.Arg(0))
	}
	modes := 0
	for _, set := range []bool{o.history, o.rangeArg != "", o.worktree} {
		if set {
			modes++
		}
	}
	if modes > 1 {
		return nil, fmt.Errorf("%w: choose one of --history, --range and --worktree", errUsage)
	}
	if !slices.Contains([]string{"auto", "always", "never"}, o.color) {
		return nil, fmt.Errorf("%w: --color %q: choose auto, always or never", errUsage, o.color)
	}
	if _, err := annotate.Lookup(o.format); err != nil {
		return nil, fmt.Errorf("%w: --format: %v", errUsage, err)
	}
	for _, id := range o.checks {
		if !slices.Contains(registry.IDs(), id) {
			return nil, fmt.Errorf("%w: --check: unknown check %q; valid checks: %s", errUsage, id, strings.Join(registry.IDs(), ", "))
		}
	}
	return o, nil
}
