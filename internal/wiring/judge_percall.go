package wiring

import (
	"strings"

	fw "github.com/launchready/launchready/internal/wiring/frameworks"
)

// Judge support for per-call table entries: cookies set with keyword or
// positional flags (Python set_cookie), header mappings, and entries that
// apply only in files importing a library.

// importsAny reports whether the file imports a module named one of the
// |-separated names, or below one (flask, flask.wrappers).
func importsAny(ff *fileFacts, names string) bool {
	for _, n := range strings.Split(names, "|") {
		for _, m := range ff.imports {
			if m == n || strings.HasPrefix(m, n+".") || strings.HasPrefix(m, n+"/") || strings.HasPrefix(m, n+"\\") {
				return true
			}
		}
	}
	return false
}

// keywordCookieOptions is a cookie call's keyword arguments as options,
// with the flags passed by position (Positional) added.
func keywordCookieOptions(c *callFact, e fw.Cookie) *value {
	opts := &value{kind: vObject, fields: map[string]*value{}, line: c.line}
	for k, v := range c.kw {
		opts.fields[k] = v
	}
	for flag, at := range e.Positional {
		if a := c.arg(at); a != nil {
			if _, ok := opts.fields[flag]; !ok {
				opts.fields[flag] = a
			}
		}
	}
	return opts
}

// dictHeaders reads a name -> value mapping of headers passed as a
// keyword or as a field of an options argument.
func dictHeaders(c *callFact, key string) []headerSet {
	d, ok := c.kw[key]
	if !ok {
		for _, a := range c.args {
			if v, ok := a.field(key); ok {
				d = v
				break
			}
		}
	}
	if d == nil || d.kind != vObject {
		return nil
	}
	var out []headerSet
	for _, k := range d.keys {
		v := d.fields[k]
		line := v.line
		if line == 0 {
			line = c.line
		}
		out = append(out, headerSet{name: k, val: v, line: line, scope: c.scope, cond: c.guarded || c.inCond, label: "The " + k + " header"})
	}
	return out
}
