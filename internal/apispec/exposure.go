package apispec

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// The exposure model of an operation (DESIGN.md §2), shared by the spec
// rules and the probes:
//   - auth: Auth, with PublicBy and Schemes;
//   - privilege: Privileged and PrivilegeSignal, from role extensions
//     (x-roles, x-permissions, x-required-role, ...), then OAuth scopes
//     (or OAS 3.1 role names), then tags, then words of the path (the
//     weakest signal);
//   - object-level: Objects (ObjectIDs), with their fixture owners;
//   - kind: Kind.

// privilegedRoleWords make a role, permission, scope or tag privileged.
var privilegedRoleWords = []string{"admin", "admins", "administrator", "administrators", "superuser", "superadmin", "root", "sudo",
	"staff", "manager", "managers", "moderator", "moderators", "internal", "operator", "operators", "support", "auditor",
	"audit", "manage", "management", "billing", "backoffice"}

// privilegedTagWords make a tag privileged: only names that clearly say
// the operation is for operators ("Support", "Billing" or "User
// management" group ordinary operations as often as staff ones).
var privilegedTagWords = []string{"admin", "admins", "administrator", "administrators", "administration", "internal",
	"staff", "ops", "superuser", "superadmin", "sudo", "root", "backoffice"}

// publicInfoSegs are infrastructure endpoints public by design when the
// whole path is one of them (GET /health, GET /.well-known/jwks.json):
// a health check or a key set, never a word in an operationId or a
// segment of a longer resource path.
var publicInfoSegs = map[string]bool{"health": true, "healthz": true, "livez": true, "readyz": true, "ping": true, "jwks": true}

// Signal names of the privilege decision.
const (
	SignalScopes = "scopes"
	SignalTags   = "tags"
	SignalPath   = "path"
)

// ByRoleExtension reports whether a role extension (x-roles, ...) decided
// the operation's privilege: the spec names who may call it beyond its
// security requirement.
func (o *Op) ByRoleExtension() bool {
	switch o.PrivilegeSignal {
	case "", SignalScopes, SignalTags, SignalPath:
		return false
	}
	return true
}

// roles records the role extensions' values and the requirement's scopes.
func (o *Op) roles(exts []string) {
	for _, req := range o.Security {
		for _, name := range slices.Sorted(maps.Keys(req)) {
			o.Roles = append(o.Roles, req[name]...)
		}
	}
	for _, name := range exts {
		if vals := extValues(o.Ext[name]); len(vals) > 0 {
			o.Roles = append(o.Roles, vals...)
		}
	}
}

// extValues flattens an extension's value (a string, a list, a map of
// lists such as x-rolesRequirements) into its strings, at most 64. In a
// map, a key whose value is a boolean (or "true"/"false", 1/0) is a role
// name, kept when the value is true ({admin: true} is the role admin,
// never "true"); other values are walked.
func extValues(v any) []string {
	var out []string
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 6 || len(out) >= 64 {
			return
		}
		switch x := v.(type) {
		case string:
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case []string:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				if on, isFlag := flagValue(x[k]); isFlag {
					if on && strings.TrimSpace(k) != "" && len(out) < 64 {
						out = append(out, strings.TrimSpace(k))
					}
					continue
				}
				walk(x[k], depth+1)
			}
		case nil:
		default:
			if s := fmt.Sprint(x); s != "" {
				out = append(out, s)
			}
		}
	}
	walk(v, 0)
	return out
}

// flagValue reads a map value that switches its key on or off: a
// boolean, "true"/"false"/"yes"/"no", or a number (0 is off).
func flagValue(v any) (on, isFlag bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	case int:
		return x != 0, true
	case int64:
		return x != 0, true
	case float64:
		return x != 0, true
	}
	return false, false
}

func privilegedValue(v string) bool { return len(HasWord(Words(v), privilegedRoleWords)) > 0 }

