package wiring

import (
	"slices"
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"
)

// The JavaScript/TypeScript reader: tokens (package lex) to facts. It
// knows the language (imports, constants, functions, objects), not the
// frameworks.

// jsKeywords are identifiers followed by "(" that are not calls.
var jsKeywords = map[string]bool{"if": true, "for": true, "while": true, "switch": true, "catch": true, "function": true,
	"return": true, "typeof": true, "with": true, "await": true, "new": false, "yield": true, "in": true, "of": true, "else": true}

// jsReader holds one file's tokens while it is read.
type jsReader struct {
	*jsFile
	scopes []int  // per token: the enclosing function's id (0: top level)
	checks []bool // per token: inside an if block whose condition looks at the Origin
	nest   *nesting
	// props: properties assigned to a constant object after its literal
	// (const o = {httpOnly: true}; o.secure = true), per constant.
	props map[string][]propAssign
}

// propAssign is one `name.key = value` statement.
type propAssign struct {
	key  string
	val  lex.Span
	line int
}

// propAssigns collects `name.key = value` statements of the file's
// constant objects.
func (r *jsReader) propAssigns() {
	t := r.Toks
	r.props = map[string][]propAssign{}
	for i := 0; i+4 < len(t); i++ {
		if r.Starts[i] != i || t[i].Kind != lex.Ident || t[i+1].Text != "." || t[i+2].Kind != lex.Ident || t[i+3].Text != "=" || t[i+3].Kind != lex.Punct {
			continue
		}
		if _, ok := r.Consts[t[i].Text]; !ok {
			continue
		}
		end := i + 4
		for end < len(t) && r.Starts[end] == i && t[end].Text != ";" {
			end++
		}
		if end > i+4 {
			r.props[t[i].Text] = append(r.props[t[i].Text], propAssign{key: t[i+2].Text, val: lex.Span{From: i + 4, To: end}, line: t[i].Line})
		}
	}
}

