package wiring

import (
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"
)

// The Ruby reader: tokens (package lex, Python-like lexing: # comments,
// statements end at line breaks outside brackets) to facts. It knows
// Ruby's call syntax without parentheses (set :sessions, httponly: false),
// symbols (:name), hashes ({k: v}, "k" => v, and trailing pairs as a hash
// argument), blocks ({ |o| true }, do ... end), requires, assignments and
// subscript assignments (cookies[:remember] = {...}, as a __setitem__ call
// whose keyword arguments are the hash's).

// rbKeywords start statements that are not calls.
var rbKeywords = map[string]bool{"if": true, "unless": true, "elsif": true, "else": true, "while": true, "until": true, "end": true, "def": true,
	"class": true, "module": true, "return": true, "begin": true, "rescue": true, "ensure": true, "case": true, "when": true, "yield": true,
	"do": true, "then": true, "not": true, "and": true, "or": true, "in": true, "super": true, "raise": true, "next": true, "break": true}

type rbReader struct {
	lex.Source
	ff *fileFacts
}

// readRuby extracts one Ruby file's facts.
func readRuby(p string, src []byte) *fileFacts {
	r := &rbReader{Source: lex.NewSource(p, src, lex.Rb)}
	ff := &fileFacts{path: p, lang: "rb", imports: map[string]string{}, raw: src}
	r.ff = ff
	t := r.Toks
	// blocks: def/class/module/if/unless/begin/case/while and "do" openers
	// close at "end"; a block whose opener mentions development or test
	// guards what it holds.
	type block struct {
		dev   bool
		scope int
	}
	var stack []block
	nextScope := 0
	for i := 0; i < len(t); i++ {
		if r.Starts[i] != i {
			continue
		}
		end := i
		for end < len(t) && r.Starts[end] == i {
			end++
		}
		guarded, scope := false, 0
		for _, b := range stack {
			guarded = guarded || b.dev
		}
		if len(stack) > 0 {
			scope = stack[len(stack)-1].scope
		}
		text := strings.ToLower(lex.Text(t, lex.Span{From: i, To: end}))
		opens := rbOpens(t, i, end)
		if t[i].Text == "end" && len(stack) > 0 {
			stack = stack[:len(stack)-1]
		}
		if t[i].Text == "require" && i+1 < end && t[i+1].Kind == lex.String {
			ff.imports[t[i+1].Text] = t[i+1].Text
		}
		r.statement(i, end, guarded, scope)
		if opens {
			nextScope++
			dev := strings.Contains(text, "development") || strings.Contains(text, ":test") || strings.Contains(text, "env.test")
			stack = append(stack, block{dev: dev, scope: nextScope})
		}
	}
	ff.commented = commentLines(src, "#")
	return ff
}

// rbOpens reports a statement that opens a block closed by "end".
func rbOpens(t []lex.Token, i, end int) bool {
	switch t[i].Text {
	case "def", "class", "module", "if", "unless", "begin", "case", "while", "until":
		return true
	}
	for j := i; j < end; j++ {
		if t[j].Text == "do" && t[j].Kind == lex.Ident {
			return true
		}
	}
	return false
}

