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
	"io/fs"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"golang.org/x/net/publicsuffix"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/check/registry"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/demo"
	"github.com/launchready/launchready/internal/emailauth/dnstest"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/pipeline"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/report"
	"github.com/launchready/launchready/internal/safefile"
	"github.com/launchready/launchready/internal/scorecard"
	"github.com/launchready/launchready/internal/staticscan"
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
	fs.StringVar(&o.repo, "repo", ".", "repository to scan (`DIR`)")
	fs.BoolVar(&o.history, "history", false, "scan every commit on every branch and tag (the default)")
	fs.StringVar(&o.rangeArg, "range", "", "scan only `BASE..HEAD` (from their merge base)")
	fs.BoolVar(&o.worktree, "worktree", false, "scan the files at HEAD plus uncommitted changes")
	fs.StringVar(&o.configPath, "config", "", "config `FILE` (default: .launchready.yml in the repository)")
	fs.StringVar(&o.format, "format", "text", "output `FORMAT`: "+strings.Join(annotate.Names(), ", "))
	fs.StringVar(&o.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.failOn, "fail-on", "", "exit 1 on findings at or above `SEVERITY`: critical, high, medium, low, info, none (default high)")
	fs.Var(&o.checks, "check", "run only the check `ID` (repeatable): "+strings.Join(checkIDs(), ", "))
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
	if _, err := annotate.Lookup(o.format); err != nil {
		return nil, fmt.Errorf("%w: --format: %v", errUsage, err)
	}
	for _, id := range o.checks {
		if !slices.Contains(checkIDs(), id) {
			return nil, fmt.Errorf("%w: --check: unknown check %q; valid checks: %s", errUsage, id, strings.Join(checkIDs(), ", "))
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
		fmt.Fprintf(stderr, "launchready: %v\n", maskErr(ctx, secrets, err))
		return exitUsage
	}

	format, _ := annotate.Lookup(o.format)
	var buf bytes.Buffer
	color := o.output == "" && o.format == "text" && getenv("NO_COLOR") == "" && isTerminal(stdout)
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
		if scorecard.AtOrAbove(f.Severity, rep.FailOn) {
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
		tmp, err := os.MkdirTemp("", "launchready-demo-")
		if err != nil {
			return nil, "", err
		}
		defer os.RemoveAll(tmp)
		dir, demoSecrets, err := demo.Build(tmp)
		if err != nil {
			return nil, "", err
		}
		repoDir, label = dir, "the built-in demo repository"
		// The demo's mail domain, served on loopback.
		dnsServer, err := dnstest.Start(demo.DNSZone)
		if err != nil {
			return nil, "", err
		}
		defer dnsServer.Close()
		email = check.EmailTarget{Domain: demo.MailDomain, Selectors: []string{"k1"}, DNSServer: dnsServer.Addr}
		// The demo's preview, on loopback with its own CA (unless --url
		// names another preview).
		if o.url == "" {
			target, err := demo.StartTarget(demoSecrets)
			if err != nil {
				return nil, "", err
			}
			defer target.Close()
			demoLive = &check.LiveTarget{URL: target.URL, MemberToken: demo.MemberToken, AdminToken: demo.AdminToken, AllowLoopback: true, CACertPEM: target.CACertPEM}
		}
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
	live := liveTarget(o.url, o.memberToken, o.adminToken, o.allowLoopback)
	if demoLive != nil {
		live = demoLive
	}
	so := setupOptions{repo: repoDir, config: o.configPath, failOn: o.failOn, scan: sc, email: email, specs: o.specs, live: live,
		policyFromBase: o.rangeArg != "", allowLoopback: o.allowLoopback}
	in, failOn, err := setup(ctx, so, secrets)
	if err != nil {
		return nil, "", err
	}
	in.Progress = progressPrinter(stderr)
	rep := pipeline.Run(ctx, in, selectChecks(o.checks), pipeline.Options{FailOn: failOn, AllChecks: len(o.checks) == 0})
	if in.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	return rep, label, nil
}

type setupOptions struct {
	repo, config, failOn string
	// configInRepo reads config as a path inside the repository (the
	// action's input) rather than one the user named on the command line.
	configInRepo bool
	// inputs names settings as the action's inputs in messages, not as
	// flags.
	inputs bool
	scan   check.Scan
	gitEnv []string
	// email overrides the config's email section, field by field.
	email check.EmailTarget
	// specs are added to openapi.specs.
	specs []string
	live  *check.LiveTarget
	// policyFromBase reads the policy of a range scan from its base
	// commit: a pull request (and --range) must not set its own.
	policyFromBase bool
	// policyBase and policyHead are the pull request's commits, for the
	// policy of a scan that is not a range (scan: full).
	policyBase, policyHead string
	// allowLoopback lets a resolver from the config be on loopback.
	allowLoopback bool
}

// setup opens the repository and the config and builds the checks' input.
// Its errors are usage or config errors (exit code 2).
func setup(ctx context.Context, so setupOptions, secrets *redact.Set) (*check.Input, finding.Severity, error) {
	abs, err := filepath.Abs(so.repo)
	if err != nil {
		return nil, 0, err
	}
	repo, err := gitrepo.Open(ctx, abs, so.gitEnv)
	if err != nil {
		return nil, 0, err
	}
	// Where the policy comes from: the checked-out files, except in a
	// range scan of a pull request (and --range), where the pull request
	// is untrusted content and must not choose its own policy: there the
	// base (merge-base) commit's files are read, with git, never from the
	// work tree.
	var src gitrepo.Source = gitrepo.WorktreeSource{Root: repo.Root}
	var headSrc gitrepo.Source
	base, head := so.scan.Base, so.scan.Head
	if so.scan.Mode != check.ModeRange {
		// A full scan of a pull request (scan: full) still reads the
		// policy from its base.
		base, head = so.policyBase, so.policyHead
	}
	if so.policyFromBase && head != "" {
		// A range that does not resolve (a shallow clone, a bad
		// revision) fails the range checks with the reason; the policy is
		// then the defaults, never the pull request's own.
		rg, err := repo.ResolveRange(ctx, base, head)
		if err == nil && rg.Base != "" {
			src = gitrepo.TreeSource{Repo: repo, Commit: rg.Base, Ctx: ctx}
			headSrc = gitrepo.TreeSource{Repo: repo, Commit: rg.Head, Ctx: ctx}
		} else {
			src = gitrepo.EmptySource{}
		}
	}
	_, fromTree := src.(gitrepo.TreeSource)
	_, empty := src.(gitrepo.EmptySource)
	cfg := config.Default()
	configName := ""
	switch {
	case so.config != "" && (fromTree || empty):
		// The action's config input, at the base: a pull request that
		// adds the file gets the defaults until it is merged.
		if !empty {
			if cfg, configName, err = config.LoadFrom(src, so.config); err != nil && errors.Is(err, fs.ErrNotExist) {
				cfg, err = config.Default(), nil
			}
			if err != nil {
				return nil, 0, err
			}
		}
		configName = so.config
	case so.config != "" && so.configInRepo:
		// The action's config input: a path in the workspace, read as
		// repository content.
		if cfg, err = config.LoadRepo(repo.Root, so.config); err != nil {
			return nil, 0, err
		}
	case so.config != "":
		// --config: a file the user named (relative to the current folder,
		// else to the repository). Only a regular file, never a FIFO.
		p := so.config
		if _, serr := os.Lstat(p); serr != nil && !filepath.IsAbs(p) {
			if cfg, err = config.LoadRepo(repo.Root, p); err != nil {
				return nil, 0, err
			}
			break
		}
		if cfg, err = config.LoadFile(p, so.config); err != nil {
			return nil, 0, err
		}
	case fromTree:
		if cfg, configName, err = config.LoadFrom(src, ""); err != nil {
			return nil, 0, err
		}
	case empty:
	default:
		if name := config.Find(repo.Root); name != "" {
			if cfg, err = config.LoadRepo(repo.Root, name); err != nil {
				return nil, 0, err
			}
		}
	}
	// The repository's .gitleaks.toml is config too: a broken or refused
	// one is a config error (exit 2), with its line.
	if err := staticscan.ValidateGitleaksConfig(src); err != nil {
		return nil, 0, fmt.Errorf("%w: %v", config.ErrInvalid, err)
	}
	var warnings []string
	if headSrc != nil {
		// Say loudly when the pull request changes the policy: it takes
		// effect once merged, not in its own check.
		names := append([]string{}, config.FileNames...)
		if configName != "" && !slices.Contains(names, configName) {
			names = append(names, configName)
		}
		names = append(names, ".gitleaks.toml", ".gitleaksignore")
		for _, n := range names {
			if src.ID(n) != headSrc.ID(n) {
				if so.inputs {
					warnings = append(warnings, fmt.Sprintf("this pull request changes %s; launchready used the base branch's version, and the change takes effect once merged", n))
				} else {
					warnings = append(warnings, fmt.Sprintf("the range changes %s; launchready used the base commit's version (--range reads the policy from the merge base)", n))
				}
			}
		}
	}
	failOn := finding.SeverityHigh
	if cfg.FailOn != nil {
		failOn = *cfg.FailOn
	}
	if so.failOn != "" {
		if failOn, err = finding.ParseSeverity(so.failOn); err != nil {
			return nil, 0, fmt.Errorf("%s: %v", so.name("fail-on"), err)
		}
	}
	email := check.EmailTarget{Domain: cfg.Email.Domain, Selectors: cfg.Email.Selectors}
	if r := cfg.Email.Resolver; r != "" && (so.email.DNSServer == "" || so.inputs && so.policyFromBase) {
		// The repository's resolver decides the DNS answers the mail
		// checks believe: never on a pull request in the action, and
		// never a private, link-local or metadata address (loopback only
		// with --allow-loopback). The flag and the input are trusted.
		if so.inputs && so.policyFromBase {
			warnings = append(warnings, fmt.Sprintf("email.resolver in %s is ignored on pull requests: the repository cannot choose the DNS server that answers for it; set the action's dns-server input instead", cmpOr(cfg.Path, ".launchready.yml")))
		} else if why := untrustedResolver(r, so.allowLoopback); why != "" {
			return nil, 0, fmt.Errorf("%w: %s: email.resolver %q %s; remove it, or give a DNS server you trust with %s", config.ErrInvalid, cmpOr(cfg.Path, ".launchready.yml"), config.Short(r), why, so.name("dns-server"))
		} else {
			email.DNSServer = r
		}
	}
	if so.live != nil {
		if why := checkPreviewURL(so.live.URL); why != "" {
			return nil, 0, fmt.Errorf("%s %q %s", so.name("url"), so.live.URL, why)
		}
		// Credentials in the URL are secrets of this run, whatever their
		// length (URL masking also hides them structurally).
		if u, err := url.Parse(so.live.URL); err == nil && u.User != nil {
			if pw, ok := u.User.Password(); ok {
				secrets.Add(pw)
			} else {
				secrets.Add(u.User.Username())
			}
		}
		if email.Domain == "" && so.email.Domain == "" {
			email.Domain = mailDomainOf(so.live.URL)
		}
	}
	if so.email.Domain != "" {
		if !config.IsDomainName(so.email.Domain) {
			return nil, 0, fmt.Errorf("%s %q is not a domain name such as example.com", so.name("domain"), so.email.Domain)
		}
		email.Domain = so.email.Domain
	}
	if len(so.email.Selectors) > 0 {
		for _, sel := range so.email.Selectors {
			if !config.IsDKIMSelector(sel) {
				return nil, 0, fmt.Errorf("%s %q is not a DKIM selector (letters, digits, -, _ and .)", so.name("dkim-selector"), sel)
			}
		}
		email.Selectors = so.email.Selectors
	}
	if so.email.DNSServer != "" {
		if _, _, err := net.SplitHostPort(so.email.DNSServer); err != nil {
			return nil, 0, fmt.Errorf("%s %q is not host:port, such as 127.0.0.1:53", so.name("dns-server"), so.email.DNSServer)
		}
		email.DNSServer = so.email.DNSServer
	}
	var emailTarget *check.EmailTarget
	if email.Domain != "" {
		emailTarget = &email
	}
	for _, sp := range so.specs {
		if filepath.IsAbs(sp) || strings.HasPrefix(filepath.Clean(sp), "..") {
			return nil, 0, fmt.Errorf("%s %q must be a path inside the repository", so.name("spec"), sp)
		}
	}
	return &check.Input{
		Policy:   src,
		Warnings: warnings,
		Live:     so.live,
		Specs:    so.specs,
		Email:    emailTarget,
		Repo:     repo.Root,
		GitEnv:   so.gitEnv,
		Scan:     so.scan,
		Config:   cfg,
		Now:      time.Now(),
		Secrets:  secrets,
	}, failOn, nil
}

// name is how a setting is called in messages: the flag on the command
// line, the input in the action.
func (so setupOptions) name(flag string) string {
	if !so.inputs {
		return "--" + flag
	}
	if n, ok := actionInputs[flag]; ok {
		return "input " + n
	}
	return "input " + flag
}

// actionInputs are the action's names (action.yml) of the flags that
// differ.
var actionInputs = map[string]string{"url": "preview-url", "domain": "mail-domain", "dkim-selector": "dkim-selectors"}

// checkPreviewURL says what is wrong with a preview URL ("" if nothing):
// http or https, a host, and a port from 1 to 65535.
func checkPreviewURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Sprintf("is not a valid URL (%v); give the preview's address, such as https://pr-42.preview.example.com", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "is not an http:// or https:// URL, such as https://pr-42.preview.example.com"
	}
	if u.Hostname() == "" {
		return "has no host; give the preview's address, such as https://pr-42.preview.example.com"
	}
	if p := u.Port(); p != "" || strings.HasSuffix(u.Host, ":") {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("has an invalid port %q; a port is a number from 1 to 65535", p)
		}
	}
	return ""
}

