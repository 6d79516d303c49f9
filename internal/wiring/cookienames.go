package wiring

import (
	"strings"
	"unicode"
)

// sessionTokens are the words that mark a cookie as carrying a session or
// credentials when they stand as a whole token of its name
// (auth_token, refreshToken, user-session): a word merely containing them
// (sidebar_collapsed, consent_tokenized_banner) is not one.
var sessionTokens = map[string]bool{
	"sid": true, "sess": true, "session": true, "sessid": true, "sessionid": true,
	"token": true, "auth": true, "jwt": true, "remember": true, "login": true,
	"refresh": true, "access": true, "identity": true, "authtoken": true,
	"accesstoken": true, "refreshtoken": true, "rememberme": true,
}

// frameworkSessionCookies are the session cookies frameworks name
// themselves (compared case-insensitively, whole name).
var frameworkSessionCookies = map[string]bool{
	"connect.sid": true, "phpsessid": true, "jsessionid": true, "asp.net_sessionid": true,
	"laravel_session": true, "_session_id": true, "sessionid": true, "session": true,
	"rack.session": true, "ci_session": true, "cfid": true, "cftoken": true,
	".aspnetcore.session": true, ".aspnetcore.cookies": true, ".aspxauth": true,
	"koa.sess": true, "koa:sess": true, "express:sess": true, "express.sid": true,
}

// csrfCookies are double-submit CSRF cookies: the page's script must read
// them to echo them in a header, so they are HttpOnly=false by design.
var csrfCookies = map[string]bool{
	"xsrf-token": true, "csrftoken": true, "csrf_token": true, "_csrf": true,
	"csrf-token": true, "_xsrf": true, "x-xsrf-token": true, "x-csrf-token": true,
	"xsrf_token": true, "csrf": true, "_csrf_token": true,
}

// cookieTokens splits a cookie name on _ - . : and camelCase boundaries,
// lower-cased: "refreshToken" -> refresh, token; "ASP.NET_SessionId" ->
// asp, net, session, id.
func cookieTokens(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	r := []rune(name)
	for i, c := range r {
		switch {
		case c == '_' || c == '-' || c == '.' || c == ':' || c == ' ' || c == '[' || c == ']':
			flush()
		case unicode.IsUpper(c) && i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]) ||
			i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1])):
			flush()
			cur = append(cur, c)
		default:
			cur = append(cur, c)
		}
	}
	flush()
	return out
}

// isCSRFCookie reports a double-submit CSRF cookie name.
func isCSRFCookie(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(strings.TrimPrefix(n, "__host-"), "__secure-")
	return csrfCookies[n]
}

// isSessionCookie reports a cookie name that marks a session or auth
// cookie: a framework's own session cookie name, or a session word as a
// whole token of the name. CSRF cookies are not session cookies.
func isSessionCookie(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(strings.TrimPrefix(n, "__host-"), "__secure-")
	if n == "" || isCSRFCookie(n) {
		return false
	}
	if frameworkSessionCookies[n] {
		return true
	}
	toks := cookieTokens(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(name), "__Host-"), "__Secure-"))
	for _, t := range toks {
		if sessionTokens[t] {
			return true
		}
	}
	// sessionid, authtoken written as one word
	joined := strings.Join(toks, "")
	for _, w := range []string{"sessionid", "sessid", "authtoken", "accesstoken", "refreshtoken", "rememberme", "jsessionid", "phpsessid"} {
		if joined == w {
			return true
		}
	}
	return false
}
