// Package finding holds the values every analyzer emits and every reporter
// reads. It has no dependencies on the rest of launchready, so that analyzers
// and reporters never need to know about each other.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Severity orders findings. A larger value is worse, so comparisons read
// naturally: f.Severity >= threshold.
type Severity int

// The severities, from least to most severe. SeverityNone is only used as a
// threshold ("fail on nothing").
const (
	SeverityNone Severity = iota
	SeverityInfo
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

// Reaches reports whether s reaches the fail threshold: s is at or above
// it. The threshold "none" is reached by nothing.
func (s Severity) Reaches(threshold Severity) bool {
	return threshold != SeverityNone && s >= threshold
}

var severityNames = [...]string{"none", "info", "low", "medium", "high", "critical"}

// String returns the lower-case name used in every output and in config.
func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name as written in flags and config.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q; valid values are critical, high, medium, low, info, none", s)
}

// MarshalText implements encoding.TextMarshaler (JSON and YAML use it).
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Row is the id of a scorecard row. The order of Rows is the order of the
// scorecard and never changes.
type Row string

// The scorecard rows (DESIGN.md §3).
const (
	RowAuthentication  Row = "authentication"
	RowAuthorization   Row = "authorization"
	RowSecrets         Row = "secrets"
	RowHTTPS           Row = "https"
	RowCDN             Row = "cdn"
	RowEmail           Row = "email"
	RowCORS            Row = "cors"
	RowInputValidation Row = "input-validation"
	RowLogging         Row = "logging"
	RowDeployment      Row = "deployment"
	RowLatency         Row = "latency"
)

// RowInfo describes one scorecard row.
type RowInfo struct {
	ID    Row
	Title string
}

// Rows lists the scorecard rows in their fixed order.
var Rows = []RowInfo{
	{RowAuthentication, "Authentication"},
	{RowAuthorization, "Authorization"},
	{RowSecrets, "Secrets handling"},
	{RowHTTPS, "HTTPS and SSL"},
	{RowCDN, "CDN, WAF and rate limits"},
	{RowEmail, "Email auth"},
	{RowCORS, "CORS policy"},
	{RowInputValidation, "Input validation"},
	{RowLogging, "Logging and alerting"},
	{RowDeployment, "Deployment safety"},
	{RowLatency, "API latency"},
}

// Location says where a finding is. File findings use Path and lines; live
// findings use URL and Method (plus the spec operation's Path and StartLine
// when known); DNS findings use Domain and Record.
type Location struct {
	Path      string `json:"path,omitempty"`
	StartLine int    `json:"startLine,omitempty"`
	EndLine   int    `json:"endLine,omitempty"`
	Commit    string `json:"commit,omitempty"`
	URL       string `json:"url,omitempty"`
	Method    string `json:"method,omitempty"`
	Domain    string `json:"domain,omitempty"`
	Record    string `json:"record,omitempty"`
	// Operation ("GET /admin/export"), OperationID and Pointer (a JSON
	// pointer into the spec) locate spec findings beyond path and line.
	Operation   string `json:"operation,omitempty"`
	OperationID string `json:"operationId,omitempty"`
	Pointer     string `json:"pointer,omitempty"`
}

// String renders the location as path:line (@ short commit), URL or domain.
func (l Location) String() string {
	var b strings.Builder
	switch {
	case l.Path != "":
		b.WriteString(l.Path)
		if l.StartLine > 0 {
			fmt.Fprintf(&b, ":%d", l.StartLine)
		}
		if l.Commit != "" {
			fmt.Fprintf(&b, " @ %s", ShortSHA(l.Commit))
		}
	case l.URL != "":
		if l.Method != "" {
			b.WriteString(l.Method + " ")
		}
		b.WriteString(l.URL)
	case l.Domain != "":
		b.WriteString(l.Domain)
		if l.Record != "" {
			b.WriteString(" (" + l.Record + ")")
		}
	}
	return b.String()
}

// ShortSHA abbreviates a commit id for display.
func ShortSHA(sha string) string {
	if len(sha) > 8 {
		return sha[:8]
	}
	return sha
}

