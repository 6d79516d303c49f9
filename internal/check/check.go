// Package check defines what a check is: its metadata, its input and its
// result. The list of checks lives in package registry.
package check

import (
	"context"
	"sync"
	"time"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/redact"
)

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

// Rule describes one rule id a check can emit. Every rule has an entry in
// docs/checks.md (a test enforces it).
type Rule struct {
	ID       string
	Title    string
	Severity finding.Severity
	// Family marks an id that stands for many generated ids, such as
	// "secrets/<gitleaks-rule-id>" for gitleaks' 222 built-in rules.
	Family bool
	// CWE is the weakness id, such as "CWE-798", for SARIF tags.
	CWE string
}

// Meta describes a check.
type Meta struct {
	// ID is stable and unique, such as "secrets"; it names the check's
	// golden cases under testdata/.
	ID    string
	Title string
	// Rows are the scorecard rows the check feeds and can vouch for: when
	// it ran and found nothing, the row passes.
	Rows []finding.Row
	// AlsoRows are rows the check adds findings to but cannot vouch for
	// alone (a spec's http:// server says nothing about the live TLS):
	// they fail or warn on its findings, and never pass because of it.
	AlsoRows []finding.Row
	Modes    []Mode
	Rules    []Rule
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
	Files   int
}

// Input is everything a check may read. It is built once, in cmd/*.
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
	// Now is the run's clock, for expiry dates; tests fix it.
	Now time.Time
	// Secrets collects every raw secret an analyzer saw, so that outputs
	// can be redacted a second time at the boundary.
	Secrets *redact.Set
	// Progress, when set, receives progress updates. It may be called
	// from several goroutines.
	Progress func(Progress)

	memoMu sync.Mutex
	memo   map[string]*memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Memo returns the value compute gives for key, computed once per run and
// shared by every check that asks (checks run concurrently; later callers
// wait for the first). An Input must not be copied once in use.
func (in *Input) Memo(key string, compute func() any) any {
	in.memoMu.Lock()
	if in.memo == nil {
		in.memo = map[string]*memoEntry{}
	}
	e, ok := in.memo[key]
	if !ok {
		e = &memoEntry{}
		in.memo[key] = e
	}
	in.memoMu.Unlock()
	e.once.Do(func() { e.v = compute() })
	return e.v
}

type fileList struct {
	files []string
	err   error
}

// WorktreeFiles lists the work tree's files (tracked, and untracked ones
// git does not ignore) once per run: several checks read the work tree.
func (in *Input) WorktreeFiles(ctx context.Context) ([]string, error) {
	l := in.Memo("worktree-files", func() any {
		files, err := (&gitrepo.Repo{Root: in.Repo, Env: in.GitEnv}).WorktreeFiles(ctx)
		return fileList{files, err}
	}).(fileList)
	return l.files, l.err
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