// readJS extracts one JavaScript/TypeScript file's facts.
func readJS(p string, src []byte) *fileFacts {
	f := newJSFile(p, src)
	r := &jsReader{jsFile: f, nest: &nesting{}}
	r.functions()
	r.propAssigns()
	t := f.Toks
	ff := &fileFacts{path: p, lang: "js", imports: f.imports, raw: src}
	dev, _ := cBlocks(t) // if (process.env.NODE_ENV !== 'production') { ... }
	for i := 0; i+1 < len(t); i++ {
		tk := t[i]
		// Next.js headers(): { key: 'Access-Control-Allow-Origin', value: '*' }
		if tk.Kind == lex.Ident && tk.Text == "key" && i+3 < len(t) && t[i+1].Text == ":" && t[i+2].Kind == lex.String {
			for j := i + 3; j+2 < len(t) && j < i+8; j++ {
				if t[j].Text == "value" && t[j+1].Text == ":" {
					ff.headers = append(ff.headers, headerFact{name: t[i+2].Text, label: "The Next.js headers() entry",
						val: r.value(lex.Span{From: j + 2, To: j + 3}, 0), line: tk.Line, scope: r.scopes[i]})
					break
				}
			}
		}
		// { 'Access-Control-Allow-Origin': v, ... } anywhere: header maps of
		// res.set({...}), res.writeHead(200, {...}), new Response(b,
		// {headers}), serverless results ({statusCode, headers}).
		if tk.Kind == lex.String && t[i+1].Text == ":" && i > 0 && (t[i-1].Text == "{" || t[i-1].Text == ",") && headerKeys[strings.ToLower(tk.Text)] {
			end := i + 2
			for end < len(t) && t[end].Text != "," && t[end].Text != "}" && t[end].Text != ";" {
				if t[end].Match > end {
					end = t[end].Match
				}
				end++
			}
			ff.headers = append(ff.headers, headerFact{name: tk.Text, label: "The " + tk.Text + " header", code: true,
				val: r.value(lex.Span{From: i + 2, To: min(end, len(t))}, 0), line: tk.Line, scope: r.scopes[i], cond: r.checks[i] || f.guarded(i), dev: dev[i]})
		}
		// err.stack in an error handler
		if tk.Kind == lex.Ident && tk.Text == "stack" && i >= 2 && t[i-1].Text == "." && errNames[t[i-2].Text] {
			// console.error(err.stack) in an error handler is logging,
			// not a response.
			if h := f.inErrorHandler(i); (h && !logCall.MatchString(t[f.Starts[i]].Text) || r.inResponse(i)) && !f.guarded(i) {
				ff.leaks = append(ff.leaks, leakFact{line: f.Line(i), what: t[i-2].Text + ".stack", handler: h})
			}
		}
		if tk.Kind != lex.Ident || t[i+1].Text != "(" || jsKeywords[tk.Text] {
			continue
		}
		if i > 0 && t[i-1].Text == "function" {
			continue
		}
		c := &callFact{name: tk.Text, line: f.Line(i), scope: r.scopes[i], guarded: f.guarded(i) || dev[i], dev: dev[i], inCond: r.checks[i]}
		c.callee, c.recv = r.callee(i)
		root := c.callee
		if k := strings.IndexAny(root, ".("); k >= 0 {
			root = root[:k]
		}
		c.module = f.imports[root]
		if i > 0 && t[i-1].Text == "@" {
			c.decorator = true
		}
		for _, a := range lex.Args(t, i+1) {
			c.args = append(c.args, r.value(a, 0))
		}
		c.stmt = f.Starts[i]
		c.tokLine = tk.Line
		open := i + 1
		c.logs = func() bool {
			end := lex.Closing(t, open)
			from := open + 1
			if a := lex.Args(t, open); len(a) > 0 {
				from = a[0].To
			}
			for j := from; j < end && j < len(t); j++ {
				if t[j].Kind == lex.Ident && logCall.MatchString(t[j].Text) {
					return true
				}
			}
			return false
		}
		// const limiter = rateLimit(...)
		start := i - strings.Count(c.callee, ".")*2
		if start > 0 && t[start-1].Text == "new" {
			start--
		}
		if s := f.Starts[i]; s+3 <= i && (t[s].Text == "const" || t[s].Text == "let" || t[s].Text == "var") && t[s+2].Text == "=" && s+3 == start {
			c.assigned = t[s+1].Text
		}
		ff.calls = append(ff.calls, c)
	}
	// module.exports = {...} / export default {...}
	for i := 0; i+2 < len(t); i++ {
		if t[i].Text == "module" && t[i+1].Text == "." && i+4 < len(t) && t[i+2].Text == "exports" && t[i+3].Text == "=" {
			ff.exported = r.value(r.exprAt(i+4), 0)
		} else if t[i].Text == "export" && t[i+1].Text == "default" {
			ff.exported = r.value(r.exprAt(i+2), 0)
		}
	}
	ff.commented = commentLines(src, "//")
	ff.nest = *r.nest
	return ff
}

// headerKeys are the response headers the judge reads, as object keys.
var headerKeys = map[string]bool{"access-control-allow-origin": true, "access-control-allow-credentials": true, "set-cookie": true}

// errNames are the usual names of a caught error.
var errNames = map[string]bool{"err": true, "error": true, "e": true, "ex": true, "exception": true}

// inResponse reports a token inside a statement that answers the request
// (res.status(500).send(...), res.json(...), reply.send(...), ctx.body = ...):
// a caught error's stack sent from a catch block.
func (r *jsReader) inResponse(i int) bool {
	t := r.Toks
	s := r.Starts[i]
	for j := s; j+2 < len(t) && r.Starts[j] == s && j < i; j++ {
		switch t[j].Text {
		case "res", "reply", "response", "ctx":
		default:
			continue
		}
		if t[j+1].Text != "." {
			continue
		}
		switch t[j+2].Text {
		case "send", "json", "end", "write", "status", "body", "render":
			return true
		}
	}
	return false
}

