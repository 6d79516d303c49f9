package secrets

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"
	"github.com/rs/zerolog"
	"github.com/spf13/viper"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/logging"
	gregexp "github.com/zricethezav/gitleaks/v8/regexp"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/safefile"
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
// and none is kept: launchready runs git itself and reads its stderr.
func installLogger() {
	installOnce.Do(func() {
		logging.Logger = zerolog.New(sink).Level(zerolog.ErrorLevel)
	})
}

// regexpProblem finds what is wrong in a regexp package error.
var regexpProblem = regexp.MustCompile(`error parsing regexp: ([a-z ()\[\]{}+*?\\-]+?)(?::|$)`)

// maxGitleaksConfig caps the repository's .gitleaks.toml.
const maxGitleaksConfig = 1 << 20

// rulesInfo says what the repository's .gitleaks.toml did to the rules.
type rulesInfo struct {
	fromRepo bool // the repository has a .gitleaks.toml
	extended bool // it extends gitleaks' defaults
	gitleaks int  // gitleaks rules (the defaults, or the file's)
	// allowsAll is set when a global allowlist matches every known-secret
	// sample or every path.
	allowsAll bool
}

// detectorConfigInfo builds the gitleaks configuration for a repository:
// its own .gitleaks.toml if it has one (else gitleaks' defaults), plus
// launchready's extra rules, plus the rules in .launchready.yml; and says
// what the repository's file did. src is where the repository's files are
// read from (the work tree, the base commit of a pull request, the index);
// nil means gitleaks' defaults.
func detectorConfigInfo(src gitrepo.Source, cfg *config.Config) (gc gconfig.Config, info rulesInfo, err error) {
	installLogger()
	gitleaksMu.Lock()
	defer gitleaksMu.Unlock()
	// gitleaks compiles regexes with MustCompile, so a bad pattern in a
	// repository's .gitleaks.toml panics; turn that into an error.
	defer func() {
		if r := recover(); r != nil {
			// The panic quotes the regex, which is repository content:
			// say only what is wrong with it.
			why := "it does not compile"
			if m := regexpProblem.FindStringSubmatch(fmt.Sprint(r)); m != nil {
				why = m[1]
			}
			err = fmt.Errorf(".gitleaks.toml is invalid: a rule's regex does not compile (%s); check the regex of each [[rules]] entry", why)
		}
	}()

	text, name := gconfig.DefaultConfig, ""
	if src != nil {
		// The repository's file, read as untrusted: only a regular file
		// inside the repository, never a FIFO, capped.
		if data, rerr := src.ReadConfig(".gitleaks.toml", maxGitleaksConfig); rerr == nil {
			text, name = string(data), ".gitleaks.toml"
		} else if safefile.Refused(rerr) {
			return gc, info, rerr
		} else if !errors.Is(rerr, fs.ErrNotExist) {
			return gc, info, fmt.Errorf("cannot read %v", rerr)
		}
	}
	vc, err := parseGitleaksTOML(text)
	if err != nil {
		return gc, info, tomlError(".gitleaks.toml", err)
	}
	if vc.Extend.URL != "" {
		return gc, info, fmt.Errorf(".gitleaks.toml: [extend] url is not supported; copy the rules into the file or use [extend] useDefault = true")
	}
	// The extension is done here, not by gitleaks: gitleaks counts
	// extensions in a global that is never reset, and after two in one
	// process it silently stops extending (a third detector would run
	// without the defaults). The parts are translated on their own and
	// merged as gitleaks merges them.
	ext := vc.Extend
	if ext.UseDefault && ext.Path != "" {
		return gc, info, fmt.Errorf(".gitleaks.toml: [extend] sets both useDefault and path; keep one")
	}
	extText := ""
	switch {
	case ext.UseDefault:
		extText = gconfig.DefaultConfig
	case ext.Path != "":
		// The config comes from the repository, which may be an untrusted
		// pull request: the extended file is read like .gitleaks.toml, so
		// it can neither follow a link nor block on a FIFO, nor extend a
		// third file on its own.
		data, err := extendedData(src, ext.Path)
		if err != nil {
			return gc, info, err
		}
		extText = string(data)
	}
	vc.Extend.UseDefault, vc.Extend.Path = false, ""
	gc, err = vc.Translate()
	if err != nil {
		return gc, info, fmt.Errorf(".gitleaks.toml is invalid: %v", err)
	}
	if extText != "" {
		evc, err := parseGitleaksTOML(extText)
		if err != nil {
			return gc, info, tomlError(ext.Path, err)
		}
		inner := evc.Extend
		evc.Extend = gconfig.Extend{}
		base, err := evc.Translate()
		if err != nil {
			return gc, info, fmt.Errorf("%s is invalid: %v", cmpOr(ext.Path, "gitleaks' default config"), err)
		}
		if inner.UseDefault {
			// The extended file extends the defaults in turn.
			dvc, err := parseGitleaksTOML(gconfig.DefaultConfig)
			if err != nil {
				return gc, info, fmt.Errorf("gitleaks' default config: %v", err)
			}
			def, err := dvc.Translate()
			if err != nil {
				return gc, info, fmt.Errorf("gitleaks' default config: %v", err)
			}
			mergeExtension(&base, def, inner.DisabledRules)
		}
		mergeExtension(&gc, base, ext.DisabledRules)
	}
	gc.Extend = ext
	gc.Path = name
	info = rulesInfo{fromRepo: name != "", extended: name == "" || extText != "", gitleaks: len(gc.Rules), allowsAll: allowsEverything(gc.Allowlists)}

	extra, err := parseGitleaksTOML(extraRulesTOML)
	if err != nil {
		return gc, info, fmt.Errorf("built-in rules: %v", err)
	}
	ours, err := extra.Translate()
	if err != nil {
		return gc, info, fmt.Errorf("built-in rules: %v", err)
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
	return gc, info, nil
}

// extendedData reads the file [extend] path names, confined to the
// repository (or the base commit, or the index).
func extendedData(src gitrepo.Source, rel string) ([]byte, error) {
	if src == nil {
		return nil, fmt.Errorf(".gitleaks.toml: [extend] path without a repository")
	}
	data, err := src.ReadConfig(rel, maxGitleaksConfig)
	if err != nil {
		return nil, fmt.Errorf(".gitleaks.toml: [extend] path: %v", err)
	}
	ext, err := parseGitleaksTOML(string(data))
	if err != nil {
		return nil, tomlError(rel, err)
	}
	if ext.Extend.Path != "" || ext.Extend.URL != "" {
		return nil, fmt.Errorf("%s: [extend] in a file that .gitleaks.toml extends is not supported; extend one file, or use [extend] useDefault = true", rel)
	}
	return data, nil
}

// mergeExtension adds the rules and allowlists of an extended config to
// c, as gitleaks' Config.extend does: rules c lacks are added (unless
// disabled), rules it has are merged field by field.
func mergeExtension(c *gconfig.Config, ext gconfig.Config, disabled []string) {
	off := map[string]bool{}
	for _, id := range disabled {
		off[id] = true
	}
	if c.Rules == nil {
		c.Rules = map[string]gconfig.Rule{}
	}
	if c.Keywords == nil {
		c.Keywords = map[string]struct{}{}
	}
	for id, base := range ext.Rules {
		if off[id] {
			continue
		}
		cur, ok := c.Rules[id]
		if !ok {
			c.Rules[id] = base
			for _, k := range base.Keywords {
				c.Keywords[k] = struct{}{}
			}
			c.OrderedRules = append(c.OrderedRules, id)
			continue
		}
		if cur.Description != "" {
			base.Description = cur.Description
		}
		if cur.Entropy != 0 {
			base.Entropy = cur.Entropy
		}
		if cur.SecretGroup != 0 {
			base.SecretGroup = cur.SecretGroup
		}
		if cur.Regex != nil {
			base.Regex = cur.Regex
		}
		if cur.Path != nil {
			base.Path = cur.Path
		}
		base.Tags = append(base.Tags, cur.Tags...)
		base.Keywords = append(base.Keywords, cur.Keywords...)
		base.Allowlists = append(base.Allowlists, cur.Allowlists...)
		for _, k := range base.Keywords {
			c.Keywords[k] = struct{}{}
		}
		c.Rules[id] = base
	}
	c.Allowlists = append(c.Allowlists, ext.Allowlists...)
	sort.Strings(c.OrderedRules)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// privateCopy writes data to a new temporary file (created exclusively,
// mode 0600) for gitleaks functions that only take a path.
func privateCopy(data []byte, pattern string) (string, func(), error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.Remove(f.Name()) }
	if _, err := f.Write(data); err != nil {
		f.Close()
		cleanup()
		return "", nil, err
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", nil, err
	}
	return f.Name(), cleanup, nil
}

// tomlError names the file and, when the TOML parser knows it, the line.
func tomlError(name string, err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return fmt.Errorf("%s:%d:%d: %s", name, row, col, strings.TrimPrefix(de.Error(), "toml: "))
	}
	return fmt.Errorf("%s is invalid: %v", name, err)
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
func newDetector(src gitrepo.Source, gc gconfig.Config) (*detect.Detector, error) {
	// Rules without keywords get keywords from their regexes (see
	// prefilter.go): the same findings, without a regex pass over every
	// fragment.
	d := detect.NewDetector(withDerivedKeywords(gc))
	// The CLI's default; the library's is 0, which skips encoded secrets.
	d.MaxDecodeDepth = 5
	// gitleaks would drop a finding whose line holds "gitleaks:allow"
	// anywhere, uncounted, even in a commit message or on a minified
	// line: launchready applies its own scope rules to both markers
	// instead (allowComment) and counts what they suppress.
	d.IgnoreGitleaksAllow = true
	if src != nil {
		// Read as untrusted (see safefile.ReadIn); gitleaks gets a copy.
		data, err := src.ReadConfig(".gitleaksignore", maxGitleaksConfig)
		switch {
		case err == nil:
			p, cleanup, err := privateCopy(data, "gitleaksignore-*")
			if err != nil {
				return nil, err
			}
			defer cleanup()
			if err := d.AddGitleaksIgnore(p); err != nil {
				return nil, fmt.Errorf("cannot read .gitleaksignore: %v", err)
			}
		case safefile.Refused(err):
			return nil, err
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("cannot read %v", err)
		}
	}
	return d, nil
}

// Known-secret samples and paths a global allowlist is tried against: one
// that allows all of them switches the scan off.
var (
	allowSamples = []string{
		"ghp_" + "R7kd9QmX2vLp4TzW8nBc1YfH6sJa3GuE0oVi",
		"AKIA" + "QX7Z3LMN4KD2RT8W",
		"xoxb-" + "2948571039-4829571038-Kd8sJ2mQpX7vLz3nRt5wYb9c",
		"password = \"" + "Vq8#mZ2kLw9pXr4T\"",
	}
	allowPaths = []string{"src/app.js", "config/production.env", ".env", "deploy/secrets.yml"}
)

// allowsEverything reports whether one of the global allowlists allows
// every sample secret or every sample path.
func allowsEverything(lists []*gconfig.Allowlist) bool {
	for _, a := range lists {
		if a == nil || len(a.Commits) > 0 || len(a.StopWords) > 0 && a.MatchCondition == gconfig.AllowlistMatchAnd {
			continue
		}
		regexAll := len(a.Regexes) > 0
		for _, sm := range allowSamples {
			if regexAll && !a.RegexAllowed(sm) {
				regexAll = false
			}
		}
		pathAll := len(a.Paths) > 0
		for _, p := range allowPaths {
			if pathAll && !a.PathAllowed(p) {
				pathAll = false
			}
		}
		if a.MatchCondition == gconfig.AllowlistMatchAnd {
			if (regexAll || pathAll) && (regexAll || len(a.Regexes) == 0) && (pathAll || len(a.Paths) == 0) {
				return true
			}
			continue
		}
		if regexAll || pathAll {
			return true
		}
	}
	return false
}

// GitleaksExtendPath is the file the repository's .gitleaks.toml extends
// with [extend] path ("" when none, or when the file cannot be read): it
// is policy, as .gitleaks.toml is.
func GitleaksExtendPath(src gitrepo.Source) string {
	if src == nil {
		return ""
	}
	data, err := src.ReadConfig(".gitleaks.toml", maxGitleaksConfig)
	if err != nil {
		return ""
	}
	vc, err := parseGitleaksTOML(string(data))
	if err != nil || vc.Extend.Path == "" {
		return ""
	}
	return path.Clean(filepath.ToSlash(vc.Extend.Path))
}
