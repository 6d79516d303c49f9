package config

import (
	"encoding/json"
	"sort"
	"strings"
)

// httpMethods are the method names a "method" field may carry.
var httpMethods = map[string]bool{
	"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true,
	"OPTIONS": true, "TRACE": true, "CONNECT": true, "PURGE": true, "MOVE": true, "COPY": true,
}

// BodyMethodOverride returns the top-level key of a JSON body that
// frameworks read as a method override (Laravel and Symfony read _method
// from the JSON input; others X-HTTP-Method-Override, or method when it
// names an HTTP method), or "" when there is none. A body that is not a
// JSON object has no keys.
func BodyMethodOverride(body []byte) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return ""
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(k))
		switch {
		case strings.HasPrefix(strings.TrimSpace(k), "_") && strings.Contains(n, "method"):
			return k
		case strings.Contains(n, "methodoverride"), n == "xhttpmethod", n == "httpmethod", n == "xmethod":
			return k
		case n == "method":
			var v string
			if json.Unmarshal(obj[k], &v) == nil && httpMethods[strings.ToUpper(strings.TrimSpace(v))] {
				return k
			}
		}
	}
	return ""
}
