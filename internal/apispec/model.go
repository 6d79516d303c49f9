package apispec

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/config"
)

// AuthState is what a spec says about an operation's authentication.
type AuthState int

const (
	// AuthUnknown: the spec declares no security anywhere (GitHub's own
	// published spec is like this). Reported once per spec.
	AuthUnknown AuthState = iota
	// AuthMissing: the spec declares security elsewhere but not here.
	AuthMissing
	// AuthPublic: explicitly public (security: []).
	AuthPublic
	// AuthOptional: a requirement list containing {} (auth optional).
	AuthOptional
	// AuthHeader: no security declared, but an Authorization or Cookie
	// header parameter (DVWS-style specs).
	AuthHeader
	// AuthDeclared: a non-empty requirement.
	AuthDeclared
)

// Op is one operation, with what the rules need to know about it.
type Op struct {
	Method, Path string
	ID           string // operationId
	Summary      string
	Line         int
	// File is the repository-relative file that holds the operation when
	// it is not the spec's root file (a path item in its own file).
	File     string
	Pointer  string
	Auth     AuthState
	Security openapi3.SecurityRequirements // effective requirement
	// Roles holds the scopes, OAS 3.1 role names and role extensions.
	Roles    []string
	Params   openapi3.Parameters
	Request  *openapi3.Schema // JSON request body
	ReqLine  int
	HasBody  bool
	Response []*openapi3.Schema // 2xx JSON bodies
	Codes    map[string]bool
	Ignore   map[string]bool // x-launchready-ignore
	Raw      *openapi3.Operation
	// Ext are the operation's extensions over its path item's (x-roles
	// on the path item applies to each of its operations).
	Ext map[string]any

	Privileged []string // why it is privileged (roles, scopes, tags, words, "DELETE")
	// PrivilegeSignal is where the privilege decision came from: a role
	// extension's name ("x-roles"), "scopes", "tags" or "path" (the
	// weakest); "" when no signal said anything.
	PrivilegeSignal string
	// AdminOnly: an ordinary member must be refused, the member-token
	// probe's target. A role extension, privileged scopes or tags decide;
	// path words only when the spec declares no role model anywhere, and
	// then only clearly administrative words (admin, internal, staff,
	// manage...), never generic ones (report, settings, billing, export,
	// invite), which still make the operation privileged for the spec
	// rules.
	AdminOnly bool
	Personal  []string // personal or secret fields in its responses
	ObjectIDs []string // id-like path and query parameters
	// Objects are ObjectIDs with where they are and whose fixture ids
	// probe.object-ids lists for them.
	Objects []ObjectRef
	// PublicDesign: meant to be reached without credentials (login,
	// signup, health, openapi.public, ...).
	PublicDesign bool
	// PublicBy says why Auth is AuthPublic: "security: []" or
	// "openapi.public".
	PublicBy string
	// Schemes are the security scheme names of the effective requirement.
	Schemes []string
	// Kind is what the operation is for, from its path.
	Kind   Kind
	ListOp bool // returns an array
}

// ObjectRef is an id-like parameter and the owners of its fixture ids.
type ObjectRef struct {
	Name   string   `json:"name"`
	In     string   `json:"in"`
	Owners []string `json:"owners,omitempty"`
}

// Kind is what an operation is for.
type Kind string

// The kinds of operation the rules and the probes tell apart.
const (
	KindNone          Kind = ""
	KindLogin         Kind = "login"
	KindPasswordReset Kind = "password-reset"
	KindOTP           Kind = "otp"
	KindSignup        Kind = "signup"
	KindInvite        Kind = "invite"
	KindSearch        Kind = "search"
	KindExport        Kind = "export"
	KindAdmin         Kind = "admin"
)

// PublicKind reports the kinds that are public by design: a caller has
// no credentials yet when it logs in, signs up or resets a password.
func (k Kind) PublicKind() bool {
	return k == KindLogin || k == KindPasswordReset || k == KindOTP || k == KindSignup
}

// Name is "METHOD /path".
func (o *Op) Name() string { return o.Method + " " + o.Path }

// Label is "METHOD /path (operationId)" for a message: spec text, so
// Go-quoted when it holds a control, bidi or invisible character (as
// messages quote lists of names), plain otherwise.
func (o *Op) Label() string {
	if o.ID != "" {
		return safeout.Shown(fmt.Sprintf("%s (%s)", o.Name(), o.ID))
	}
	return safeout.Shown(o.Name())
}

// Shown is "METHOD /path" for a message, quoted like Label.
func (o *Op) Shown() string { return safeout.Shown(o.Name()) }

