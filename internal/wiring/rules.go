package wiring

import (
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// The rules of this check, declared once: findings are made from them.
var (
	ruleCorsAnyOriginWithCredentials = check.Rule{ID: "code/cors-any-origin-with-credentials", Title: "CORS allows any origin with credentials", Row: finding.RowCORS, Severity: finding.SeverityCritical, CWE: "CWE-942"}
	ruleCorsNullOrigin               = check.Rule{ID: "code/cors-null-origin", Title: "CORS allows the null origin", Row: finding.RowCORS, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityCritical}, CWE: "CWE-942"}
	ruleCorsLooseRegex               = check.Rule{ID: "code/cors-loose-regex", Title: "CORS origin pattern matches more than intended", Row: finding.RowCORS, Severity: finding.SeverityHigh, CWE: "CWE-942"}
	ruleCorsReflectedOrigin          = check.Rule{ID: "code/cors-reflected-origin", Title: "CORS reflects any origin (without credentials)", Row: finding.RowCORS, Severity: finding.SeverityMedium, CWE: "CWE-942"}
	ruleCorsWildcardWithCredentials  = check.Rule{ID: "code/cors-wildcard-with-credentials", Title: "CORS wildcard combined with credentials", Row: finding.RowCORS, Severity: finding.SeverityMedium, CWE: "CWE-942"}
	ruleCorsWildcard                 = check.Rule{ID: "code/cors-wildcard", Title: "CORS allows every origin", Row: finding.RowCORS, Severity: finding.SeverityLow, CWE: "CWE-942"}
	ruleSessionCookieInsecure        = check.Rule{ID: "code/session-cookie-insecure", Title: "Session cookie without Secure", Row: finding.RowAuthentication, Severity: finding.SeverityHigh, CWE: "CWE-614"}
	ruleSessionCookieNotHttponly     = check.Rule{ID: "code/session-cookie-not-httponly", Title: "Session cookie readable by scripts", Row: finding.RowAuthentication, Severity: finding.SeverityMedium, CWE: "CWE-1004"}
	ruleCookieInsecure               = check.Rule{ID: "code/cookie-insecure", Title: "Cookie without Secure", Row: finding.RowAuthentication, Severity: finding.SeverityLow, CWE: "CWE-614"}
	ruleCookieNotHttponly            = check.Rule{ID: "code/cookie-not-httponly", Title: "Cookie readable by scripts", Row: finding.RowAuthentication, Severity: finding.SeverityLow, CWE: "CWE-1004"}
	ruleSecurityHeaderDisabled       = check.Rule{ID: "code/security-header-disabled", Title: "Security header switched off in code", Row: finding.RowHTTPS, Severity: finding.SeverityLow, CWE: "CWE-693"}
	ruleCookieSamesiteNoneInsecure   = check.Rule{ID: "code/cookie-samesite-none-insecure", Title: "SameSite=None cookie without Secure", Row: finding.RowAuthentication, Severity: finding.SeverityHigh, CWE: "CWE-1275"}
	ruleDebugMode                    = check.Rule{ID: "code/debug-mode", Title: "Debug mode switched on in code", Row: finding.RowInputValidation, Severity: finding.SeverityHigh, CWE: "CWE-489"}
	ruleStackTraceResponse           = check.Rule{ID: "code/stack-trace-response", Title: "Error handler sends stack traces to clients", Row: finding.RowInputValidation, Severity: finding.SeverityHigh, CWE: "CWE-209"}
	ruleAuthRouteWithoutRateLimit    = check.Rule{ID: "code/auth-route-without-rate-limit", Title: "Login-type route without a rate limiter", Row: finding.RowCDN, Severity: finding.SeverityHigh, CWE: "CWE-307"}
	ruleNoRateLimitLibrary           = check.Rule{ID: "code/no-rate-limit-library", Title: "No rate-limiting library in the project", Row: finding.RowCDN, Severity: finding.SeverityMedium, CWE: "CWE-307"}
	ruleClientExposedSecret          = check.Rule{ID: "code/client-exposed-secret", Title: "Secret in a variable the frontend build makes public", Row: finding.RowSecrets, Severity: finding.SeverityHigh, CWE: "CWE-200"}
	ruleNoErrorTracking              = check.Rule{ID: "code/no-error-tracking", Title: "No error tracking wired in", Row: finding.RowLogging, Severity: finding.SeverityLow, CWE: "CWE-778"}
)

// rules are the check's rules, in the order docs/checks.md lists them.
var rules = []check.Rule{ruleCorsAnyOriginWithCredentials, ruleCorsNullOrigin, ruleCorsLooseRegex, ruleCorsReflectedOrigin, ruleCorsWildcardWithCredentials, ruleCorsWildcard, ruleSessionCookieInsecure, ruleSessionCookieNotHttponly, ruleCookieInsecure, ruleCookieNotHttponly, ruleCookieSamesiteNoneInsecure, ruleSecurityHeaderDisabled, ruleDebugMode, ruleStackTraceResponse, ruleAuthRouteWithoutRateLimit, ruleNoRateLimitLibrary, ruleClientExposedSecret, ruleNoErrorTracking}
