package wiring

import (
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"
)

// The Python reader: tokens (package lex) to facts. A settings module
// (Django) is also read as one configuration call whose options are its
// top-level assignments.

var pyKeywords = map[string]bool{"if": true, "elif": true, "while": true, "for": true, "def": true, "class": true, "return": true,
	"and": true, "or": true, "not": true, "in": true, "lambda": true, "with": true, "assert": true, "except": true, "print": false, "yield": true, "await": true}

func readPython(p string, src []byte) *fileFacts {
	f := newPyFile(p, src)
	t := f.Toks
	ff := &fileFacts{path: p, lang: "py", imports: map[string]string{}, raw: src}
	// modules: names bound to a module by import; aliases: imported
	// names bound under another name (the call is the original's).
	modules, aliases := map[string]bool{}, map[string]string{}
	// import a.b as c; from a.b import c as d, e
	for i := 0; i < len(t); i++ {
		if f.Starts[i] != i || t[i].Kind != lex.Ident {
			continue
		}
		switch t[i].Text {
		case "import":
			mod, j := pyDotted(t, i+1)
			name := mod
			if j+1 < len(t) && t[j].Text == "as" {
				name = t[j+1].Text
			}
			ff.imports[name] = mod
			modules[name] = true
		case "from":
			mod, j := pyDotted(t, i+1)
			if j >= len(t) || t[j].Text != "import" {
				continue
			}
			for j++; j < len(t) && f.Starts[j] == i; j++ {
				if t[j].Kind != lex.Ident || t[j].Text == "as" {
					continue
				}
				name := t[j].Text
				if j+2 < len(t) && t[j+1].Text == "as" {
					name = t[j+2].Text
					if t[j].Text != name {
						aliases[name] = t[j].Text // from flask_cors import CORS as Cors
					}
					j += 2
				}
				ff.imports[name] = mod
			}
		}
	}
	mainGuard := len(t)
	for i := 1; i < len(t); i++ {
		if t[i].Text == "__name__" && t[i-1].Text == "if" {
			mainGuard = i
			break
		}
	}
	r := &pyReader{pyFile: f, ff: ff}
	cond, dev := pyConditional(f, src)
	decorated := -1 // the def or class the pending decorators belong to
	for i := 0; i+1 < len(t); i++ {
		tk := t[i]
		if tk.Kind == lex.Punct && tk.Text == "@" && f.Starts[i] == i {
			// the decorated def: the next def/class statement
			decorated = -1
			for j := i + 1; j < len(t); j++ {
				if f.Starts[j] == j && (t[j].Text == "def" || t[j].Text == "class" || t[j].Text == "async") {
					decorated = j
					break
				}
			}
			// a decorator without a call: @ratelimit
			if i+1 < len(t) && t[i+1].Kind == lex.Ident {
				end := i + 1
				for end+2 < len(t) && t[end+1].Text == "." && t[end+2].Kind == lex.Ident {
					end += 2
				}
				if end+1 >= len(t) || t[end+1].Text != "(" {
					name, recv := calleeAt(t, end)
					ff.calls = append(ff.calls, &callFact{callee: name, name: t[end].Text, recv: recv, module: ff.imports[t[i+1].Text],
						decorator: true, line: tk.Line, tokLine: tk.Line, stmt: decorated})
				}
			}
			continue
		}
		if tk.Kind != lex.Ident || t[i+1].Text != "(" || pyKeywords[tk.Text] || i > 0 && (t[i-1].Text == "def" || t[i-1].Text == "class") {
			continue
		}
		c := &callFact{name: tk.Text, line: f.Line(i), tokLine: tk.Line, stmt: f.Starts[i], guarded: i > mainGuard || dev[i], dev: dev[i], inCond: cond[i]}
		c.callee, c.recv = calleeAt(t, i)
		root := c.callee
		if k := strings.IndexAny(root, ".("); k >= 0 {
			root = root[:k]
		}
		c.module = ff.imports[root]
		if o, ok := aliases[c.callee]; ok {
			c.name = o
		}
		c.modRecv = c.recv != "" && c.recv == root && modules[root]
		if s := f.Starts[i]; t[s].Text == "@" && s+1 < len(t) && t[s+1].Text == root {
			c.decorator, c.stmt, c.line = true, decorated, t[s].Line
		}
		c.kw = map[string]*value{}
		for _, a := range lex.Args(t, i+1) {
			if a.To-a.From >= 2 && t[a.From].Kind == lex.Ident && t[a.From+1].Text == "=" {
				kv := r.value(lex.Span{From: a.From + 2, To: a.To}, 0)
				kv.line = t[a.From].Line
				c.kw[t[a.From].Text] = kv
				continue
			}
			if t[a.From].Text == "*" || t[a.From].Text == "**" {
				// **mapping: the keys of a dict literal the file shows;
				// anything else may hold any keyword. (*args: skipped.)
				from := a.From + 1
				if t[a.From].Text == "*" && a.To-a.From >= 2 && t[a.From+1].Text == "*" {
					from = a.From + 2
				}
				if t[a.From].Text == "*" && from == a.From+1 {
					continue
				}
				if from < a.To {
					if mv := r.value(lex.Span{From: from, To: a.To}, 0); mv.kind == vObject {
						for k, fv := range mv.fields {
							if _, ok := c.kw[k]; !ok {
								c.kw[k] = fv
							}
						}
					} else {
						c.kwUnknown = true
					}
				}
				continue
			}
			c.args = append(c.args, r.value(a, 0))
		}
		ff.calls = append(ff.calls, c)
	}
	// top-level assignments: NAME = v, obj.attr = v, obj["key"] = v
	for i := 0; i < len(t); i++ {
		if f.Starts[i] != i || t[i].Kind != lex.Ident {
			continue
		}
		j := i
		target := t[i].Text
		for j+1 < len(t) && f.Starts[j+1] == i {
			switch {
			case t[j+1].Text == "." && j+2 < len(t) && t[j+2].Kind == lex.Ident:
				target += "." + t[j+2].Text
				j += 2
				continue
			case t[j+1].Text == "[" && j+3 < len(t) && t[j+3].Text == "]":
				target += "[" + t[j+2].Text + "]"
				j += 3
				continue
			}
			break
		}
		if j+2 < len(t) && t[j+1].Text == "=" && t[j+1].Kind == lex.Punct {
			end := j + 2
			for end < len(t) && f.Starts[end] == i {
				end++
			}
			v := r.value(lex.Span{From: j + 2, To: end}, 0)
			v.line = t[i].Line
			ff.assigns = append(ff.assigns, assignFact{target: target, val: v, line: t[i].Line, top: true, guarded: i > mainGuard || dev[i], dev: dev[i]})
			// obj["Name"] = v is also a call, the way headers are set:
			// response.headers["Access-Control-Allow-Origin"] = origin.
			if t[j].Text == "]" && j >= 2 && t[j-1].Kind == lex.String && t[j-2].Text == "[" {
				base := strings.TrimSuffix(target, "["+t[j-1].Text+"]")
				ff.calls = append(ff.calls, &callFact{callee: base + ".__setitem__", name: "__setitem__", recv: base,
					args: []*value{{kind: vString, text: t[j-1].Text, line: t[i].Line}, v}, line: t[i].Line, tokLine: t[i].Line,
					stmt: i, guarded: i > mainGuard || dev[i], dev: dev[i], inCond: cond[i]})
			}
		}
	}
	if isSettings(p) {
		opts := &value{kind: vObject, fields: map[string]*value{}, line: 1}
		for _, a := range ff.assigns {
			if !strings.ContainsAny(a.target, ".[") {
				opts.fields[a.target] = a.val
				opts.keys = append(opts.keys, a.target)
			}
		}
		ff.calls = append(ff.calls, &callFact{callee: "settings", name: "settings", config: true, line: 1, tokLine: 1, args: []*value{opts}})
	}
	return ff
}

