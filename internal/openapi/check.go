package openapi

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// Check is the OpenAPI analysis.
type Check struct{}

var ruleList = []check.Rule{
	{ID: "openapi/sensitive-op-public", Title: "Sensitive operation is public", Severity: finding.SeverityCritical, CWE: "CWE-306"},
	{ID: "openapi/sensitive-op-without-auth", Title: "Sensitive operation without authentication", Severity: finding.SeverityCritical, CWE: "CWE-306"},
	{ID: "openapi/auth-unknown", Title: "The spec does not say which operations need authentication", Severity: finding.SeverityMedium, CWE: "CWE-306"},
	{ID: "openapi/state-changing-get", Title: "GET that changes state, without authentication", Severity: finding.SeverityHigh, CWE: "CWE-352"},
	{ID: "openapi/weak-auth-scheme", Title: "Weak authentication scheme", Severity: finding.SeverityHigh, CWE: "CWE-522"},
	{ID: "openapi/undefined-security-scheme", Title: "Security requirement names an undefined scheme", Severity: finding.SeverityHigh, CWE: "CWE-306"},
	{ID: "openapi/auth-endpoint-without-rate-limit", Title: "Public auth endpoint documents no rate limit", Severity: finding.SeverityLow, CWE: "CWE-307"},
	{ID: "openapi/undocumented-auth-errors", Title: "Secured operations document no 401/403", Severity: finding.SeverityInfo, CWE: "CWE-1059"},
	{ID: "openapi/privileged-op-without-roles", Title: "Privileged operation declares no role", Severity: finding.SeverityHigh, CWE: "CWE-285"},
	{ID: "openapi/object-level-without-ownership", Title: "Object-level operation declares no ownership rule", Severity: finding.SeverityMedium, CWE: "CWE-639"},
	{ID: "openapi/admin-same-requirement", Title: "Admin operation requires what ordinary operations require", Severity: finding.SeverityMedium, CWE: "CWE-285"},
	{ID: "openapi/mass-assignment", Title: "Request body accepts a privilege field", Severity: finding.SeverityHigh, CWE: "CWE-915"},
	{ID: "openapi/excessive-data-exposure", Title: "Response exposes secret or personal fields", Severity: finding.SeverityHigh, CWE: "CWE-213"},
	{ID: "openapi/old-version-weaker", Title: "Older API version lacks a control the newer one has", Severity: finding.SeverityMedium, CWE: "CWE-1059"},
	{ID: "openapi/write-without-schema", Title: "Write operation without a request schema", Severity: finding.SeverityHigh, CWE: "CWE-20"},
	{ID: "openapi/unbounded-input", Title: "Operation accepts unbounded input", Severity: finding.SeverityHigh, CWE: "CWE-770"},
	{ID: "openapi/open-write-body", Title: "Write body accepts unknown properties", Severity: finding.SeverityMedium, CWE: "CWE-20"},
	{ID: "openapi/insecure-server-url", Title: "Server URL uses http://", Severity: finding.SeverityHigh, CWE: "CWE-319"},
	{ID: "openapi/secret-in-example", Title: "Secret in a spec example", Severity: finding.SeverityHigh, CWE: "CWE-798"},
	{ID: "openapi/spec-invalid", Title: "The spec does not validate", Severity: finding.SeverityLow, CWE: "CWE-1059"},
	{ID: "openapi/spec-unloadable", Title: "The spec cannot be loaded", Severity: finding.SeverityMedium, CWE: "CWE-1059"},
	{ID: "openapi/external-ref", Title: "The spec refers outside the repository", Severity: finding.SeverityMedium, CWE: "CWE-829"},
}

