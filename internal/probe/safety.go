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
// invites, wherever the word appears.
var notLogin = regexp.MustCompile(`(^|[^a-z])(sign-?up|register|registration|invites?|invitations?|users?|accounts?|members?|admin)([^a-z]|$)`)

// camel splits camelCase words ("resetPassword" → "reset-password").
var camel = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// loginWords reports whether a path names a login-type endpoint, by whole
// segments: one in loginSegments, "auth" when last or followed by login,
// token or session, or "password" next to "reset".
func loginWords(s string) bool {
	s = strings.ToLower(camel.ReplaceAllString(s, "$1-$2"))
	if notLogin.MatchString(s) {
		return false
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

// isLoginType reports whether o is a public login, reset or OTP operation,
// by its path alone: an operationId is only a name ("login" on POST
// /api/items would send the burst to a create endpoint).
func isLoginType(o *apispec.Op) bool {
	return o.Method == "POST" && o.PublicDesign && plainSpecPath(o.Path) && loginWords(o.Path)
}

// plainSpecPath reports a spec path without a query string or fragment
// ("/api/items/{id}?_method=DELETE" is not probed),
// nor a . or .. segment, nor an encoded dot, slash or backslash
// ("/auth/login/../../api/items" is POST /api/items once resolved).
func plainSpecPath(p string) bool { return config.ProbePathProblem(p) == "" }
