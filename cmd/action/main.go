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
		fmt.Fprintf(stdout, "launchready %s\n", version.String())
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
	o.gitleaksConfig, o.gitleaksConfigTOML = getenv("GITLEAKS_CONFIG"), getenv("GITLEAKS_CONFIG_TOML")
	rep, repoLabel, err := scan(ctx, o, progressErr, secrets)
	if err != nil {
		fmt.Fprintf(stderr, "launchready: %v\n", runinput.MaskErr(ctx, secrets, err))
		return exitUsage
	}

	format, _ := annotate.Lookup(o.format)
	var buf bytes.Buffer
	color := o.format == "text" && wantColor(o.color, o.output == "" && annotate.IsTerminal(stdout), getenv)
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
	so := runinput.Options{Repo: repoDir, Config: o.configPath, FailOn: o.failOn, Scan: sc, Email: email, Specs: o.specs, Live: live,
		PolicyFromBase: o.rangeArg != "", AllowLoopback: o.allowLoopback,
		GitleaksConfig: o.gitleaksConfig, GitleaksConfigTOML: o.gitleaksConfigTOML}
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

// wantColor decides colour for the text report: always and never say so;
// auto colours a terminal unless NO_COLOR is set (https://no-color.org) or
// TERM is dumb.
func wantColor(when string, terminal bool, getenv func(string) string) bool {
	switch when {
	case "always":
		return true
	case "never":
		return false
	}
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}