type pyReader struct {
	*pyFile
	ff *fileFacts
}

// pyDotted reads a dotted module name from t[i]: a.b.c.
func pyDotted(t []lex.Token, i int) (string, int) {
	var b strings.Builder
	for i < len(t) && (t[i].Kind == lex.Ident || t[i].Text == ".") {
		if t[i].Text == "import" || t[i].Text == "as" {
			break
		}
		b.WriteString(t[i].Text)
		i++
		// a name continues only through a dot (import a.b, not the
		// next statement's first name)
		if t[i-1].Kind == lex.Ident && (i >= len(t) || t[i].Text != ".") {
			break
		}
	}
	return b.String(), i
}

// value reads a Python expression.
func (r *pyReader) value(sp lex.Span, depth int) *value {
	t := r.Toks
	v, ok := startValue(t, sp, &r.ff.nest)
	if !ok {
		return v
	}
	defer r.ff.nest.leave()
	first := t[sp.From]
	if sp.To-sp.From == 1 {
		switch first.Kind {
		case lex.String:
			v.kind, v.text = vString, first.Text
			return v
		case lex.Number:
			v.kind = vNumber
			return v
		case lex.Ident:
			if pyLiterals.set(v, first.Text) {
				return v
			}
			if c, ok := r.Consts[first.Text]; ok && depth < 4 {
				rv := *r.value(c, depth+1)
				rv.name = first.Text
				return &rv
			}
			v.kind, v.name, v.module = vExpr, first.Text, r.ff.imports[first.Text]
			return v
		}
	}
	if first.Kind == lex.Punct && lex.Closing(t, sp.From) == sp.To-1 {
		switch first.Text {
		case "[", "(":
			v.kind = vList
			for _, a := range lex.Args(t, sp.From) {
				v.items = append(v.items, r.value(a, depth))
			}
			return v
		case "{":
			v.kind, v.fields = vObject, map[string]*value{}
			for k, fs := range lex.Fields(t, sp.From) {
				v.fields[k] = r.value(fs, depth)
				v.keys = append(v.keys, k)
			}
			return v
		}
	}
	if first.Kind == lex.Ident {
		j := sp.From
		for j+2 < sp.To && t[j+1].Text == "." && t[j+2].Kind == lex.Ident {
			j += 2
		}
		if j+1 < sp.To && t[j+1].Text == "(" && lex.Closing(t, j+1) == sp.To-1 {
			v.kind = vCall
			v.text = strings.ReplaceAll(lex.Text(t, lex.Span{From: sp.From, To: j + 1}), " . ", ".")
			v.module = r.ff.imports[first.Text]
			for _, a := range lex.Args(t, j+1) {
				v.items = append(v.items, r.value(a, depth))
			}
		}
		v.name = first.Text
	}
	if v.kind == vUnknown {
		v.kind = vExpr
	}
	// read from the request: request.headers.get("Origin"), request.META["HTTP_ORIGIN"]
	lv := strings.ToLower(lex.Snippet(t, sp))
	v.request = strings.Contains(lv, "request") || strings.Contains(lv, "headers") || strings.Contains(lv, "environ") || strings.Contains(lv, "meta")
	v.origin = strings.Contains(lv, "origin")
	return v
}