// privilege decides whether the operation is privileged and from which
// signal. A role extension decides both ways: the operation is privileged
// only when every role it grants is privileged (x-roles: [member, admin]
// lets members in; x-roles: [member] on /admin/profile says members may
// call it). Scopes decide only when every alternative requirement needs a
// privileged scope, tags only when they clearly name operators (admin,
// internal, staff); the path's words come last.
func (o *Op) privilege(opt Options, exts []string) {
	for _, name := range exts {
		vals := extValues(o.Ext[name])
		if len(vals) == 0 {
			continue
		}
		o.PrivilegeSignal = name
		var priv []string
		for _, v := range vals {
			if !privilegedValue(v) {
				// A role anyone ordinary holds: not admin-only.
				return
			}
			priv = append(priv, name+": "+v)
		}
		o.Privileged = priv
		return
	}
	var scopes []string
	every := len(o.Security) > 0
	for _, req := range o.Security {
		found := false
		for _, scheme := range slices.Sorted(maps.Keys(req)) {
			for _, sc := range req[scheme] {
				if privilegedValue(sc) {
					found = true
					if !slices.Contains(scopes, "scope "+sc) {
						scopes = append(scopes, "scope "+sc)
					}
				}
			}
		}
		if !found {
			// This alternative lets a caller in without a privileged
			// scope ({} or a plain bearer token).
			every = false
		}
	}
	if every && len(scopes) > 0 {
		o.Privileged = scopes
		o.PrivilegeSignal = SignalScopes
		return
	}
	for _, t := range o.Raw.Tags {
		if len(HasWord(Words(t), privilegedTagWords)) > 0 {
			o.Privileged = append(o.Privileged, "tag "+t)
		}
	}
	if len(o.Privileged) > 0 {
		o.PrivilegeSignal = SignalTags
		return
	}
	// Path words, the weakest signal: not on a login, signup, reset or OTP
	// operation (POST /users/v1/login is a login, not a write to users;
	// kindOf gives those kinds only to unparameterised, non-admin paths
	// and never to a DELETE).
	if o.Kind.PublicKind() {
		return
	}
	priv := append(append([]string(nil), privilegedWords...), lower(opt.Sensitive)...)
	o.Privileged = HasWord(append(Words(o.Path), Words(o.ID)...), priv)
	if o.Method == http.MethodDelete {
		o.Privileged = append(o.Privileged, "DELETE")
	} else if IsWrite(o.Method) {
		if hits := HasWord(Words(o.Path), peopleWords); len(hits) > 0 {
			o.Privileged = append(o.Privileged, o.Method+" on "+hits[0])
		}
	}
	if len(o.Privileged) > 0 {
		o.PrivilegeSignal = SignalPath
	}
}

func (o *Op) classify(opt Options, exts []string) {
	o.Kind = kindOf(o)
	o.privilege(opt, exts)
	if o.Kind == KindNone && o.PrivilegeSignal != SignalPath && len(o.Privileged) > 0 && len(HasWord(Words(o.Path), adminPathWords)) == 0 {
		// A role, scope or tag says admin where the path does not.
		o.Kind = KindAdmin
	}
	if len(o.Privileged) == 0 {
		// Public by design only by what the path is (never by a word of
		// the operationId, which is only a name): a login, signup,
		// password reset or OTP step (kindOf: unparameterised, not
		// admin), or a whole path that is a health check or a
		// .well-known document. The spec's own security: [] and
		// openapi.public are the other ways (OpenByDesign).
		o.PublicDesign = o.Kind.PublicKind() || publicInfoPath(o)
	}
	if matchesAny(o, opt.Public) {
		o.PublicDesign = true
		o.Auth, o.PublicBy = AuthPublic, "openapi.public"
	}
	seen := map[string]bool{}
	for _, sch := range o.Response {
		for _, f := range fieldsOf(sch, append(append([]string(nil), SecretFields...), personalFields...)) {
			if !seen[f] {
				seen[f] = true
				o.Personal = append(o.Personal, f)
			}
		}
	}
	for _, p := range o.Params {
		if p.Value != nil && (p.Value.In == "path" || p.Value.In == "query") && idParam.MatchString(p.Value.Name) {
			o.ObjectIDs = append(o.ObjectIDs, p.Value.Name)
			o.Objects = append(o.Objects, ObjectRef{Name: p.Value.Name, In: p.Value.In, Owners: opt.Owners[p.Value.Name]})
		}
	}
}

