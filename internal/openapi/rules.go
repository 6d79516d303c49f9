package openapi

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/redact"
)

type analysis struct {
	spec     *apispec.Spec
	ops      []*apispec.Op
	findings []finding.Finding
	scan     check.TextScanner // nil: examples are not scanned
	secrets  *redact.Set
	// labels names findings that are not on an operation (a server URL)
	// by fingerprint, for the aggregate that capPerRule writes.
	labels map[string]string
}

// add records a finding on an operation (o) or on the spec (o == nil).
func (a *analysis) add(o *apispec.Op, r check.Rule, msg, fix string, line int, pointer string) {
	loc := finding.Location{Path: a.spec.Path, StartLine: max(line, 1), Pointer: pointer}
	where := pointer
	if o != nil {
		if o.Ignore[r.ID] || o.Ignore["*"] {
			return
		}
		loc.Operation, loc.OperationID = o.Name(), o.ID
		if o.File != "" && line == o.Line {
			// The operation lives in a file of its own (a path item $ref).
			loc.Path = o.File
		}
		if loc.Pointer == "" {
			loc.Pointer = o.Pointer
		}
		where = o.Name() + " " + pointer
	}
	f := r.Finding(loc, msg, fix, "")
	f.Fingerprint = finding.Fingerprint(r.ID, a.spec.Path, where)
	a.findings = append(a.findings, f)
}

// related is where each operation is, for a finding that sums them up.
func (a *analysis) related(ops []*apispec.Op) []finding.Related {
	out := make([]finding.Related, 0, len(ops))
	for _, o := range ops {
		out = append(out, finding.Related{Path: cmp.Or(o.File, a.spec.Path), StartLine: max(o.Line, 1), Method: o.Method, Operation: o.Name()})
	}
	return out
}

// addAll records a finding that sums up ops, with each of them as a
// related location.
//
// The finding is at line in the root file, unless line is the line of one
// of ops that lives in a file of its own: then it is there.
func (a *analysis) addAll(ops []*apispec.Op, r check.Rule, msg, fix string, line int, pointer string) {
	n := len(a.findings)
	a.add(nil, r, msg, fix, line, pointer)
	if len(a.findings) == n {
		return
	}
	// An operation of the root file at that line keeps the finding
	// there; else the line is that of an operation in its own file.
	file, root := "", false
	for _, o := range ops {
		if o.Line == line {
			if o.File == "" {
				root = true
			} else if file == "" {
				file = o.File
			}
		}
	}
	if !root && file != "" {
		a.findings[n].Location.Path = file
	}
	a.findings[n].SetRelated(a.related(ops[:min(len(ops), finding.MaxRelated)]))
	a.findings[n].RelatedOmitted = max(len(ops)-finding.MaxRelated, 0)
}

// at is "file:line".
func (a *analysis) at(line int) string {
	return fmt.Sprintf("%s:%d", safeout.Shown(a.spec.Path), max(line, 1))
}

// lineAt is "file:line" of a line reported on operation o.
func (a *analysis) lineAt(o *apispec.Op, line int) string {
	if line == o.Line {
		return a.opAt(o)
	}
	return a.at(line)
}

// opAt is "file:line" of an operation, in the file that holds it.
func (a *analysis) opAt(o *apispec.Op) string {
	if o.File != "" {
		return fmt.Sprintf("%s:%d", safeout.Shown(o.File), max(o.Line, 1))
	}
	return a.at(o.Line)
}

// Analyze runs every rule on a loaded spec and returns its findings and its
// number of operations.
//
// scan finds secrets in example values (the run's check.Input.Detector);
// nil leaves examples unscanned, which the caller must say.
func Analyze(ctx context.Context, s *apispec.Spec, opt apispec.Options, scan check.TextScanner, secrets *redact.Set) ([]finding.Finding, int) {
	// Validation reads the document only: run it beside the rules.
	validated := make(chan *finding.Finding, 1)
	go func() { validated <- validation(ctx, s) }()
	a := &analysis{spec: s, ops: apispec.Ops(s, opt), scan: scan, secrets: secrets}
	a.authentication()
	a.schemes()
	a.authorization()
	a.massAssignment()
	a.exposure()
	a.versions()
	a.inputValidation()
	a.inputFields()
	a.servers()
	a.examples(ctx)
	if f := <-validated; f != nil {
		a.findings = append(a.findings, *f)
	}
	return capPerRule(a.findings, a.spec.Path, maxPerRule, a.labels), len(a.ops)
}

// maxPerRule bounds the detailed findings of one rule in one spec: a large
// spec gives a few dozen findings, not thousands (Spectral's OWASP rules
// give 58,000 on GitHub's spec, 99% about unbounded input).
const maxPerRule = 20