// pyConditional reports, per token, whether its statement sits in an
// if/elif/else/try/except block (by indentation; the main guard does not
// count): an echoed Origin there is usually checked first.
func pyConditional(f *pyFile, src []byte) (out, dev []bool) {
	lines := strings.Split(string(src), "\n")
	indent := func(line int) int {
		if line < 1 || line > len(lines) {
			return 0
		}
		l := lines[line-1]
		return len(l) - len(strings.TrimLeft(l, " \t"))
	}
	t := f.Toks
	out, dev = make([]bool, len(t)), make([]bool, len(t))
	vars := devVars(t)
	type block struct {
		indent    int
		cond, dev bool
		body      int // first token after the condition's ':'
	}
	var stack []block
	for i := range t {
		if f.Starts[i] == i {
			ind := indent(t[i].Line)
			for len(stack) > 0 && ind <= stack[len(stack)-1].indent {
				stack = stack[:len(stack)-1]
			}
			switch t[i].Text {
			case "if", "elif", "else", "try", "except", "def", "class", "for", "while", "with":
				main := t[i].Text == "if" && i+1 < len(t) && t[i+1].Text == "__name__"
				c := !main && (t[i].Text == "if" || t[i].Text == "elif" || t[i].Text == "else" || t[i].Text == "try" || t[i].Text == "except")
				// the condition runs to the statement's ':'
				d, end := false, i+1
				if t[i].Text == "if" || t[i].Text == "elif" {
					for end < len(t) && f.Starts[end] == i && t[end].Text != ":" {
						end++
					}
					d = devCondition(t, lex.Span{From: i + 1, To: end}, vars)
				}
				stack = append(stack, block{ind, c, d, end + 1})
			}
		}
		for _, b := range stack {
			if b.cond {
				out[i] = true
			}
			if b.dev && i >= b.body {
				dev[i] = true
			}
		}
	}
	return out, dev
}
