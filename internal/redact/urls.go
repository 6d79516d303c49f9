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
//   - query and fragment parameters whose name says they carry a credential
//     (see sensitiveParam) keep their name and lose their value.
//
// Everything else in s, including the rest of each URL, is kept byte for
// byte. s is free text: a message, a location, a whole JSON document.
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
		// The scheme: letters, digits, + - . before "://", starting with a
		// letter.
		start := i
		for start > 0 && isSchemeChar(rest[start-1]) {
			start--
		}
		for start < i && !isLetter(rest[start]) {
			start++
		}
		if start == i {
			b.WriteString(rest[:i+3])
			rest = rest[i+3:]
			continue
		}
		end := i + 3
		for end < len(rest) && !isURLEnd(rest[end]) {
			end++
		}
		b.WriteString(rest[:i+3])
		b.WriteString(maskURLRest(rest[i+3 : end]))
		rest = rest[end:]
	}
	b.WriteString(rest)
	return b.String()
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

// isURLEnd ends a URL in free text: white space, quotes, angle brackets,
// backticks, backslashes (JSON escapes) and control characters.
func isURLEnd(c byte) bool {
	switch c {
	case ' ', '"', '\'', '<', '>', '`', '\\', 0x7f:
		return true
	}
	return c < 0x20
}

// maskURLRest masks the part of a URL after "scheme://".
func maskURLRest(u string) string {
	authEnd := strings.IndexAny(u, "/?#")
	if authEnd < 0 {
		authEnd = len(u)
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
	path, query, fragment := rest, "", ""
	hasQuery, hasFragment := false, false
	if h := strings.IndexByte(path, '#'); h >= 0 {
		path, fragment, hasFragment = path[:h], path[h+1:], true
	}
	if q := strings.IndexByte(path, '?'); q >= 0 {
		path, query, hasQuery = path[:q], path[q+1:], true
	}
	out := auth + path
	if hasQuery {
		out += "?" + maskParams(query)
	}
	if hasFragment {
		out += "#" + maskParams(fragment)
	}
	return out
}

// maskParams masks the values of sensitive name=value pairs in a query or
// fragment, keeping the separators.
func maskParams(q string) string {
	if !strings.Contains(q, "=") {
		return q
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, value, ok := strings.Cut(p, "=")
		if !ok || value == "" || value == Mask || !sensitiveParam(name) {
			continue
		}
		parts[i] = name + "=" + Mask
	}
	return strings.Join(parts, "&")
}

// sensitiveParam reports whether a query parameter's name says its value is
// a credential: token, access_token, key, api-key, secret, signature
// (X-Amz-Signature), password, auth, credential, session,
// x-vercel-protection-bypass, ...
func sensitiveParam(name string) bool {
	if n, err := url.QueryUnescape(name); err == nil {
		name = n
	}
	n := strings.ToLower(name)
	n = strings.NewReplacer("-", "", "_", "", ".", "", "[", "", "]", "", " ", "").Replace(n)
	switch n {
	case "sig", "pass", "pw", "code", "sid", "jwt", "otp", "hmac":
		return true
	}
	for _, w := range []string{"token", "secret", "passw", "pwd", "signature", "key", "auth", "credential", "bypass", "session", "jwt", "apikey"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