// Sensitive reports whether the operation deserves authentication.
// An id-like parameter does not override an explicit security: [] (or
// openapi.public): /posts/{id} can be public on purpose.
func (o *Op) Sensitive() bool {
	if len(o.Privileged) > 0 || len(o.Personal) > 0 {
		return true
	}
	return len(o.ObjectIDs) > 0 && o.Auth != AuthPublic
}

// Options are the configurable word lists.
type Options struct {
	Sensitive      []string
	Public         []string
	RoleExtensions []string
	// Owners are the owners of probe.object-ids' fixture ids, per
	// parameter name.
	Owners map[string][]string
}

// OptionsFrom are the model's options in a run's config: openapi.sensitive,
// openapi.public, openapi.role-extensions and probe.object-ids.
func OptionsFrom(cfg *config.Config) Options {
	if cfg == nil {
		return Options{}
	}
	o := Options{Sensitive: cfg.OpenAPI.Sensitive, Public: cfg.OpenAPI.Public, RoleExtensions: cfg.OpenAPI.RoleExtensions}
	for name, ids := range cfg.Probe.ObjectIDs {
		if o.Owners == nil {
			o.Owners = map[string][]string{}
		}
		for _, id := range ids {
			owner := id.Owner
			if owner == "" {
				owner = "someone else"
			}
			if !slices.Contains(o.Owners[name], owner) {
				o.Owners[name] = append(o.Owners[name], owner)
			}
		}
	}
	return o
}

// DefaultRoleExtensions carry roles in the wild (DESIGN.md §4).
var DefaultRoleExtensions = []string{"x-roles", "x-required-role", "x-required-roles", "x-rolesRequirements", "x-permissions", "x-required-permissions", "x-scopes", "x-auth-roles"}

var (
	privilegedWords = []string{"admin", "administrator", "internal", "manage", "management", "export", "report", "reports", "payroll",
		"billing", "role", "roles", "permission", "permissions", "invite", "invites", "invitation", "invitations", "impersonate",
		"audit", "settings", "debug", "superuser", "sudo"}
	// Resources whose writes are privileged.
	peopleWords = []string{"user", "users", "member", "members", "account", "accounts", "organization", "organizations",
		"org", "orgs", "team", "teams", "staff", "employee", "employees"}
	StateChangingWords = []string{"create", "delete", "remove", "reset", "init", "initialize", "seed", "populate", "drop",
		"purge", "update", "destroy", "truncate", "wipe", "migrate"}
	// Fields that are secrets or personal data.
	SecretFields = []string{"password", "passwd", "hash", "password_hash", "secret", "token", "api_key", "apikey",
		"access_token", "refresh_token", "private_key", "otp_secret", "mfa_secret", "client_secret", "secret_key"}
	personalFields = []string{"email", "phone", "phone_number", "mobile", "address", "street", "salary", "ssn",
		"social_security_number", "dob", "date_of_birth", "birthdate", "birthday", "iban", "credit_card", "card_number",
		"national_id", "passport", "tax_id"}
	idParam = regexp.MustCompile(`(?i)^(?:id|uuid|guid|username|user_?name|email|slug|handle|login|.*[-_]id|.*[a-z]Id|.*[-_]uuid)$`)
	tokenRe = regexp.MustCompile(`[A-Z]?[a-z0-9]+|[A-Z]+(?:[A-Z][a-z]|$)|[0-9]+`)
)

// Words splits a path or operationId into lower-case Words: "/admin/exportUsers"
// → admin, export, users.
func Words(s string) []string {
	var out []string
	for _, part := range regexp.MustCompile(`[^A-Za-z0-9.]+`).Split(s, -1) {
		if part == "" {
			continue
		}
		out = append(out, strings.ToLower(part))
		for _, w := range tokenRe.FindAllString(part, -1) {
			if lw := strings.ToLower(w); lw != strings.ToLower(part) {
				out = append(out, lw)
			}
		}
	}
	return out
}

func HasWord(ws []string, set []string) []string {
	var hits []string
	seen := map[string]bool{}
	for _, w := range ws {
		for _, s := range set {
			if w == s && !seen[w] {
				hits = append(hits, w)
				seen[w] = true
			}
		}
	}
	return hits
}

func IsWrite(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch || method == http.MethodDelete
}

