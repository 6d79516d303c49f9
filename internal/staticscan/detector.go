package staticscan

import (
	_ "embed"
	"fmt"
	"github.com/launchready/launchready/internal/gitrepo"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/rs/zerolog"
	"github.com/spf13/viper"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/logging"
	gregexp "github.com/zricethezav/gitleaks/v8/regexp"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
)

//go:embed secretrules.toml
var extraRulesTOML string

// ourRules are the ids of secretrules.toml, with their default severities.
var ourRules = map[string]finding.Severity{
	"url-credentials":     finding.SeverityHigh,
	"netrc-password":      finding.SeverityHigh,
	"pgpass-password":     finding.SeverityHigh,
	"password-assignment": finding.SeverityHigh,
	"php-define-password": finding.SeverityHigh,
	"dotenv-file":         finding.SeverityMedium,
}

// gitleaksMu serialises everything that touches gitleaks' global state: the
// global viper instance its config extension uses, and its global logger.
var gitleaksMu sync.Mutex

// logSink receives gitleaks' log events. gitleaks reads its global logger
// on every fragment, so the logger is installed once and never replaced; the
// sink it writes to is switched instead, under gitleaksMu.
type logSink struct {
	mu  sync.Mutex
	cur io.Writer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil {
		return s.cur.Write(p)
	}
	return len(p), nil
}

func (s *logSink) set(w io.Writer) {
	s.mu.Lock()
	s.cur = w
	s.mu.Unlock()
}

var (
	sink        = &logSink{}
	installOnce sync.Once
)

// installLogger replaces gitleaks' global logger, which writes to stderr and
// at debug level logs raw secrets. Only error-level events are produced,
// and they are dropped: git's own errors come from gitrepo.Patches.
func installLogger() {
	installOnce.Do(func() {
		logging.Logger = zerolog.New(sink).Level(zerolog.ErrorLevel)
	})
}

// maxGitleaksConfig caps the repository's .gitleaks.toml.
const maxGitleaksConfig = 1 << 20

// detectorConfig builds the gitleaks configuration for a repository: its own
// .gitleaks.toml if it has one (else gitleaks' defaults), plus launchready's
// extra rules, plus the rules in .launchready.yml.
func detectorConfig(repo string, cfg *config.Config) (gc gconfig.Config, err error) {
	installLogger()
	gitleaksMu.Lock()
	defer gitleaksMu.Unlock()
	// gitleaks compiles regexes with MustCompile, so a bad pattern in a
	// repository's .gitleaks.toml panics; turn that into an error.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf(".gitleaks.toml is invalid: %v", r)
		}
	}()

	text, name := gconfig.DefaultConfig, ""
	if p := filepath.Join(repo, ".gitleaks.toml"); repo != "" {
		if data, rerr := gitrepo.ReadCapped(p, maxGitleaksConfig); rerr == nil {
			text, name = string(data), ".gitleaks.toml"
		} else if !os.IsNotExist(rerr) {
			return gc, fmt.Errorf("cannot read .gitleaks.toml: %v", rerr)
		}
	}
	vc, err := parseGitleaksTOML(text)
	if err != nil {
		return gc, fmt.Errorf(".gitleaks.toml is invalid: %v", err)
	}
	if vc.Extend.URL != "" {
		return gc, fmt.Errorf(".gitleaks.toml: [extend] url is not supported; copy the rules into the file or use [extend] useDefault = true")
	}
	if vc.Extend.Path != "" {
		// The config comes from the repository, which may be an untrusted
		// pull request: never read a file outside it.
		p, ok := gitrepo.Confine(repo, vc.Extend.Path)
		if !ok {
			return gc, fmt.Errorf(".gitleaks.toml: [extend] path %q is outside the repository", vc.Extend.Path)
		}
		vc.Extend.Path = p
	}
	gc, err = vc.Translate()
	if err != nil {
		return gc, fmt.Errorf(".gitleaks.toml is invalid: %v", err)
	}
	gc.Path = name

	extra, err := parseGitleaksTOML(extraRulesTOML)
	if err != nil {
		return gc, fmt.Errorf("built-in rules: %v", err)
	}
	ours, err := extra.Translate()
	if err != nil {
		return gc, fmt.Errorf("built-in rules: %v", err)
	}
	for _, id := range ours.OrderedRules {
		r := ours.Rules[id]
		r.Allowlists = append(r.Allowlists, placeholders())
		addRule(&gc, r)
	}
	for _, r := range cfg.Secrets.Rules {
		rule := gconfig.Rule{
			RuleID:      r.ID,
			Description: r.Description,
			Regex:       gregexp.MustCompile(r.Regex), // validated by package config
			SecretGroup: r.SecretGroup,
			Entropy:     r.Entropy,
			Keywords:    lower(r.Keywords),
		}
		if rule.Description == "" {
			rule.Description = "Secret matching the rule " + r.ID + " in .launchready.yml"
		}
		if r.Path != "" {
			rule.Path = gregexp.MustCompile(r.Path)
		}
		addRule(&gc, rule)
	}
	return gc, nil
}

func parseGitleaksTOML(text string) (gconfig.ViperConfig, error) {
	v := viper.New()
	v.SetConfigType("toml")
	var vc gconfig.ViperConfig
	if err := v.ReadConfig(strings.NewReader(text)); err != nil {
		return vc, err
	}
	err := v.Unmarshal(&vc)
	return vc, err
}

func addRule(gc *gconfig.Config, r gconfig.Rule) {
	if _, exists := gc.Rules[r.RuleID]; !exists {
		gc.OrderedRules = append(gc.OrderedRules, r.RuleID)
	}
	gc.Rules[r.RuleID] = r
	if gc.Keywords == nil {
		gc.Keywords = map[string]struct{}{}
	}
	for _, k := range r.Keywords {
		gc.Keywords[strings.ToLower(k)] = struct{}{}
	}
}

func lower(ks []string) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = strings.ToLower(k)
	}
	return out
}

// newDetector returns a fresh detector (findings accumulate in a detector,
// so each scan gets its own) set up as the gitleaks CLI sets it up.
func newDetector(repo string, gc gconfig.Config) (*detect.Detector, error) {
	d := detect.NewDetector(gc)
	// The CLI's default; the library's is 0, which skips encoded secrets.
	d.MaxDecodeDepth = 5
	if p := filepath.Join(repo, ".gitleaksignore"); repo != "" {
		if _, err := os.Stat(p); err == nil {
			if err := d.AddGitleaksIgnore(p); err != nil {
				return nil, fmt.Errorf("cannot read .gitleaksignore: %v", err)
			}
		}
	}
	return d, nil
}
