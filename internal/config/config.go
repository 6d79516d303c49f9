// Package config reads .launchready.yml. Decoding is strict: an unknown key
// or a bad value is an error that names the file and line, and ignores must
// say why they exist.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/safefile"
)

// FileNames are the names looked for at the repository root, in order.
var FileNames = []string{".launchready.yml", ".launchready.yaml"}

// MaxSize caps the config file; a larger file is refused.
const MaxSize = 1 << 20

// ErrInvalid wraps every decoding and validation error, so callers can map
// it to the usage exit code.
var ErrInvalid = errors.New("invalid config")

// Config is the decoded .launchready.yml.
type Config struct {
	// Version is optional; only 1 exists.
	Version int `yaml:"version"`
	// FailOn is the threshold for exit code 1; the --fail-on flag wins.
	FailOn *finding.Severity `yaml:"fail-on"`
	// Severity overrides a rule's severity; keys are rule ids or globs
	// such as "secrets/*".
	Severity  map[string]finding.Severity `yaml:"severity"`
	Ignore    []Ignore                    `yaml:"ignore"`
	Secrets   Secrets                     `yaml:"secrets"`
	Email     Email                       `yaml:"email"`
	OpenAPI   OpenAPI                     `yaml:"openapi"`
	Probe     Probe                       `yaml:"probe"`
	Precommit Precommit                   `yaml:"precommit"`
	// Waive maps a scorecard row id to the reason it need not be checked
	// ("email": "this app sends no mail"): a waived row that was not
	// checked does not stop the verdict from being "pass". Every report
	// shows the waiver.
	Waive map[string]string `yaml:"waive"`

	// waiveLines are the lines of the waive keys, for messages.
	waiveLines map[string]int

	// Path is the file the config came from ("" for the defaults).
	Path string `yaml:"-"`

	// root is the decoded file, for the lines of validation errors.
	root *yaml.Node
}

// Ignore suppresses findings. Every given field must match; at least one of
// Rule, Path and Fingerprint is required, and so is Reason.
type Ignore struct {
	Rule        string `yaml:"rule"`
	Path        string `yaml:"path"`
	Fingerprint string `yaml:"fingerprint"`
	// Operation matches a spec operation's operationId (a glob) or its
	// "METHOD /path".
	Operation string `yaml:"operation"`
	// Pointer matches a spec finding's JSON pointer, such as
	// "/components/schemas/User/properties/role" (a glob).
	Pointer string `yaml:"pointer"`
	Reason  string `yaml:"reason"`
	// Until is the last day the ignore applies; after it, the finding
	// comes back and a warning says so.
	Until *Date `yaml:"until"`

	// Line is where the entry starts in the config file.
	Line int `yaml:"-"`
}

// Secrets configures the secret scanner.
type Secrets struct {
	// AllowPaths are globs (doublestar syntax) whose files are never
	// reported, such as "testdata/**".
	AllowPaths []string `yaml:"allow-paths"`
	// Rules are added to gitleaks' rules and ours.
	Rules []SecretRule `yaml:"rules"`
}

// SecretRule is an extra secret-detection rule, in gitleaks' terms.
type SecretRule struct {
	ID          string           `yaml:"id"`
	Description string           `yaml:"description"`
	Regex       string           `yaml:"regex"`
	SecretGroup int              `yaml:"secret-group"`
	Path        string           `yaml:"path"`
	Keywords    []string         `yaml:"keywords"`
	Entropy     float64          `yaml:"entropy"`
	Severity    finding.Severity `yaml:"severity"`
	Line        int              `yaml:"-"`
}

// Email configures the SPF, DKIM and DMARC checks.
type Email struct {
	// Domain is the domain the app sends mail from.
	Domain string `yaml:"domain"`
	// Selectors are DKIM selectors to look up before the common ones.
	Selectors []string `yaml:"selectors"`
	// Resolver is a DNS server, host:port (default: the system's).
	Resolver string `yaml:"resolver"`
}

