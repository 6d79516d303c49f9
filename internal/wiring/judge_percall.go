package wiring

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
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
	opts := &value{kind: vObject, fields: map[string]*value{}, line: c.line, partial: c.kwUnknown}
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
	if key == "*" { // the call's pairs are the headers: withHeaders("A" -> v)
		d, ok = &value{kind: vObject, fields: c.kw, keys: slices.Sorted(maps.Keys(c.kw))}, len(c.kw) > 0
	}
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

// fieldAlt looks an option up by one of its |-separated names.
func fieldAlt(v *value, names string) (*value, bool) {
	for _, n := range strings.Split(names, "|") {
		if f, ok := v.field(n); ok && n != "" {
			return f, true
		}
	}
	return nil, false
}

// firstAlt is the first of |-separated names (for messages).
func firstAlt(names string) string {
	n, _, _ := strings.Cut(names, "|")
	return n
}

// optionsOf is the options of a call at a table's argument position: an
// argument (an identifier assigned an object in the file is followed:
// var options = new CookieOptions { ... }), the keyword arguments, or
// what a builder collects (frameworks.Builder).
func (j *judgeRun) optionsOf(c *callFact, at int) *value {
	if at != fw.Builder {
		v := c.arg(at)
		if v != nil && v.kind == vExpr && v.name != "" && !strings.ContainsAny(v.text, " .(") {
			a, ok := j.declared(v.name, c.line)
			if ok && a.kind == vObject {
				return a
			}
			if ok && strings.HasPrefix(a.text, "new ") && !strings.Contains(a.text, "{") && j.ff.lang != "js" {
				// var o = new CookieOptions(); o.HttpOnly = false; ...:
				// the fields set on the variable before the call
				from := a.line
				m := &value{kind: vObject, fields: map[string]*value{}, line: from}
				for _, as := range j.ff.assigns {
					if f, ok := strings.CutPrefix(as.target, v.name+"."); ok && !strings.Contains(f, ".") && as.line >= from && as.line <= c.line {
						if _, seen := m.fields[f]; !seen {
							m.keys = append(m.keys, f)
						}
						m.fields[f] = as.val
					}
				}
				return m
			}
		}
		return v
	}
	opts := &value{kind: vObject, fields: map[string]*value{}, line: c.line}
	set := func(k string, v *value) {
		if _, ok := opts.fields[k]; !ok {
			opts.fields[k] = v
			opts.keys = append(opts.keys, k)
		}
	}
	if c.chain != nil {
		for _, k := range c.chain.keys {
			set(k, c.chain.fields[k])
		}
	}
	for k, v := range c.kw {
		set(k, v)
	}
	if c.assigned == "" {
		return opts
	}
	// the setters between this call and the variable's next assignment
	until := 1 << 30
	for _, d := range j.ff.calls {
		if d != c && d.assigned == c.assigned && d.line > c.line && d.line < until {
			until = d.line
		}
	}
	prefix := c.assigned + "."
	for _, d := range j.ff.calls {
		if d.recv == c.assigned && d.line > c.line && d.line < until {
			a := d.arg(0)
			if a == nil {
				a = &value{kind: vTrue, text: "true"}
			}
			cp := *a
			cp.line = d.line
			set(d.name, &cp)
		}
	}
	for _, a := range j.ff.assigns {
		if rest, ok := strings.CutPrefix(a.target, prefix); ok && a.line > c.line && a.line < until && !strings.Contains(rest, ".") {
			cp := *a.val
			cp.line = a.line
			set(rest, &cp)
		}
	}
	return opts
}

// declared is the value last declared or assigned to name before line.
func (j *judgeRun) declared(name string, line int) (*value, bool) {
	var out *value
	best := -1
	for _, a := range j.ff.assigns {
		if a.target == name && a.line <= line && a.line > best {
			out, best = a.val, a.line
		}
	}
	return out, out != nil
}

// joinedHeader reads a header passed as one "Name: value" argument,
// possibly concatenated with an expression: header('X: ' . $v).
// phpWhole is a PHP string that is one interpolated variable.
var phpWhole = regexp.MustCompile(`^(\$[A-Za-z_][A-Za-z0-9_]*|\{\$[A-Za-z_][A-Za-z0-9_]*\}|\$\{[A-Za-z_][A-Za-z0-9_]*\})$`)

func joinedHeader(c *callFact, at int) (headerSet, bool) {
	a := c.arg(at)
	if a == nil {
		return headerSet{}, false
	}
	name, rest, ok := strings.Cut(a.text, ":")
	if !ok || strings.ContainsAny(strings.TrimSpace(name), " \t") {
		return headerSet{}, false
	}
	name, rest = strings.TrimSpace(name), strings.TrimSpace(rest)
	v := &value{kind: vString, text: rest, line: c.line}
	if a.kind == vString && a.request && phpWhole.MatchString(rest) {
		// "X: $origin": the value is the interpolated request read
		v = &value{kind: vExpr, text: rest, line: c.line, request: true, origin: a.origin}
	}
	if a.kind != vString {
		// 'X: ' . expr: the value is the expression
		expr := strings.TrimSpace(strings.TrimPrefix(rest, "."))
		lv := strings.ToLower(expr)
		v = &value{kind: vExpr, text: expr, line: c.line, origin: strings.Contains(lv, "origin"),
			request: strings.Contains(lv, "request") || strings.Contains(lv, "header") || strings.Contains(lv, "_server") || strings.Contains(lv, "http_")}
	}
	return headerSet{name: name, val: v, line: c.line, scope: c.scope, cond: c.guarded || c.inCond, label: "The " + name + " header"}, true
}

// credsFor reports an Access-Control-Allow-Credentials: true header set in
// scope, in a scope enclosing it, or in one it encloses.
func (j *judgeRun) credsFor(hs []headerSet, scope int) bool {
	encloses := func(a, b int) bool { // block a holds block b
		if a == 0 {
			return true
		}
		end, ok := j.ff.blocks[a]
		return ok && b > a && b-1 < end
	}
	for _, h := range hs {
		if strings.EqualFold(h.name, "Access-Control-Allow-Credentials") && h.val.isTrue() &&
			(h.scope == scope || encloses(h.scope, scope) || encloses(scope, h.scope)) {
			return true
		}
	}
	return false
}

// inPaths reports whether p contains one of only (none: any) and none of
// skip.
func inPaths(p string, only, skip []string) bool {
	for _, s := range skip {
		if strings.Contains(p, s) {
			return false
		}
	}
	if len(only) == 0 {
		return true
	}
	for _, s := range only {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}

// disabled judges a disable() call that switches off the protection of
// the call it sits in or is chained after.
func (j *judgeRun) disabled(c *callFact, e fw.Headers) {
	k := ""
	if contains(e.Disables, c.parent) {
		k = c.parent
	} else if c.chain != nil {
		for _, n := range c.chain.keys {
			if contains(e.Disables, n) {
				k = n
			}
		}
	}
	if k == "" {
		return
	}
	j.out = append(j.out, codeFinding{Rule: ruleSecurityHeaderDisabled, Facet: "headers." + k, Path: j.ff.path, Line: max(c.tokLine, 1),
		Msg:      fmt.Sprintf("%s switches %s off (%s(...).disable()): the responses go out without that protection header.", e.Label, k, k),
		Fix:      fmt.Sprintf("Configure %s instead of disabling it (for frames: sameOrigin(); for a CSP: policyDirectives(...)).", k),
		Evidence: e.Label + " " + k})
}