// Ops builds the operations of a spec, in path and method order.
func Ops(s *Spec, opt Options) []*Op {
	doc := s.Doc
	// A top-level security list, even an empty one (everything public),
	// is a declaration.
	declares := doc.Security != nil
	if doc.Paths != nil {
		for _, item := range doc.Paths.Map() {
			for _, op := range item.Operations() {
				if op != nil && op.Security != nil {
					declares = true
				}
			}
		}
	}
	roleExt := append(append([]string(nil), DefaultRoleExtensions...), opt.RoleExtensions...)
	var ops []*Op
	if doc.Paths == nil {
		return nil
	}
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, p := range paths {
		item := doc.Paths.Value(p)
		if item == nil {
			continue
		}
		for _, m := range slices.Sorted(maps.Keys(item.Operations())) {
			raw := item.Operations()[m]
			if raw == nil {
				continue
			}
			o := &Op{Method: m, Path: p, ID: raw.OperationID, Summary: raw.Summary, Raw: raw,
				Pointer: "/paths/" + EscapePointer(p) + "/" + strings.ToLower(m), Codes: map[string]bool{}}
			o.File, o.Line = s.opLoc(p, m, raw)
			for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), raw.Parameters...) {
				if p != nil && p.Value != nil {
					o.Params = append(o.Params, p)
				}
			}
			o.Ext = maps.Clone(item.Extensions)
			if o.Ext == nil {
				o.Ext = map[string]any{}
			}
			maps.Copy(o.Ext, raw.Extensions)
			o.Ignore = IgnoreList(raw.Extensions)
			o.auth(doc, declares)
			o.roles(roleExt)
			o.bodies(s)
			o.classify(opt, roleExt)
			ops = append(ops, o)
		}
	}
	markAdminOnly(ops)
	return ops
}

// adminOnlyWords are path and operationId words that clearly name an
// operator's function.
var adminOnlyWords = []string{"admin", "administrator", "admins", "internal", "staff", "superuser", "sudo", "manage",
	"management", "backoffice", "impersonate"}

// markAdminOnly sets each operation's AdminOnly: see Op.AdminOnly.
func markAdminOnly(ops []*Op) {
	roleModel := false
	for _, o := range ops {
		if o.PrivilegeSignal != "" && o.PrivilegeSignal != SignalPath {
			roleModel = true
		}
	}
	for _, o := range ops {
		switch {
		case len(o.Privileged) == 0:
		case o.PrivilegeSignal != SignalPath:
			o.AdminOnly = true
		case !roleModel:
			o.AdminOnly = len(HasWord(append(Words(o.Path), Words(o.ID)...), adminOnlyWords)) > 0
		}
	}
}

func EscapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func IgnoreList(ext map[string]any) map[string]bool {
	out := map[string]bool{}
	if v, ok := ext["x-launchready-ignore"]; ok {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				out[fmt.Sprint(e)] = true
			}
		case string:
			out[x] = true
		}
	}
	return out
}

func (o *Op) auth(doc *openapi3.T, declares bool) {
	raw := o.Raw
	eff := doc.Security
	if raw.Security != nil {
		eff = *raw.Security
	}
	o.Security = eff
	for _, req := range eff {
		for name := range req {
			if !slices.Contains(o.Schemes, name) {
				o.Schemes = append(o.Schemes, name)
			}
		}
	}
	sort.Strings(o.Schemes)
	switch {
	case raw.Security != nil && len(*raw.Security) == 0, raw.Security == nil && doc.Security != nil && len(doc.Security) == 0:
		o.Auth = AuthPublic
		o.PublicBy = "security: []"
	case len(eff) > 0:
		o.Auth = AuthDeclared
		for _, req := range eff {
			if len(req) == 0 {
				o.Auth = AuthOptional
			}
		}
	case hasAuthHeader(o.Params):
		o.Auth = AuthHeader
	case declares:
		o.Auth = AuthMissing
	default:
		o.Auth = AuthUnknown
	}
}

func hasAuthHeader(params openapi3.Parameters) bool {
	for _, p := range params {
		if p.Value != nil && p.Value.In == "header" && (strings.EqualFold(p.Value.Name, "Authorization") || strings.EqualFold(p.Value.Name, "Cookie") || strings.EqualFold(p.Value.Name, "X-API-Key")) {
			return true
		}
	}
	return false
}

func (o *Op) bodies(s *Spec) {
	if rb := o.Raw.RequestBody; rb != nil && rb.Value != nil {
		o.HasBody = true
		for ct, mt := range rb.Value.Content {
			if mt != nil && isJSONish(ct) && mt.Schema != nil && mt.Schema.Value != nil {
				o.Request = mt.Schema.Value
				o.ReqLine = s.SchemaLine(mt.Schema.Value, o.Line)
			}
		}
	}
	if o.Raw.Responses == nil {
		return
	}
	for code, r := range o.Raw.Responses.Map() {
		o.Codes[code] = true
		if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
			continue
		}
		for ct, mt := range r.Value.Content {
			if mt != nil && isJSONish(ct) && mt.Schema != nil && mt.Schema.Value != nil {
				o.Response = append(o.Response, mt.Schema.Value)
				if TypeIs(mt.Schema.Value, "array") {
					o.ListOp = true
				}
			}
		}
	}
}