var adminPathWords = []string{"admin", "administrator", "superuser", "sudo", "impersonate", "internal", "backoffice"}

var extSuffix = regexp.MustCompile(`\.[a-z0-9]{1,5}$`)

// segments are the static segments of a path, lower-case, camelCase and
// underscores turned into hyphens ("resetPassword" → "reset-password"),
// without a file extension ("export.csv" → "export").
func segments(p string) []string {
	var out []string
	for _, g := range strings.Split(p, "/") {
		if g == "" || strings.HasPrefix(g, "{") || g == ".well-known" {
			continue
		}
		g = strings.ToLower(strings.ReplaceAll(camel.ReplaceAllString(g, "${1}-${2}"), "_", "-"))
		out = append(out, extSuffix.ReplaceAllString(g, ""))
	}
	return out
}

var (
	loginSegs  = map[string]bool{"login": true, "signin": true, "sign-in": true, "log-in": true, "logon": true, "authenticate": true}
	resetSegs  = map[string]bool{"forgot": true, "forgot-password": true, "reset-password": true, "password-reset": true, "forgotten-password": true, "recover-password": true}
	otpSegs    = map[string]bool{"otp": true, "2fa": true, "mfa": true, "totp": true, "verify-otp": true, "verify-2fa": true, "two-factor": true}
	signupSegs = map[string]bool{"signup": true, "sign-up": true, "register": true, "registration": true}
	inviteSegs = map[string]bool{"invite": true, "invites": true, "invitation": true, "invitations": true}
	searchSegs = map[string]bool{"search": true, "find": true, "lookup": true}
)

// publicInfoPath reports a GET of a health check (/health, /api/healthz)
// or a .well-known document: the path has no parameter and no admin word,
// and its last segment is the endpoint.
func publicInfoPath(o *Op) bool {
	if o.Method != http.MethodGet || strings.Contains(o.Path, "{") || len(HasWord(Words(o.Path), adminPathWords)) > 0 {
		return false
	}
	if strings.HasPrefix(o.Path, "/.well-known/") {
		return true
	}
	segs := segments(o.Path)
	return len(segs) > 0 && len(segs) <= 3 && publicInfoSegs[segs[len(segs)-1]]
}

// credentialFree reports whether a path can be a login, signup, password
// reset or OTP step a caller takes before it has credentials: no {param}
// segment (POST /users/{userId}/reset-password acts on someone's account),
// no admin word (POST /admin/users/token mints a token for someone else)
// and not a DELETE (DELETE /mfa removes a factor).
func credentialFree(o *Op) bool {
	return !strings.Contains(o.Path, "{") && o.Method != http.MethodDelete && len(HasWord(Words(o.Path), adminPathWords)) == 0
}

// kindOf is what the operation is for, from the last static segments of
// its path (never from its operationId, which is only a name). The kinds
// public by design (login, password reset, OTP, signup) need a
// credential-free path.
func kindOf(o *Op) Kind {
	if k := publicKindOf(o); k != KindNone {
		if credentialFree(o) {
			return k
		}
	}
	return otherKindOf(o)
}

func publicKindOf(o *Op) Kind {
	segs := segments(o.Path)
	last, prev := "", ""
	if n := len(segs); n > 0 {
		last = segs[n-1]
		if n > 1 {
			prev = segs[n-2]
		}
	}
	post := o.Method == http.MethodPost
	switch {
	case loginSegs[last],
		post && (last == "token" || last == "session" || last == "sessions" || last == "auth"),
		last == "refresh" && (prev == "token" || prev == "auth"):
		return KindLogin
	case resetSegs[last], prev == "password" && last == "reset", prev == "reset" && last == "password",
		prev == "forgot" && last == "password":
		return KindPasswordReset
	case otpSegs[last], otpSegs[prev] && (last == "verify" || last == "validate" || last == "confirm" || last == "check"):
		return KindOTP
	case signupSegs[last]:
		return KindSignup
	}
	return KindNone
}

