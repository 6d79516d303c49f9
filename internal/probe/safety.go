package probe

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/config"
)

// configPath resolves a path from the repository's config (key names the
// setting: probe.core-flows, probe.health, probe.rate-limit-endpoints) on
// the preview's origin. The config comes with the pull request: an absolute
// URL or a "//host:port/..." there must not send the probes, or the tokens,
// to another service. The config loader rejects them too; this is the
// defence at run time.
func (s *Session) configPath(key, p string) (*url.URL, error) {
	label := "an entry"
	if ref, perr := url.Parse(p); perr == nil {
		label = fmt.Sprintf("%q", shown(ref))
	}
	if why := config.ProbePathProblem(p); why != "" {
		return nil, fmt.Errorf("%s: %s %s, so nothing was sent to it: write the plain path, such as /api/feed", key, label, why)
	}
	u, err := s.Client.Resolve(p)
	if err == nil {
		return u, nil
	}
	return nil, fmt.Errorf("%s: %s is not a path on the preview's origin %s, so nothing was sent to it: write a path such as /api/feed", key, label, s.Client.Origin())
}

// loginSegments are the path segments that name an endpoint a POST burst
// may go to: login, password reset and one-time-code endpoints. A segment
// matches whole ("/api/session-notes", "/api/projects/token-budget" and
// "/api/otp-templates" are not login-type). Password changes, sign-ups,
// invites and every other write are not ("reset" alone is not: a cache
// reset is a write), nor is anything on users,
// accounts or members (an admin's "reset a user's password" is a write).
var loginSegments = map[string]bool{
	"login": true, "log-in": true, "log_in": true, "signin": true, "sign-in": true, "sign_in": true,
	"logon": true, "log-on": true, "authenticate": true, "token": true, "session": true, "sessions": true,
	"otp": true, "2fa": true, "mfa": true, "totp": true, "verify": true, "verify-otp": true, "verify-code": true,
	"forgot": true, "forgot-password": true, "password-reset": true, "reset-password": true,
	"magic-link": true, "magiclink": true, "one-time-code": true,
}

// notLogin excludes paths on users, accounts, members, sign-ups and
// invites, wherever the word appears (but see peopleLogin).
var notLogin = regexp.MustCompile(`(^|[^a-z])(sign-?up|register|registration|invites?|invitations?|users?|accounts?|members?|admin)([^a-z]|$)`)

// Under a people resource, a login is only a path whose last segment is
// exactly login, signin, logon, session or token and whose other segments
// are the resource itself, "api", "auth" or a version: POST
// /users/v1/login, /api/accounts/session. Nothing under an id
// (/users/42/token acts on someone), no admin word, no sign-up or invite.
var (
	peopleLoginLast = map[string]bool{"login": true, "signin": true, "sign-in": true, "logon": true, "session": true, "token": true}
	peopleLoginSeg  = regexp.MustCompile(`^(users?|accounts?|members?|api|auth|v[0-9]{1,2})$`)
	notPeopleLogin  = regexp.MustCompile(`(^|[^a-z])(sign-?up|register|registration|invites?|invitations?|admin)([^a-z]|$)`)
)

// peopleLogin reports a login-type path under users, accounts or members
// (s is lower-case, camelCase split).
func peopleLogin(s string) bool {
	if notPeopleLogin.MatchString(s) || strings.ContainsAny(s, "{}?#%;") {
		return false
	}
	segs := strings.Split(strings.Trim(s, "/"), "/")
	if len(segs) < 2 || !peopleLoginLast[segs[len(segs)-1]] {
		return false
	}
	for _, g := range segs[:len(segs)-1] {
		if !peopleLoginSeg.MatchString(g) {
			return false
		}
	}
	return true
}

// camel splits camelCase words ("resetPassword" → "reset-password").
var camel = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// loginWords reports whether a path names a login-type endpoint, by whole
// segments: one in loginSegments, "auth" when last or followed by login,
// token or session, or "password" next to "reset".
func loginWords(s string) bool {
	s = strings.ToLower(camel.ReplaceAllString(s, "$1-$2"))
	if notLogin.MatchString(s) {
		return peopleLogin(s)
	}
	var segs []string
	for _, g := range strings.Split(s, "/") {
		if g != "" {
			segs = append(segs, g)
		}
	}
	for i, g := range segs {
		next := ""
		if i+1 < len(segs) {
			next = segs[i+1]
		}
		switch {
		case loginSegments[g]:
			return true
		case g == "auth" && (next == "" || next == "login" || next == "token" || next == "session"):
			return true
		case g == "password" && next == "reset", g == "reset" && next == "password":
			return true
		}
	}
	return false
}

// isLoginType reports whether o is a public login, reset or OTP operation:
// the model's kind (from the path alone, unparameterised and not admin;
// never a sign-up, which creates accounts) and the path's words agree. An
// operationId is only a name ("login" on POST /api/items would send the
// burst to a create endpoint).
func isLoginType(o *apispec.Op) bool {
	k := o.Kind
	return o.Method == "POST" && o.PublicDesign && (k == apispec.KindLogin || k == apispec.KindPasswordReset || k == apispec.KindOTP) &&
		!strings.Contains(o.Path, "{") && plainSpecPath(o.Path) && loginWords(o.Path)
}

// plainSpecPath reports a spec path without a query string or fragment
// ("/api/items/{id}?_method=DELETE" is not probed),
// nor a . or .. segment, nor an encoded dot, slash or backslash
// ("/auth/login/../../api/items" is POST /api/items once resolved).
func plainSpecPath(p string) bool { return config.ProbePathProblem(p) == "" }

// credentialWords in an operationId name a login, token, reset or OTP
// step.
var credentialWords = []string{"login", "signin", "logon", "signup", "register", "token", "tokens", "oauth", "otp", "2fa", "mfa",
	"forgot", "reset", "refresh", "session", "sessions", "password", "authenticate"}

// credentialNamed reports a POST the input probe leaves alone because its
// operationId names a login, token, reset or OTP step: a malformed body
// there can count as a failed attempt (and lock an account), and the name
// may be the only sign of what the operation does. This is a safety rule
// of the probe, not the exposure model's: the operationId never makes an
// operation public by design, nor a login to burst.
func credentialNamed(o *apispec.Op) bool {
	return len(apispec.HasWord(apispec.Words(o.ID), credentialWords)) > 0
}