// capPerRule keeps the most severe maxPerRule findings of each rule and
// sums up the rest in one finding of the rest's worst severity.
func capPerRule(fs []finding.Finding, spec string, n int, labels map[string]string) []finding.Finding {
	byRule := map[string][]finding.Finding{}
	var order []string
	for _, f := range fs {
		if _, ok := byRule[f.RuleID]; !ok {
			order = append(order, f.RuleID)
		}
		byRule[f.RuleID] = append(byRule[f.RuleID], f)
	}
	var out []finding.Finding
	for _, rule := range order {
		group := byRule[rule]
		if len(group) <= n {
			out = append(out, group...)
			continue
		}
		sort.SliceStable(group, func(i, j int) bool { return group[i].Severity > group[j].Severity })
		out = append(out, group[:n]...)
		rest := group[n:]
		worst := rest[0]
		// Each is named by its operation or, off an operation (a server),
		// by its label; the message is redacted later like any other, so
		// a server URL's credentials are masked, not the whole URL lost.
		var names []string
		var related []finding.Related
		noun := "operations"
		for i, f := range rest {
			l := f.Location
			if i < finding.MaxRelated {
				related = append(related, finding.Related{Path: cmp.Or(l.Path, spec), StartLine: max(l.StartLine, 1), Method: strings.SplitN(l.Operation, " ", 2)[0], Operation: l.Operation})
			}
			name := f.Location.Operation
			if name == "" {
				noun = "places"
				name = cmp.Or(labels[f.Fingerprint], f.Location.Pointer)
			}
			names = append(names, name)
		}
		sum := finding.Finding{
			RuleID: rule, Row: worst.Row, Severity: worst.Severity, Title: worst.Title,
			Message:     fmt.Sprintf("%d more %s in %s have the same problem (%s), such as %s.", len(rest), noun, safeout.Shown(spec), strings.ToLower(worst.Title), quoteList(names, 3)),
			Remediation: worst.Remediation,
			Location:    finding.Location{Path: cmp.Or(worst.Location.Path, spec), StartLine: worst.Location.StartLine, Pointer: "/paths"},
			Fingerprint: finding.Fingerprint(rule, spec, "and more"),
		}
		sum.SetRelated(related)
		sum.RelatedOmitted = len(rest) - len(related)
		out = append(out, sum)
	}
	return out
}

func quoteList(ws []string, n int) string {
	var q []string
	for i, w := range ws {
		if i == n {
			q = append(q, fmt.Sprintf("and %d more", len(ws)-n))
			break
		}
		q = append(q, fmt.Sprintf("%q", w))
	}
	return strings.Join(q, ", ")
}

// why says what makes an operation sensitive, as verb phrases: "is
// privileged (...) and returns personal data (...)".
func why(o *apispec.Op) string {
	var parts []string
	if len(o.Privileged) > 0 {
		parts = append(parts, "is privileged ("+quoteList(o.Privileged, 3)+")")
	}
	if len(o.Personal) > 0 {
		parts = append(parts, "returns personal or secret data ("+quoteList(o.Personal, 3)+")")
	}
	if len(o.ObjectIDs) > 0 {
		parts = append(parts, "addresses objects by id ("+quoteList(o.ObjectIDs, 3)+")")
	}
	if len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return strings.Join(parts, "")
}

func authSeverity(o *apispec.Op) finding.Severity {
	if len(o.Privileged) > 0 {
		return finding.SeverityCritical
	}
	return finding.SeverityHigh
}

var rateLimitWords = []string{"login", "signin", "sign-in", "logon", "signup", "sign-up", "register", "registration",
	"token", "otp", "2fa", "forgot", "forgot-password", "password-reset", "reset-password", "verify", "magic-link", "invite"}

