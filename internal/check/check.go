// Package check defines what a check is: its metadata, its input and its
// result. The list of checks lives in package registry.
package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/redact"
)

// AllowComment marks a line whose finding is intentional (a test fixture,
// a deliberately open CORS policy). gitleaks' own "gitleaks:allow" works
// too for secrets.
const AllowComment = "launchready:allow"

// Mode is a kind of input a check can work on.
type Mode string

// The modes. History, Range, Worktree and Staged are the git scan modes; a
// run has exactly one of them. Spec, Live and DNS depend on other inputs.
const (
	ModeHistory  Mode = "history"
	ModeRange    Mode = "range"
	ModeWorktree Mode = "worktree"
	ModeStaged   Mode = "staged"
	ModeSpec     Mode = "spec"
	ModeLive     Mode = "live"
	ModeDNS      Mode = "dns"
)

// Rule is one rule a check can emit, declared once, as a value, in the
// analyzer that emits it: findings are made from it (Rule.Finding), so no
// call site repeats its title, row or severity. Every rule has an entry in
// docs/checks.md whose row and severity lines match it (tests enforce both),
// and a finding carrying a rule id no check declares fails the tests.
type Rule struct {
	ID    string
	Title string
	// Row is the scorecard row its findings count against.
	Row finding.Row
	// Severity is its default severity (config can change it).
	Severity finding.Severity
	// Others are the other severities its findings can have, when the
	// severity depends on what was found (a public admin operation is
	// critical, a public search high): with Severity, its range.
	Others []finding.Severity
	// Family marks an id that stands for many generated ids, such as
	// "secrets/<gitleaks-rule-id>" for gitleaks' 222 built-in rules.
	Family bool
	// CWE is the weakness id, such as "CWE-798", for SARIF tags.
	CWE string
}

// Severities are every severity the rule's findings can have, the default
// first.
func (r Rule) Severities() []finding.Severity {
	return append([]finding.Severity{r.Severity}, r.Others...)
}

// At is the rule with its findings at severity sev, one of Severities().
func (r Rule) At(sev finding.Severity) Rule {
	r.Severity = sev
	return r
}

