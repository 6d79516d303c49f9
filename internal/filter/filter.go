// Package filter applies, in order, severity overrides, config ignores (with
// expiry), de-duplication by fingerprint and sorting. Inline allow comments
// are applied by the analyzers, the only ones that see source lines.
package filter

import (
	"fmt"
	"sort"
	"time"

	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
)

// Result is the filtered findings plus what the user should hear about the
// filters themselves.
type Result struct {
	Findings []finding.Finding
	Ignored  int
	Warnings []string
}

// Apply filters findings with cfg as of now. judgeStale says whether the
// run could have produced every finding an ignore covers (a full-history
// run of the checks that emit them): only then is an ignore that matched
// nothing reported as stale. A nil judgeStale never reports one.
func Apply(fs []finding.Finding, cfg *config.Config, now time.Time, judgeStale func(*config.Ignore) bool) Result {
	var res Result
	used := make([]bool, len(cfg.Ignore))
	seen := map[string]int{}
	for _, f := range fs {
		f.Severity = cfg.SeverityFor(f.RuleID, f.Severity)
		if ignoredBy(cfg, &f, now, used) {
			res.Ignored++
			continue
		}
		if i, dup := seen[f.Fingerprint]; dup && f.Fingerprint != "" {
			// A finding that does not count its places was seen once.
			kept := &res.Findings[i]
			kept.Occurrences = max(kept.Occurrences, 1) + max(f.Occurrences, 1)
			continue
		}
		seen[f.Fingerprint] = len(res.Findings)
		res.Findings = append(res.Findings, f)
	}
	Sort(res.Findings)
	for i, ig := range cfg.Ignore {
		where := cfg.Path
		if where == "" {
			where = "config"
		}
		switch {
		case ig.Until.Expired(now):
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s:%d: ignore expired on %s, so its findings are reported again; fix them or extend until with a new reason", where, ig.Line, ig.Until.Format(time.DateOnly)))
		case !used[i] && judgeStale != nil && judgeStale(&ig):
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s:%d: ignore matched no finding; remove it if the problem is gone", where, ig.Line))
		}
	}
	if res.Findings == nil {
		res.Findings = []finding.Finding{}
	}
	return res
}

func ignoredBy(cfg *config.Config, f *finding.Finding, now time.Time, used []bool) bool {
	for i := range cfg.Ignore {
		ig := &cfg.Ignore[i]
		if ig.Until.Expired(now) || !ig.Matches(f) {
			continue
		}
		used[i] = true
		return true
	}
	return false
}

var rowOrder = func() map[finding.Row]int {
	m := map[finding.Row]int{}
	for i, r := range finding.Rows {
		m[r.ID] = i
	}
	return m
}()

// Sort orders findings by scorecard row, then most severe first, then
// location and rule, so every output lists them the same way.
func Sort(fs []finding.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if rowOrder[a.Row] != rowOrder[b.Row] {
			return rowOrder[a.Row] < rowOrder[b.Row]
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		la, lb := a.Location, b.Location
		for _, c := range [][2]string{{la.Path, lb.Path}, {la.URL, lb.URL}, {la.Domain, lb.Domain}} {
			if c[0] != c[1] {
				return c[0] < c[1]
			}
		}
		if la.StartLine != lb.StartLine {
			return la.StartLine < lb.StartLine
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Fingerprint < b.Fingerprint
	})
}
