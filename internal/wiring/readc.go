package wiring

import (
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"
)

// The reader of Java, Kotlin, Scala, C# and PHP source (package lex, C
// syntax): calls with their arguments (named arguments `k = v` and PHP
// arrays `['k' => v]` as objects), `new T(...)` (name T, newExpr), method
// chains (each call knows the calls chained after it), annotations
// (@CrossOrigin(...)) and assignments (cookie.Secure = false).

var cKeywords = map[string]bool{"if": true, "for": true, "foreach": true, "while": true, "switch": true, "catch": true, "return": true,
	"synchronized": true, "using": true, "lock": true, "typeof": true, "sizeof": true, "nameof": true, "function": true, "fn": true,
	"array": false, "isset": true, "empty": true, "elseif": true, "when": true}

func readC(p, lang string, src []byte) *fileFacts {
	toks := lex.Lex(src, lex.C)
	starts := lex.StmtStarts(toks, lex.C)
	ff := &fileFacts{path: p, lang: lang, imports: map[string]string{}, raw: src}
	r := &cReader{toks: toks, ff: ff, consts: map[string]lex.Span{}}
	t := toks
	// imports: Java/Kotlin `import a.b.C;`, C# `using A.B;`, PHP `use A\B;`
	for i := 0; i+1 < len(t); i++ {
		if starts[i] == i && (t[i].Text == "import" || t[i].Text == "using" || t[i].Text == "use") {
			var b strings.Builder
			j := i + 1
			for ; j < len(t) && starts[j] == i && t[j].Text != ";"; j++ {
				b.WriteString(t[j].Text)
			}
			mod := b.String()
			name := mod
			if k := strings.LastIndexAny(mod, `.\`); k >= 0 {
				name = mod[k+1:]
			}
			ff.imports[name] = mod
		}
	}
	// simple constants: NAME = literal; (final String X = "..."; $x = '...';)
	for i := 1; i+2 < len(t); i++ {
		if t[i].Kind == lex.Ident && t[i+1].Text == "=" && t[i+1].Kind == lex.Punct && (t[i+2].Kind == lex.String || t[i+2].Kind == lex.Number ||
			t[i+2].Text == "true" || t[i+2].Text == "false") && i+3 < len(t) && (t[i+3].Text == ";" || t[i+3].Text == ",") {
			if _, dup := r.consts[t[i].Text]; dup {
				r.consts[t[i].Text] = lex.Span{} // assigned twice: not a constant
				continue
			}
			r.consts[t[i].Text] = lex.Span{From: i + 2, To: i + 3}
		}
	}
	for i := 0; i+1 < len(t); i++ {
		tk := t[i]
		// assignments: target = value;
		if starts[i] == i && tk.Kind == lex.Ident {
			j := i
			for j+2 < len(t) && t[j+1].Text == "." && t[j+2].Kind == lex.Ident {
				j += 2
			}
			if j+2 < len(t) && t[j+1].Text == "=" && t[j+1].Kind == lex.Punct {
				end := j + 2
				for end < len(t) && starts[end] == i && t[end].Text != ";" {
					if t[end].Match > end {
						end = t[end].Match
					}
					end++
				}
				target := strings.ReplaceAll(lex.Text(t, lex.Span{From: i, To: j + 1}), " . ", ".")
				ff.assigns = append(ff.assigns, assignFact{target: target, val: r.value(lex.Span{From: j + 2, To: min(end, len(t))}, 0), line: tk.Line})
			}
		}
		if tk.Kind != lex.Ident || t[i+1].Text != "(" || cKeywords[tk.Text] {
			continue
		}
		c := &callFact{name: tk.Text, line: t[starts[i]].Line, tokLine: tk.Line, stmt: starts[i]}
		c.callee, c.recv = calleeAt(t, i)
		if k := strings.LastIndex(c.callee, "->"); k >= 0 {
			c.callee = c.callee[k+2:]
		}
		root := c.callee
		if k := strings.IndexAny(root, ".("); k >= 0 {
			root = root[:k]
		}
		c.module = ff.imports[root]
		if i > 0 && t[i-1].Text == "new" {
			c.newExpr = true
		}
		if i > 0 && t[i-1].Text == "@" {
			c.decorator = true
		}
		// PHP: $response->cookie(...): the receiver is before "->"
		if i >= 3 && t[i-1].Text == ">" && t[i-2].Text == "-" {
			c.recv = t[i-3].Text
			c.callee = c.recv + "." + c.name
		}
		c.kw = map[string]*value{}
		for _, a := range lex.Args(t, i+1) {
			if a.To-a.From >= 3 && t[a.From].Kind == lex.Ident && (t[a.From+1].Text == "=" || t[a.From+1].Text == ":") {
				v := r.value(lex.Span{From: a.From + 2, To: a.To}, 0)
				v.line = t[a.From].Line
				c.kw[t[a.From].Text] = v
				continue
			}
			c.args = append(c.args, r.value(a, 0))
		}
		// the calls chained on this one: .secure(true).httpOnly(true)
		for j := lex.Closing(t, i+1) + 1; j+2 < len(t) && (t[j].Text == "." || t[j].Text == "?"); {
			if t[j].Text == "?" {
				j++
				continue
			}
			if t[j+1].Kind != lex.Ident || t[j+2].Text != "(" {
				break
			}
			c.tail = append(c.tail, t[j+1].Text)
			j = lex.Closing(t, j+2) + 1
		}
		// Type name = new T(...); var name = T.from(...)
		if s := starts[i]; s < i {
			for k := i - 1; k > s; k-- {
				if t[k].Text == "=" && t[k].Kind == lex.Punct && t[k-1].Kind == lex.Ident {
					c.assigned = t[k-1].Text
					break
				}
			}
		}
		c.logs = func() bool { return false }
		ff.calls = append(ff.calls, c)
	}
	return ff
}

type cReader struct {
	toks   []lex.Token
	ff     *fileFacts
	consts map[string]lex.Span
}

// value reads an expression of the C-syntax languages.
func (r *cReader) value(sp lex.Span, depth int) *value {
	t := r.toks
	if sp.To <= sp.From || sp.From >= len(t) {
		return &value{kind: vUnknown}
	}
	first := t[sp.From]
	v := &value{line: first.Line, text: lex.Text(t, sp)}
	if sp.To-sp.From == 1 {
		switch first.Kind {
		case lex.String:
			v.kind, v.text = vString, first.Text
			return v
		case lex.Number:
			v.kind = vNumber
			return v
		case lex.Ident:
			switch strings.ToLower(first.Text) {
			case "true":
				v.kind = vTrue
				return v
			case "false":
				v.kind = vFalse
				return v
			case "null", "nil":
				v.kind = vNull
				return v
			}
			if c, ok := r.consts[first.Text]; ok && c.To > c.From && depth < 4 {
				rv := *r.value(c, depth+1)
				rv.name = first.Text
				return &rv
			}
			v.kind, v.name = vExpr, first.Text
			return v
		}
	}
	// PHP arrays and initializers: ['k' => v, ...], array('k' => v), {k = v}
	open := sp.From
	if first.Text == "array" && sp.To-sp.From > 1 && t[sp.From+1].Text == "(" {
		open = sp.From + 1
	}
	if (t[open].Text == "[" || t[open].Text == "(" && open > sp.From || t[open].Text == "{") && lex.Closing(t, open) == sp.To-1 {
		items := lex.Args(t, open)
		obj := &value{kind: vObject, fields: map[string]*value{}, line: first.Line, text: v.text}
		list := &value{kind: vList, line: first.Line, text: v.text}
		for _, a := range items {
			if a.To-a.From >= 3 && (t[a.From].Kind == lex.String || t[a.From].Kind == lex.Ident) &&
				(t[a.From+1].Text == "=>" || t[a.From+1].Text == "=" || t[a.From+1].Text == ":") {
				fv := r.value(lex.Span{From: a.From + 2, To: a.To}, depth)
				fv.line = t[a.From].Line
				obj.fields[t[a.From].Text] = fv
				obj.keys = append(obj.keys, t[a.From].Text)
				continue
			}
			list.items = append(list.items, r.value(a, depth))
		}
		if len(obj.fields) > 0 {
			return obj
		}
		return list
	}
	if first.Kind == lex.Ident {
		v.name = first.Text
		j := sp.From
		for j+2 < sp.To && t[j+1].Text == "." && t[j+2].Kind == lex.Ident {
			j += 2
		}
		if j+1 < sp.To && t[j+1].Text == "(" && lex.Closing(t, j+1) == sp.To-1 {
			v.kind = vCall
			v.text = strings.ReplaceAll(lex.Text(t, lex.Span{From: sp.From, To: j + 1}), " . ", ".")
			for _, a := range lex.Args(t, j+1) {
				v.items = append(v.items, r.value(a, depth))
			}
			return v
		}
	}
	v.kind = vExpr
	lv := strings.ToLower(v.text)
	v.origin = strings.Contains(lv, "origin")
	v.request = strings.Contains(lv, "request") || strings.Contains(lv, "header")
	return v
}