// exprAt is the span of the value starting at token i: a bracketed
// literal, a call, or one token.
func (r *jsReader) exprAt(i int) lex.Span {
	t := r.Toks
	end := i + 1
	if t[i].Kind == lex.Punct && (t[i].Text == "{" || t[i].Text == "[") {
		end = lex.Closing(t, i) + 1
	} else if t[i].Kind == lex.Ident && i+1 < len(t) && t[i+1].Text == "(" {
		end = lex.Closing(t, i+1) + 1
	}
	return lex.Span{From: i, To: min(end, len(t))}
}

// callee returns the dotted callee ending at the identifier at i, and its
// receiver: res.cookie -> ("res.cookie", "res"); w.Header().Set.
func (r *jsReader) callee(i int) (string, string) { return calleeAt(r.Toks, i) }

// calleeAt is jsReader.callee on any lexed tokens.
func calleeAt(t []lex.Token, i int) (string, string) {
	parts := []string{t[i].Text}
	j := i
	for j >= 2 && t[j-1].Text == "." {
		k := j - 2
		switch {
		case t[k].Text == ")" && t[k].Match >= 1 && t[t[k].Match-1].Kind == lex.Ident && !jsKeywords[t[t[k].Match-1].Text]:
			parts = append(parts, t[t[k].Match-1].Text+"()")
			j = t[k].Match - 1
		case t[k].Text == ")" && k >= 1 && t[k-1].Text == ")" && t[k-1].Match >= 1 && t[t[k-1].Match-1].Kind == lex.Ident:
			// (await cookies()).set: the parenthesized call's name
			parts = append(parts, t[t[k-1].Match-1].Text+"()")
			j = 0
			continue
		case t[k].Kind == lex.Ident:
			parts = append(parts, t[k].Text)
			j = k
		default:
			j = 0
			continue
		}
	}
	for a, b := 0, len(parts)-1; a < b; a, b = a+1, b-1 {
		parts[a], parts[b] = parts[b], parts[a]
	}
	return strings.Join(parts, "."), strings.Join(parts[:len(parts)-1], ".")
}

