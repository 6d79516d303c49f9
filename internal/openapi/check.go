// Package openapi is the spec analyzer: its rules judge each operation of
// the run's OpenAPI and Swagger specs (loaded and modelled by
// internal/apispec) for missing authentication, missing roles, mass
// assignment, unbounded input, insecure servers and secrets in examples.
package openapi

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// Check is the OpenAPI analysis.
type Check struct {
	// Specs is the run's spec loader, shared with the probes (nil: the
	// check loads its specs itself).
	Specs *apispec.Loader
}

// The rules of the spec check, declared once: findings are made from them.
var (
	ruleSensitiveOpPublic            = check.Rule{ID: "openapi/sensitive-op-public", Title: "Sensitive operation is public", Row: finding.RowAuthentication, Severity: finding.SeverityCritical, Others: []finding.Severity{finding.SeverityHigh}, CWE: "CWE-306"}
	ruleOptionalAuthSensitiveOp      = check.Rule{ID: "openapi/optional-auth-sensitive-op", Title: "Sensitive operation with optional authentication", Row: finding.RowAuthentication, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityMedium}, CWE: "CWE-306"}
	ruleSensitiveOpWithoutAuth       = check.Rule{ID: "openapi/sensitive-op-without-auth", Title: "Sensitive operation without authentication", Row: finding.RowAuthentication, Severity: finding.SeverityCritical, Others: []finding.Severity{finding.SeverityHigh}, CWE: "CWE-306"}
	ruleAuthUnknown                  = check.Rule{ID: "openapi/auth-unknown", Title: "The spec does not say which operations need authentication", Row: finding.RowAuthentication, Severity: finding.SeverityMedium, CWE: "CWE-306"}
	ruleStateChangingGet             = check.Rule{ID: "openapi/state-changing-get", Title: "GET that changes state, without authentication", Row: finding.RowAuthentication, Severity: finding.SeverityHigh, CWE: "CWE-352"}
	ruleWeakAuthScheme               = check.Rule{ID: "openapi/weak-auth-scheme", Title: "Weak authentication scheme", Row: finding.RowAuthentication, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityMedium}, CWE: "CWE-522"}
	ruleUndefinedSecurityScheme      = check.Rule{ID: "openapi/undefined-security-scheme", Title: "Security requirement names an undefined scheme", Row: finding.RowAuthentication, Severity: finding.SeverityHigh, CWE: "CWE-306"}
	ruleAuthEndpointWithoutRateLimit = check.Rule{ID: "openapi/auth-endpoint-without-rate-limit", Title: "Public auth endpoint documents no rate limit", Row: finding.RowCDN, Severity: finding.SeverityLow, CWE: "CWE-307"}
	ruleUndocumentedAuthErrors       = check.Rule{ID: "openapi/undocumented-auth-errors", Title: "Secured operations document no 401/403", Row: finding.RowAuthentication, Severity: finding.SeverityInfo, CWE: "CWE-1059"}
	rulePrivilegedOpWithoutRoles     = check.Rule{ID: "openapi/privileged-op-without-roles", Title: "Privileged operation declares no role", Row: finding.RowAuthorization, Severity: finding.SeverityHigh, CWE: "CWE-285"}
	ruleObjectLevelWithoutOwnership  = check.Rule{ID: "openapi/object-level-without-ownership", Title: "Object-level operation declares no ownership rule", Row: finding.RowAuthorization, Severity: finding.SeverityMedium, CWE: "CWE-639"}
	ruleAdminSameRequirement         = check.Rule{ID: "openapi/admin-same-requirement", Title: "Admin operation requires what ordinary operations require", Row: finding.RowAuthorization, Severity: finding.SeverityMedium, CWE: "CWE-285"}
	ruleMassAssignment               = check.Rule{ID: "openapi/mass-assignment", Title: "Request body accepts a privilege field", Row: finding.RowAuthorization, Severity: finding.SeverityHigh, CWE: "CWE-915"}
	ruleExcessiveDataExposure        = check.Rule{ID: "openapi/excessive-data-exposure", Title: "Response exposes secret or personal fields", Row: finding.RowAuthorization, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityMedium}, CWE: "CWE-213"}
	ruleOldVersionWeaker             = check.Rule{ID: "openapi/old-version-weaker", Title: "Older API version lacks a control the newer one has", Row: finding.RowAuthorization, Severity: finding.SeverityMedium, CWE: "CWE-1059"}
	ruleWriteWithoutSchema           = check.Rule{ID: "openapi/write-without-schema", Title: "Write operation without a request schema", Row: finding.RowInputValidation, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityMedium, finding.SeverityLow}, CWE: "CWE-20"}
	ruleUnboundedInput               = check.Rule{ID: "openapi/unbounded-input", Title: "Operation accepts unbounded input", Row: finding.RowInputValidation, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityMedium, finding.SeverityLow}, CWE: "CWE-770"}
	ruleUnboundedNumber              = check.Rule{ID: "openapi/unbounded-number", Title: "Sensitive number input without a maximum", Row: finding.RowInputValidation, Severity: finding.SeverityMedium, CWE: "CWE-770"}
	ruleURLInputUnrestricted         = check.Rule{ID: "openapi/url-input-unrestricted", Title: "URL input without a pattern or enum (SSRF-prone)", Row: finding.RowInputValidation, Severity: finding.SeverityMedium, CWE: "CWE-918"}
	ruleOpenWriteBody                = check.Rule{ID: "openapi/open-write-body", Title: "Write body accepts unknown properties", Row: finding.RowInputValidation, Severity: finding.SeverityMedium, Others: []finding.Severity{finding.SeverityLow}, CWE: "CWE-20"}
	ruleInsecureServerUrl            = check.Rule{ID: "openapi/insecure-server-url", Title: "Server URL uses http://", Row: finding.RowHTTPS, Severity: finding.SeverityHigh, CWE: "CWE-319"}
	ruleSecretInExample              = check.Rule{ID: "openapi/secret-in-example", Title: "Secret in a spec example", Row: finding.RowSecrets, Severity: finding.SeverityHigh, CWE: "CWE-798"}
	ruleSpecInvalid                  = check.Rule{ID: "openapi/spec-invalid", Title: "The spec does not validate", Row: finding.RowInputValidation, Severity: finding.SeverityLow, CWE: "CWE-1059"}
	ruleSpecUnloadable               = check.Rule{ID: "openapi/spec-unloadable", Title: "The spec cannot be loaded", Row: finding.RowAuthentication, Severity: finding.SeverityMedium, CWE: "CWE-1059"}
	ruleExternalRef                  = check.Rule{ID: "openapi/external-ref", Title: "The spec refers outside the repository", Row: finding.RowAuthentication, Severity: finding.SeverityMedium, CWE: "CWE-829"}
)

