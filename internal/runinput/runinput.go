// Package runinput builds a run's input from the command line or the
// action's inputs: the repository, where the policy (config files) comes
// from, config discovery, the fail-on precedence, the email settings merged
// over the config's, and the checks of the preview URL and spec paths. Its
// errors are usage or config errors (exit code 2).
package runinput

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/secrets"
)

type Options struct {
	// Repo is the repository folder; Config the config file named by the
	// user (--config or the action's config input), "" to discover it.
	Repo, Config string
	// FailOn is --fail-on or the fail-on input, "" for the config's.
	FailOn string
	// ConfigInRepo reads Config as a path inside the repository (the
	// action's input) rather than one the user named on the command line.
	ConfigInRepo bool
	// Inputs names settings as the action's inputs in messages, not as
	// flags.
	Inputs bool
	Scan   check.Scan
	GitEnv []string
	// Email overrides the config's email section, field by field.
	Email check.EmailTarget
	// Specs are added to openapi.specs.
	Specs []string
	Live  *check.LiveTarget
	// PolicyFromBase reads the policy of a range scan from its base
	// commit: a pull request (and --range) must not set its own.
	PolicyFromBase bool
	// PolicyBase and PolicyHead are the event's base commit (the policy's
	// source) and head commit (for the policy-change warning); when empty,
	// a range scan's Base and Head are used.
	PolicyBase, PolicyHead string
	// AllowLoopback lets a resolver from the config be on loopback.
	AllowLoopback bool
	// NoMailDomainGuess keeps the preview URL's domain from becoming the
	// mail domain: a URL from a deployment or a template is most often a
	// hosting provider's host (vercel.app, netlify.app), not the app's.
	NoMailDomainGuess bool
	// GitleaksConfig and GitleaksConfigTOML are the environment's
	// GITLEAKS_CONFIG (a path) and GITLEAKS_CONFIG_TOML (the content), as
	// the gitleaks CLI reads them. They come from the workflow or the
	// user's shell, not from the repository.
	GitleaksConfig, GitleaksConfigTOML string
}

// gitleaksSources are the gitleaks config sources the user named, in
// gitleaks' order: a .toml file given as the config (gitleaks' --config),
// GITLEAKS_CONFIG, GITLEAKS_CONFIG_TOML. A named path is made relative to
// the repository: it is read from the policy source like .gitleaks.toml,
// and one outside the repository is refused there.
func (so Options) gitleaksSources(root string) secrets.Gitleaks {
	g := secrets.Gitleaks{TOML: so.GitleaksConfigTOML}
	switch {
	case isGitleaksConfig(so.Config):
		g.Path, g.PathFrom = so.Config, so.name("config")
	case so.GitleaksConfig != "":
		g.Path, g.PathFrom = so.GitleaksConfig, "GITLEAKS_CONFIG"
	default:
		return g
	}
	// On the command line, a relative path is the current folder's (as
	// gitleaks reads it) when that file exists; in the action, the
	// workspace's.
	g.Path = secrets.RepoPath(root, g.Path, !so.Inputs && !so.ConfigInRepo)
	return g
}

// isGitleaksConfig reports whether the config named by the user is a
// gitleaks config (a .toml file) rather than launchready's.
func isGitleaksConfig(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".toml")
}