func (a *analysis) authentication() {
	var unknown []*apispec.Op
	for _, o := range a.ops {
		sensitive := o.Sensitive() && !o.PublicDesign
		switch {
		case sensitive && o.Auth == apispec.AuthPublic:
			a.add(o, ruleSensitiveOpPublic.At(authSeverity(o)),
				fmt.Sprintf("%s at %s is explicitly public (security: []), but it %s.", o.Label(), a.opAt(o), why(o)),
				"Require authentication on it (a security requirement naming your scheme), or, if it really is public, add it to openapi.public in .launchready.yml.",
				o.Line, "")
		case sensitive && o.Auth == apispec.AuthOptional:
			sev := finding.SeverityMedium
			if len(o.Privileged) > 0 {
				sev = finding.SeverityHigh
			}
			a.add(o, ruleOptionalAuthSensitiveOp.At(sev),
				fmt.Sprintf("%s at %s is optionally authenticated (its security alternatives include {}, so a caller without credentials is allowed), but it %s.", o.Label(), a.opAt(o), why(o)),
				"Remove the empty requirement {} from its security list (security: [{bearerAuth: []}]), or, if anonymous callers really may use it, add it to openapi.public in .launchready.yml.",
				o.Line, "")
		case sensitive && o.Auth == apispec.AuthMissing:
			a.add(o, ruleSensitiveOpWithoutAuth.At(authSeverity(o)),
				fmt.Sprintf("%s at %s declares no security while the rest of the spec does, and it %s.", o.Label(), a.opAt(o), why(o)),
				"Add a security requirement to the operation (or a global one), or mark it security: [] and list it in openapi.public if it is meant to be public.",
				o.Line, "")
		case sensitive && o.Auth == apispec.AuthUnknown:
			unknown = append(unknown, o)
		}
		if o.Method == "GET" && o.Auth != apispec.AuthDeclared && o.Auth != apispec.AuthHeader {
			ws := append(append(apispec.Words(o.Path), apispec.Words(o.ID)...), apispec.Words(o.Summary)...)
			if hits := apispec.HasWord(ws, apispec.StateChangingWords); len(hits) > 0 {
				a.add(o, ruleStateChangingGet,
					fmt.Sprintf("%s at %s changes state (%s) on a GET without authentication: a link, an image tag or a crawler can trigger it.", o.Label(), a.opAt(o), quoteList(hits, 3)),
					"Make it a POST, PUT or DELETE behind authentication.", o.Line, "")
			}
		}
		if o.PublicDesign && len(apispec.HasWord(append(apispec.Words(o.Path), apispec.Words(o.ID)...), rateLimitWords)) > 0 && !o.Codes["429"] {
			a.add(o, ruleAuthEndpointWithoutRateLimit,
				fmt.Sprintf("%s at %s is public by design, so it needs rate limiting against credential stuffing and enumeration; the spec documents no 429 response.", o.Label(), a.opAt(o)),
				"Rate-limit it and document a 429 response with a Retry-After header.", o.Line, "")
		}
	}
	if len(unknown) > 0 {
		var names []string
		privileged := 0
		for _, o := range unknown {
			names = append(names, o.Name())
			if len(o.Privileged) > 0 {
				privileged++
			}
		}
		// It points at the first of its operations, and at every one of
		// them as related locations, not at line 1.
		a.addAll(unknown, ruleAuthUnknown,
			fmt.Sprintf("%s declares no security at all, so the %d sensitive operations it describes (%d privileged), such as %s, cannot be checked for authentication or roles.",
				safeout.Shown(a.spec.Path), len(unknown), privileged, quoteList(names, 3)),
			"Declare a security scheme under components.securitySchemes and a global security requirement (security: [{bearerAuth: []}]), mark public operations security: [], and put scopes or x-roles on privileged ones.",
			// The first operation of the root file, else of the others.
			slices.MinFunc(unknown, func(x, y *apispec.Op) int {
				return cmp.Or(cmp.Compare(min(len(x.File), 1), min(len(y.File), 1)), cmp.Compare(x.Line, y.Line))
			}).Line, "/security")
	}
	var undocumented []string
	var undocOps []*apispec.Op
	line := 0
	for _, o := range a.ops {
		if o.Auth == apispec.AuthDeclared && !o.Codes["401"] && !o.Codes["403"] && !o.Codes["4XX"] && !o.Codes["default"] {
			undocumented = append(undocumented, o.Name())
			undocOps = append(undocOps, o)
			if line == 0 {
				line = o.Line
			}
		}
	}
	if len(undocumented) > 0 {
		a.addAll(undocOps, ruleUndocumentedAuthErrors,
			fmt.Sprintf("%d secured operations in %s document neither 401 nor 403, such as %s: clients and reviewers cannot see how access is denied.", len(undocumented), safeout.Shown(a.spec.Path), quoteList(undocumented, 3)),
			"Document 401 (not authenticated) and 403 (not allowed) responses, for example through a shared components.responses entry.", line, "")
	}
}

