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
	"runtime"
	"slices"
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
	"github.com/zricethezav/gitleaks/v8/report"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/safefile"
)

//go:embed secretrules.toml
var extraRulesTOML string

// ourRules are the ids of secretrules.toml, with their default severities.
var ourRules = map[string]finding.Severity{
	"url-credentials":         finding.SeverityHigh,
	"netrc-password":          finding.SeverityHigh,
	"pgpass-password":         finding.SeverityHigh,
	"password-assignment":     finding.SeverityHigh,
	"php-define-password":     finding.SeverityHigh,
	"dotenv-file":             finding.SeverityMedium,
	"password-hash":           finding.SeverityHigh,
	"sql-password-hash":       finding.SeverityHigh,
	"sql-user-password":       finding.SeverityHigh,
	"des-crypt-hash":          finding.SeverityHigh,
	"vsftpd-virtual-users":    finding.SeverityHigh,
	"xml-password":            finding.SeverityHigh,
	"putty-private-key":       finding.SeverityCritical,
	"ssh2-private-key":        finding.SeverityCritical,
	"jwk-private-key":         finding.SeverityCritical,
	"rails-master-key":        finding.SeverityCritical,
	"python-secret-key":       finding.SeverityHigh,
	"code-password-literal":   finding.SeverityHigh,
	"wifi-psk":                finding.SeverityMedium,
	"redis-requirepass":       finding.SeverityHigh,
	"npmrc-auth":              finding.SeverityHigh,
	"network-device-password": finding.SeverityHigh,
	"laravel-app-key":         finding.SeverityHigh,
	"rails-master-key-env":    finding.SeverityCritical,
	"rails-credentials-file":  finding.SeverityCritical,
	"numeric-client-secret":   finding.SeverityHigh,
	"kubernetes-secret-data":  finding.SeverityCritical,
	"sql-hex-password-hash":   finding.SeverityHigh,
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

// rulesInfo says what the repository's gitleaks config did to the rules.
type rulesInfo struct {
	fromRepo bool   // the repository (or GITLEAKS_CONFIG_TOML) has a gitleaks config
	name     string // where it came from: ".gitleaks.toml", "GITLEAKS_CONFIG_TOML", ...
	extended bool   // it extends gitleaks' defaults
	gitleaks int    // gitleaks rules (the defaults, or the file's)
	// allowsAll is set when a global allowlist matches every known-secret
	// sample or every path.
	allowsAll bool
	// warnings say which named config could not be used, and what was
	// used instead.
	warnings []string
	// repoAllow are the allowlists of the repository's own config.
	repoAllow map[*gconfig.Allowlist]bool
	// globalAllow are the config's global allowlists (not a rule's).
	globalAllow []*gconfig.Allowlist
}

// Gitleaks names the gitleaks config sources beyond the repository's own
// files, as the gitleaks CLI takes them: a config file named by the user
// (gitleaks' --config; the action's config input when it names a .toml
// file), GITLEAKS_CONFIG (a path) and GITLEAKS_CONFIG_TOML (the content).
// A named path is read like .gitleaks.toml: from the policy source (a pull
// request's base, the index), and only as a regular file inside the
// repository.
type Gitleaks struct {
	// Path is the named file, relative to the repository root (an
	// absolute path is refused: it is outside); PathFrom says who named
	// it, for messages ("GITLEAKS_CONFIG", "the config input").
	Path, PathFrom string
	// TOML is GITLEAKS_CONFIG_TOML: the config itself.
	TOML string
}

// RepoPath makes a named gitleaks config path relative to the repository
// at root: an absolute path inside it, or (cwd) a relative one that exists
// from the current folder, becomes repository-relative; any other relative
// path is taken as the repository's. A path outside the repository is left
// absolute, and refused when read.
func RepoPath(root, p string, cwd bool) string {
	if !filepath.IsAbs(p) && cwd {
		if abs, err := filepath.Abs(p); err == nil {
			if _, serr := os.Lstat(abs); serr == nil {
				p = abs
			}
		}
	}
	if !filepath.IsAbs(p) {
		return filepath.ToSlash(p)
	}
	bases := []string{root}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		bases = append(bases, r)
	}
	for _, base := range bases {
		if rel, err := filepath.Rel(base, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return p
}

// FromEnv is the gitleaks config the environment names, as the gitleaks
// CLI reads it (the pre-commit hook's; the action and the CLI pass theirs
// through package runinput).
func FromEnv(root string, getenv func(string) string) Gitleaks {
	g := Gitleaks{TOML: getenv("GITLEAKS_CONFIG_TOML")}
	if p := getenv("GITLEAKS_CONFIG"); p != "" {
		g.Path, g.PathFrom = RepoPath(root, p, true), "GITLEAKS_CONFIG"
	}
	return g
}

// errOutside marks a named gitleaks config outside the repository.
var errOutside = errors.New("outside the repository")

// Repository config files, in the order they are looked for after the
// named sources: gitleaks' own .gitleaks.toml at the root, then
// .github/.gitleaks.toml, where gitleaks-action users keep it (gitleaks
// reads it only through GITLEAKS_CONFIG; launchready finds it on its own
// when the root has none, so the same repository needs no extra setting).
var gitleaksFiles = []string{".gitleaks.toml", ".github/.gitleaks.toml"}

// gitleaksSource finds the run's gitleaks config in gitleaks' order of
// precedence: the named path, GITLEAKS_CONFIG_TOML, .gitleaks.toml,
// .github/.gitleaks.toml; none gives gitleaks' defaults (name ""). A named
// path that cannot be used is skipped with a warning.
func gitleaksSource(src gitrepo.Source, g Gitleaks) (text, name string, warnings []string, err error) {
	if g.Path != "" {
		if src == nil {
			return "", "", nil, fmt.Errorf("%s names %s, but there is no repository to read it from", g.PathFrom, g.Path)
		}
		var data []byte
		rerr := errOutside
		if c := path.Clean(filepath.ToSlash(g.Path)); !filepath.IsAbs(g.Path) && !path.IsAbs(c) && c != ".." && !strings.HasPrefix(c, "../") {
			data, rerr = src.ReadConfig(g.Path, maxGitleaksConfig)
		}
		if rerr == nil {
			return string(data), g.Path, nil, nil
		}
		why := "cannot be read: " + rerr.Error()
		switch {
		case rerr == errOutside:
			why = "is refused: it is outside the repository, and gitleaks configs are read only as regular files inside it; move the file into the repository or name it relative to the repository root"
		case safefile.Refused(rerr):
			why = "is refused: " + rerr.Error() + "; gitleaks configs are read only as regular files inside the repository"
		case errors.Is(rerr, fs.ErrNotExist):
			why = "is not in " + src.Where()
		}
		defer func() {
			if err == nil {
				used := "gitleaks' defaults"
				if name != "" {
					used = name
				}
				warnings = append([]string{fmt.Sprintf("%s names the gitleaks config %s, which %s; the secret scan used %s instead", g.PathFrom, g.Path, why, used)}, warnings...)
			}
		}()
	}
	if g.TOML != "" {
		return g.TOML, "GITLEAKS_CONFIG_TOML", nil, nil
	}
	if src == nil {
		return gconfig.DefaultConfig, "", nil, nil
	}
	for _, f := range gitleaksFiles {
		// The repository's file, read as untrusted: only a regular file
		// inside the repository, never a FIFO, capped.
		data, rerr := src.ReadConfig(f, maxGitleaksConfig)
		switch {
		case rerr == nil:
			return string(data), f, nil, nil
		case safefile.Refused(rerr):
			return "", "", nil, rerr
		case !errors.Is(rerr, fs.ErrNotExist):
			return "", "", nil, fmt.Errorf("cannot read %v", rerr)
		}
	}
	return gconfig.DefaultConfig, "", nil, nil
}

// detectorConfigInfo builds the gitleaks configuration for a repository:
// its own gitleaks config if it has one (see gitleaksSource; else gitleaks'
// defaults), plus launchready's extra rules, plus the rules in
// .launchready.yml; and says what the repository's file did. src is where
// the repository's files are read from (the work tree, the base commit of a
// pull request, the index); nil means gitleaks' defaults.
func detectorConfigInfo(src gitrepo.Source, cfg *config.Config, g Gitleaks) (gc gconfig.Config, info rulesInfo, err error) {
	installLogger()
	gitleaksMu.Lock()
	defer gitleaksMu.Unlock()
	text, name, warnings, err := gitleaksSource(src, g)
	if err != nil {
		return gc, info, err
	}
	label := cmpOr(name, ".gitleaks.toml")
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
			err = fmt.Errorf("%s is invalid: a rule's regex does not compile (%s); check the regex of each [[rules]] entry", label, why)
		}
	}()

	vc, err := parseGitleaksTOML(text)
	if err != nil {
		return gc, info, tomlError(label, err)
	}
	if vc.Extend.URL != "" {
		return gc, info, fmt.Errorf("%s: [extend] url is not supported; copy the rules into the file or use [extend] useDefault = true", label)
	}
	// The extension is done here, not by gitleaks: gitleaks counts
	// extensions in a global that is never reset, and after two in one
	// process it silently stops extending (a third detector would run
	// without the defaults). The parts are translated on their own and
	// merged as gitleaks merges them.
	ext := vc.Extend
	if ext.UseDefault && ext.Path != "" {
		return gc, info, fmt.Errorf("%s: [extend] sets both useDefault and path; keep one", label)
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
		data, err := extendedData(src, label, ext.Path)
		if err != nil {
			return gc, info, err
		}
		extText = string(data)
	}
	vc.Extend.UseDefault, vc.Extend.Path = false, ""
	// Allowlists with targetRules name rules that may come from the
	// extended config: gitleaks checks them after the merge, and so do we.
	targeted, err := takeTargeted(&vc)
	if err != nil {
		return gc, info, fmt.Errorf("%s is invalid: %v", label, err)
	}
	gc, err = translate(vc)
	if err != nil {
		return gc, info, fmt.Errorf("%s is invalid: %v", label, err)
	}
	// The repository's own allowlists (not gitleaks' defaults, not ours):
	// what they suppress is counted (splitAllowlists).
	repoAllow := map[*gconfig.Allowlist]bool{}
	markAllowlists := func(c gconfig.Config) {
		for _, a := range c.Allowlists {
			repoAllow[a] = true
		}
		for _, r := range c.Rules {
			for _, a := range r.Allowlists {
				repoAllow[a] = true
			}
		}
	}
	if name != "" {
		markAllowlists(gc)
		for _, t := range targeted {
			repoAllow[t.list] = true
		}
	}
	if extText != "" {
		evc, err := parseGitleaksTOML(extText)
		if err != nil {
			return gc, info, tomlError(ext.Path, err)
		}
		inner := evc.Extend
		evc.Extend = gconfig.Extend{}
		extTargeted, err := takeTargeted(&evc)
		if err != nil {
			return gc, info, fmt.Errorf("%s is invalid: %v", cmpOr(ext.Path, "gitleaks' default config"), err)
		}
		base, err := translate(evc)
		if err != nil {
			return gc, info, fmt.Errorf("%s is invalid: %v", cmpOr(ext.Path, "gitleaks' default config"), err)
		}
		if ext.Path != "" {
			markAllowlists(base)
			for _, t := range extTargeted {
				repoAllow[t.list] = true
			}
		}
		targeted = append(targeted, extTargeted...)
		if inner.UseDefault {
			// The extended file extends the defaults in turn.
			dvc, err := parseGitleaksTOML(gconfig.DefaultConfig)
			if err != nil {
				return gc, info, fmt.Errorf("gitleaks' default config: %v", err)
			}
			def, err := translate(dvc)
			if err != nil {
				return gc, info, fmt.Errorf("gitleaks' default config: %v", err)
			}
			mergeExtension(&base, def, inner.DisabledRules)
		}
		mergeExtension(&gc, base, ext.DisabledRules)
	}
	if err := attachTargeted(&gc, targeted); err != nil {
		return gc, info, fmt.Errorf("%s is invalid: %v", label, err)
	}
	gc.Extend = ext
	gc.Path = name
	info = rulesInfo{fromRepo: name != "", name: name, extended: name == "" || extText != "", gitleaks: len(gc.Rules), allowsAll: allowsEverything(gc), warnings: warnings, repoAllow: repoAllow, globalAllow: slices.Clone(gc.Allowlists)}

	extra, err := parseGitleaksTOML(extraRulesTOML)
	if err != nil {
		return gc, info, fmt.Errorf("built-in rules: %v", err)
	}
	ours, err := translate(extra)
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

// translate is vc.Translate(), with the rules split in two halves
// translated at once when there are many (gitleaks compiles each regex in
// turn, about 0.5 ms each with RE2: 0.1 s for its defaults) and none
// requires another (a required rule must be in the same half). A panic
// (gitleaks' MustCompile of a bad pattern) reaches the caller as it would.
func translate(vc gconfig.ViperConfig) (gconfig.Config, error) {
	const minSplit = 40
	if len(vc.Rules) < minSplit || runtime.GOMAXPROCS(0) < 2 {
		return vc.Translate()
	}
	for _, r := range vc.Rules {
		if len(r.Required) > 0 {
			return vc.Translate()
		}
	}
	half := len(vc.Rules) / 2
	second := gconfig.ViperConfig{Rules: vc.Rules[half:]}
	first := vc
	first.Rules = vc.Rules[:half]
	var (
		wg       sync.WaitGroup
		c2       gconfig.Config
		err2     error
		panicked any
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() { panicked = recover() }()
		c2, err2 = second.Translate()
	}()
	c1, err1 := first.Translate()
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	if err1 != nil {
		return c1, err1
	}
	if err2 != nil {
		return c2, err2
	}
	for id, r := range c2.Rules {
		if _, dup := c1.Rules[id]; dup {
			return vc.Translate() // the same id twice: gitleaks' own answer
		}
		c1.Rules[id] = r
	}
	for k := range c2.Keywords {
		c1.Keywords[k] = struct{}{}
	}
	c1.OrderedRules = append(c1.OrderedRules, c2.OrderedRules...)
	return c1, nil
}

// extendedData reads the file [extend] path names, confined to the
// repository (or the base commit, or the index).
func extendedData(src gitrepo.Source, label, rel string) ([]byte, error) {
	if src == nil {
		return nil, fmt.Errorf("%s: [extend] path without a repository", label)
	}
	data, err := src.ReadConfig(rel, maxGitleaksConfig)
	if err != nil {
		return nil, fmt.Errorf("%s: [extend] path: %v", label, err)
	}
	ext, err := parseGitleaksTOML(string(data))
	if err != nil {
		return nil, tomlError(rel, err)
	}
	if ext.Extend.Path != "" || ext.Extend.URL != "" {
		return nil, fmt.Errorf("%s: [extend] in a file that %s extends is not supported; extend one file, or use [extend] useDefault = true", rel, label)
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
// so each scan gets its own) set up as the gitleaks CLI sets it up, except
// for .gitleaksignore, which launchready applies itself (loadIgnore) so
// that what it suppresses is counted. src is unused, kept for the callers'
// symmetry with the policy source.
func newDetector(_ gitrepo.Source, gc gconfig.Config) (*detect.Detector, error) {
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
	return d, nil
}

// ignoreSet is a .gitleaksignore: gitleaks fingerprints of findings to
// drop, "file:rule-id:line" (any commit) or "commit:file:rule-id:line".
type ignoreSet map[string]bool

// loadIgnore reads the repository's .gitleaksignore from src (nil: none),
// as untrusted (see safefile.ReadIn), and parses it as gitleaks'
// Detector.AddGitleaksIgnore does.
func loadIgnore(src gitrepo.Source) (ignoreSet, error) {
	if src == nil {
		return nil, nil
	}
	data, err := src.ReadConfig(".gitleaksignore", maxGitleaksConfig)
	switch {
	case err == nil:
	case safefile.Refused(err):
		return nil, err
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	default:
		return nil, fmt.Errorf("cannot read %v", err)
	}
	return parseIgnore(string(data)), nil
}

// parseIgnore parses .gitleaksignore text: one fingerprint a line, "#"
// comments; Windows separators in the path are made "/".
func parseIgnore(text string) ignoreSet {
	set := ignoreSet{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ":")
		switch len(f) {
		case 3:
			f[0] = strings.ReplaceAll(f[0], "\\", "/")
		case 4:
			f[1] = strings.ReplaceAll(f[1], "\\", "/")
		}
		set[strings.Join(f, ":")] = true
	}
	return set
}

// ignores reports whether the .gitleaksignore drops g, as gitleaks'
// AddFinding decides it.
func (s ignoreSet) ignores(g report.Finding) bool {
	if len(s) == 0 {
		return false
	}
	if s[fmt.Sprintf("%s:%s:%d", g.File, g.RuleID, g.StartLine)] {
		return true
	}
	return g.Commit != "" && s[fmt.Sprintf("%s:%s:%s:%d", g.Commit, g.File, g.RuleID, g.StartLine)]
}

// findingAllows are the repository's allowlists that decide per finding
// (by regex or stopword, or by every condition at once): launchready
// checks them itself, after detection, so that what they suppress is
// counted. The commit and path parts of an "OR" allowlist stay with
// gitleaks, which skips those files whole.
type findingAllows struct {
	global []*gconfig.Allowlist
	rules  map[string][]*gconfig.Allowlist
}

// splitAllowlists takes the repository's per-finding allowlists (repo:
// the allowlists of its own gitleaks config) out of gc, into the returned
// findingAllows. gc's rule map is copied, never changed in place: the
// config is shared with the run's text scans.
func splitAllowlists(gc gconfig.Config, repo map[*gconfig.Allowlist]bool) (gconfig.Config, findingAllows, error) {
	var fa findingAllows
	if len(repo) == 0 {
		return gc, fa, nil
	}
	split := func(in []*gconfig.Allowlist) (keep, moved []*gconfig.Allowlist, err error) {
		for _, a := range in {
			if a == nil || !repo[a] {
				keep = append(keep, a)
				continue
			}
			perFinding := len(a.Regexes) > 0 || len(a.StopWords) > 0
			switch {
			case !perFinding:
				keep = append(keep, a) // a whole-file skip
			case a.MatchCondition == gconfig.AllowlistMatchAnd:
				moved = append(moved, a)
			default:
				if len(a.Commits) > 0 || len(a.Paths) > 0 {
					k := &gconfig.Allowlist{Description: a.Description, MatchCondition: a.MatchCondition, Commits: a.Commits, Paths: a.Paths}
					if err := k.Validate(); err != nil {
						return nil, nil, err
					}
					keep = append(keep, k)
				}
				m := &gconfig.Allowlist{Description: a.Description, MatchCondition: a.MatchCondition, RegexTarget: a.RegexTarget, Regexes: a.Regexes, StopWords: a.StopWords}
				if err := m.Validate(); err != nil {
					return nil, nil, err
				}
				moved = append(moved, m)
			}
		}
		return keep, moved, nil
	}
	var err error
	if gc.Allowlists, fa.global, err = split(gc.Allowlists); err != nil {
		return gc, fa, err
	}
	rules := make(map[string]gconfig.Rule, len(gc.Rules))
	for id, r := range gc.Rules {
		var moved []*gconfig.Allowlist
		if r.Allowlists, moved, err = split(r.Allowlists); err != nil {
			return gc, fa, err
		}
		if len(moved) > 0 {
			if fa.rules == nil {
				fa.rules = map[string][]*gconfig.Allowlist{}
			}
			fa.rules[id] = moved
		}
		rules[id] = r
	}
	gc.Rules = rules
	return gc, fa, nil
}

// allows reports whether one of the allowlists drops g, as gitleaks'
// checkFindingAllowed decides it (the global allowlists, then the rule's).
func (fa findingAllows) allows(g report.Finding) bool {
	for _, lists := range [][]*gconfig.Allowlist{fa.global, fa.rules[g.RuleID]} {
		for _, a := range lists {
			if allowedBy(a, g) {
				return true
			}
		}
	}
	return false
}

func allowedBy(a *gconfig.Allowlist, g report.Finding) bool {
	target := g.Secret
	switch a.RegexTarget {
	case "match":
		target = g.Match
	case "line":
		target = g.Line
	}
	regex := a.RegexAllowed(target)
	stop, _ := a.ContainsStopWord(g.Secret)
	if a.MatchCondition != gconfig.AllowlistMatchAnd {
		return regex || stop
	}
	if len(a.Commits) > 0 {
		if ok, _ := a.CommitAllowed(g.Commit); !ok {
			return false
		}
	}
	if len(a.Paths) > 0 && !a.PathAllowed(g.File) {
		return false
	}
	if len(a.Regexes) > 0 && !regex {
		return false
	}
	if len(a.StopWords) > 0 && !stop {
		return false
	}
	return true
}

// allowProbe is a realistic true-positive finding: the secret, its line
// and its file, under the rule that finds it. The run's allowlists are
// tried against them all; allowlists that suppress (nearly) all of them
// switch the scan off, whatever form they take (a regex, stopwords, paths,
// or a commits entry ORed with any of those).
type allowProbe struct{ rule, secret, line, path string }

var allowProbes = []allowProbe{
	{"github-pat", "ghp_" + "R7kd9QmX2vLp4TzW8nBc1YfH6sJa3GuE0oVi", "GITHUB_TOKEN=ghp_" + "R7kd9QmX2vLp4TzW8nBc1YfH6sJa3GuE0oVi", ".github/workflows/deploy.yml"},
	{"aws-access-token", "AKIA" + "QX7Z3LMN4KD2RT8W", "aws_access_key_id = AKIA" + "QX7Z3LMN4KD2RT8W", "deploy/credentials"},
	{"aws-access-token", "ASIA" + "Y3KD9QP2MX7ZL4NW", "export AWS_ACCESS_KEY_ID=ASIA" + "Y3KD9QP2MX7ZL4NW", "scripts/assume.sh"},
	{"slack-bot-token", "xoxb-" + "2948571039-4829571038-Kd8sJ2mQpX7vLz3nRt5wYb9c", `const token = "xoxb-` + `2948571039-4829571038-Kd8sJ2mQpX7vLz3nRt5wYb9c";`, "src/notify.js"},
	{"gitlab-pat", "glpat-" + "4Qwb8DwkNhFdnXsiVpzz", "https://oauth2:glpat-" + "4Qwb8DwkNhFdnXsiVpzz@gitlab.example.com", "home/.git-credentials"},
	{"stripe-access-token", "sk_live_" + "51Hq8ZkLm2Vx9Rt4Wb7Yc3Dn", `stripe.api_key = "sk_live_` + `51Hq8ZkLm2Vx9Rt4Wb7Yc3Dn"`, "server/billing.py"},
	{"npm-access-token", "npm_" + "k3J9x0Q2m7W4v8B1n6C5z2R9t0Y4u7P1q8W2", "//registry.npmjs.org/:_authToken=npm_" + "k3J9x0Q2m7W4v8B1n6C5z2R9t0Y4u7P1q8W2", ".npmrc"},
	{"generic-api-key", "k9NJq2Lm8Xv4Rt7WbZ3yHc6D", `API_KEY = "k9NJq2Lm8Xv4Rt7WbZ3yHc6D"`, "config/settings.py"},
	{"jwt", "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "tests/api.http"},
	{"password-assignment", "Vq8#mZ2kLw9pXr4T", `password = "Vq8#mZ2kLw9pXr4T"`, "config/production.env"},
	{"url-credentials", "Tr0ub4dor&3", "DATABASE_URL=postgres://app:Tr0ub4dor&3@db.internal:5432/app", "deploy/secrets.yml"},
	{"private-key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----", "deploy/id_ed25519"},
}

// allowProbeCommit is the commit the probes claim to come from: no real
// allowlist names it, so a commits entry decides nothing on its own.
const allowProbeCommit = "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39"

// allowsEverything reports whether the config's allowlists (global, and
// the rules' own) suppress all, or all but a few, of the probe findings:
// such a config turns the scan off however it is written.
func allowsEverything(gc gconfig.Config) bool {
	suppressed := 0
	for _, p := range allowProbes {
		lists := gc.Allowlists
		if r, ok := gc.Rules[p.rule]; ok {
			lists = append(slices.Clone(lists), r.Allowlists...)
		}
		for _, a := range lists {
			if a != nil && probeAllowed(a, p) {
				suppressed++
				break
			}
		}
	}
	// A narrow allowlist (a path prefix, a few known test values) takes
	// a probe or two; three in four is the scan switched off.
	return suppressed*4 >= len(allowProbes)*3
}

// probeAllowed applies an allowlist to a probe as gitleaks applies it to a
// finding: with condition OR any part allows it, with AND every part set.
func probeAllowed(a *gconfig.Allowlist, p allowProbe) bool {
	target := p.secret
	switch a.RegexTarget {
	case "match":
		target = p.line
	case "line":
		target = p.line
	}
	commit, _ := a.CommitAllowed(allowProbeCommit)
	path := a.PathAllowed(p.path)
	regex := a.RegexAllowed(target)
	stop, _ := a.ContainsStopWord(p.secret)
	if a.MatchCondition != gconfig.AllowlistMatchAnd {
		return commit || path || regex || stop
	}
	if len(a.Commits) == 0 && len(a.Paths) == 0 && len(a.Regexes) == 0 && len(a.StopWords) == 0 {
		return false
	}
	return (len(a.Commits) == 0 || commit) && (len(a.Paths) == 0 || path) &&
		(len(a.Regexes) == 0 || regex) && (len(a.StopWords) == 0 || stop)
}

// PolicyFiles are the repository files the run's gitleaks config may come
// from (a named path, .gitleaks.toml, .github/.gitleaks.toml), the file the
// one used extends ([extend] path) and .gitleaksignore: policy, as
// .launchready.yml is. A config from GITLEAKS_CONFIG_TOML names no file.
func (t *Detector) PolicyFiles() []string {
	var names []string
	if t.gl.Path != "" {
		names = append(names, path.Clean(filepath.ToSlash(t.gl.Path)))
	}
	names = append(names, gitleaksFiles...)
	names = append(names, ".gitleaksignore")
	if t.src == nil {
		return names
	}
	text, _, _, err := gitleaksSource(t.src, t.gl)
	if err != nil {
		return names
	}
	vc, err := parseGitleaksTOML(text)
	if err != nil || vc.Extend.Path == "" {
		return names
	}
	return append(names, path.Clean(filepath.ToSlash(vc.Extend.Path)))
}

// targetedList is an allowlist of a gitleaks config that applies to the
// rules it names only ([[allowlists]] targetRules).
type targetedList struct {
	rules []string
	list  *gconfig.Allowlist
}

// takeTargeted removes the allowlists with targetRules from vc and
// translates each on its own: gitleaks validates the rules they name only
// once the extended configs are merged (a config with [extend]
// useDefault = true may target generic-api-key).
func takeTargeted(vc *gconfig.ViperConfig) ([]targetedList, error) {
	var out []targetedList
	kept := vc.Allowlists[:0:0]
	for _, a := range vc.Allowlists {
		if a == nil || len(a.TargetRules) == 0 {
			kept = append(kept, a)
			continue
		}
		c := *a
		c.TargetRules = nil
		one := gconfig.ViperConfig{Allowlists: append(vc.Allowlists[:0:0], &c)}
		tc, err := one.Translate()
		if err != nil {
			return nil, err
		}
		if len(tc.Allowlists) != 1 {
			return nil, fmt.Errorf("[[allowlists]] with targetRules %v could not be read", a.TargetRules)
		}
		out = append(out, targetedList{rules: slices.Clone(a.TargetRules), list: tc.Allowlists[0]})
	}
	vc.Allowlists = kept
	return out, nil
}

// attachTargeted adds each targeted allowlist to the rules it names, once
// every config is merged, with gitleaks' error for a rule that does not
// exist.
func attachTargeted(gc *gconfig.Config, targeted []targetedList) error {
	for _, t := range targeted {
		for _, id := range t.rules {
			r, ok := gc.Rules[id]
			if !ok {
				return fmt.Errorf("[[allowlists]] target rule ID '%s' does not exist", id)
			}
			r.Allowlists = append(slices.Clone(r.Allowlists), t.list)
			gc.Rules[id] = r
		}
	}
	return nil
}
