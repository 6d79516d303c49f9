package config

import (
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"
)

// line returns the line of the value at a key path in the decoded file:
// strings step into mappings, ints into lists ("probe", "core-flows", 2).
// It stops at the deepest node found, so an error always points at the
// closest line there is (1 only for a config built in code).
func (c *Config) line(keys ...any) int {
	n := c.root
	if n == nil {
		return 1
	}
	for _, k := range keys {
		next := step(n, k)
		if next == nil {
			break
		}
		n = next
	}
	return n.Line
}

func step(n *yaml.Node, k any) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch k := k.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				return n.Content[i+1]
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && k >= 0 && k < len(n.Content) {
			return n.Content[k]
		}
	}
	return nil
}

// isURLPath reports whether p is a path on the preview's own origin: it
// starts with a single /, and has no scheme, host or user (so not
// "//host/x", "https://host/x", "/\host" or "http:x"). Probes resolve
// config paths against the preview URL, where a network-path reference
// such as //other:8080/x would send the test tokens to another origin.
func isURLPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n\t") {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//")
}

// ProbePathProblem says what makes p unfit as a probe path from the config
// (probe.health, probe.core-flows, probe.rate-limit-endpoints), or "" when
// it is fit: a query string or fragment, a dot segment ("/x/login/.."), or
// an encoded dot, slash or backslash (%2e, %2f, %5c). Probes judge the path
// they send to (a burst of POSTs only to a login-type path), so the
// written path must be the path the server sees.
func ProbePathProblem(p string) string {
	switch {
	case strings.ContainsAny(p, "?#"):
		return "has a query string or fragment (probes send the path alone)"
	case strings.Contains(strings.ToLower(p), "%2e"), strings.Contains(strings.ToLower(p), "%2f"), strings.Contains(strings.ToLower(p), "%5c"):
		return "has an encoded dot, slash or backslash (%2e, %2f, %5c)"
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return "has a . or .. segment"
		}
	}
	return ""
}

// ObjectIDProblem says what makes id unfit to fill a path parameter: a
// slash, backslash, a . or .. id, or an encoded dot, slash or backslash
// would move the request to another path ("..", "../../api/items").
func ObjectIDProblem(id string) string {
	l := strings.ToLower(id)
	switch {
	case id == "." || id == "..":
		return "is a . or .. segment"
	case strings.ContainsAny(id, "/\\"):
		return "has a slash or backslash"
	case strings.Contains(l, "%2e"), strings.Contains(l, "%2f"), strings.Contains(l, "%5c"):
		return "has an encoded dot, slash or backslash (%2e, %2f, %5c)"
	}
	return ""
}

// IsDomainName reports whether d is a DNS domain name such as example.com
// (the check email.domain gets, for flags and inputs too).
func IsDomainName(d string) bool { return domainName.MatchString(d) }

// IsDKIMSelector reports whether s is a DKIM selector (letters, digits,
// -, _ and .).
func IsDKIMSelector(s string) bool { return selectorName.MatchString(s) }