// liveTarget builds the probes' target; tokens may also come from the
// environment, so they stay out of shell history and process lists.
func liveTarget(u, member, admin string, loopback bool) *check.LiveTarget {
	if u == "" {
		return nil
	}
	return &check.LiveTarget{URL: u, MemberToken: member, AdminToken: admin, AllowLoopback: loopback}
}

// mailDomainOf is the registrable domain of the preview URL's host, the
// default mail domain; none for an IP address or localhost.
func mailDomainOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	h := u.Hostname()
	if net.ParseIP(h) != nil || h == "localhost" || !strings.Contains(h, ".") {
		return ""
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return ""
	}
	return d
}

func checkIDs() []string {
	var ids []string
	for _, c := range registry.All() {
		ids = append(ids, c.Meta().ID)
	}
	return ids
}

// selectChecks returns the registered checks, or only the named ones.
func selectChecks(ids []string) []check.Check {
	all := registry.All()
	if len(ids) == 0 {
		return all
	}
	var out []check.Check
	for _, c := range all {
		if slices.Contains(ids, c.Meta().ID) {
			out = append(out, c)
		}
	}
	return out
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// progressPrinter shows commits and files scanned on stderr, at most ten
// times a second, and only when stderr is a terminal.
func progressPrinter(stderr io.Writer) func(check.Progress) {
	if !isTerminal(os.Stderr) || stderr == nil {
		return nil
	}
	var last time.Time
	var mu = make(chan struct{}, 1)
	return func(p check.Progress) {
		select {
		case mu <- struct{}{}:
		default:
			return
		}
		defer func() { <-mu }()
		if time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		switch {
		case p.Commits > 0:
			fmt.Fprintf(stderr, "\r\x1b[Kscanning: %d commits", p.Commits)
		case p.Files > 0:
			fmt.Fprintf(stderr, "\r\x1b[Kscanning: %d files", p.Files)
		}
	}
}

// untrustedResolver says why a DNS server from the repository's config is
// refused ("" if it is not): it must be an IP address and port, and not a
// private, link-local (the cloud metadata service), multicast or
// unspecified address; loopback only when allowed.
func untrustedResolver(hostport string, allowLoopback bool) string {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return "is not IP:port, such as 1.1.1.1:53"
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return "is not an IP address (a name could resolve anywhere)"
	case ip.IsLoopback():
		if allowLoopback {
			return ""
		}
		return "is a loopback address (allowed only with --allow-loopback)"
	case ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast():
		return "is a link-local address (the cloud metadata service lives there)"
	case ip.IsPrivate():
		return "is a private address"
	case ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast():
		return "is not a unicast address"
	}
	return ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