// statement reads one statement [i, end): an assignment, a subscript
// assignment, or calls.
func (r *rbReader) statement(i, end int, guarded bool, scope int) {
	t := r.Toks
	// target = value, target[key] = value
	j := i
	if t[j].Kind == lex.Ident && !rbKeywords[t[j].Text] {
		for j+2 < end && t[j+1].Text == "." && t[j+2].Kind == lex.Ident {
			j += 2
		}
		var key *value
		base := strings.ReplaceAll(lex.Text(t, lex.Span{From: i, To: j + 1}), " . ", ".")
		k := j + 1
		if k < end && t[k].Text == "[" && t[k].Match > k && t[k].Match < end {
			key = r.value(lex.Span{From: k + 1, To: t[k].Match})
			k = t[k].Match + 1
		}
		if k < end && t[k].Text == "=" && t[k].Kind == lex.Punct && (k+1 >= end || t[k+1].Text != "=" && t[k+1].Text != ">") {
			val := r.value(lex.Span{From: k + 1, To: end})
			if key != nil {
				name, _ := key.str()
				c := &callFact{callee: base + ".__setitem__", name: "__setitem__", recv: base, line: t[i].Line, tokLine: t[i].Line, stmt: i,
					args: []*value{key, val}, kw: map[string]*value{}, guarded: guarded, dev: guarded, scope: scope}
				if val.kind == vObject {
					for fk, fv := range val.fields {
						c.kw[fk] = fv
					}
				}
				r.ff.calls = append(r.ff.calls, c)
				r.ff.assigns = append(r.ff.assigns, assignFact{target: base + "[" + name + "]", val: val, line: t[i].Line, top: true, guarded: guarded, dev: guarded, scope: scope})
			} else {
				r.ff.assigns = append(r.ff.assigns, assignFact{target: base, val: val, line: t[i].Line, top: true, guarded: guarded, dev: guarded, scope: scope})
			}
			r.calls(k+1, end, guarded, scope)
			return
		}
	}
	// a call without parentheses at the statement's start: set :x, true
	if t[i].Kind == lex.Ident && !rbKeywords[t[i].Text] {
		j := i
		for j+2 < end && t[j+1].Text == "." && t[j+2].Kind == lex.Ident {
			j += 2
		}
		if j+1 < end && t[j+1].Text != "(" && t[j+1].Text != "." && t[j+1].Text != "=" && t[j+1].Text != "[" && rbStartsArg(t[j+1]) {
			c := r.call(i, j, j+1, end, false, guarded, scope)
			r.ff.calls = append(r.ff.calls, c)
			r.calls(j+1, end, guarded, scope)
			return
		}
	}
	r.calls(i, end, guarded, scope)
}

// rbStartsArg reports a token that can start a paren-less call's first
// argument.
func rbStartsArg(tk lex.Token) bool {
	switch tk.Kind {
	case lex.String, lex.Number, lex.Ident:
		return tk.Text != "do" && tk.Text != "if" && tk.Text != "unless" && tk.Text != "and" && tk.Text != "or" && tk.Text != "then"
	}
	return tk.Text == ":" || tk.Text == "{" || tk.Text == "[" || tk.Text == "/"
}

// calls reads the parenthesized calls in [from, end).
func (r *rbReader) calls(from, end int, guarded bool, scope int) {
	t := r.Toks
	for i := from; i+1 < end; i++ {
		if t[i].Kind != lex.Ident || t[i+1].Text != "(" || rbKeywords[t[i].Text] || i > 0 && t[i-1].Text == "def" {
			continue
		}
		j := i
		for j >= 2 && t[j-1].Text == "." && t[j-2].Kind == lex.Ident {
			j -= 2
		}
		close := lex.Closing(t, i+1)
		c := r.call(j, i, i+2, min(close, end), true, guarded, scope)
		// a block after the call: origins(...) { |o| true }
		r.ff.calls = append(r.ff.calls, c)
	}
}

// call makes the call whose callee spans [from, name] and whose arguments
// are [args, end) (without the closing parenthesis when paren).
func (r *rbReader) call(from, name, args, end int, paren bool, guarded bool, scope int) *callFact {
	t := r.Toks
	callee := strings.ReplaceAll(lex.Text(t, lex.Span{From: from, To: name + 1}), " . ", ".")
	recv := ""
	if k := strings.LastIndex(callee, "."); k >= 0 {
		recv = callee[:k]
	}
	c := &callFact{callee: callee, name: t[name].Text, recv: recv, line: t[r.Starts[from]].Line, tokLine: t[name].Line, stmt: r.Starts[from],
		kw: map[string]*value{}, guarded: guarded, dev: guarded, scope: scope}
	if from > 0 && t[from-1].Line < t[from].Line || r.Starts[from] == from {
		c.line = t[from].Line
	}
	// a trailing block: { |x| ... } or do |x| ... (its body is on later lines)
	stop := end
	for k := args; k < end; k++ {
		if t[k].Text == "do" && t[k].Kind == lex.Ident {
			stop = k
			break
		}
		if t[k].Match > k {
			k = t[k].Match
		}
	}
	hash := &value{kind: vObject, fields: map[string]*value{}, line: c.line}
	for _, a := range rbSplit(t, args, stop) {
		switch {
		case a.To-a.From >= 3 && (t[a.From].Kind == lex.Ident || t[a.From].Kind == lex.String) && t[a.From+1].Text == ":" && !(a.From > 0 && t[a.From-1].Text == ":"):
			v := r.value(lex.Span{From: a.From + 2, To: a.To})
			v.line = t[a.From].Line
			c.kw[t[a.From].Text], hash.fields[t[a.From].Text] = v, v
			hash.keys = append(hash.keys, t[a.From].Text)
		case a.To-a.From >= 3 && rbRocket(t, a) > 0:
			k := rbRocket(t, a)
			kv := r.value(lex.Span{From: a.From, To: k})
			name, _ := kv.str()
			v := r.value(lex.Span{From: k + 1, To: a.To})
			v.line = t[a.From].Line
			c.kw[name], hash.fields[name] = v, v
			hash.keys = append(hash.keys, name)
		default:
			c.args = append(c.args, r.value(a))
		}
	}
	if len(hash.keys) > 0 {
		c.args = append(c.args, hash) // trailing pairs are one hash argument
	}
	return c
}