func otherKindOf(o *Op) Kind {
	segs := segments(o.Path)
	last := ""
	if n := len(segs); n > 0 {
		last = segs[n-1]
	}
	for _, g := range segs {
		if inviteSegs[g] {
			return KindInvite
		}
	}
	for _, g := range segs {
		if g == "export" || g == "exports" || strings.HasPrefix(g, "export-") {
			return KindExport
		}
	}
	if len(HasWord(Words(o.Path), adminPathWords)) > 0 {
		return KindAdmin
	}
	if searchSegs[last] {
		return KindSearch
	}
	for _, p := range o.Params {
		if p.Value != nil && p.Value.In == "query" && (p.Value.Name == "q" || p.Value.Name == "query" || p.Value.Name == "search") {
			return KindSearch
		}
	}
	return KindNone
}

// OpenByDesign reports an operation meant to answer without credentials:
// public by design (a login, signup, health check; openapi.public), or
// made public or optionally authenticated by the spec (security: [], {}
// among its alternatives) where the spec rules do not contest it (it is
// neither privileged nor returns personal or secret data; an id-like
// parameter does not override the spec). The probes never try such an
// operation without credentials, nor report it as unauthenticated access.
func (o *Op) OpenByDesign() bool {
	if o.PublicDesign || o.PublicBy == "openapi.public" {
		return true
	}
	return (o.Auth == AuthPublic || o.Auth == AuthOptional) && len(o.Privileged) == 0 && len(o.Personal) == 0
}

// Exposure is the model of one operation as a value: what the golden
// cases of the model record, and what a reader of a report can compare.
type Exposure struct {
	Operation string `json:"operation"`
	Line      int    `json:"line"`
	Auth      struct {
		State   string   `json:"state"`
		By      string   `json:"by,omitempty"`
		Schemes []string `json:"schemes,omitempty"`
	} `json:"auth"`
	Privilege struct {
		Privileged bool     `json:"privileged"`
		Signal     string   `json:"signal,omitempty"`
		Why        []string `json:"why,omitempty"`
		Roles      []string `json:"roles,omitempty"`
	} `json:"privilege"`
	Objects      []ObjectRef `json:"objects,omitempty"`
	Kind         Kind        `json:"kind,omitempty"`
	PublicDesign bool        `json:"publicDesign,omitempty"`
	OpenByDesign bool        `json:"openByDesign,omitempty"`
	Sensitive    bool        `json:"sensitive,omitempty"`
}

// AuthName is the auth state's name in the model: public, optional,
// required, unknown (the spec says nothing), missing (the spec declares
// security elsewhere, not here) or header (an Authorization header
// parameter, no declaration).
func (a AuthState) String() string {
	switch a {
	case AuthPublic:
		return "public"
	case AuthOptional:
		return "optional"
	case AuthDeclared:
		return "required"
	case AuthMissing:
		return "missing"
	case AuthHeader:
		return "header"
	}
	return "unknown"
}

// Exposure returns the operation's model.
func (o *Op) Exposure() Exposure {
	var e Exposure
	e.Operation, e.Line = o.Name(), o.Line
	e.Auth.State, e.Auth.By, e.Auth.Schemes = o.Auth.String(), o.PublicBy, o.Schemes
	e.Privilege.Privileged = len(o.Privileged) > 0
	e.Privilege.Signal, e.Privilege.Why = o.PrivilegeSignal, o.Privileged
	e.Privilege.Roles = append([]string(nil), o.Roles...)
	sort.Strings(e.Privilege.Roles)
	e.Objects, e.Kind, e.PublicDesign, e.OpenByDesign, e.Sensitive = o.Objects, o.Kind, o.PublicDesign, o.OpenByDesign(), o.Sensitive()
	return e
}
