// Command launchready (the action's entrypoint, also a local CLI) checks
// whether a repository's web API is ready for production traffic.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/check/registry"
	"github.com/launchready/launchready/internal/demo"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/pipeline"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/report"
	"github.com/launchready/launchready/internal/runinput"
	"github.com/launchready/launchready/internal/safefile"
	"github.com/launchready/launchready/internal/version"
)

// Exit codes (README, "Exit codes").
const (
	exitOK       = 0 // nothing at or above fail-on
	exitFindings = 1 // findings at or above fail-on
	exitUsage    = 2 // usage or config error
	exitNotRun   = 3 // a check could not run (results are still printed)
)

// errUsage marks command-line mistakes.
var errUsage = errors.New("usage")

func main() {
	// A scan is a short batch job whose heap is mostly short-lived patch
	// text: collecting half as often saves about 4% CPU on a large history
	// for about 25 MB more peak memory (bench/history.sh).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

type options struct {
	repo, rangeArg, configPath, format, output, failOn string
	domain, dnsServer, url, memberToken, adminToken    string
	allowLoopback                                      bool
	selectors, specs, checks                           stringList
	history, worktree, demo, version, action           bool
	requireComplete                                    bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("launchready", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.repo, "repo", ".", "repository to scan")
	fs.BoolVar(&o.history, "history", false, "scan every commit on every branch and tag (the default)")
	fs.StringVar(&o.rangeArg, "range", "", "scan only `BASE..HEAD` (from their merge base)")
	fs.BoolVar(&o.worktree, "worktree", false, "scan the files at HEAD plus uncommitted changes")
	fs.StringVar(&o.configPath, "config", "", "config `FILE` (default: .launchready.yml in the repository)")
	fs.StringVar(&o.format, "format", "text", "output `FORMAT`: "+strings.Join(annotate.Names(), ", "))
	fs.StringVar(&o.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.failOn, "fail-on", "", "exit 1 on findings at or above `SEVERITY`: critical, high, medium, low, none (default high)")
	fs.Var(&o.checks, "check", "run only the check `ID` (repeatable): "+strings.Join(registry.IDs(), ", "))
	fs.Var(&o.specs, "spec", "OpenAPI or Swagger `FILE` to analyse, relative to the repository (repeatable; default: discovered)")
	fs.StringVar(&o.url, "url", "", "probe the running preview at `URL` (https://preview.example.com)")
	fs.StringVar(&o.memberToken, "member-token", "", "a test member's `TOKEN` for the authorization probes (or LAUNCHREADY_MEMBER_TOKEN)")
	fs.StringVar(&o.adminToken, "admin-token", "", "a test admin's `TOKEN` (or LAUNCHREADY_ADMIN_TOKEN)")
	fs.BoolVar(&o.allowLoopback, "allow-loopback", false, "let the probes reach 127.0.0.1 (for tests; refused otherwise like any private address)")
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

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	secrets := &redact.Set{}
	// stderr is redacted, and sanitised line by line: no control character
	// or escape sequence from a file name reaches the terminal, and no line
	// reads as a workflow command. The progress line alone writes its own
	// control sequences, to the redacted stream.
	progressErr := secrets.Writer(stderr)
	stderr = safeout.NewLog(progressErr, nil).Text()
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "launchready: %v\nRun launchready --help for the flags.\n", strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	}
	if o.action {
		if len(args) != 1 {
			fmt.Fprintln(stderr, "launchready: --action takes its settings from the action's inputs, not from other flags")
			return exitUsage
		}
		return runAction(ctx, stdout, stderr, getenv)
	}
	if o.version {
		fmt.Fprintf(stdout, "launchready %s\n", version.Version)
		return exitOK
	}
	// Tokens from the environment keep them out of the shell history; both
	// sources are masked in everything printed from here on.
	if o.memberToken == "" {
		o.memberToken = getenv("LAUNCHREADY_MEMBER_TOKEN")
	}
	if o.adminToken == "" {
		o.adminToken = getenv("LAUNCHREADY_ADMIN_TOKEN")
	}
	secrets.Add(o.memberToken)
	secrets.Add(o.adminToken)
	rep, repoLabel, err := scan(ctx, o, progressErr, secrets)
	if err != nil {
		fmt.Fprintf(stderr, "launchready: %v\n", err)
		return exitUsage
	}

	format, _ := annotate.Lookup(o.format)
	var buf bytes.Buffer
	color := o.output == "" && o.format == "text" && getenv("NO_COLOR") == "" && annotate.IsTerminal(stdout)
	if err := format.Write(&buf, rep, annotate.Options{Color: color, Repo: repoLabel}); err != nil {
		fmt.Fprintf(stderr, "launchready: writing the report: %v\n", err)
		return exitNotRun
	}
	// The data were scrubbed in the pipeline; a document (JSON, SARIF,
	// Markdown, commands) only gets the masking that cannot break its syntax.
	out := secrets.ApplyDocument(buf.Bytes())
	if o.format == "text" {
		out = secrets.Apply(buf.Bytes())
	}
	if o.output != "" {
		if err := safefile.Write(o.output, out, 0o644); err != nil {
			fmt.Fprintf(stderr, "launchready: cannot write the report: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "launchready: %s, %d finding(s); report written to %s\n", rep.Verdict, len(rep.Findings), o.output)
	} else if _, err := stdout.Write(out); err != nil {
		return exitNotRun
	}
	return exitCode(rep, o.requireComplete)
}

// exitCode decides the exit code: failing findings win, because they are a
// definite "not ready"; otherwise a check that could not run gives 3, and
// so does an incomplete verdict when requireComplete is set.
func exitCode(rep *report.Report, requireComplete bool) int {
	for _, f := range rep.Findings {
		if f.Severity.Reaches(rep.FailOn) {
			return exitFindings
		}
	}
	if len(rep.Errors) > 0 {
		return exitNotRun
	}
	if requireComplete && rep.Verdict == report.StatusIncomplete {
		return exitNotRun
	}
	return exitOK
}

// scan builds the input from the options and runs the pipeline.
func scan(ctx context.Context, o *options, stderr io.Writer, secrets *redact.Set) (*report.Report, string, error) {
	repoDir, label := o.repo, o.repo
	email := check.EmailTarget{Domain: o.domain, Selectors: o.selectors, DNSServer: o.dnsServer}
	var demoLive *check.LiveTarget
	if o.demo {
		// The demo's repository, mail domain and (unless --url names
		// another preview) its preview, all on loopback.
		d, err := demo.Start(o.url == "")
		if err != nil {
			return nil, "", err
		}
		defer d.Close()
		repoDir, label, email, demoLive = d.Repo, "the built-in demo repository", d.Email, d.Live
	}
	sc := check.Scan{Mode: check.ModeHistory}
	switch {
	case o.rangeArg != "":
		base, head, err := gitrepo.ParseRange(o.rangeArg)
		if err != nil {
			return nil, "", fmt.Errorf("--range: %v", err)
		}
		sc = check.Scan{Mode: check.ModeRange, Base: base, Head: head}
	case o.worktree:
		sc.Mode = check.ModeWorktree
	}
	live := runinput.LiveTarget(o.url, o.memberToken, o.adminToken, o.allowLoopback)
	if demoLive != nil {
		live = demoLive
	}
	so := runinput.Options{Repo: repoDir, Config: o.configPath, FailOn: o.failOn, Scan: sc, Email: email, Specs: o.specs, Live: live}
	in, failOn, err := runinput.Build(ctx, so, secrets)
	if err != nil {
		return nil, "", err
	}
	in.Progress = annotate.Progress(stderr)
	rep := pipeline.Run(ctx, in, registry.Select(o.checks), pipeline.Options{FailOn: failOn, AllChecks: len(o.checks) == 0})
	if in.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	return rep, label, nil
}