func (a *analysis) schemes() {
	doc := a.spec.Doc
	defined := openapi3.SecuritySchemes{}
	if doc.Components != nil {
		defined = doc.Components.SecuritySchemes
	}
	used := map[string]*apispec.Op{}
	for _, o := range a.ops {
		for _, req := range o.Security {
			for name := range req {
				if _, ok := used[name]; !ok {
					used[name] = o
				}
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(used)) {
		o := used[name]
		ref, ok := defined[name]
		if !ok || ref == nil || ref.Value == nil {
			a.add(o, ruleUndefinedSecurityScheme,
				fmt.Sprintf("%s at %s requires the security scheme %q, which components.securitySchemes does not define, so the requirement means nothing.", o.Label(), a.opAt(o), name),
				fmt.Sprintf("Define %q under components.securitySchemes, or correct the name.", name), o.Line, "")
			continue
		}
		sch := ref.Value
		line := 1
		if sch.Origin != nil && sch.Origin.Key != nil {
			line = sch.Origin.Key.Line
		} else {
			line = max(a.spec.KeyLine("/components/securitySchemes/"+name, []string{"securityDefinitions", name}), 1)
		}
		ptr := "/components/securitySchemes/" + apispec.EscapePointer(name)
		weak := func(sev finding.Severity, what, fix string) {
			a.add(nil, ruleWeakAuthScheme.At(sev),
				fmt.Sprintf("The security scheme %q at %s %s.", name, a.at(line), what), fix, line, ptr)
		}
		switch {
		case sch.Type == "http" && strings.EqualFold(sch.Scheme, "basic"):
			weak(finding.SeverityMedium, "is HTTP basic: the password travels with every request and cannot be scoped or revoked per client",
				"Use bearer tokens or OAuth2 with short-lived tokens; keep basic only behind TLS for machine clients.")
		case sch.Type == "apiKey" && sch.In == "query":
			weak(finding.SeverityHigh, "puts the API key in the query string, where it lands in access logs, browser history and Referer headers",
				"Send the key in a header (in: header, name: X-API-Key) instead.")
		case sch.Type == "oauth2" && sch.Flows != nil && (sch.Flows.Implicit != nil || sch.Flows.Password != nil):
			flow := "implicit"
			if sch.Flows.Password != nil {
				flow = "password"
			}
			weak(finding.SeverityMedium, "uses the OAuth2 "+flow+" flow, which the OAuth 2.0 Security Best Current Practice forbids",
				"Use the authorization code flow with PKCE.")
		}
	}
}

var adminWords = []string{"admin", "administrator", "internal", "manage", "management", "superuser", "sudo", "impersonate"}

func requirementKey(reqs openapi3.SecurityRequirements) string {
	var parts []string
	for _, r := range reqs {
		var names []string
		for n, scopes := range r {
			s := append([]string(nil), scopes...)
			sort.Strings(s)
			names = append(names, n+"["+strings.Join(s, ",")+"]")
		}
		sort.Strings(names)
		parts = append(parts, strings.Join(names, "+"))
	}
	sort.Strings(parts)
	return strings.Join(parts, "|")
}

func (a *analysis) authorization() {
	userReqs := map[string]string{} // requirement → an ordinary operation using it
	for _, o := range a.ops {
		if len(o.Privileged) == 0 && o.Auth == apispec.AuthDeclared {
			if k := requirementKey(o.Security); userReqs[k] == "" {
				userReqs[k] = o.Shown()
			}
		}
	}
	for _, o := range a.ops {
		authed := o.Auth == apispec.AuthDeclared || o.Auth == apispec.AuthHeader
		if !authed {
			continue
		}
		if len(o.Privileged) > 0 && len(o.Roles) == 0 {
			a.add(o, rulePrivilegedOpWithoutRoles,
				fmt.Sprintf("%s at %s is privileged (%s) but declares no scope, role or role extension, so any authenticated member appears to be allowed.", o.Label(), a.opAt(o), quoteList(o.Privileged, 3)),
				"Require a scope in its security requirement (oauth2: [admin]) or declare x-roles: [admin]; make the server enforce it.", o.Line, "")
		}
		if len(o.ObjectIDs) > 0 && len(o.Roles) == 0 && o.Ext["x-ownership"] == nil && o.Ext["x-owner"] == nil {
			a.add(o, ruleObjectLevelWithoutOwnership,
				fmt.Sprintf("%s at %s addresses an object by %s but declares no scope, role or ownership rule: the shape of broken object-level authorization (one member reading another's records).", o.Label(), a.opAt(o), quoteList(o.ObjectIDs, 2)),
				"Check on the server that the caller owns (or may see) the object, and document it with x-ownership: {param: id, owner: caller} or scopes.", o.Line, "")
		}
		// A role extension sets the operation apart whatever its
		// security requirement (x-roles: [admin] beside the same bearer
		// scheme as every other operation).
		if len(apispec.HasWord(append(apispec.Words(o.Path), apispec.Words(o.ID)...), adminWords)) > 0 && len(o.Roles) > 0 && !o.ByRoleExtension() {
			if other := userReqs[requirementKey(o.Security)]; other != "" {
				a.add(o, ruleAdminSameRequirement,
					fmt.Sprintf("%s at %s is an admin operation but requires exactly the same security as the ordinary %s, so nothing in the spec sets it apart.", o.Label(), a.opAt(o), other),
					"Require an admin-only scope or role on it.", o.Line, "")
			}
		}
	}
}

var roleAdminWords = []string{"admin", "administrator", "role", "roles", "permission", "permissions", "membership",
	"memberships", "manage", "management", "sudo", "superuser"}

var massFields = map[string]bool{"role": true, "roles": true, "is_admin": true, "admin": true, "permissions": true,
	"is_verified": true, "verified": true, "email_verified": true, "status": true, "balance": true, "credit": true,
	"credits": true, "owner_id": true, "account_type": true, "plan": true, "tier": true, "is_staff": true, "approved": true}

func (a *analysis) massAssignment() {
	respFields := map[string]map[string]bool{} // path → privilege fields in its responses
	for _, o := range a.ops {
		for _, r := range o.Response {
			for _, f := range propNames(r) {
				if massFields[apispec.Snake(f)] {
					if respFields[o.Path] == nil {
						respFields[o.Path] = map[string]bool{}
					}
					respFields[o.Path][f] = true
				}
			}
		}
	}
	for _, o := range a.ops {
		if o.Request == nil || (o.Method != "POST" && o.Method != "PUT" && o.Method != "PATCH") || schemaIgnores(o.Request, "openapi/mass-assignment") {
			continue
		}
		// Operations whose purpose is to administer roles and memberships
		// set those fields by design.
		if len(apispec.HasWord(append(apispec.Words(o.Path), apispec.Words(o.ID)...), roleAdminWords)) > 0 {
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(o.Request.Properties)) {
			p := o.Request.Properties[name]
			key := apispec.Snake(name)
			if p == nil || p.Value == nil || p.Value.ReadOnly || !(massFields[key] || key == "id" && o.Method == "POST") {
				continue
			}
			line := a.spec.SchemaLine(p.Value, o.ReqLine)
			a.add(o, ruleMassAssignment,
				fmt.Sprintf("The body of %s at %s accepts %q, which a member could set on themselves (mass assignment) unless the server ignores it.", o.Label(), a.at(line), name),
				fmt.Sprintf("Remove %q from the request schema, or mark it readOnly: true, and make the server set it from the caller's rights.", name),
				line, o.Pointer+"/requestBody/properties/"+apispec.EscapePointer(name))
		}
		base := strings.TrimSuffix(regexp.MustCompile(`/\{[^}]+\}$`).ReplaceAllString(o.Path, ""), "/")
		fields := respFields[o.Path]
		if fields == nil {
			fields = respFields[base]
		}
		if len(fields) > 0 && isOpen(o.Request) {
			var names []string
			for f := range fields {
				names = append(names, f)
			}
			sort.Strings(names)
			a.add(o, ruleMassAssignment,
				fmt.Sprintf("The body of %s at %s accepts any extra property (additionalProperties is not false) while the resource carries %s: an attacker can send them.", o.Label(), a.lineAt(o, o.ReqLine), quoteList(names, 3)),
				"Set additionalProperties: false on the request schema, list only the fields a caller may set, and ignore the rest on the server.",
				o.ReqLine, o.Pointer+"/requestBody")
		}
	}
}

func propNames(s *openapi3.Schema) []string {
	if s.Items != nil && s.Items.Value != nil {
		s = s.Items.Value
	}
	return slices.Sorted(maps.Keys(s.Properties))
}

func isOpen(s *openapi3.Schema) bool {
	if !apispec.TypeIs(s, "object") && len(s.Properties) == 0 {
		return false
	}
	has := s.AdditionalProperties.Has
	return has == nil || *has || s.AdditionalProperties.Schema != nil
}

func schemaIgnores(s *openapi3.Schema, rule string) bool {
	l := apispec.IgnoreList(s.Extensions)
	return l[rule] || l["*"]
}

var tokenFields = map[string]bool{"token": true, "access_token": true, "refresh_token": true}

func (a *analysis) exposure() {
	secret := map[string]bool{}
	for _, f := range apispec.SecretFields {
		secret[f] = true
	}
	for _, o := range a.ops {
		if len(o.Personal) == 0 {
			continue
		}
		unauth := o.Auth == apispec.AuthPublic || o.Auth == apispec.AuthOptional || o.Auth == apispec.AuthMissing
		var secrets, pii []string
		for _, f := range o.Personal {
			k := apispec.Snake(f)
			switch {
			case o.PublicDesign && tokenFields[k]:
				// A login answering with a token is the point of login.
			case secret[k]:
				secrets = append(secrets, f)
			default:
				pii = append(pii, f)
			}
		}
		switch {
		case len(secrets) > 0:
			sev := finding.SeverityMedium
			if unauth {
				sev = finding.SeverityHigh
			}
			a.add(o, ruleExcessiveDataExposure.At(sev),
				fmt.Sprintf("The response of %s at %s includes %s; secrets and password hashes should never leave the server.", o.Label(), a.opAt(o), quoteList(secrets, 3)),
				"Remove them from the response schema and the serializer (use a separate public view model).", o.Line, "")
		case len(pii) > 0 && (unauth || o.ListOp):
			how := "without authentication"
			sev := finding.SeverityHigh
			if !unauth {
				how, sev = "in a list of many records", finding.SeverityMedium
			}
			a.add(o, ruleExcessiveDataExposure.At(sev),
				fmt.Sprintf("The response of %s at %s returns personal data (%s) %s.", o.Label(), a.opAt(o), quoteList(pii, 3), how),
				"Return only the fields the caller needs, behind authentication and ownership checks.", o.Line, "")
		}
	}
}

var versionSeg = regexp.MustCompile(`/v(\d+)(/|$)`)

func (a *analysis) versions() {
	groups := map[string][]*apispec.Op{}
	for _, o := range a.ops {
		if m := versionSeg.FindStringSubmatch(o.Path); m != nil {
			key := o.Method + " " + versionSeg.ReplaceAllString(o.Path, "/v*$2")
			groups[key] = append(groups[key], o)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		sort.Slice(g, func(i, j int) bool { return versionNum(g[i].Path) < versionNum(g[j].Path) })
		newest := g[len(g)-1]
		for _, old := range g[:len(g)-1] {
			var lacks []string
			if newest.Codes["429"] && !old.Codes["429"] {
				lacks = append(lacks, "a 429 (rate limit)")
			}
			if (newest.Auth == apispec.AuthDeclared) && old.Auth != apispec.AuthDeclared {
				lacks = append(lacks, "authentication")
			}
			if len(newest.Roles) > 0 && len(old.Roles) == 0 {
				lacks = append(lacks, "roles")
			}
			if len(lacks) > 0 {
				a.add(old, ruleOldVersionWeaker,
					fmt.Sprintf("%s at %s lacks %s that %s has: attackers use the old version to go around it.", old.Label(), a.opAt(old), strings.Join(lacks, " and "), newest.Shown()),
					"Apply the same controls to the old version, or retire it.", old.Line, "")
			}
		}
	}
}

func versionNum(p string) int {
	n := 0
	if m := versionSeg.FindStringSubmatch(p); m != nil {
		fmt.Sscan(m[1], &n)
	}
	return n
}

var boundedFormats = map[string]bool{"date": true, "date-time": true, "uuid": true, "email": true, "ipv4": true, "ipv6": true, "time": true, "duration": true}

// unbounded lists the fields of s without size or range limits.
func unbounded(s *openapi3.Schema, prefix string, out *[]string, seen map[*openapi3.Schema]bool, depth int) {
	if s == nil || seen[s] || depth > 8 {
		return
	}
	seen[s] = true
	name := prefix
	if name == "" {
		name = "(body)"
	}
	switch {
	case apispec.TypeIs(s, "string"):
		if s.MaxLength == nil && len(s.Enum) == 0 && s.Pattern == "" && !boundedFormats[s.Format] && s.Format != "binary" {
			*out = append(*out, name+" (string without maxLength)")
		}
	case apispec.TypeIs(s, "integer") || apispec.TypeIs(s, "number"):
		if s.Min == nil && s.Max == nil && len(s.Enum) == 0 && !sensitiveNumberName(lastName(name)) {
			*out = append(*out, name+" (number without minimum or maximum)")
		}
	case apispec.TypeIs(s, "array"):
		if s.MaxItems == nil {
			*out = append(*out, name+" (array without maxItems)")
		}
		if s.Items != nil {
			unbounded(s.Items.Value, prefix+"[]", out, seen, depth+1)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.Properties)) {
		if p := s.Properties[k]; p != nil && !(p.Value != nil && p.Value.ReadOnly) {
			child := k
			if prefix != "" {
				child = prefix + "." + k
			}
			unbounded(p.Value, child, out, seen, depth+1)
		}
	}
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range group {
			if r != nil {
				unbounded(r.Value, prefix, out, seen, depth+1)
			}
		}
	}
}

func (a *analysis) inputValidation() {
	type agg struct {
		ops    []string
		all    []*apispec.Op
		fields int
		line   int
	}
	var loose, open, noSchema agg
	note := func(g *agg, o *apispec.Op, n int) {
		g.ops = append(g.ops, o.Name())
		g.all = append(g.all, o)
		g.fields += n
		if g.line == 0 {
			g.line = o.Line
		}
	}
	for _, o := range a.ops {
		// Per-operation findings for operations that matter, high on
		// privileged ones; the rest are summed up per spec.
		sensitive := len(o.Privileged) > 0 || len(o.Personal) > 0
		sev := finding.SeverityMedium
		if len(o.Privileged) > 0 {
			sev = finding.SeverityHigh
		}
		if apispec.IsWrite(o.Method) && o.Method != "DELETE" && (o.HasBody && o.Request == nil || !o.HasBody && (o.Method == "PUT" || o.Method == "PATCH")) {
			if sensitive {
				a.add(o, ruleWriteWithoutSchema.At(sev),
					fmt.Sprintf("%s at %s accepts a body the spec does not describe, so nothing says what input is valid.", o.Label(), a.opAt(o)),
					"Describe the request body with a JSON schema: types, required fields, bounds, additionalProperties: false.", o.Line, "")
			} else {
				note(&noSchema, o, 1)
			}
		}
		var issues []string
		seen := map[*openapi3.Schema]bool{}
		if o.Request != nil && !schemaIgnores(o.Request, "openapi/unbounded-input") {
			unbounded(o.Request, "", &issues, seen, 0)
		}
		for _, p := range o.Params {
			if p.Value != nil && (p.Value.In == "path" || p.Value.In == "query") && p.Value.Schema != nil {
				unbounded(p.Value.Schema.Value, p.Value.In+" parameter "+p.Value.Name, &issues, seen, 0)
			}
		}
		if len(issues) > 0 {
			if sensitive {
				line := o.ReqLine
				if line == 0 {
					line = o.Line
				}
				a.add(o, ruleUnboundedInput.At(sev),
					fmt.Sprintf("%s at %s accepts %d input field(s) without bounds: %s.", o.Label(), a.at(line), len(issues), strings.Join(head(issues, 5), "; ")),
					"Give every string a maxLength (or enum, pattern or format), every array a maxItems, every number a minimum and maximum, and validate requests against the schema.", line, "")
			} else {
				note(&loose, o, len(issues))
			}
		}
		if o.Request != nil && apispec.IsWrite(o.Method) && isOpen(o.Request) && len(o.Request.Properties) > 0 && !schemaIgnores(o.Request, "openapi/open-write-body") {
			if sensitive {
				a.add(o, ruleOpenWriteBody,
					fmt.Sprintf("The body of %s at %s does not set additionalProperties: false, so unexpected fields pass validation.", o.Label(), a.lineAt(o, o.ReqLine)),
					"Set additionalProperties: false on the request schema.", o.ReqLine, o.Pointer+"/requestBody")
			} else {
				note(&open, o, 1)
			}
		}
	}
	// Low-risk operations are reported once per spec, so a large spec gives
	// a handful of lines, not tens of thousands.
	if len(loose.ops) > 0 {
		a.addAll(loose.all, ruleUnboundedInput.At(finding.SeverityLow),
			fmt.Sprintf("%d other operations in %s accept %d input fields without bounds, such as %s.", len(loose.ops), a.spec.Path, loose.fields, quoteList(loose.ops, 3)),
			"Add maxLength, maxItems and numeric bounds to request schemas and parameters.", loose.line, "/paths")
	}
	if len(open.ops) > 0 {
		a.addAll(open.all, ruleOpenWriteBody.At(finding.SeverityLow),
			fmt.Sprintf("%d other write operations in %s accept unknown body properties (additionalProperties is not false), such as %s.", len(open.ops), a.spec.Path, quoteList(open.ops, 3)),
			"Set additionalProperties: false on request schemas.", open.line, "/paths")
	}
	if len(noSchema.ops) > 0 {
		a.addAll(noSchema.all, ruleWriteWithoutSchema.At(finding.SeverityLow),
			fmt.Sprintf("%d other write operations in %s do not describe their body, such as %s.", len(noSchema.ops), a.spec.Path, quoteList(noSchema.ops, 3)),
			"Describe each request body with a JSON schema.", noSchema.line, "/paths")
	}
}

func head(ss []string, n int) []string {
	if len(ss) <= n {
		return ss
	}
	return append(append([]string(nil), ss[:n]...), fmt.Sprintf("and %d more", len(ss)-n))
}

func localHost(h string) bool {
	h = strings.ToLower(h)
	return h == "localhost" || h == "127.0.0.1" || h == "::1" || h == "0.0.0.0" || strings.HasSuffix(h, ".localhost") || strings.HasSuffix(h, ".local") || strings.HasPrefix(h, "{")
}

func (a *analysis) servers() {
	check := func(srv *openapi3.Server, where string) {
		if srv == nil || !strings.HasPrefix(strings.ToLower(srv.URL), "http://") {
			return
		}
		u, err := url.Parse(srv.URL)
		if err != nil || localHost(u.Hostname()) {
			return
		}
		line := 1
		if srv.Origin != nil && srv.Origin.Key != nil {
			line = srv.Origin.Key.Line
		} else {
			line = max(a.spec.KeyLine("/servers", []string{"servers"}, []string{"host"}), 1)
		}
		a.add(nil, ruleInsecureServerUrl,
			fmt.Sprintf("%s lists the server %s at %s: tokens, cookies and personal data would cross the network unencrypted.", a.spec.Path, srv.URL, a.at(line)),
			"Serve the API over https:// only, and list only https:// servers (localhost is fine for development).", line, where)
		if n := len(a.findings); n > 0 && a.findings[n-1].Location.Pointer == where {
			if a.labels == nil {
				a.labels = map[string]string{}
			}
			a.labels[a.findings[n-1].Fingerprint] = srv.URL
		}
	}
	for i, s := range a.spec.Doc.Servers {
		check(s, fmt.Sprintf("/servers/%d", i))
	}
	for _, o := range a.ops {
		if o.Raw.Servers != nil {
			for i, s := range *o.Raw.Servers {
				check(s, fmt.Sprintf("%s/servers/%d", o.Pointer, i))
			}
		}
	}
}

// examples runs the secret detector over example and default values.
func (a *analysis) examples(ctx context.Context) {
	type val struct {
		text, pointer string
		line          int
	}
	var vals []val
	addVal := func(v any, ptr string, line int) {
		if s, ok := v.(string); ok && len(s) >= 8 {
			vals = append(vals, val{s, ptr, line})
		}
	}
	doc := a.spec.Doc
	seen := map[*openapi3.Schema]bool{}
	var walkSchema func(s *openapi3.Schema, ptr string, depth int)
	walkSchema = func(s *openapi3.Schema, ptr string, depth int) {
		if s == nil || seen[s] || depth > 10 {
			return
		}
		seen[s] = true
		line := a.spec.SchemaLine(s, 1)
		addVal(s.Example, ptr+"/example", line)
		addVal(s.Default, ptr+"/default", line)
		for _, k := range slices.Sorted(maps.Keys(s.Properties)) {
			if p := s.Properties[k]; p != nil {
				walkSchema(p.Value, ptr+"/properties/"+apispec.EscapePointer(k), depth+1)
			}
		}
		if s.Items != nil {
			walkSchema(s.Items.Value, ptr+"/items", depth+1)
		}
	}
	if doc.Components != nil {
		for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
			if r := doc.Components.Schemas[name]; r != nil {
				walkSchema(r.Value, "/components/schemas/"+apispec.EscapePointer(name), 0)
			}
		}
		for name, ex := range doc.Components.Examples {
			if ex != nil && ex.Value != nil {
				addVal(ex.Value.Value, "/components/examples/"+apispec.EscapePointer(name), 1)
			}
		}
	}
	for _, o := range a.ops {
		for _, p := range o.Params {
			if p.Value != nil {
				addVal(p.Value.Example, o.Pointer+"/parameters/"+p.Value.Name+"/example", o.Line)
			}
		}
		if rb := o.Raw.RequestBody; rb != nil && rb.Value != nil {
			for _, mt := range rb.Value.Content {
				if mt == nil {
					continue
				}
				addVal(mt.Example, o.Pointer+"/requestBody/example", o.Line)
				for _, ex := range mt.Examples {
					if ex != nil && ex.Value != nil {
						addVal(ex.Value.Value, o.Pointer+"/requestBody/examples", o.Line)
					}
				}
			}
		}
	}
	if a.scan == nil {
		return
	}
	for _, v := range vals {
		hits, err := a.scan.ScanText(ctx, v.text)
		if err != nil {
			return
		}
		for _, h := range hits {
			a.secrets.Add(h.Secret)
			a.add(nil, ruleSecretInExample,
				fmt.Sprintf("An example or default value at %s (%s) looks like a real %s (%s); the spec is published with the API docs.", a.at(v.line), v.pointer, h.Title, finding.Redact(h.Secret)),
				"Replace it with an obvious placeholder, and rotate the credential if it was real.", v.line, v.pointer)
		}
	}
}

// validation reports the spec's validation problems as one low finding.
func validation(ctx context.Context, s *apispec.Spec) *finding.Finding {
	err := s.Doc.Validate(ctx, openapi3.DisableExamplesValidation(), openapi3.EnableMultiError())
	if err == nil {
		return nil
	}
	var msgs []string
	if me, ok := err.(openapi3.MultiError); ok {
		for _, e := range me {
			msgs = append(msgs, e.Error())
		}
	} else {
		msgs = []string{err.Error()}
	}
	for i, m := range msgs {
		// Validation messages may quote spec values: keep them short, and
		// redaction still applies to every output.
		m = strings.Join(strings.Fields(m), " ")
		if r := []rune(m); len(r) > 160 {
			m = string(r[:157]) + "..."
		}
		msgs[i] = m
	}
	f := ruleSpecInvalid.Finding(finding.Location{Path: s.Path, StartLine: 1},
		fmt.Sprintf("%s has %d validation problem(s) (examples not checked); launchready analysed it anyway. First: %s", s.Path, len(msgs), strings.Join(head(msgs, 3), " | ")),
		"Fix them so generated clients, validators and docs read the spec the same way.", "")
	return &f
}

// lastName is the field name at the end of a dotted path ("items[].qty" →
// "qty", "query parameter limit" → "limit").
func lastName(p string) string {
	if i := strings.LastIndexAny(p, ". "); i >= 0 {
		p = p[i+1:]
	}
	return strings.TrimSuffix(p, "[]")
}

// sensitiveNumberWords name numbers that size work or move value: a page
// size, a limit, an amount, a quantity.
var sensitiveNumberWords = []string{"limit", "size", "count", "amount", "quantity", "qty", "max", "top", "take", "first",
	"total", "price", "offset", "perpage", "per", "pagesize", "length", "depth", "batch", "units", "credits"}

func sensitiveNumberName(name string) bool {
	return name != "" && len(apispec.HasWord(apispec.Words(name), sensitiveNumberWords)) > 0
}

// urlNameWords end the names of URL-valued fields: url, image_url,
// callbackUrl, redirect_uri, webhook, href.
var urlNameWords = []string{"url", "uri", "urls", "href", "link", "callback", "webhook", "redirect", "endpoint"}

func urlField(name string, s *openapi3.Schema) bool {
	if s.Format == "uri" || s.Format == "url" || s.Format == "uri-reference" || s.Format == "iri" {
		return true
	}
	ws := strings.Split(apispec.Snake(name), "_")
	for i := range ws {
		ws[i] = strings.Trim(ws[i], "-")
	}
	return len(ws) > 0 && slices.Contains(urlNameWords, ws[len(ws)-1])
}

// field is one request input: a body property (at any depth) or a
// parameter.
type field struct {
	name   string // as shown: "query parameter limit", "items[].qty"
	key    string // the property or parameter name
	schema *openapi3.Schema
}

// inputs lists the request inputs of o: path, query and header
// parameters, then the JSON body's properties at any depth (readOnly ones
// left out: servers ignore them in a request).
func inputs(o *apispec.Op) []field {
	var out []field
	for _, p := range o.Params {
		if p.Value != nil && p.Value.In != "cookie" && p.Value.Schema != nil && p.Value.Schema.Value != nil {
			out = append(out, field{p.Value.In + " parameter " + p.Value.Name, p.Value.Name, p.Value.Schema.Value})
		}
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(s *openapi3.Schema, prefix string, depth int)
	walk = func(s *openapi3.Schema, prefix string, depth int) {
		if s == nil || seen[s] || depth > 8 {
			return
		}
		seen[s] = true
		if s.Items != nil && s.Items.Value != nil {
			walk(s.Items.Value, prefix+"[]", depth+1)
		}
		for _, k := range slices.Sorted(maps.Keys(s.Properties)) {
			p := s.Properties[k]
			if p == nil || p.Value == nil || p.Value.ReadOnly {
				continue
			}
			child := k
			if prefix != "" {
				child = prefix + "." + k
			}
			out = append(out, field{child, k, p.Value})
			walk(p.Value, child, depth+1)
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, r := range group {
				if r != nil {
					walk(r.Value, prefix, depth+1)
				}
			}
		}
	}
	if o.Request != nil {
		walk(o.Request, "", 0)
	}
	return out
}

// inputFields judges single request inputs by what they are for: numbers
// that size work or move value without a maximum, and URL inputs the
// server may fetch (SSRF) without a pattern or enum.
func (a *analysis) inputFields() {
	for _, o := range a.ops {
		var numbers, urls []string
		for _, f := range inputs(o) {
			s := f.schema
			switch {
			case (apispec.TypeIs(s, "integer") || apispec.TypeIs(s, "number")) && s.Max == nil && len(s.Enum) == 0 && sensitiveNumberName(f.key):
				numbers = append(numbers, f.name)
			case apispec.TypeIs(s, "string") && s.Pattern == "" && len(s.Enum) == 0 && urlField(f.key, s):
				urls = append(urls, f.name)
			}
		}
		line := o.Line
		if o.ReqLine > 0 {
			line = o.ReqLine
		}
		if len(numbers) > 0 && !(o.Request != nil && schemaIgnores(o.Request, ruleUnboundedNumber.ID)) {
			a.add(o, ruleUnboundedNumber,
				fmt.Sprintf("%s at %s accepts %s without a maximum: a caller can ask for a million records per page, or an amount or quantity no business allows.", o.Label(), a.lineAt(o, line), quoteList(numbers, 3)),
				"Give each of them a maximum (and a minimum) in the schema, for example limit: {type: integer, minimum: 1, maximum: 100}, and validate requests against it.", line, "")
		}
		if len(urls) > 0 && !(o.Request != nil && schemaIgnores(o.Request, ruleURLInputUnrestricted.ID)) {
			a.add(o, ruleURLInputUnrestricted,
				fmt.Sprintf("%s at %s takes a URL in %s with neither a pattern nor an enum: if the server fetches or redirects to it, a caller can point it at internal addresses (SSRF, CWE-918) or another site.", o.Label(), a.lineAt(o, line), quoteList(urls, 3)),
				"Restrict each to the hosts you expect (pattern: '^https://hooks\\.example\\.com/', or an enum), and on the server resolve the host and refuse private, loopback and metadata addresses before fetching.", line, "")
		}
	}
}
