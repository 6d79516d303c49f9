// Package runinput builds a run's input from the command line or the
// action's inputs: the repository, config discovery, the fail-on
// precedence, the email settings merged over the config's, and the checks
// of the preview URL and spec paths. Its errors are usage or config errors
// (exit code 2); cmd/action and the pre-commit hook share it.
package runinput

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
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
	cfg, err := LoadConfig(repo.Root, so.Config, so.ConfigInRepo)
	if err != nil {
		return nil, 0, err
	}
	// The repository's .gitleaks.toml is config too: a broken or refused
	// one is a config error (exit 2), with its line.
	if err := secrets.ValidateGitleaksConfig(repo.Root); err != nil {
		return nil, 0, fmt.Errorf("%w: %v", config.ErrInvalid, err)
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
	email := check.EmailTarget{Domain: cfg.Email.Domain, Selectors: cfg.Email.Selectors, DNSServer: cfg.Email.Resolver}
	if so.Live != nil {
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
		if email.Domain == "" && so.Email.Domain == "" {
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
		Live:     so.Live,
		Specs:    so.Specs,
		Email:    emailTarget,
		Repo:     repo.Root,
		GitEnv:   so.GitEnv,
		Scan:     so.Scan,
		Config:   cfg,
		Now:      time.Now(),
		Secrets:  seen,
		Detector: secrets.NewDetector(repo.Root, cfg),
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

// LoadConfig reads the run's config: the file the user named (path; with
// inRepo a path in the repository, as the action's input), else the
// repository's own .launchready.yml, else the defaults.
func LoadConfig(root, path string, inRepo bool) (*config.Config, error) {
	cfg := config.Default()
	var err error
	switch {
	case path != "" && inRepo:
		// The action's config input: a path in the workspace, read as
		// repository content.
		if cfg, err = config.LoadRepo(root, path); err != nil {
			return nil, err
		}
	case path != "":
		// --config: a file the user named (relative to the current folder,
		// else to the repository). Only a regular file, never a FIFO.
		p := path
		if _, serr := os.Lstat(p); serr != nil && !filepath.IsAbs(p) {
			if cfg, err = config.LoadRepo(root, p); err != nil {
				return nil, err
			}
			break
		}
		if cfg, err = config.LoadFile(p, path); err != nil {
			return nil, err
		}
	default:
		if name := config.Find(root); name != "" {
			if cfg, err = config.LoadRepo(root, name); err != nil {
				return nil, err
			}
		}
	}
	return cfg, nil
}
