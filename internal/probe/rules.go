package probe

import (
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// The live rules, declared once: findings are made from them.
var (
	ruleUnauthenticatedAccess              = check.Rule{ID: "live/unauthenticated-access", Title: "Sensitive endpoint answers without credentials", Row: finding.RowAuthentication, Severity: finding.SeverityCritical, CWE: "CWE-306"}
	ruleMemberReachesAdmin                 = check.Rule{ID: "live/member-reaches-admin", Title: "A member token reaches an admin endpoint", Row: finding.RowAuthorization, Severity: finding.SeverityCritical, CWE: "CWE-285"}
	ruleBola                               = check.Rule{ID: "live/bola", Title: "A member reads another member's object", Row: finding.RowAuthorization, Severity: finding.SeverityCritical, CWE: "CWE-639"}
	ruleNoRateLimit                        = check.Rule{ID: "live/no-rate-limit", Title: "No rate limit on a login-type endpoint", Row: finding.RowCDN, Severity: finding.SeverityHigh, CWE: "CWE-307"}
	ruleServerErrorOnBadInput              = check.Rule{ID: "live/server-error-on-bad-input", Title: "Malformed input causes a server error", Row: finding.RowInputValidation, Severity: finding.SeverityHigh, CWE: "CWE-20"}
	ruleInvalidBodyAccepted                = check.Rule{ID: "live/invalid-body-accepted", Title: "A body the schema rejects is accepted", Row: finding.RowInputValidation, Severity: finding.SeverityHigh, CWE: "CWE-20"}
	ruleAdminLoginExposed                  = check.Rule{ID: "live/admin-login-exposed", Title: "An admin login page is public", Row: finding.RowDeployment, Severity: finding.SeverityLow, CWE: "CWE-284"}
	ruleStackTraceExposed                  = check.Rule{ID: "live/stack-trace-exposed", Title: "A response exposes a stack trace or debug page", Row: finding.RowInputValidation, Severity: finding.SeverityHigh, CWE: "CWE-209"}
	ruleNoCdn                              = check.Rule{ID: "live/no-cdn", Title: "No CDN or WAF in front", Row: finding.RowCDN, Severity: finding.SeverityMedium, CWE: "CWE-400"}
	ruleCdnUnexpected                      = check.Rule{ID: "live/cdn-unexpected", Title: "A different CDN than expected", Row: finding.RowCDN, Severity: finding.SeverityMedium, CWE: "CWE-400"}
	ruleSecretInClient                     = check.Rule{ID: "live/secret-in-client", Title: "Secret in the client bundle", Row: finding.RowSecrets, Severity: finding.SeverityCritical, CWE: "CWE-798"}
	ruleSourceMapExposed                   = check.Rule{ID: "live/source-map-exposed", Title: "Source map with sources is public", Row: finding.RowSecrets, Severity: finding.SeverityMedium, CWE: "CWE-540"}
	ruleExposedFile                        = check.Rule{ID: "live/exposed-file", Title: "Configuration or repository file is served", Row: finding.RowSecrets, Severity: finding.SeverityCritical, CWE: "CWE-538"}
	ruleCookieNotSecure                    = check.Rule{ID: "live/cookie-not-secure", Title: "Session cookie without Secure", Row: finding.RowAuthentication, Severity: finding.SeverityHigh, CWE: "CWE-614"}
	ruleCookieNotHttponly                  = check.Rule{ID: "live/cookie-not-httponly", Title: "Session cookie without HttpOnly", Row: finding.RowAuthentication, Severity: finding.SeverityMedium, CWE: "CWE-1004"}
	ruleCookieNoSamesite                   = check.Rule{ID: "live/cookie-no-samesite", Title: "Session cookie without SameSite", Row: finding.RowAuthentication, Severity: finding.SeverityMedium, CWE: "CWE-1275"}
	ruleCookieInvalidSamesite              = check.Rule{ID: "live/cookie-invalid-samesite", Title: "Cookie with an invalid SameSite value", Row: finding.RowAuthentication, Severity: finding.SeverityMedium, CWE: "CWE-1275"}
	ruleCookieSamesiteNoneInsecure         = check.Rule{ID: "live/cookie-samesite-none-insecure", Title: "SameSite=None without Secure", Row: finding.RowAuthentication, Severity: finding.SeverityHigh, CWE: "CWE-614"}
	ruleCorsReflectedOriginWithCredentials = check.Rule{ID: "live/cors-reflected-origin-with-credentials", Title: "Any origin is reflected with credentials", Row: finding.RowCORS, Severity: finding.SeverityCritical, CWE: "CWE-942"}
	ruleCorsNullOrigin                     = check.Rule{ID: "live/cors-null-origin", Title: "The null origin is allowed with credentials", Row: finding.RowCORS, Severity: finding.SeverityCritical, CWE: "CWE-942"}
	ruleCorsReflectedOrigin                = check.Rule{ID: "live/cors-reflected-origin", Title: "Any origin is reflected", Row: finding.RowCORS, Severity: finding.SeverityMedium, CWE: "CWE-942"}
	ruleCorsWildcard                       = check.Rule{ID: "live/cors-wildcard", Title: "Access-Control-Allow-Origin: *", Row: finding.RowCORS, Severity: finding.SeverityLow, CWE: "CWE-942"}
	ruleSecurityHeaders                    = check.Rule{ID: "live/security-headers", Title: "Weak security headers", Row: finding.RowHTTPS, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityMedium}, CWE: "CWE-693"}
	ruleVersionLeak                        = check.Rule{ID: "live/version-leak", Title: "Server software version disclosed", Row: finding.RowHTTPS, Severity: finding.SeverityLow, CWE: "CWE-200"}
	ruleHealthEndpointMissing              = check.Rule{ID: "live/health-endpoint-missing", Title: "No health endpoint", Row: finding.RowLogging, Severity: finding.SeverityMedium, CWE: "CWE-778"}
	ruleHealthSlow                         = check.Rule{ID: "live/health-slow", Title: "The health endpoint is slow", Row: finding.RowLogging, Severity: finding.SeverityLow, CWE: "CWE-778"}
	ruleSlowCoreFlow                       = check.Rule{ID: "live/slow-core-flow", Title: "A core flow's p95 latency is over the limit", Row: finding.RowLatency, Severity: finding.SeverityHigh, CWE: "CWE-400"}
	ruleCoreFlowError                      = check.Rule{ID: "live/core-flow-error", Title: "A core flow does not answer 2xx", Row: finding.RowLatency, Severity: finding.SeverityMedium, CWE: "CWE-754"}
	ruleNoHttps                            = check.Rule{ID: "live/no-https", Title: "The preview is served over plain HTTP", Row: finding.RowHTTPS, Severity: finding.SeverityHigh, CWE: "CWE-319"}
	ruleTlsInvalidCertificate              = check.Rule{ID: "live/tls-invalid-certificate", Title: "The TLS certificate is not valid", Row: finding.RowHTTPS, Severity: finding.SeverityCritical, CWE: "CWE-295"}
	ruleTlsExpiring                        = check.Rule{ID: "live/tls-expiring", Title: "The TLS certificate expires soon", Row: finding.RowHTTPS, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityMedium}, CWE: "CWE-298"}
	ruleTlsOldVersion                      = check.Rule{ID: "live/tls-old-version", Title: "TLS 1.0 or 1.1 is offered", Row: finding.RowHTTPS, Severity: finding.SeverityHigh, CWE: "CWE-327"}
	ruleHttpNotRedirected                  = check.Rule{ID: "live/http-not-redirected", Title: "HTTP is not redirected to HTTPS", Row: finding.RowHTTPS, Severity: finding.SeverityHigh, CWE: "CWE-319"}
	ruleHttpRedirectNotPermanent           = check.Rule{ID: "live/http-redirect-not-permanent", Title: "The HTTP to HTTPS redirect is not permanent", Row: finding.RowHTTPS, Severity: finding.SeverityLow, CWE: "CWE-319"}
	ruleHstsMissing                        = check.Rule{ID: "live/hsts-missing", Title: "No Strict-Transport-Security header", Row: finding.RowHTTPS, Severity: finding.SeverityMedium, CWE: "CWE-523"}
	ruleHstsShort                          = check.Rule{ID: "live/hsts-short", Title: "HSTS max-age shorter than 180 days", Row: finding.RowHTTPS, Severity: finding.SeverityLow, CWE: "CWE-523"}
	ruleDebugEndpointExposed               = check.Rule{ID: "live/debug-endpoint-exposed", Title: "A debug console, profiler or metrics endpoint is public", Row: finding.RowDeployment, Severity: finding.SeverityHigh, Others: []finding.Severity{finding.SeverityCritical, finding.SeverityMedium}, CWE: "CWE-489"}
	ruleAPIDocsExposed                     = check.Rule{ID: "live/api-docs-exposed", Title: "API documentation or GraphQL introspection is public", Row: finding.RowDeployment, Severity: finding.SeverityLow, Others: []finding.Severity{finding.SeverityMedium}, CWE: "CWE-200"}
	ruleBackupExposed                      = check.Rule{ID: "live/backup-exposed", Title: "A backup, database dump or log file is served", Row: finding.RowSecrets, Severity: finding.SeverityCritical, Others: []finding.Severity{finding.SeverityHigh}, CWE: "CWE-530"}
	ruleDirectoryListing                   = check.Rule{ID: "live/directory-listing", Title: "A directory listing is served", Row: finding.RowSecrets, Severity: finding.SeverityMedium, CWE: "CWE-548"}
	ruleVersionDisclosed                   = check.Rule{ID: "live/version-disclosed", Title: "Software versions disclosed in a response body", Row: finding.RowHTTPS, Severity: finding.SeverityLow, CWE: "CWE-200"}
	ruleMixedContent                       = check.Rule{ID: "live/mixed-content", Title: "The page loads resources over http://", Row: finding.RowHTTPS, Severity: finding.SeverityMedium, CWE: "CWE-319"}
	ruleJwtAlgNoneAccepted                 = check.Rule{ID: "live/jwt-alg-none-accepted", Title: "An unsigned (alg none) copy of the member token is accepted", Row: finding.RowAuthentication, Severity: finding.SeverityCritical, CWE: "CWE-347"}
	ruleJwtBadSignatureAccepted            = check.Rule{ID: "live/jwt-bad-signature-accepted", Title: "A copy of the member token with a broken signature is accepted", Row: finding.RowAuthentication, Severity: finding.SeverityCritical, CWE: "CWE-347"}
	ruleJwtExpiredAccepted                 = check.Rule{ID: "live/jwt-expired-accepted", Title: "An expired (forged) copy of the member token is accepted", Row: finding.RowAuthentication, Severity: finding.SeverityCritical, CWE: "CWE-613"}
	ruleLoginEnumeration                   = check.Rule{ID: "live/login-enumeration", Title: "The login tells an unknown user from a wrong password", Row: finding.RowAuthentication, Severity: finding.SeverityMedium, CWE: "CWE-204"}
)