// Anchor is the rule's anchor in docs/checks.md (its "### `id`" heading,
// as GitHub names it).
func (r Rule) Anchor() string {
	var b strings.Builder
	for _, c := range strings.ToLower(r.ID) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		case c == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// Finding is a finding of this rule at loc. Its fingerprint is the rule,
// where it is (path, URL path or domain; never a line) and the normalised
// evidence; callers with a better notion of "the same finding" replace it.
func (r Rule) Finding(loc finding.Location, msg, fix, evidence string) finding.Finding {
	where := loc.Path
	if where == "" {
		where = cmp.Or(loc.URL, loc.Domain)
	}
	return finding.Finding{
		RuleID: r.ID, Row: r.Row, Severity: r.Severity, Title: r.Title,
		Message: msg, Remediation: fix, Location: loc, Evidence: evidence,
		Fingerprint: finding.Fingerprint(r.ID, where, evidence),
	}
}

// Meta describes a check.
type Meta struct {
	// ID is stable and unique, such as "secrets"; it names the check's
	// golden cases under testdata/.
	ID    string
	Title string
	// Rows are the scorecard rows the check can vouch for: when it ran and
	// found nothing, the row passes. A check may add findings to other rows
	// (a spec's http:// server to HTTPS): those fail or warn on them, and
	// never pass because of it.
	Rows  []finding.Row
	Modes []Mode
	Rules []Rule
	// After names checks this one runs after when they are in the same
	// run (the pipeline runs the others in parallel): the latency probe
	// times the core flows once the other probes are quiet, and the
	// cookie probe judges the cookies every other probe's answers set.
	After []string
	// Optional marks a check that applies only to some apps (a JWT member
	// token, a known member username): when it is not checked, its rows
	// note why, but a row it shares with checks of the same kind that ran
	// still counts as checked. Any other check of a row that was not
	// checked while one of the same kind (the preview, the spec, DNS, the
	// code) ran leaves the row not checked: it saw less than it set out to
	// (a preview probed without the rate-limit burst).
	Optional bool
}

// Undeclared names the first finding whose rule its check does not declare,
// or whose severity is outside the rule's declared range: a bug in
// launchready, since the rule table is what docs/checks.md, SARIF rules and
// ignores are checked against. A family rule (secrets/<gitleaks-rule-id>)
// covers every id with its prefix, at any severity the repository's own
// rules give.
func (m Meta) Undeclared(fs []finding.Finding) string {
	for _, f := range fs {
		var rule *Rule
		for i, r := range m.Rules {
			prefix, _, _ := strings.Cut(r.ID, "<")
			if r.ID == f.RuleID || r.Family && strings.HasPrefix(f.RuleID, prefix) {
				rule = &m.Rules[i]
				break
			}
		}
		switch {
		case rule == nil:
			return fmt.Sprintf("launchready bug: check %s reported rule %s, which it does not declare", m.ID, f.RuleID)
		case !rule.Family && !slices.Contains(rule.Severities(), f.Severity):
			return fmt.Sprintf("launchready bug: check %s reported rule %s at severity %s, outside its declared %v", m.ID, f.RuleID, f.Severity, rule.Severities())
		}
	}
	return ""
}

// Supports reports whether the check works in mode m.
func (m Meta) Supports(mode Mode) bool {
	for _, x := range m.Modes {
		if x == mode {
			return true
		}
	}
	return false
}

// Scan says which part of the repository a run covers.
type Scan struct {
	Mode Mode // one of ModeHistory, ModeRange, ModeWorktree, ModeStaged
	// Base and Head bound a range scan; the scan covers
	// merge-base(Base, Head)..Head.
	Base, Head string
}

// Progress is reported by long-running checks.
type Progress struct {
	Check   string
	Commits int
	// Total is how many commits the scan covers, when known.
	Total int
	Files int
}

// Input is everything a check may read: plain data, built once per run by
// internal/runinput (the command and the action) or internal/precommit (the
// hook). What the checks of one run share (the file list, loaded specs, the
// probe session) is built by the registry with the checks, not kept here.
type Input struct {
	// Repo is the absolute path of the repository's top folder.
	Repo string
	// GitEnv is added to every git command (gitrepo.Repo.Env), such as
	// GIT_CONFIG_* entries marking a container workspace safe.
	GitEnv []string
	Scan   Scan
	// Staged is the index, for staged-mode checks that read whole files
	// (a spec, a source file): they must analyse the staged blob, never
	// the file on disk. Set only in staged mode.
	Staged *gitrepo.Staged
	Config *config.Config
	// Policy is where the repository's config files (.launchready.yml,
	// .gitleaks.toml, .gitleaksignore) were read from: the base commit of
	// a pull request, the index for the hook; nil means the work tree.
	Policy gitrepo.Source
	// Warnings were found while building the input (a pull request that
	// changes the policy); every report shows them.
	Warnings []string
	// Specs are OpenAPI spec files given on the command line or as the
	// action's spec input (repository-relative), added to openapi.specs.
	Specs []string
	// Live is the preview to probe; nil when no URL was given.
	Live *LiveTarget
	// Email is the mail domain to check (SPF, DKIM, DMARC); nil when none
	// was given.
	Email *EmailTarget
	// Detector finds secrets in single texts (spec examples, client
	// bundles) with the run's own secret rules: secrets.NewDetector, built
	// once per run from the repository and its config.
	Detector TextScanner
	// Now is the run's clock, for expiry dates; tests fix it.
	Now time.Time
	// Secrets collects every raw secret an analyzer saw, so that outputs
	// can be redacted a second time at the boundary.
	Secrets *redact.Set
	// Progress, when set, receives progress updates. It may be called
	// from several goroutines.
	Progress func(Progress)
}

// SecretHit is a secret found in a piece of text.
type SecretHit struct {
	RuleID string // "secrets/<id>"
	Title  string
	Secret string // raw: callers must register it for redaction and never print it
}

// TextScanner finds secrets in one text with the run's secret rules (the
// repository's .gitleaks.toml and .launchready.yml); secrets.Detector is
// the implementation, so that analyzers need not import the secret scanner.
type TextScanner interface {
	ScanText(ctx context.Context, text string) ([]SecretHit, error)
	// ScanFile scans text as the file name (a client bundle's URL path,
	// "static/js/app.js"), so that the rules gated by a path apply too.
	ScanFile(ctx context.Context, name, text string) ([]SecretHit, error)
}

// ScanText scans one text with the run's Detector. A run without one is a
// bug in how the input was built, and an error, never a clean result.
func (in *Input) ScanText(ctx context.Context, text string) ([]SecretHit, error) {
	if in.Detector == nil {
		return nil, errors.New("no secret detector was set up for this run (a bug in launchready)")
	}
	return in.Detector.ScanText(ctx, text)
}

// ScanFile scans one text as the file name with the run's Detector.
func (in *Input) ScanFile(ctx context.Context, name, text string) ([]SecretHit, error) {
	if in.Detector == nil {
		return nil, errors.New("no secret detector was set up for this run (a bug in launchready)")
	}
	return in.Detector.ScanFile(ctx, name, text)
}

// LiveTarget is the running preview the probes check.
type LiveTarget struct {
	URL string
	// MemberToken and AdminToken are test accounts' tokens.
	MemberToken, AdminToken string
	// AllowLoopback lets tests and the demo probe 127.0.0.1.
	AllowLoopback bool
	// CACertPEM is an extra trusted CA (tests and the demo).
	CACertPEM []byte
	// NotChecked, when set, is why there is no preview to probe this run
	// (a deployment that is not up): every probe check is not checked,
	// with this reason.
	NotChecked string
}

// EmailTarget names the mail domain and how to look it up.
type EmailTarget struct {
	Domain string
	// Selectors are DKIM selectors to try before the common ones.
	Selectors []string
	// DNSServer is host:port; empty means the system resolver.
	DNSServer string
}

// Status says whether a check ran. Whether its row passes is decided later,
// after filters and the fail-on threshold, so a check never says "pass".
type Status string

// The statuses.
const (
	// StatusRan: the check ran to completion; its findings are complete.
	StatusRan Status = "ran"
	// StatusNotApplicable: the input has nothing for this check (no spec
	// files in the repository, say).
	StatusNotApplicable Status = "not-applicable"
	// StatusNotChecked: an input the check needs was not given (no preview
	// URL, say). This is not an error.
	StatusNotChecked Status = "not-checked"
	// StatusFailed: the check could not run (shallow clone, unknown
	// revision, git failed). The reason says how to fix it; exit code 3.
	StatusFailed Status = "failed"
	// StatusError: the check crashed. This is a bug in launchready.
	StatusError Status = "error"
)

// Result is what a check returns.
type Result struct {
	Status Status
	// Reason explains a status other than StatusRan: what is wrong and how
	// to fix it.
	Reason   string
	Findings []finding.Finding
	// Suppressed counts findings dropped by inline allow comments.
	Suppressed int
	// Notes are short facts for the scorecard ("scanned 412 commits").
	Notes []string
	// Warnings say what a check that ran left out ("not read: server.js
	// (over the 1 MiB cap)"), so a clean result is not read as complete:
	// the report lists them under its warnings, prefixed by the check id.
	Warnings []string
	// Headline is a fact the row's note shows even when the row has
	// findings (the security-header grade).
	Headline string
}

// Check is one analyzer entry in the registry.
type Check interface {
	Meta() Meta
	Run(ctx context.Context, in *Input) Result
}

// PolicySource is where the checks read the repository's config files
// (.gitleaks.toml, .gitleaksignore): in.Policy, else the work tree.
func (in *Input) PolicySource() gitrepo.Source {
	if in.Policy != nil {
		return in.Policy
	}
	return gitrepo.WorktreeSource{Root: in.Repo}
}

// Hit is what a language or file reader of an analyzer reports: a finding
// of its rule at a file line, made into a finding.Finding by Findings.
type Hit struct {
	Rule        Rule
	Facet, Path string
	Line        int
	Severity    finding.Severity // 0: the rule's severity
	Msg, Fix    string
	Evidence    string // normalised, for the fingerprint
}

// Finding is the finding of h: its rule's (at h.Severity when set), at
// h.Path:h.Line, with its facet.
func (h Hit) Finding() finding.Finding {
	r := h.Rule
	if h.Severity != 0 {
		r = r.At(h.Severity)
	}
	f := r.Finding(finding.Location{Path: h.Path, StartLine: h.Line}, h.Msg, h.Fix, h.Evidence)
	f.Facet = h.Facet
	return f
}

// Findings makes the findings of hs, in path and line order.
func Findings(hs []Hit) []finding.Finding {
	sort.SliceStable(hs, func(i, j int) bool {
		if hs[i].Path != hs[j].Path {
			return hs[i].Path < hs[j].Path
		}
		return hs[i].Line < hs[j].Line
	})
	out := make([]finding.Finding, 0, len(hs))
	for _, h := range hs {
		out = append(out, h.Finding())
	}
	return out
}