// OpenAPI configures the spec analysis.
type OpenAPI struct {
	// Specs lists spec files; without it, specs are discovered by name and
	// content.
	Specs []string `yaml:"specs"`
	// Sensitive adds words that make an operation privileged, matched in
	// its path and operationId (such as "payout").
	Sensitive []string `yaml:"sensitive"`
	// Public lists operations that are public by design: "METHOD /path"
	// globs or operationIds; they are never "missing auth".
	Public []string `yaml:"public"`
	// RoleExtensions adds extension names that carry roles, such as
	// "x-acl".
	RoleExtensions []string `yaml:"role-extensions"`
	// MaxSizeMB caps a spec file (default 32).
	MaxSizeMB int `yaml:"max-size-mb"`
	// MaxMemoryMB caps the memory a spec is estimated to need to load and
	// analyse, from its node count (default 1024).
	MaxMemoryMB int `yaml:"max-memory-mb"`
}

// Probe configures the live probes of the preview URL.
type Probe struct {
	// CoreFlows are the paths timed for the latency check.
	CoreFlows []string `yaml:"core-flows"`
	// RateLimitEndpoints get a short burst with invalid credentials.
	RateLimitEndpoints []RateLimitEndpoint `yaml:"rate-limit-endpoints"`
	// ObjectIDs are fixture ids per path parameter, with their owner
	// ("member" is the member token's own; anything else is someone else's).
	ObjectIDs map[string][]ObjectID `yaml:"object-ids"`
	// ExpectCDN is cloudflare, any (default) or none.
	ExpectCDN string `yaml:"expect-cdn"`
	// MaxRequests is the whole run's request budget (default 300).
	MaxRequests int `yaml:"max-requests"`
	// AllowPost lets probes send POST, PUT and PATCH (default false).
	AllowPost bool `yaml:"allow-post"`
	// LatencySamples per core flow (default 20).
	LatencySamples int `yaml:"latency-samples"`
	// P95Ms is the latency limit (default 500).
	P95Ms int `yaml:"p95-ms"`
	// AuthHeader is how tokens are sent (default "Authorization: Bearer").
	AuthHeader string `yaml:"auth-header"`
	// Health is the health endpoint's path (default: /health, /healthz, /status or the spec's).
	Health string `yaml:"health"`
	// TimeBudget bounds the whole probe run's wall-clock time (default 2m).
	TimeBudget Duration `yaml:"time-budget"`
	// MemberUsername is the test member's login name or email: the login
	// enumeration probe (with allow-post) sends it once with a wrong
	// password, and once an unknown user.
	MemberUsername string `yaml:"member-username"`
}

// Duration is a Go duration string such as "90s" or "2m".
type Duration struct{ time.Duration }

// MaxTimeBudget is the largest probe.time-budget accepted.
const MaxTimeBudget = 30 * time.Minute

// UnmarshalText reads a duration between 1s and 30m.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 90s or 2m", Short(string(b)))
	}
	if v < time.Second || v > MaxTimeBudget {
		return fmt.Errorf("%s is not between 1s and 30m", v)
	}
	d.Duration = v
	return nil
}

// RateLimitEndpoint is an endpoint to burst.
type RateLimitEndpoint struct {
	Method string `yaml:"method"`
	Path   string `yaml:"path"`
	// Body is sent as is: deliberately invalid credentials.
	Body string `yaml:"body"`
}

// ObjectID is a fixture id and who owns it.
type ObjectID struct {
	ID    string `yaml:"id"`
	Owner string `yaml:"owner"`
}

// Precommit configures the pre-commit hook.
type Precommit struct {
	FailOn *finding.Severity `yaml:"fail-on"`
}

// Date is a calendar day written as YYYY-MM-DD.
type Date struct{ time.Time }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		return fmt.Errorf("date %q is not of the form YYYY-MM-DD", Short(string(b)))
	}
	d.Time = t
	return nil
}

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.Format(time.DateOnly)), nil }

// Expired reports whether the day is before now's day.
func (d *Date) Expired(now time.Time) bool {
	if d == nil {
		return false
	}
	// The ignore works through the whole of its last day.
	return now.After(d.Time.AddDate(0, 0, 1))
}

// Default returns the configuration used when no file exists.
func Default() *Config { return &Config{} }

// Find returns the name of the config file at the repository root, or ""
// if there is none. Anything at the name counts, a link or a FIFO
// included, so that LoadRepo refuses it with a reason instead of the file
// being silently ignored.
func Find(repo string) string {
	for _, n := range FileNames {
		if _, err := os.Lstat(filepath.Join(repo, n)); err == nil {
			return n
		}
	}
	return ""
}