// Build opens the repository and the config and builds the run's input and
// its fail-on threshold. Its errors are usage or config errors (exit code 2).
func Build(ctx context.Context, so Options, seen *redact.Set) (*check.Input, finding.Severity, error) {
	abs, err := filepath.Abs(so.Repo)
	if err != nil {
		return nil, 0, err
	}
	repo, err := gitrepo.Open(ctx, abs, so.GitEnv)
	if err != nil {
		return nil, 0, err
	}
	// Where the policy comes from: the checked-out files, except in a
	// range scan of a pull request (and --range), where the pull request
	// is untrusted content and must not choose its own policy: there the
	// base commit's files are read, with git, never from the
	// work tree.
	var src gitrepo.Source = gitrepo.WorktreeSource{Root: repo.Root}
	var headSrc gitrepo.Source
	// The action names the event's base commit (a full scan of a pull
	// request, scan: full, still reads the policy from it); --range, its
	// BASE.
	base, head := so.PolicyBase, so.PolicyHead
	if base == "" && head == "" && so.Scan.Mode == check.ModeRange {
		base, head = so.Scan.Base, so.Scan.Head
	}
	if so.PolicyFromBase && head != "" {
		// A range that does not resolve (a shallow clone, a bad
		// revision) fails the range checks with the reason; the policy is
		// then the defaults, never the pull request's own.
		//
		// The policy is the base commit's own (the base branch's tip in
		// a pull request, BASE of --range), never the merge base: a pull
		// request branched from an old commit must not pick the old
		// policy it had.
		src = gitrepo.EmptySource{}
		if base != "" && strings.Trim(base, "0") != "" {
			b, berr := repo.ResolveCommit(ctx, base)
			h, herr := repo.ResolveCommit(ctx, head)
			if berr == nil && herr == nil {
				src = gitrepo.TreeSource{Repo: repo, Commit: b, Ctx: ctx}
				headSrc = gitrepo.TreeSource{Repo: repo, Commit: h, Ctx: ctx}
			}
		}
	}
	_, fromTree := src.(gitrepo.TreeSource)
	_, empty := src.(gitrepo.EmptySource)
	gitleaks := so.gitleaksSources(repo.Root)
	if isGitleaksConfig(so.Config) {
		// A .gitleaks.toml given as the config: launchready's own config
		// is discovered as without one.
		so.Config = ""
	}
	cfg := config.Default()
	configName := ""
	switch {
	case so.Config != "" && so.ConfigInRepo && (fromTree || empty):
		// The action's config input, at the base: a pull request that
		// adds the file gets the defaults until it is merged. (A --config
		// the user named is trusted and read where it is, below.)
		if !empty {
			if cfg, configName, err = config.LoadFrom(src, so.Config); err != nil && errors.Is(err, fs.ErrNotExist) {
				cfg, err = config.Default(), nil
			}
			if err != nil {
				return nil, 0, err
			}
		}
		configName = so.Config
	case so.Config != "" && so.ConfigInRepo:
		// The action's config input: a path in the workspace, read as
		// repository content.
		if cfg, err = config.LoadRepo(repo.Root, so.Config); err != nil {
			return nil, 0, err
		}
	case so.Config != "":
		// --config: a file the user named (relative to the current folder,
		// else to the repository). Only a regular file, never a FIFO.
		p := so.Config
		if _, serr := os.Lstat(p); serr != nil && !filepath.IsAbs(p) {
			if cfg, err = config.LoadRepo(repo.Root, p); err != nil {
				return nil, 0, err
			}
			break
		}
		if cfg, err = config.LoadFile(p, so.Config); err != nil {
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
	// one is a config error (exit 2), with its line. The translation is the
	// run's, shared with the secret check and the text scans.
	detector := secrets.NewDetectorWith(src, cfg, gitleaks)
	if err := detector.Config(); err != nil {
		return nil, 0, fmt.Errorf("%w: %v", config.ErrInvalid, err)
	}
	warnings := detector.Warnings()
	if headSrc != nil {
		// Say loudly when the pull request changes the policy: it takes
		// effect once merged, not in its own check.
		names := append([]string{}, config.FileNames...)
		if configName != "" && !slices.Contains(names, configName) {
			names = append(names, configName)
		}
		launchreadyNames := len(names)
		// The gitleaks config files (and the file the one used extends
		// with [extend] path) are policy too.
		for _, n := range detector.PolicyFiles() {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		// The launchready config the base has (a pull request may add
		// .launchready.yaml next to the base's .launchready.yml).
		baseConfig := ""
		if configName != "" && src.ID(configName) != "" {
			baseConfig = configName
		}
		where := "base branch"
		if !so.Inputs {
			where = "base commit"
		}
		for i, n := range names {
			if src.ID(n) == headSrc.ID(n) {
				continue
			}
			used := fmt.Sprintf("the %s's version", where)
			switch {
			case i < launchreadyNames && baseConfig == "":
				used = "the defaults"
			case i < launchreadyNames && baseConfig != n:
				used = fmt.Sprintf("the %s's %s", where, baseConfig)
			case i >= launchreadyNames && src.ID(n) == "":
				used = fmt.Sprintf("the %s's policy, which has no %s", where, n)
			}
			if so.Inputs {
				warnings = append(warnings, fmt.Sprintf("this pull request changes %s; launchready used %s, and the change takes effect once merged", n, used))
			} else {
				warnings = append(warnings, fmt.Sprintf("the range changes %s; launchready used %s (--range reads the policy from BASE)", n, used))
			}
		}
	}
	failOn := finding.SeverityHigh
	if cfg.FailOn != nil {
		failOn = *cfg.FailOn
	}
	if so.FailOn != "" {
		if failOn, err = finding.ParseSeverity(so.FailOn); err != nil {
			return nil, 0, fmt.Errorf("%s: %v", so.name("fail-on"), err)
		}
	}
	email := check.EmailTarget{Domain: cfg.Email.Domain, Selectors: cfg.Email.Selectors}
	if r := cfg.Email.Resolver; r != "" && (so.Email.DNSServer == "" || so.Inputs && so.PolicyFromBase) {
		// The repository's resolver decides the DNS answers the mail
		// checks believe: never on a pull request in the action, and
		// never a private, link-local or metadata address (loopback only
		// with --allow-loopback). The flag and the input are trusted.
		if so.Inputs && so.PolicyFromBase {
			warnings = append(warnings, fmt.Sprintf("email.resolver in %s is ignored on pull requests: the repository cannot choose the DNS server that answers for it; set the action's dns-server input instead", cmpOr(cfg.Path, ".launchready.yml")))
		} else if why := untrustedResolver(r, so.AllowLoopback); why != "" {
			return nil, 0, fmt.Errorf("%w: %s: email.resolver %q %s; remove it, or give a DNS server you trust with %s", config.ErrInvalid, cmpOr(cfg.Path, ".launchready.yml"), config.Short(r), why, so.name("dns-server"))
		} else {
			email.DNSServer = r
		}
	}
	if so.Live != nil && so.Live.NotChecked == "" {
		if why := CheckPreviewURL(so.Live.URL); why != "" {
			return nil, 0, fmt.Errorf("%s %q %s", so.name("url"), so.Live.URL, why)
		}
		// Credentials in the URL are secrets of this run, whatever their
		// length (URL masking also hides them structurally).
		if u, err := url.Parse(so.Live.URL); err == nil && u.User != nil {
			if pw, ok := u.User.Password(); ok {
				seen.Add(pw)
			} else {
				seen.Add(u.User.Username())
			}
		}
		if email.Domain == "" && so.Email.Domain == "" && !so.NoMailDomainGuess {
			email.Domain = mailDomainOf(so.Live.URL)
		}
	}
	if so.Email.Domain != "" {
		if !config.IsDomainName(so.Email.Domain) {
			return nil, 0, fmt.Errorf("%s %q is not a domain name such as example.com", so.name("domain"), so.Email.Domain)
		}
		email.Domain = so.Email.Domain
	}
	if len(so.Email.Selectors) > 0 {
		for _, sel := range so.Email.Selectors {
			if !config.IsDKIMSelector(sel) {
				return nil, 0, fmt.Errorf("%s %q is not a DKIM selector (letters, digits, -, _ and .)", so.name("dkim-selector"), sel)
			}
		}
		email.Selectors = so.Email.Selectors
	}
	if so.Email.DNSServer != "" {
		if _, _, err := net.SplitHostPort(so.Email.DNSServer); err != nil {
			return nil, 0, fmt.Errorf("%s %q is not host:port, such as 127.0.0.1:53", so.name("dns-server"), so.Email.DNSServer)
		}
		email.DNSServer = so.Email.DNSServer
	}
	var emailTarget *check.EmailTarget
	if email.Domain != "" {
		emailTarget = &email
	}
	for _, sp := range so.Specs {
		if filepath.IsAbs(sp) || strings.HasPrefix(filepath.Clean(sp), "..") {
			return nil, 0, fmt.Errorf("%s %q must be a path inside the repository", so.name("spec"), sp)
		}
	}
	return &check.Input{
		Policy:   src,
		Warnings: warnings,
		Live:     so.Live,
		Specs:    so.Specs,
		Email:    emailTarget,
		Repo:     repo.Root,
		GitEnv:   so.GitEnv,
		Scan:     so.Scan,
		Config:   cfg,
		Now:      time.Now(),
		Secrets:  seen,
		Detector: detector,
	}, failOn, nil
}

// name is how a setting is called in messages: the flag on the command
// line, the input in the action.
func (so Options) name(flag string) string {
	if !so.Inputs {
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

// CheckPreviewURL says what is wrong with a preview URL ("" if nothing):
// http or https, a host, and a port from 1 to 65535.
func CheckPreviewURL(raw string) string {
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

// LiveTarget builds the probes' target; tokens may also come from the
// environment, so they stay out of shell history and process lists.
func LiveTarget(u, member, admin string, loopback bool) *check.LiveTarget {
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