// Meta implements check.Check.
func (Check) Meta() check.Meta {
	return check.Meta{
		ID:    "openapi",
		Title: "OpenAPI: sensitive operations without auth, roles or input bounds",
		Rows:  []finding.Row{finding.RowAuthentication, finding.RowAuthorization, finding.RowInputValidation},
		// A spec's servers, examples and documented 429s say something about
		// these rows, not enough to pass them.
		AlsoRows: []finding.Row{finding.RowHTTPS, finding.RowSecrets, finding.RowCDN},
		Modes:    []check.Mode{check.ModeHistory, check.ModeRange, check.ModeWorktree, check.ModeStaged, check.ModeSpec},
		Rules:    ruleList,
	}
}

// Run implements check.Check.
func (Check) Run(ctx context.Context, in *check.Input) check.Result {
	cfg := in.Config.OpenAPI
	limit := sizeLimit(in)
	var src Source
	var specs []string
	if in.Scan.Mode == check.ModeStaged {
		if in.Staged == nil {
			return check.Result{Status: check.StatusNotApplicable, Reason: "no staged files"}
		}
		src = stagedSource{in.Staged}
		// The hook analyses only the specs this commit changes.
		changed, err := src.Candidates()
		if err != nil {
			return check.Result{Status: check.StatusFailed, Reason: "cannot read the staged files: " + err.Error()}
		}
		configured := append(append([]string(nil), cfg.Specs...), in.Specs...)
		if specs = stagedSpecs(changed, configured, src, limit); len(specs) == 0 {
			return check.Result{Status: check.StatusNotApplicable, Reason: "no staged spec"}
		}
		sort.Strings(specs)
	} else {
		var err error
		if src, specs, err = worktreeSpecs(ctx, in); err != nil {
			return check.Result{Status: check.StatusFailed, Reason: "cannot list the repository's files: " + err.Error()}
		}
	}
	if len(specs) == 0 {
		return check.Result{Status: check.StatusNotChecked,
			Reason: "no OpenAPI spec found: name it openapi.yaml (or swagger.json, *.openapi.yaml, ...), or pass --spec / openapi.specs"}
	}
	opt := Options{Sensitive: cfg.Sensitive, Public: cfg.Public, RoleExtensions: cfg.RoleExtensions}
	res := check.Result{Status: check.StatusRan}
	// Example values are scanned with the run's secret rules; when those
	// cannot be used, the notes say the examples were not scanned.
	var scan check.TextScanner = in
	if _, err := in.ScanText(ctx, ""); err != nil {
		scan = nil
		res.Notes = append(res.Notes, "examples not scanned for secrets: "+err.Error())
	}
	var broken, empty []string
	ops := 0
	for _, p := range specs {
		spec, prob := loadOnce(ctx, in, src, p, limit)
		if prob != nil {
			res.Findings = append(res.Findings, finding.Finding{
				RuleID: prob.Rule, Row: finding.RowAuthentication, Severity: finding.SeverityMedium,
				Title:   map[string]string{"openapi/spec-unloadable": "The spec cannot be loaded", "openapi/external-ref": "The spec refers outside the repository"}[prob.Rule],
				Message: prob.Message + ", so the spec's operations were not checked.", Remediation: prob.Fix,
				Location:    finding.Location{Path: p, StartLine: max(prob.Line, 1)},
				Fingerprint: finding.Fingerprint(prob.Rule, p, ""),
			})
			broken = append(broken, fmt.Sprintf("%s:%d", p, max(prob.Line, 1)))
			continue
		}
		fs, n := Analyze(ctx, spec, opt, scan, in.Secrets)
		ops += n
		if n == 0 {
			empty = append(empty, p)
		}
		res.Findings = append(res.Findings, fs...)
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d spec(s), %d operations", len(specs)-len(broken), ops))
	switch {
	case len(broken) > 0:
		// Never "pass" on a spec that could not be read.
		res.Status = check.StatusFailed
		res.Reason = "these specs could not be loaded, so their operations were not checked: " + strings.Join(broken, ", ") + " (see the findings for why)"
	case len(empty) > 0:
		// Nothing examined is not evidence of anything.
		res.Status = check.StatusNotChecked
		what := "spec " + empty[0] + " declares"
		if len(empty) > 1 {
			what = "specs " + strings.Join(empty, ", ") + " declare"
		}
		res.Reason = what + " no operations, so there was nothing to check: add its paths (a $ref to a path item must name a file in the repository), or remove it from openapi.specs"
	}
	return res
}

// stagedSpecs are the staged files that are specs, or configured specs.
func stagedSpecs(changed, configured []string, src Source, limit int64) []string {
	want := map[string]bool{}
	for _, c := range configured {
		want[c] = true
	}
	var out []string
	for _, f := range changed {
		if want[f] {
			out = append(out, f)
			continue
		}
		if len(configured) == 0 && LooksLikeSpecName(f) {
			if data, err := src.Read(f, limit); err == nil && IsSpec(data) {
				out = append(out, f)
			}
		}
	}
	sort.Strings(out)
	return out
}

// sizeLimit is openapi.max-size-mb in bytes.
func sizeLimit(in *check.Input) int64 {
	if mb := in.Config.OpenAPI.MaxSizeMB; mb > 0 {
		return int64(mb) << 20
	}
	return int64(DefaultMaxSizeMB) << 20
}

// memoryLimit is openapi.max-memory-mb in bytes.
func memoryLimit(in *check.Input) int64 {
	if mb := in.Config.OpenAPI.MaxMemoryMB; mb > 0 {
		return int64(mb) << 20
	}
	return int64(DefaultMaxMemoryMB) << 20
}

type specList struct {
	specs []string
	err   error
}

// worktreeSpecs are the run's specs in the work tree: the configured ones
// (openapi.specs, --spec), or the discovered ones outside paths the config
// ignores wholesale (test fixtures, vendored APIs are not the project's).
// Listed once per run: the spec check and the probes both need them.
func worktreeSpecs(ctx context.Context, in *check.Input) (Source, []string, error) {
	src := worktreeSource{root: in.Repo, files: func() ([]string, error) { return in.WorktreeFiles(ctx) }}
	l := in.Memo("openapi-specs", func() any {
		configured := append(append([]string(nil), in.Config.OpenAPI.Specs...), in.Specs...)
		specs, err := Discover(src, configured, sizeLimit(in))
		if err != nil || len(configured) > 0 {
			return specList{specs, err}
		}
		kept := specs[:0]
		for _, sp := range specs {
			if !in.Config.IgnoresPath(sp, in.Now) {
				kept = append(kept, sp)
			}
		}
		return specList{kept, nil}
	}).(specList)
	return src, l.specs, l.err
}

type loaded struct {
	spec *Spec
	prob *LoadProblem
}

// loadOnce loads a spec once per run (a large spec takes seconds).
func loadOnce(ctx context.Context, in *check.Input, src Source, p string, limit int64) (*Spec, *LoadProblem) {
	l := in.Memo("openapi-load:"+string(in.Scan.Mode)+":"+p, func() any {
		spec, prob := LoadWithin(ctx, src, p, limit, memoryLimit(in))
		return loaded{spec, prob}
	}).(loaded)
	return l.spec, l.prob
}

// ProjectOps returns the first loadable spec of the work tree and its
// operations, for the live probes; "" when there is none.
func ProjectOps(ctx context.Context, in *check.Input) (string, []*Op) {
	if in.Repo == "" || in.Config == nil {
		return "", nil
	}
	src, specs, err := worktreeSpecs(ctx, in)
	if err != nil {
		return "", nil
	}
	for _, p := range specs {
		if spec, prob := loadOnce(ctx, in, src, p, sizeLimit(in)); prob == nil {
			o := in.Config.OpenAPI
			return p, Ops(spec, Options{Sensitive: o.Sensitive, Public: o.Public, RoleExtensions: o.RoleExtensions})
		}
	}
	return "", nil
}