// LoadRepo reads and validates a config file the repository provides, rel
// to its root: only a regular file inside the repository (a link that
// leaves it is refused), never blocking on a FIFO, at most MaxSize bytes.
// The error of a refused file never quotes its content.
func LoadRepo(root, rel string) (*Config, error) {
	data, err := safefile.ReadIn(root, rel, MaxSize)
	if err != nil {
		return nil, readError(err)
	}
	return decodeAs(data, filepath.ToSlash(filepath.Clean(rel)))
}

// LoadFile reads and validates a config file the user named explicitly (a
// command-line flag): links are followed, but it must be a regular file,
// is never waited on if it is a FIFO, and is capped at MaxSize bytes.
// display is the name used in messages.
func LoadFile(file, display string) (*Config, error) {
	data, err := safefile.ReadRegular(file, MaxSize)
	if err != nil {
		var se *safefile.Error
		if errors.As(err, &se) {
			se.Path = display
		}
		return nil, readError(err)
	}
	return decodeAs(data, display)
}

// readError words a config file that could not be read; a refused one
// says why (and never what it holds).
func readError(err error) error {
	if safefile.Refused(err) {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return fmt.Errorf("%w: cannot read %v", ErrInvalid, err)
}

func decodeAs(data []byte, display string) (*Config, error) {
	c, err := Decode(data, display)
	if err != nil {
		return nil, err
	}
	c.Path = display
	return c, nil
}

// Decode parses and validates config text. name is used in messages.
func Decode(data []byte, name string) (*Config, error) {
	c := &Config{}
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, yamlError(name, err))
	}
	if len(doc.Content) == 0 {
		return c, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%w: %s:%d: the config must be a mapping of keys (fail-on, ignore, secrets, ...)", ErrInvalid, name, root.Line)
	}
	if err := checkNode(root, typeOf(c), "the top level", name); err != nil {
		return nil, err
	}
	if err := root.Decode(c); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, yamlError(name, err))
	}
	recordLines(root, c)
	c.root = root
	if err := c.validate(name); err != nil {
		return nil, err
	}
	return c, nil
}

// recordLines stores the line of each list entry, for messages.
func recordLines(root *yaml.Node, c *Config) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		switch k {
		case "ignore":
			for j, n := range v.Content {
				if j < len(c.Ignore) {
					c.Ignore[j].Line = n.Line
				}
			}
		case "waive":
			c.waiveLines = map[string]int{}
			for a := 0; a+1 < len(v.Content); a += 2 {
				c.waiveLines[v.Content[a].Value] = v.Content[a].Line
			}
		case "secrets":
			for a := 0; a+1 < len(v.Content); a += 2 {
				if v.Content[a].Value == "rules" {
					for j, n := range v.Content[a+1].Content {
						if j < len(c.Secrets.Rules) {
							c.Secrets.Rules[j].Line = n.Line
						}
					}
				}
			}
		}
	}
}

var (
	domainName   = regexp.MustCompile(`^(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+\.?$`)
	selectorName = regexp.MustCompile(`^(?i)[a-z0-9][a-z0-9._-]*$`)
)

var ruleIDPattern = regexp.MustCompile(`^[a-z0-9*][a-z0-9_.*/-]*$`)