// value reads the expression in sp as a value, following the file's
// constants (to a small depth).
func (r *jsReader) value(sp lex.Span, depth int) *value {
	t := r.Toks
	v, ok := startValue(t, sp, r.nest)
	if !ok {
		return v
	}
	defer r.nest.leave()
	first := t[sp.From]
	if sp.To-sp.From == 1 {
		switch first.Kind {
		case lex.String:
			v.kind, v.text = vString, first.Text
			v.origin = strings.EqualFold(first.Text, "origin")
			return v
		case lex.Number:
			v.kind = vNumber
			return v
		case lex.Regex:
			v.kind, v.text = vRegex, first.Text
			return v
		case lex.Ident:
			if jsLiterals.set(v, first.Text) {
				return v
			}
			if sp, ok := r.Consts[first.Text]; ok && depth < 4 {
				rv := *r.value(sp, depth+1)
				rv.name = first.Text
				if rv.module == "" {
					rv.module = r.imports[first.Text]
				}
				if k, ok := r.picked[first.Text]; ok {
					// a field destructured from it: const { origin } = req.headers
					rv.kind, rv.text = vExpr, rv.text+" . "+k
					rv.origin = rv.origin || strings.EqualFold(k, "origin")
				}
				if pa := r.props[first.Text]; len(pa) > 0 && rv.kind == vObject {
					// o.secure = true after const o = {...}
					fields := make(map[string]*value, len(rv.fields)+len(pa))
					for k, fv := range rv.fields {
						fields[k] = fv
					}
					keys := slices.Clone(rv.keys)
					for _, p := range pa {
						pv := r.value(p.val, depth+1)
						pv.line = p.line
						if _, ok := fields[p.key]; !ok {
							keys = append(keys, p.key)
						}
						fields[p.key] = pv
					}
					rv.fields, rv.keys = fields, keys
				}
				return &rv
			}
			v.kind, v.name, v.module = vExpr, first.Text, r.imports[first.Text]
			return v
		}
	}
	switch {
	case first.Kind == lex.Punct && first.Text == "{" && lex.Closing(t, sp.From) == sp.To-1:
		v.kind, v.fields = vObject, map[string]*value{}
		for k, fs := range lex.Fields(t, sp.From) {
			fv := r.value(fs, depth)
			if fs.From < len(t) && t[fs.From].Text == "(" { // method shorthand origin(o, cb) {...}
				fv = r.fn(lex.Span{From: fs.From, To: fs.To})
			}
			fv.line = t[max(fs.From-2, sp.From)].Line
			v.fields[k] = fv
		}
		for _, a := range lex.Args(t, sp.From) {
			if a.To-a.From >= 2 && (t[a.From].Kind == lex.Ident || t[a.From].Kind == lex.String) {
				if _, ok := v.fields[t[a.From].Text]; ok {
					v.keys = append(v.keys, t[a.From].Text)
				}
			}
			// a spread: {...opts, maxAge: 3600} takes the keys of a
			// constant object; of anything else the object is partial.
			if a.To-a.From >= 4 && t[a.From].Text == "." && t[a.From+1].Text == "." && t[a.From+2].Text == "." {
				sv := r.value(lex.Span{From: a.From + 3, To: a.To}, depth+1)
				if sv.kind != vObject || sv.module != "" {
					v.partial = true
					continue
				}
				v.partial = v.partial || sv.partial
				for _, k := range sv.keys {
					if _, ok := v.fields[k]; !ok {
						v.fields[k] = sv.fields[k]
						v.keys = append(v.keys, k)
					}
				}
				for k, fv := range sv.fields {
					if _, ok := v.fields[k]; !ok {
						v.fields[k] = fv
					}
				}
			}
		}
		return v
	case first.Kind == lex.Punct && first.Text == "[" && lex.Closing(t, sp.From) == sp.To-1:
		v.kind = vList
		for _, a := range lex.Args(t, sp.From) {
			v.items = append(v.items, r.value(a, depth))
		}
		return v
	case first.Text == "function" || first.Text == "async" || first.Text == "(" || (first.Kind == lex.Ident && sp.To-sp.From > 2 && t[sp.From+1].Text == "=>"):
		if first.Text == "(" && !r.arrowAt(sp) {
			break
		}
		return r.fn(sp)
	case first.Kind == lex.Ident && first.Text == "require" && sp.To-sp.From >= 4 && t[sp.From+1].Text == "(" && t[sp.From+2].Kind == lex.String:
		v.kind, v.text, v.module = vCall, "require", t[sp.From+2].Text
		return v
	case first.Text == "new" && sp.To-sp.From > 1:
		v.kind, v.text, v.name = vExpr, lex.Snippet(t, sp), t[sp.From+1].Text
		return v
	}
	// a call: a.b.c(args), with nothing after its closing bracket
	if first.Kind == lex.Ident {
		j := sp.From
		for j+2 < sp.To && t[j+1].Text == "." && t[j+2].Kind == lex.Ident {
			j += 2
		}
		if j+1 < sp.To && t[j+1].Text == "(" && lex.Closing(t, j+1) == sp.To-1 {
			v.kind = vCall
			v.text = lex.Text(t, lex.Span{From: sp.From, To: j + 1})
			v.text = strings.ReplaceAll(v.text, " . ", ".")
			v.name = first.Text
			v.module = r.imports[first.Text]
			for _, a := range lex.Args(t, j+1) {
				v.items = append(v.items, r.value(a, depth))
			}
		}
	}
	if v.kind == vUnknown {
		v.kind = vExpr
		if first.Kind == lex.Ident {
			v.name = first.Text
		}
	}
	if v.kind == vExpr {
		v.concat = concatString(t, sp)
	}
	lv := strings.ToLower(lex.Snippet(t, sp))
	v.request = strings.Contains(lv, "req") || strings.Contains(lv, "request") || strings.Contains(lv, "headers") || strings.Contains(lv, "ctx")
	v.origin = strings.Contains(lv, "origin")
	return v
}

