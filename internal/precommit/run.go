package precommit

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	launchready "github.com/launchready/launchready"
	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/pipeline"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/report"
	"github.com/launchready/launchready/internal/secrets"
)

// StagedChecks are the checks that support staged mode: the hook runs
// exactly these.
func StagedChecks(all []check.Check) []check.Check {
	var out []check.Check
	for _, c := range all {
		if c.Meta().Supports(check.ModeStaged) {
			out = append(out, c)
		}
	}
	return out
}

// Scan runs the staged-mode checks on the index of the repository at dir.
// The threshold is precommit.fail-on, else high. It never uses the network.
func Scan(ctx context.Context, dir string, checks []check.Check, seen *redact.Set) (*report.Report, error) {
	repo, err := gitrepo.Open(ctx, dir, nil)
	if err != nil {
		return nil, err
	}
	// The commit holds what is staged: the policy is read from the index
	// too, never from the work tree, where an untracked file could switch
	// the hook off.
	staged := repo.Staged()
	src := gitrepo.StagedSource{S: staged}
	cfg, _, err := config.LoadFrom(src, "")
	if err != nil {
		return nil, err
	}
	failOn := finding.SeverityHigh
	if cfg.Precommit.FailOn != nil {
		failOn = *cfg.Precommit.FailOn
	}
	// GITLEAKS_CONFIG and GITLEAKS_CONFIG_TOML are the user's, as
	// gitleaks' own hook reads them; the path is read from the index.
	det := secrets.NewDetectorWith(src, cfg, secrets.FromEnv(repo.Root, os.Getenv))
	in := &check.Input{
		Repo:     repo.Root,
		Scan:     check.Scan{Mode: check.ModeStaged},
		Staged:   staged,
		Policy:   src,
		Config:   cfg,
		Now:      time.Now(),
		Secrets:  seen,
		Detector: det,
		Warnings: det.Warnings(),
	}
	return pipeline.Run(ctx, in, checks, pipeline.Options{FailOn: failOn}), nil
}

// Blocks reports whether the commit must be stopped: a finding at or above
// the threshold, or a check that could not run (fail closed).
func Blocks(rep *report.Report) bool {
	return len(rep.Errors) > 0 || failing(rep) > 0
}

func failing(rep *report.Report) int {
	n := 0
	for _, f := range rep.Findings {
		if f.Severity.Reaches(rep.FailOn) {
			n++
		}
	}
	return n
}

// Render writes the hook's message: for each finding what is wrong, where,
// why it matters, and three ways forward.
func Render(w io.Writer, rep *report.Report) error {
	var b strings.Builder
	// A policy that could not be used as named (a refused GITLEAKS_CONFIG)
	// is said on every run, blocked or not.
	for _, w := range rep.Warnings {
		fmt.Fprintf(&b, "launchready: warning: %s\n", safeout.Inline(w))
	}
	n := failing(rep)
	switch {
	case len(rep.Errors) > 0:
		b.WriteString("launchready: commit blocked: the staged changes could not be checked.\n")
		for _, e := range rep.Errors {
			fmt.Fprintf(&b, "  %s: %s\n", e.Check, safeout.Inline(e.Message))
		}
	case n > 0:
		fmt.Fprintf(&b, "launchready: commit blocked: %d finding(s) at or above %s in the staged changes.\n", n, rep.FailOn)
	case len(rep.Findings) > 0:
		fmt.Fprintf(&b, "launchready: %d finding(s) below the %s threshold; the commit goes ahead.\n", len(rep.Findings), rep.FailOn)
	default:
		if b.Len() == 0 {
			return nil
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	// Most severe first, then by place.
	fs := append([]finding.Finding(nil), rep.Findings...)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Severity != fs[j].Severity {
			return fs[i].Severity > fs[j].Severity
		}
		if fs[i].Location.Path != fs[j].Location.Path {
			return fs[i].Location.Path < fs[j].Location.Path
		}
		return fs[i].Location.StartLine < fs[j].Location.StartLine
	})
	for _, f := range fs {
		blocking := f.Severity.Reaches(rep.FailOn)
		label := "warning"
		if blocking {
			label = "blocks"
		}
		fmt.Fprintf(&b, "\n  %s  [%s, %s] %s\n", safeout.Inline(f.Location.String()), f.Severity, label, safeout.Inline(f.RuleID))
		fmt.Fprintf(&b, "    %s\n", safeout.Inline(f.Message))
		if why := launchready.RuleWhy(f.RuleID); why != "" {
			fmt.Fprintf(&b, "    Why it matters: %s\n", why)
		}
		fmt.Fprintf(&b, "    Fix it:    %s\n", safeout.Inline(f.Fix()))
		fmt.Fprintf(&b, "    Allow it:  %s\n", allowHint(f.RuleID))
		fmt.Fprintf(&b, "    Ignore it: add to .launchready.yml\n")
		fmt.Fprintf(&b, "                 ignore:\n                   - fingerprint: %s\n                     reason: \"<why this is safe>\"\n", f.Fingerprint)
	}
	if Blocks(rep) {
		b.WriteString("\nIn an emergency, `git commit --no-verify` skips this hook; CI still reports the finding.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// allowHint says how to accept a finding on purpose, per kind of rule.
func allowHint(rule string) string {
	switch {
	case strings.HasPrefix(rule, "openapi/"):
		return "if the operation is meant to be this way, add `x-launchready-ignore: [" + rule + "]` to it in the spec."
	case strings.HasPrefix(rule, "code/"):
		return "if this is intentional, add `launchready:allow` in a comment on that line or the line above."
	}
	return "if the value is a deliberate test fixture, add `launchready:allow` in a comment on that line."
}