func (c *Config) validate(name string) error {
	bad := func(line int, format string, args ...any) error {
		// Every value quoted is the repository's content, and may be a
		// secret: shortened, whatever the message.
		for i, a := range args {
			switch v := a.(type) {
			case string:
				args[i] = Short(v)
			case error:
				args[i] = Short(v.Error())
			}
		}
		return fmt.Errorf("%w: %s:%d: %s", ErrInvalid, name, line, fmt.Sprintf(format, args...))
	}
	if c.Version != 0 && c.Version != 1 {
		return bad(c.line("version"), "version %d is not supported; use version: 1 or leave it out", c.Version)
	}
	for k := range c.Severity {
		if !ruleIDPattern.MatchString(k) {
			return bad(c.line("severity", k), "severity override %q is not a rule id (such as secrets/github-pat) or glob (such as secrets/*)", k)
		}
		if _, err := path.Match(k, ""); err != nil {
			return bad(c.line("severity", k), "severity override %q is not a valid glob", k)
		}
	}
	for _, ig := range c.Ignore {
		if ig.Rule == "" && ig.Path == "" && ig.Fingerprint == "" && ig.Operation == "" && ig.Pointer == "" {
			return bad(ig.Line, "ignore entry matches everything; give at least one of rule, path, fingerprint, operation or pointer")
		}
		if !visibleText(ig.Reason) {
			return bad(ig.Line, "ignore entry has no reason; add reason: \"why this finding is accepted\" so reviewers can judge it")
		}
		if ig.Rule != "" {
			if _, err := path.Match(ig.Rule, ""); err != nil {
				return bad(ig.Line, "ignore rule %q is not a valid glob", ig.Rule)
			}
		}
		if ig.Path != "" && !doublestar.ValidatePattern(ig.Path) {
			return bad(ig.Line, "ignore path %q is not a valid glob (see https://github.com/bmatcuk/doublestar#patterns)", ig.Path)
		}
	}
	if err := c.validateWaive(bad); err != nil {
		return err
	}
	for i, p := range c.Secrets.AllowPaths {
		if !doublestar.ValidatePattern(p) {
			return bad(c.line("secrets", "allow-paths", i), "secrets.allow-paths entry %q is not a valid glob", p)
		}
	}
	if c.OpenAPI.MaxSizeMB < 0 || c.OpenAPI.MaxSizeMB > 1024 {
		return bad(c.line("openapi", "max-size-mb"), "openapi.max-size-mb %d is not between 1 and 1024", c.OpenAPI.MaxSizeMB)
	}
	if c.OpenAPI.MaxMemoryMB < 0 || c.OpenAPI.MaxMemoryMB > 65536 {
		return bad(c.line("openapi", "max-memory-mb"), "openapi.max-memory-mb %d is not between 1 and 65536", c.OpenAPI.MaxMemoryMB)
	}
	for i, p := range c.OpenAPI.Specs {
		if filepath.IsAbs(p) || strings.HasPrefix(filepath.Clean(p), "..") {
			return bad(c.line("openapi", "specs", i), "openapi.specs entry %q must be a path inside the repository", p)
		}
	}
	switch c.Probe.ExpectCDN {
	case "", "any", "cloudflare", "none":
	default:
		return bad(c.line("probe", "expect-cdn"), "probe.expect-cdn %q is not one of any, cloudflare, none", c.Probe.ExpectCDN)
	}
	if c.Probe.MaxRequests < 0 || c.Probe.MaxRequests > 5000 {
		return bad(c.line("probe", "max-requests"), "probe.max-requests %d is not between 0 and 5000", c.Probe.MaxRequests)
	}
	if c.Probe.LatencySamples < 0 || c.Probe.LatencySamples > 500 {
		return bad(c.line("probe", "latency-samples"), "probe.latency-samples %d is not between 0 and 500", c.Probe.LatencySamples)
	}
	if u := c.Probe.MemberUsername; len(u) > 254 || strings.IndexFunc(u, unicode.IsControl) >= 0 {
		return bad(c.line("probe", "member-username"), "probe.member-username must be a login name or email of at most 254 characters, without control characters")
	}
	if c.Probe.P95Ms < 0 {
		return bad(c.line("probe", "p95-ms"), "probe.p95-ms %d must not be negative", c.Probe.P95Ms)
	}
	if h := c.Probe.Health; h != "" && !isURLPath(h) {
		return bad(c.line("probe", "health"), "probe.health %q must be a path on the preview, starting with a single / (not //host or a URL)", h)
	}
	if why := ProbePathProblem(c.Probe.Health); why != "" {
		return bad(c.line("probe", "health"), "probe.health %q %s: write the plain path, such as /health", c.Probe.Health, why)
	}
	for i, e := range c.Probe.RateLimitEndpoints {
		if !isURLPath(e.Path) {
			return bad(c.line("probe", "rate-limit-endpoints", i, "path"), "probe.rate-limit-endpoints path %q must be a path on the preview, starting with a single / (not //host or a URL)", e.Path)
		}
		if why := ProbePathProblem(e.Path); why != "" {
			return bad(c.line("probe", "rate-limit-endpoints", i, "path"), "probe.rate-limit-endpoints path %q %s: write the plain path, such as /auth/login", e.Path, why)
		}
		if k := BodyMethodOverride([]byte(e.Body)); k != "" {
			return bad(c.line("probe", "rate-limit-endpoints", i, "body"), "probe.rate-limit-endpoints body for %s has the key %q, which many frameworks read as a method override (a POST would become a DELETE or PUT): leave it out; a burst body carries invalid credentials only", e.Path, k)
		}
		switch strings.ToUpper(e.Method) {
		case "", "GET", "POST", "PUT", "PATCH":
		default:
			return bad(c.line("probe", "rate-limit-endpoints", i, "method"), "probe.rate-limit-endpoints method %q is not GET, POST, PUT or PATCH", e.Method)
		}
	}
	names := make([]string, 0, len(c.Probe.ObjectIDs))
	for name := range c.Probe.ObjectIDs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for i, id := range c.Probe.ObjectIDs[name] {
			if why := ObjectIDProblem(id.ID); why != "" {
				return bad(c.line("probe", "object-ids", name, i, "id"), "probe.object-ids %s id %q %s: an id fills one path segment; write the plain id, such as 42", name, id.ID, why)
			}
		}
	}
	for i, f := range c.Probe.CoreFlows {
		if !isURLPath(f) {
			return bad(c.line("probe", "core-flows", i), "probe.core-flows entry %q must be a path on the preview, starting with a single / (not //host or a URL)", f)
		}
		if why := ProbePathProblem(f); why != "" {
			return bad(c.line("probe", "core-flows", i), "probe.core-flows entry %q %s: write the plain path, such as /api/feed", f, why)
		}
	}
	if d := c.Email.Domain; d != "" && !domainName.MatchString(d) {
		return bad(c.line("email", "domain"), "email.domain %q is not a domain name such as example.com", d)
	}
	for i, sel := range c.Email.Selectors {
		if !selectorName.MatchString(sel) {
			return bad(c.line("email", "selectors", i), "email.selectors entry %q is not a DKIM selector (letters, digits, - and .)", sel)
		}
	}
	if r := c.Email.Resolver; r != "" {
		if _, _, err := net.SplitHostPort(r); err != nil {
			return bad(c.line("email", "resolver"), "email.resolver %q is not host:port, such as 1.1.1.1:53", r)
		}
	}
	seen := map[string]bool{}
	for _, r := range c.Secrets.Rules {
		if !regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`).MatchString(r.ID) {
			return bad(r.Line, "secret rule id %q must be lower-case letters, digits, - and _", r.ID)
		}
		if seen[r.ID] {
			return bad(r.Line, "secret rule id %q is used twice", r.ID)
		}
		seen[r.ID] = true
		if r.Regex == "" {
			return bad(r.Line, "secret rule %q has no regex", r.ID)
		}
		re, err := regexp.Compile(r.Regex)
		if err != nil {
			return bad(r.Line, "secret rule %q has an invalid regex (%s)", r.ID, RegexpProblem(err))
		}
		if r.SecretGroup < 0 || r.SecretGroup > re.NumSubexp() {
			return bad(r.Line, "secret rule %q: secret-group %d does not exist in its regex (it has %d groups)", r.ID, r.SecretGroup, re.NumSubexp())
		}
		if r.Path != "" {
			if _, err := regexp.Compile(r.Path); err != nil {
				return bad(r.Line, "secret rule %q has an invalid path regex (%s)", r.ID, RegexpProblem(err))
			}
		}
	}
	return nil
}

// visibleText reports whether s holds a character a reader can see: not
// only spaces (Unicode Z*), control characters (Cc) and format characters
// such as zero-width spaces and bidi marks (Cf).
func visibleText(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Cc, unicode.Cf, unicode.Z) && !unicode.IsSpace(r) {
			return true
		}
	}
	return false
}

// validateWaive checks that every waived row exists and has a reason.
func (c *Config) validateWaive(bad func(int, string, ...any) error) error {
	var ids []string
	known := map[string]bool{}
	for _, r := range finding.Rows {
		ids = append(ids, string(r.ID))
		known[string(r.ID)] = true
	}
	keys := make([]string, 0, len(c.Waive))
	for k := range c.Waive {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return c.waiveLines[keys[i]] < c.waiveLines[keys[j]] })
	for _, k := range keys {
		line := max(c.waiveLines[k], 1)
		if !known[k] {
			return bad(line, "waive: %q is not a scorecard row; valid rows: %s", k, problem(strings.Join(ids, ", ")))
		}
		if !visibleText(c.Waive[k]) {
			return bad(line, "waive: row %s has no reason; give one, such as %s: \"why this row need not be checked\" (spaces and invisible characters such as zero-width spaces do not count)", problem(k), problem(k))
		}
	}
	return nil
}

// Waivers returns the waived rows and their reasons.
func (c *Config) Waivers() map[finding.Row]string {
	if c == nil || len(c.Waive) == 0 {
		return nil
	}
	out := map[finding.Row]string{}
	for k, v := range c.Waive {
		out[finding.Row(k)] = strings.TrimSpace(v)
	}
	return out
}

// SeverityFor returns the configured severity of a rule, or def. An exact
// id wins over a glob; among globs the longest wins.
func (c *Config) SeverityFor(ruleID string, def finding.Severity) finding.Severity {
	if c == nil {
		return def
	}
	if s, ok := c.Severity[ruleID]; ok {
		return s
	}
	best, bestLen := def, -1
	for k, s := range c.Severity {
		if ok, _ := path.Match(k, ruleID); ok && len(k) > bestLen {
			best, bestLen = s, len(k)
		}
	}
	return best
}

// Matches reports whether the ignore entry covers f (ignoring expiry).
func (ig *Ignore) Matches(f *finding.Finding) bool {
	if ig.Rule != "" {
		if ok, _ := path.Match(ig.Rule, f.RuleID); !ok {
			return false
		}
	}
	if ig.Path != "" {
		if f.Location.Path == "" {
			return false
		}
		if ok, _ := doublestar.Match(ig.Path, f.Location.Path); !ok {
			return false
		}
	}
	if ig.Fingerprint != "" && ig.Fingerprint != f.Fingerprint && ig.Fingerprint != f.GitleaksFingerprint {
		return false
	}
	if ig.Operation != "" {
		okID, _ := path.Match(ig.Operation, f.Location.OperationID)
		okOp, _ := path.Match(ig.Operation, f.Location.Operation)
		if !okID && !okOp {
			return false
		}
	}
	if ig.Pointer != "" {
		if ok, _ := path.Match(ig.Pointer, f.Location.Pointer); !ok {
			return false
		}
	}
	return true
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?(?:unmarshal errors:\n\s*)?line (\d+): `)