// arrowAt reports an arrow function starting with its parameter list.
func (r *jsReader) arrowAt(sp lex.Span) bool {
	end := lex.Closing(r.Toks, sp.From)
	return end+1 < sp.To && r.Toks[end+1].Text == "=>" || end+2 < sp.To && r.Toks[end+1].Text == ":" // (o): boolean =>
}

// fn reads a function value: does it allow everything without looking?
func (r *jsReader) fn(sp lex.Span) *value {
	v := &value{kind: vFunc, line: r.Toks[sp.From].Line, text: "function", allowsAll: r.allowsAll(sp)}
	// the file's constants whose methods the body calls
	// (limiter.consume(req.ip)): a middleware wrapping a limiter.
	t := r.Toks
	for i := sp.From; i+3 < sp.To && i+3 < len(t); i++ {
		if t[i].Kind != lex.Ident || t[i+1].Text != "." || t[i+2].Kind != lex.Ident || t[i+3].Text != "(" || i > 0 && t[i-1].Text == "." {
			continue
		}
		if csp, ok := r.Consts[t[i].Text]; ok && !slices.ContainsFunc(v.items, func(x *value) bool { return x.name == t[i].Text }) && len(v.items) < 8 {
			if !r.nest.enter(t[i].Line) {
				continue
			}
			cv := *r.valueOnce(csp)
			r.nest.leave()
			cv.name = t[i].Text
			v.items = append(v.items, &cv)
		}
	}
	return v
}

// valueOnce reads a constant's value without following functions in it
// (a constant's methods called from its own body).
func (r *jsReader) valueOnce(sp lex.Span) *value {
	t := r.Toks
	if sp.From < len(t) && (t[sp.From].Text == "function" || t[sp.From].Text == "async" || t[sp.From].Text == "(") {
		return &value{kind: vFunc, line: t[sp.From].Line}
	}
	return r.value(sp, 3)
}

// functions computes each token's enclosing function.
func (r *jsReader) functions() {
	t := r.Toks
	r.scopes = make([]int, len(t))
	r.checks = make([]bool, len(t))
	type open struct{ end, id int }
	var stack []open
	next := 0
	checkEnd := -1
	for i := range t {
		for len(stack) > 0 && i > stack[len(stack)-1].end {
			stack = stack[:len(stack)-1]
		}
		// if (allowed.includes(origin)) { ... }: an allow-list check
		if t[i].Text == "if" && i+1 < len(t) && t[i+1].Text == "(" && i > checkEnd {
			end := lex.Closing(t, i+1)
			if end+1 < len(t) && strings.Contains(strings.ToLower(lex.Text(t, lex.Span{From: i + 2, To: end})), "origin") {
				checkEnd = end + 1
				if t[end+1].Text == "{" {
					checkEnd = lex.Closing(t, end+1)
				} else {
					for checkEnd < len(t) && r.Starts[checkEnd] == r.Starts[end+1] {
						checkEnd++
					}
				}
			}
		}
		r.checks[i] = i <= checkEnd
		if t[i].Text == "{" && t[i].Kind == lex.Punct && i > 0 && (t[i-1].Text == "=>" || t[i-1].Text == ")" && isFuncParams(t, t[i-1].Match)) {
			next++
			stack = append(stack, open{end: lex.Closing(t, i), id: next})
		}
		if len(stack) > 0 {
			r.scopes[i] = stack[len(stack)-1].id
		}
	}
}

// isFuncParams reports whether the "(" at i opens a function's parameters
// (not an if/for/while/switch/catch condition).
func isFuncParams(t []lex.Token, i int) bool {
	if i <= 0 {
		return i == 0
	}
	switch t[i-1].Text {
	case "if", "for", "while", "switch", "catch", "with":
		return false
	}
	return true
}

// commentLines returns the lines whose first non-blank text starts a
// line comment, with the comment's text.
func commentLines(src []byte, marker string) []commentLine {
	var out []commentLine
	for n, l := range strings.Split(string(src), "\n") {
		s := strings.TrimSpace(l)
		if strings.HasPrefix(s, marker) {
			out = append(out, commentLine{n + 1, strings.TrimSpace(strings.TrimPrefix(s, marker))})
		}
	}
	return out
}
