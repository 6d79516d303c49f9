package deploy

import (
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// The rules of this check, declared once: findings are made from them.
var (
	ruleUnprotectedDeployJob      = check.Rule{ID: "deploy/unprotected-deploy-job", Title: "Deploy job without a protected environment", Row: finding.RowDeployment, Severity: finding.SeverityMedium, CWE: "CWE-284"}
	ruleNoRollbackPath            = check.Rule{ID: "deploy/no-rollback-path", Title: "No rollback path", Row: finding.RowDeployment, Severity: finding.SeverityMedium, CWE: "CWE-1068"}
	ruleIrreversibleMigration     = check.Rule{ID: "deploy/irreversible-migration", Title: "Database migration cannot be reversed", Row: finding.RowDeployment, Severity: finding.SeverityMedium, CWE: "CWE-1068"}
	ruleUnpinnedBaseImage         = check.Rule{ID: "deploy/unpinned-base-image", Title: "Container image is not pinned", Row: finding.RowDeployment, Severity: finding.SeverityMedium, CWE: "CWE-1104"}
	ruleNoHealthcheck             = check.Rule{ID: "deploy/no-healthcheck", Title: "No health check for the container", Row: finding.RowDeployment, Severity: finding.SeverityLow, CWE: "CWE-1068"}
	ruleSecretEcho                = check.Rule{ID: "ci/secret-echo", Title: "Workflow prints a secret", Row: finding.RowSecrets, Severity: finding.SeverityHigh, CWE: "CWE-532"}
	rulePullRequestTargetCheckout = check.Rule{ID: "ci/pull-request-target-checkout", Title: "pull_request_target workflow checks out the pull request's code", Row: finding.RowSecrets, Severity: finding.SeverityCritical, CWE: "CWE-829"}
)

// rules are the check's rules, in the order docs/checks.md lists them.
var rules = []check.Rule{ruleUnprotectedDeployJob, ruleNoRollbackPath, ruleIrreversibleMigration, ruleUnpinnedBaseImage, ruleNoHealthcheck, ruleSecretEcho, rulePullRequestTargetCheckout}