func isJSONish(ct string) bool {
	ct = strings.ToLower(ct)
	return strings.Contains(ct, "json") || ct == "*/*" || strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/")
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// matchesAny matches "METHOD /path" globs and operationIds.
func matchesAny(o *Op, patterns []string) bool {
	for _, p := range patterns {
		if p == o.ID && o.ID != "" {
			return true
		}
		if ok, _ := path.Match(p, o.Name()); ok {
			return true
		}
		if ok, _ := path.Match(p, o.Path); ok && !strings.Contains(p, " ") {
			return true
		}
	}
	return false
}

// fieldsOf lists property names (at any depth) that are in names. It walks
// each schema once, so recursive schemas terminate.
func fieldsOf(s *openapi3.Schema, names []string) []string {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []string
	seen := map[*openapi3.Schema]bool{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || seen[s] || depth > 12 {
			return
		}
		seen[s] = true
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			norm := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
			if want[norm] || want[Snake(name)] || want["secret"] && (strings.HasSuffix(norm, "_secret") || strings.HasSuffix(Snake(name), "_secret")) {
				out = append(out, name)
			}
			if p := s.Properties[name]; p != nil {
				walk(p.Value, depth+1)
			}
		}
		if s.Items != nil {
			walk(s.Items.Value, depth+1)
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, r := range group {
				if r != nil {
					walk(r.Value, depth+1)
				}
			}
		}
	}
	walk(s, 0)
	return out
}

var camel = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// Snake turns "dateOfBirth" into "date_of_birth".
func Snake(s string) string { return strings.ToLower(camel.ReplaceAllString(s, "${1}_${2}")) }

// opLoc is the operation's file (empty for the root file) and line:
// kin-openapi's origin, or our index for Swagger 2.0.
func (s *Spec) opLoc(p, method string, op *openapi3.Operation) (string, int) {
	if op.Origin != nil && op.Origin.Key != nil && op.Origin.Key.Line > 0 {
		file := ""
		if f := originFile(op.Origin.Key.File); !s.inRoot(f) {
			file = strings.TrimPrefix(path.Clean("/"+filepathToSlash(f)), "/")
		}
		return file, op.Origin.Key.Line
	}
	if s.keyLines != nil {
		if l := s.keyLines["/paths/"+p+"/"+strings.ToLower(method)]; l > 0 {
			return "", l
		}
	}
	if it, ok := s.refItems[p]; ok {
		if ix := s.fileIndex(it.file); ix != nil {
			if l := ix.line(append(append([]string(nil), it.keys...), strings.ToLower(method))...); l > 0 {
				if it.file == s.Path {
					return "", l
				}
				return it.file, l
			}
		}
	}
	if s.lines != nil {
		if l := s.lines.line("paths", p, strings.ToLower(method)); l > 0 {
			return "", l
		}
		if l := s.lines.line("paths", p); l > 0 {
			return "", l
		}
	}
	return "", 1
}

// fileIndex is the line index of a file a Swagger 2.0 path item refers to.
func (s *Spec) fileIndex(file string) *lineIndex {
	data, ok := s.raw[file]
	if !ok {
		return nil
	}
	if s.fileIdx == nil {
		s.fileIdx = map[string]*lineIndex{}
	}
	ix, ok := s.fileIdx[file]
	if !ok {
		ix = &lineIndex{data: data}
		s.fileIdx[file] = ix
	}
	return ix
}

// originFile is the repository path of the file kin-openapi names in an
// origin: the $ref's URI reference, percent-encoded ("p/a%20b%23.yaml"),
// decoded as the reader decoded it to open the file ("p/a b#.yaml").
func originFile(f string) string {
	if !strings.Contains(f, "%") {
		return f
	}
	if u, err := url.Parse(f); err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" {
		return u.Path
	}
	return f
}

func filepathToSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

// SchemaLine is a schema's line when it lives in the root file, else def.
func (s *Spec) SchemaLine(sch *openapi3.Schema, def int) int {
	if sch != nil && sch.Origin != nil && sch.Origin.Key != nil && sch.Origin.Key.Line > 0 && s.inRoot(originFile(sch.Origin.Key.File)) {
		return sch.Origin.Key.Line
	}
	return def
}

func (s *Spec) inRoot(file string) bool {
	return file == "" || file == s.Path || strings.HasSuffix(file, "/"+s.Path)
}

// TypeIs reports whether a schema's type includes t: "integer" and
// OAS 3.1's [integer, "null"] alike (kin-openapi's Types.Is is true only
// for a single type).
func TypeIs(s *openapi3.Schema, t string) bool { return s != nil && s.Type.Includes(t) }
