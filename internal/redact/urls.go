package redact

import (
	"bytes"
	"net/url"
	"strings"
)

// URLs masks credentials in every scheme://... URL inside s, structurally:
//
//   - userinfo: "user:pass@" becomes "user:****@", and a bare "token@"
//     (a token used as the user name) becomes "****@";
//   - query, fragment and path (";name=value") parameters whose name says
//     they carry a credential (see sensitiveParam) keep their name and lose
//     their value.
//
// A URL runs to the next white space or control character (or the next
// URL), whatever comes before or after it: quotes, angle brackets,
// backticks, parentheses and backslashes end a parameter's value or the
// authority, never the search for parameters, so "http://h/a<b?token=x"
// and "<http://h/?token=x>" are masked alike. Everything else in s is kept
// byte for byte. s is free text: a message, a location, a whole JSON
// document.
func URLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, "://")
		if i < 0 {
			break
		}
		start := schemeStart(rest, i)
		if start == i {
			b.WriteString(rest[:i+3])
			rest = rest[i+3:]
			continue
		}
		end := i + 3
		for end < len(rest) && !isURLEnd(rest[end]) {
			end++
		}
		// The next URL starts a region of its own.
		if j := strings.Index(rest[i+3:end], "://"); j >= 0 {
			j += i + 3
			if k := schemeStart(rest, j); k < j {
				end = max(k, i+3)
			}
		}
		b.WriteString(rest[:i+3])
		b.WriteString(maskURLRest(rest[i+3 : end]))
		rest = rest[end:]
	}
	b.WriteString(rest)
	return b.String()
}

// schemeStart is where the scheme before "://" at i starts (letters,
// digits, + - . starting with a letter); i when there is none.
func schemeStart(s string, i int) int {
	start := i
	for start > 0 && isSchemeChar(s[start-1]) {
		start--
	}
	for start < i && !isLetter(s[start]) {
		start++
	}
	return start
}

func urlsBytes(b []byte) []byte {
	if !bytes.Contains(b, []byte("://")) {
		return b
	}
	return []byte(URLs(string(b)))
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isSchemeChar(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

// isURLEnd ends a URL in free text: white space and control characters.
func isURLEnd(c byte) bool {
	return c == ' ' || c < 0x20 || c == 0x7f
}

// isHardEnd ends the authority and a parameter's value: characters no
// credential in a URL holds raw but text around a URL does (quotes, angle
// brackets, backticks, JSON's backslash escapes, brackets).
func isHardEnd(c byte) bool {
	return isURLEnd(c) || strings.IndexByte("\"'<>`\\()[]{}|", c) >= 0
}

// maskURLRest masks the part of a URL after "scheme://".
func maskURLRest(u string) string {
	authEnd := 0
	for authEnd < len(u) && !isHardEnd(u[authEnd]) && strings.IndexByte("/?#;", u[authEnd]) < 0 {
		authEnd++
	}
	auth, rest := u[:authEnd], u[authEnd:]
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		info, host := auth[:at], auth[at+1:]
		if user, _, ok := strings.Cut(info, ":"); ok {
			info = user + ":" + Mask
		} else if info != "" {
			info = Mask
		}
		auth = info + "@" + host
	}
	return auth + maskParams(rest)
}

// maskParams masks the values of sensitive name=value parameters after
// "?", "&", ";" (path parameters, and &amp; in HTML), "#" or a JSON-escaped
// "&" (\u0026), keeping everything else.
func maskParams(q string) string {
	if !strings.Contains(q, "=") {
		return q
	}
	var b strings.Builder
	k := 0
	for k < len(q) {
		d := 0 // length of the delimiter at k
		switch {
		case strings.IndexByte("?&;#", q[k]) >= 0:
			d = 1
		case len(q)-k >= 6 && strings.EqualFold(q[k:k+6], `\u0026`):
			d = 6
		}
		if d == 0 {
			b.WriteByte(q[k])
			k++
			continue
		}
		b.WriteString(q[k : k+d])
		k += d
		n := k
		for n < len(q) && !isHardEnd(q[n]) && strings.IndexByte("=?&;#/", q[n]) < 0 {
			n++
		}
		if n == k || n == len(q) || q[n] != '=' {
			continue
		}
		v := n + 1
		for v < len(q) && !isHardEnd(q[v]) && strings.IndexByte("&;#", q[v]) < 0 {
			v++
		}
		name, value := q[k:n], q[n+1:v]
		b.WriteString(name + "=")
		if value != "" && value != Mask && sensitiveParam(name) {
			b.WriteString(Mask)
		} else {
			b.WriteString(value)
		}
		k = v
	}
	return b.String()
}

// sensitiveParam reports whether a query parameter's name says its value is
// a credential: token (access_token, refresh_token, id_token,
// private_token, X-Amz-Security-Token), key (apikey, api_key), secret
// (client_secret), signature and sig (X-Amz-Signature, SAS sig), bearer,
// password, auth, credential (X-Amz-Credential), session, assertion,
// x-vercel-protection-bypass, ...
func sensitiveParam(name string) bool {
	if n, err := url.QueryUnescape(name); err == nil {
		name = n
	}
	n := strings.ToLower(name)
	n = strings.NewReplacer("-", "", "_", "", ".", "", "[", "", "]", "", " ", "").Replace(n)
	switch n {
	case "sig", "pass", "pw", "code", "sid", "jwt", "otp", "hmac", "sas", "ticket":
		return true
	}
	for _, w := range []string{"token", "secret", "passw", "pwd", "signature", "key", "auth", "credential", "bypass", "session", "jwt", "apikey", "bearer", "assertion", "cred"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
