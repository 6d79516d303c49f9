package secrets

import (
	"context"
	"path"
	"strings"
	"sync"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/gitrepo"
)

// Detector finds secrets in single texts (example values in a spec, a
// client bundle) with the run's secret rules: the repository's own
// .gitleaks.toml (else gitleaks' defaults), launchready's extra rules and the
// rules in .launchready.yml, which is the configuration the history scan
// uses. Build one per run with NewDetector and hand it to the checks through
// check.Input.Detector; it implements check.TextScanner.
//
// The gitleaks detector is built on first use and shared by the run's
// checks: DetectContext keeps no state between calls (findings accumulate
// only through AddFinding, which this never calls).
//
// It is also the run's translated gitleaks config: reading, extending and
// compiling .gitleaks.toml and the rules of .launchready.yml costs about
// 0.1 s of CPU with the RE2 engine, so the input's validation, the secret
// check and the text scans share one translation (Config).
type Detector struct {
	src gitrepo.Source
	cfg *config.Config
	gl  Gitleaks

	cfgOnce sync.Once
	gc      gconfig.Config
	info    rulesInfo
	cfgErr  error

	once sync.Once
	d    *detect.Detector
	err  error
}

// Config is the run's gitleaks config, translated once: the one the secret
// check and the text scans use. Its error is the repository's config error
// (a bad or refused .gitleaks.toml).
func (t *Detector) Config() error {
	_, _, err := t.config()
	return err
}

func (t *Detector) config() (gconfig.Config, rulesInfo, error) {
	t.cfgOnce.Do(func() { t.gc, t.info, t.cfgErr = detectorConfigInfo(t.src, t.cfg, t.gl) })
	return t.gc, t.info, t.cfgErr
}

// NewDetector returns the run's text detector with the repository's config
// files read from src (check.Input.PolicySource: the work tree, a pull
// request's base, the index; nil: gitleaks' defaults and ours only) and
// its config.
func NewDetector(src gitrepo.Source, cfg *config.Config) *Detector {
	return NewDetectorWith(src, cfg, Gitleaks{})
}

// NewDetectorWith is NewDetector with the gitleaks config sources the user
// named (GITLEAKS_CONFIG, GITLEAKS_CONFIG_TOML, a .toml config input), which
// come before the repository's own files.
func NewDetectorWith(src gitrepo.Source, cfg *config.Config, g Gitleaks) *Detector {
	if cfg == nil {
		cfg = config.Default()
	}
	return &Detector{src: src, cfg: cfg, gl: g}
}

// Warnings say which named gitleaks config could not be used (read after
// Config).
func (t *Detector) Warnings() []string {
	_, info, _ := t.config()
	return info.warnings
}

// ScanText implements check.TextScanner. A repository config that cannot be
// used (a bad .gitleaks.toml) is an error on every call.
func (t *Detector) ScanText(ctx context.Context, text string) ([]check.SecretHit, error) {
	return t.ScanFile(ctx, "", text)
}

// ScanFile implements check.TextScanner: text is scanned as the file name
// (slash-separated; a leading slash is dropped), so that the rules gated by
// a path (.env, *.json, config/master.key) apply as they do in the
// repository. A name that a global path allowlist skips (a vendored
// library's, as in gitleaks' defaults) is scanned without it instead: a
// served text is never skipped whole. dotenv-file, a finding about a
// committed file, is not reported for a text.
func (t *Detector) ScanFile(ctx context.Context, name, text string) ([]check.SecretHit, error) {
	t.once.Do(func() {
		gc, _, err := t.config()
		if err != nil {
			t.err = err
			return
		}
		// .gitleaksignore names findings of the repository's files, none
		// of a text; a refused one is still an error, as in the history
		// scan.
		if _, err := loadIgnore(t.src); err != nil {
			t.err = err
			return
		}
		t.d, t.err = newDetector(t.src, gc)
	})
	if t.err != nil {
		return nil, t.err
	}
	if text == "" {
		return nil, nil
	}
	name = strings.TrimLeft(path.Clean("/"+name), "/")
	if name != "" && t.pathAllowed(name) {
		name = ""
	}
	var out []check.SecretHit
	for _, g := range expandBlocks(detectFragment(ctx, t.d, detect.Fragment{Raw: text, FilePath: name, StartLine: 1})) {
		if g.RuleID == "dotenv-file" {
			continue
		}
		title := shortDescription(g.Description, g.RuleID)
		if s, ok := ourTitles[g.RuleID]; ok {
			title = s
		}
		out = append(out, check.SecretHit{RuleID: "secrets/" + g.RuleID, Title: title, Secret: g.Secret})
	}
	return out, nil
}

// pathAllowed reports whether a global allowlist of the run's config skips
// the file name.
func (t *Detector) pathAllowed(name string) bool {
	for _, a := range t.gc.Allowlists {
		if a != nil && len(a.Paths) > 0 && a.PathAllowed(name) {
			return true
		}
	}
	return false
}