// yamlError rewrites yaml.v3's "yaml: line 3: msg" as "file:3: msg".
func yamlError(name string, err error) string {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return name + ":" + m[1] + ": " + msg[len(m[0]):]
	}
	return name + ": " + strings.TrimPrefix(msg, "yaml: ")
}

// IgnoresPath reports whether an unexpired ignore entry that names only a
// path (no rule, fingerprint, operation or pointer) covers p: the whole
// file is out of scope. Spec discovery uses it, so a broken spec kept as a
// test fixture does not make the spec checks "could not run".
func (c *Config) IgnoresPath(p string, now time.Time) bool {
	if c == nil {
		return false
	}
	for i := range c.Ignore {
		ig := &c.Ignore[i]
		if ig.Path == "" || ig.Rule != "" || ig.Fingerprint != "" || ig.Operation != "" || ig.Pointer != "" || ig.Until.Expired(now) {
			continue
		}
		if ok, _ := doublestar.Match(ig.Path, p); ok {
			return true
		}
	}
	return false
}

// Reader reads a config file from one place (gitrepo.Source: the work
// tree, a commit's tree or the index).
type Reader interface {
	ReadConfig(rel string, limit int64) ([]byte, error)
}

// LoadFrom finds and loads the repository's config file from r (the first
// of FileNames present), or the given name when name is not "". With no
// file it returns the defaults and found is false.
func LoadFrom(r Reader, name string) (c *Config, found string, err error) {
	names := FileNames
	if name != "" {
		names = []string{name}
	}
	for _, n := range names {
		data, err := r.ReadConfig(n, MaxSize)
		if errors.Is(err, fs.ErrNotExist) {
			if name == "" {
				continue
			}
			return nil, "", fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		if err != nil {
			return nil, "", readError(err)
		}
		c, err := decodeAs(data, filepath.ToSlash(filepath.Clean(n)))
		return c, n, err
	}
	return Default(), "", nil
}

// shortLen is how much of a repository value a config error quotes.
const shortLen = 8

// Short cuts a value a message quotes from the repository's config to its
// first few characters and "…": a config error must never print a secret
// someone put in the wrong key.
func Short(v string) string {
	n := 0
	for i := range v {
		if n == shortLen {
			return v[:i] + "…"
		}
		n++
	}
	return v
}

// problem is a message of ours, not repository content: bad does not
// shorten it.
type problem string

// RegexpProblem says what is wrong with a regex without quoting it (the
// regex is repository content): "missing closing ]".
func RegexpProblem(err error) problem {
	var se *syntax.Error
	if errors.As(err, &se) {
		return problem(se.Code.String())
	}
	return "it does not compile"
}