// rbRocket is the index of a top-level => in the span, or 0.
func rbRocket(t []lex.Token, a lex.Span) int {
	for k := a.From + 1; k < a.To; k++ {
		if t[k].Text == "=>" {
			return k
		}
		if t[k].Match > k {
			k = t[k].Match
		}
	}
	return 0
}

// rbSplit splits [from, end) at top-level commas.
func rbSplit(t []lex.Token, from, end int) []lex.Span {
	var out []lex.Span
	start := from
	for k := from; k < end; k++ {
		if t[k].Match > k {
			k = min(t[k].Match, end-1)
			continue
		}
		if t[k].Text == "," {
			if k > start {
				out = append(out, lex.Span{From: start, To: k})
			}
			start = k + 1
		}
	}
	if start < end {
		out = append(out, lex.Span{From: start, To: end})
	}
	return out
}

// value reads a Ruby expression.
func (r *rbReader) value(sp lex.Span) *value {
	t := r.Toks
	v, ok := startValue(t, sp, &r.ff.nest)
	if !ok {
		return v
	}
	defer r.ff.nest.leave()
	sp.To = min(sp.To, len(t))
	first := t[sp.From]
	// :symbol
	if first.Text == ":" && sp.To-sp.From == 2 && t[sp.From+1].Kind == lex.Ident {
		v.kind, v.text = vString, t[sp.From+1].Text
		return v
	}
	if sp.To-sp.From == 1 {
		switch first.Kind {
		case lex.String:
			v.kind, v.text = vString, first.Text
			return v
		case lex.Number:
			v.kind = vNumber
			return v
		case lex.Ident:
			if rbLiterals.set(v, first.Text) {
				return v
			}
			v.kind, v.name = vExpr, first.Text
			return v
		}
	}
	if first.Kind == lex.Punct && lex.Closing(t, sp.From) == sp.To-1 {
		switch first.Text {
		case "[":
			v.kind = vList
			for _, a := range lex.Args(t, sp.From) {
				v.items = append(v.items, r.value(a))
			}
			return v
		case "{":
			// a block { |x| true } or a hash
			if sp.From+1 < sp.To && t[sp.From+1].Text == "|" {
				body := sp.From + 2
				for body < sp.To && t[body].Text != "|" {
					body++
				}
				fn := &value{kind: vFunc, text: "block", line: first.Line}
				fn.allowsAll = body+2 == sp.To-1 && t[body+1].Text == "true"
				return fn
			}
			v.kind, v.fields = vObject, map[string]*value{}
			for _, a := range lex.Args(t, sp.From) {
				switch {
				case a.To-a.From >= 3 && (t[a.From].Kind == lex.Ident || t[a.From].Kind == lex.String) && t[a.From+1].Text == ":":
					fv := r.value(lex.Span{From: a.From + 2, To: a.To})
					fv.line = t[a.From].Line
					v.fields[t[a.From].Text] = fv
					v.keys = append(v.keys, t[a.From].Text)
				case rbRocket(t, a) > 0:
					k := rbRocket(t, a)
					kv := r.value(lex.Span{From: a.From, To: k})
					name, _ := kv.str()
					fv := r.value(lex.Span{From: k + 1, To: a.To})
					fv.line = t[a.From].Line
					v.fields[name] = fv
					v.keys = append(v.keys, name)
				}
			}
			return v
		}
	}
	v.kind = vExpr
	if first.Kind == lex.Ident {
		v.name = first.Text
	}
	lv := strings.ToLower(v.text)
	v.request = strings.Contains(lv, "request") || strings.Contains(lv, "headers") || strings.Contains(lv, "env")
	v.origin = strings.Contains(lv, "origin")
	return v
}