// Finding is one problem found by one check. Nothing in a Finding may hold a
// raw secret: Evidence is already redacted by the analyzer that built it.
type Finding struct {
	RuleID      string   `json:"ruleId"`
	Row         Row      `json:"row"`
	Severity    Severity `json:"severity"`
	Title       string   `json:"title"`
	Message     string   `json:"message"`
	Remediation string   `json:"remediation"`
	// Accept is how to accept the finding on purpose (an allow comment, an
	// ignore entry), when Remediation ends with it. The pre-commit hook
	// prints Fix() and gives its own, more precise, advice instead.
	Accept   string   `json:"-"`
	Location Location `json:"location"`
	// Fingerprint is stable across runs and edits: rule + path or URL + a
	// hash of the normalised evidence, never a line number.
	Fingerprint string `json:"fingerprint"`
	// GitleaksFingerprint is gitleaks' own commit:file:rule:line form, so
	// users can paste it into .gitleaksignore.
	GitleaksFingerprint string `json:"gitleaksFingerprint,omitempty"`
	Evidence            string `json:"evidence,omitempty"`
	// Facet names what exactly a code finding is about, such as
	// "cors.reflected" or "cookie.secure" (DESIGN.md §4).
	Facet string `json:"facet,omitempty"`
	// Occurrences counts the places (commits, copies) merged into this
	// finding by de-duplication; 1 when it was seen once.
	Occurrences int `json:"occurrences,omitempty"`
	// Related are the places a finding that sums up many covers, every
	// one of them ("10 sensitive operations ..., such as ..."): SARIF
	// relatedLocations, JSON related.
	Related []Related `json:"related,omitempty"`
	// RelatedOmitted counts the places left out of Related, which keeps
	// at most MaxRelated (a spec of 28,000 operations would otherwise
	// make a report of tens of megabytes).
	RelatedOmitted int `json:"relatedOmitted,omitempty"`
}

// MaxRelated bounds a finding's related locations, in JSON as in SARIF.
const MaxRelated = 1000

// SetRelated records rel as the finding's related locations, at most
// MaxRelated of them, and counts the rest in RelatedOmitted.
func (f *Finding) SetRelated(rel []Related) {
	f.RelatedOmitted = 0
	if len(rel) > MaxRelated {
		f.RelatedOmitted = len(rel) - MaxRelated
		rel = slices.Clip(rel[:MaxRelated])
	}
	f.Related = rel
}

// Related is one place an aggregated finding covers: a spec operation
// (path, line, method and "METHOD /path") or another place in a file.
type Related struct {
	Path      string `json:"path"`
	StartLine int    `json:"startLine,omitempty"`
	Method    string `json:"method,omitempty"`
	Operation string `json:"operation,omitempty"`
}

// Fix is the remediation without the advice on accepting the finding.
func (f Finding) Fix() string {
	if f.Accept != "" {
		return strings.TrimSuffix(f.Remediation, f.Accept)
	}
	return f.Remediation
}

// Fingerprint builds the stable fingerprint of a finding from its rule, where
// it is (a path, URL or domain, without line numbers) and its normalised
// evidence (for secrets: the secret itself, which is only hashed).
func Fingerprint(ruleID, where, evidence string) string {
	h := sha256.New()
	for _, part := range []string{ruleID, where, evidence} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Redact shows at most the first four characters of a secret, fewer for
// short secrets, so that evidence helps find the secret without revealing it.
func Redact(secret string) string {
	r := []rune(secret)
	keep := 0
	switch {
	case len(r) >= 16:
		keep = 4
	case len(r) >= 10:
		keep = 2
	}
	return string(r[:keep]) + "****"
}

// SessionCookie matches the names of cookies that carry a session or
// credentials (connect.sid, sessionid, auth_token, jwt, remember_me, ...):
// both the code scan and the live probes judge only those.
var SessionCookie = regexp.MustCompile(`(?i)(sess|sid|auth|token|jwt|login|remember|connect\.sid|identity)`)