// ruleList is the check's rules, in the order docs/checks.md lists them.
var ruleList = []check.Rule{ruleSensitiveOpPublic, ruleOptionalAuthSensitiveOp, ruleSensitiveOpWithoutAuth, ruleAuthUnknown, ruleStateChangingGet, ruleWeakAuthScheme, ruleUndefinedSecurityScheme, ruleAuthEndpointWithoutRateLimit, ruleUndocumentedAuthErrors, rulePrivilegedOpWithoutRoles, ruleObjectLevelWithoutOwnership, ruleAdminSameRequirement, ruleMassAssignment, ruleExcessiveDataExposure, ruleOldVersionWeaker, ruleWriteWithoutSchema, ruleUnboundedInput, ruleUnboundedNumber, ruleURLInputUnrestricted, ruleOpenWriteBody, ruleInsecureServerUrl, ruleSecretInExample, ruleSpecInvalid, ruleSpecUnloadable, ruleExternalRef}

// Meta implements check.Check.
func (Check) Meta() check.Meta {
	return check.Meta{
		ID:    "openapi",
		Title: "OpenAPI: sensitive operations without auth, roles or input bounds",
		Rows:  []finding.Row{finding.RowAuthentication, finding.RowAuthorization, finding.RowInputValidation},
		// A spec's servers, examples and documented 429s say something about
		// HTTPS, secrets and CDN: its findings there fail or warn those
		// rows, not enough to pass them.
		Modes: []check.Mode{check.ModeHistory, check.ModeRange, check.ModeWorktree, check.ModeStaged, check.ModeSpec},
		Rules: ruleList,
	}
}

// Run implements check.Check.
func (c Check) Run(ctx context.Context, in *check.Input) check.Result {
	cfg := in.Config.OpenAPI
	limit := apispec.SizeLimit(in)
	var src apispec.Source
	var specs []string
	if in.Scan.Mode == check.ModeStaged {
		if in.Staged == nil {
			return check.Result{Status: check.StatusNotApplicable, Reason: "no staged files"}
		}
		src = check.StagedTree(in.Staged)
		// The hook analyses only the specs this commit changes.
		changed, err := src.Candidates()
		if err != nil {
			return check.Result{Status: check.StatusFailed, Reason: "cannot read the staged files: " + err.Error()}
		}
		configured := append(append([]string(nil), cfg.Specs...), in.Specs...)
		if specs = apispec.StagedSpecs(changed, configured, src, limit); len(specs) == 0 {
			return check.Result{Status: check.StatusNotApplicable, Reason: "no staged spec"}
		}
		sort.Strings(specs)
	} else {
		var err error
		if src, specs, err = c.Specs.WorktreeSpecs(ctx, in); err != nil {
			return check.Result{Status: check.StatusFailed, Reason: "cannot list the repository's files: " + err.Error()}
		}
	}
	if len(specs) == 0 {
		return check.Result{Status: check.StatusNotChecked,
			Reason: "no OpenAPI spec found: name it openapi.yaml (or swagger.json, *.openapi.yaml, ...), or pass --spec / openapi.specs"}
	}
	opt := apispec.OptionsFrom(in.Config)
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
		spec, prob := c.Specs.LoadOnce(ctx, in, src, p, limit)
		if prob != nil {
			r := ruleSpecUnloadable
			if prob.OutsideRef {
				r = ruleExternalRef
			}
			res.Findings = append(res.Findings, r.Finding(finding.Location{Path: p, StartLine: max(prob.Line, 1)},
				prob.Message+", so the spec's operations were not checked.", prob.Fix, ""))
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
