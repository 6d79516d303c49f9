package wiring

import (
	"regexp"
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
	syntax := lex.C
	if lang == "kt" || lang == "scala" {
		// Kotlin and Scala: line breaks end statements; they share the
		// JVM libraries' tables.
		syntax, lang = lex.CLine, "java"
	}
	toks := lex.Lex(src, syntax)
	starts := lex.StmtStarts(toks, syntax)
	// PHP: the <?php open tag is not part of the first statement
	if len(toks) > 3 && toks[0].Text == "<" && toks[1].Text == "?" && toks[2].Text == "php" {
		for j := 3; j < len(toks) && starts[j] == 0; j++ {
			starts[j] = 3
		}
	}
	// A braceless body is its own statement: `if (isDev)
	// app.UseDeveloperExceptionPage();` gives the call its own line.
	for i := 0; i+1 < len(toks); i++ {
		body := -1
		switch {
		case (toks[i].Text == "if" || toks[i].Text == "while") && toks[i+1].Text == "(":
			if end := lex.Closing(toks, i+1); end+1 < len(toks) && toks[end+1].Text != "{" {
				body = end + 1
			}
		case toks[i].Text == "else" && toks[i+1].Text != "{" && toks[i+1].Text != "if":
			body = i + 1
		}
		if body < 0 {
			continue
		}
		for j, st := body, starts[body]; j < len(toks) && starts[j] == st && st < body; j++ {
			starts[j] = body
		}
	}
	ff := &fileFacts{path: p, lang: lang, imports: map[string]string{}, raw: src}
	guarded, inCond := cBlocks(toks)
	callAt := map[int]*callFact{} // "(" token index -> its call
	scope := make([]int, len(toks))
	ff.blocks = map[int]int{}
	{
		var open []int
		for i, tk := range toks {
			for len(open) > 0 && i > toks[open[len(open)-1]].Match {
				open = open[:len(open)-1]
			}
			if len(open) > 0 {
				scope[i] = open[len(open)-1] + 1
			}
			if tk.Kind == lex.Punct && tk.Text == "{" && tk.Match > i {
				open = append(open, i)
				ff.blocks[i+1] = tk.Match
			}
		}
	}
	r := &cReader{toks: toks, ff: ff, consts: map[string]lex.Span{}, origins: map[string]bool{}}
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
	// @RequestHeader("Origin") String origin, @RequestHeader(value =
	// "Origin") String origin, @RequestHeader(HttpHeaders.ORIGIN) ...
	for i := 0; i+3 < len(t); i++ {
		if t[i].Text != "@" || t[i+1].Text != "RequestHeader" || t[i+2].Text != "(" {
			continue
		}
		end := lex.Closing(t, i+2)
		if end < 0 || end+2 >= len(t) || !strings.Contains(strings.ToLower(lex.Text(t, lex.Span{From: i + 3, To: end})), "origin") {
			continue
		}
		// skip further annotations and the type (generic or array)
		j := end + 1
		for j+1 < len(t) && t[j].Kind == lex.Ident && t[j+1].Kind == lex.Ident {
			j++
		}
		if t[j].Kind == lex.Ident && (j+1 >= len(t) || t[j+1].Text == "," || t[j+1].Text == ")" || t[j+1].Text == ":") {
			r.origins[t[j].Text] = true
		}
	}
	// request reads kept in a variable: String origin =
	// request.getHeader("Origin"); $origin = $_SERVER['HTTP_ORIGIN'] ?? '';
	for i := 1; i+2 < len(t); i++ {
		if t[i].Kind != lex.Ident || t[i+1].Text != "=" || t[i+1].Kind != lex.Punct {
			continue
		}
		end := i + 2
		for end < len(t) && t[end].Text != ";" && t[end].Text != "{" && t[end].Text != "}" {
			if t[end].Match > end && t[end].Text == "(" {
				end = t[end].Match
			}
			end++
		}
		lv := strings.ToLower(lex.Text(t, lex.Span{From: i + 2, To: end}))
		if !strings.Contains(lv, "origin") || !(strings.Contains(lv, "getheader") || strings.Contains(lv, "_server") || strings.Contains(lv, "headers")) {
			continue
		}
		if _, dup := r.consts[t[i].Text]; dup {
			r.consts[t[i].Text] = lex.Span{}
			continue
		}
		r.consts[t[i].Text] = lex.Span{From: i + 2, To: end}
	}
	for i := 0; i+1 < len(t); i++ {
		tk := t[i]
		// declarations: Type name = value; var|val name = value
		if starts[i] == i && tk.Kind == lex.Ident && i+2 < len(t) && t[i+1].Kind == lex.Ident && t[i+2].Text == "=" && t[i+2].Kind == lex.Punct {
			end := i + 3
			for end < len(t) && starts[end] == i && t[end].Text != ";" {
				if t[end].Match > end {
					end = t[end].Match
				}
				end++
			}
			ff.assigns = append(ff.assigns, assignFact{target: t[i+1].Text, val: r.value(lex.Span{From: i + 3, To: min(end, len(t))}, 0), line: tk.Line, declared: true, dev: guarded[i]})
		}
		// subscript assignments: Response.Headers["Name"] = value, as a
		// call (the way headers are set)
		if starts[i] == i && tk.Kind == lex.Ident {
			j := i
			for j+2 < len(t) && t[j+1].Text == "." && t[j+2].Kind == lex.Ident {
				j += 2
			}
			if j+4 < len(t) && t[j+1].Text == "[" && t[j+2].Kind == lex.String && t[j+3].Text == "]" && t[j+4].Text == "=" && t[j+4].Kind == lex.Punct {
				end := j + 5
				for end < len(t) && starts[end] == i && t[end].Text != ";" {
					if t[end].Match > end {
						end = t[end].Match
					}
					end++
				}
				base := strings.ReplaceAll(lex.Text(t, lex.Span{From: i, To: j + 1}), " . ", ".")
				ff.calls = append(ff.calls, &callFact{callee: base + ".__setitem__", name: "__setitem__", recv: base, line: tk.Line, tokLine: tk.Line, stmt: i,
					args:    []*value{{kind: vString, text: t[j+2].Text, line: tk.Line}, r.value(lex.Span{From: j + 5, To: min(end, len(t))}, 0)},
					guarded: guarded[i], dev: guarded[i], inCond: inCond[i], scope: scope[i], kw: map[string]*value{}})
			}
		}
		// bare annotations: @CrossOrigin, @RestController
		if tk.Text == "@" && tk.Kind == lex.Punct && i+1 < len(t) && t[i+1].Kind == lex.Ident && (i+2 >= len(t) || t[i+2].Text != "(" && t[i+2].Text != ".") {
			ff.calls = append(ff.calls, &callFact{callee: t[i+1].Text, name: t[i+1].Text, decorator: true, line: tk.Line, tokLine: tk.Line, stmt: starts[i], kw: map[string]*value{}})
		}
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
				ff.assigns = append(ff.assigns, assignFact{target: target, val: r.value(lex.Span{From: j + 2, To: min(end, len(t))}, 0), line: tk.Line, dev: guarded[i]})
			}
		}
		open := i + 1
		if syntax == lex.CLine && tk.Kind == lex.Ident && t[i+1].Text == "<" {
			// Kotlin/Scala type arguments: cookie<UserSession>("name")
			k := i + 2
			for k < len(t) && k < i+16 && (t[k].Kind == lex.Ident || t[k].Text == "." || t[k].Text == "," || t[k].Text == "?") {
				k++
			}
			if k+1 < len(t) && k > i+2 && t[k].Text == ">" && t[k+1].Text == "(" {
				open = k + 1
			}
		}
		if tk.Kind != lex.Ident || t[open].Text != "(" || cKeywords[tk.Text] {
			continue
		}
		c := &callFact{name: tk.Text, line: t[starts[i]].Line, tokLine: tk.Line, stmt: starts[i], guarded: guarded[i], dev: guarded[i], inCond: inCond[i], scope: scope[i]}
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
		// @Ann(...), PHP #[Route(...)], C# [HttpPost("login")]
		if i > 0 && t[i-1].Text == "@" || i > 1 && t[i-1].Text == "[" && t[i-2].Text == "#" ||
			lang == "cs" && i > 0 && t[i-1].Text == "[" && (i < 2 || t[i-2].Kind == lex.Punct && t[i-2].Text != ")" && t[i-2].Text != "]" || starts[i-1] == i-1) && t[i-1].Match > i && t[t[i-1].Match-1].Text == ")" {
			c.decorator = true
			c.line = t[i-1].Line
		}
		// a chained call on a line of its own: report it there
		//   return response('ok')
		//       ->cookie('remember_token', ...)
		if k := i - 1; k > 0 && (t[k].Text == "." || t[k].Text == ">" && t[k-1].Text == "-") {
			if t[k].Text == ">" {
				k--
			}
			if k > 0 && t[k-1].Line < t[k].Line {
				c.line = t[k].Line
			}
		}
		// PHP static calls: Cookie::queue(...)
		if i >= 3 && t[i-1].Text == ":" && t[i-2].Text == ":" && t[i-3].Kind == lex.Ident {
			c.recv = t[i-3].Text
			c.callee = c.recv + "." + c.name
		}
		// PHP: $response->cookie(...): the receiver is before "->"; a
		// chain's calls share its root: Cookie::create('jwt')->withHttpOnly(false)
		if i >= 3 && t[i-1].Text == ">" && t[i-2].Text == "-" {
			c.recv = t[i-3].Text
			c.callee = c.recv + "." + c.name
			if t[i-3].Text == ")" {
				c.callee = phpChainRoot(t, i-3) + "." + c.name
			}
		}
		c.kw = map[string]*value{}
		for _, a := range lex.Args(t, open) {
			// Scala pairs: "Access-Control-Allow-Origin" -> "*"
			if a.To-a.From >= 4 && t[a.From].Kind == lex.String && t[a.From+1].Text == "-" && t[a.From+2].Text == ">" {
				v := r.value(lex.Span{From: a.From + 3, To: a.To}, 0)
				v.line = t[a.From].Line
				c.kw[t[a.From].Text] = v
				continue
			}
			if a.To-a.From >= 3 && t[a.From].Kind == lex.Ident && (t[a.From+1].Text == "=" || t[a.From+1].Text == ":") {
				v := r.value(lex.Span{From: a.From + 2, To: a.To}, 0)
				v.line = t[a.From].Line
				c.kw[t[a.From].Text] = v
				continue
			}
			c.args = append(c.args, r.value(a, 0))
		}
		// Kotlin trailing lambda: install(CORS) { anyHost(); allowCredentials
		// = true }: its statements' calls and assignments are keyword
		// options of the call (a call without arguments reads as true)
		if cl := lex.Closing(t, open); syntax == lex.CLine && cl > 0 && cl+1 < len(t) && t[cl+1].Text == "{" && t[cl+1].Match > cl+1 {
			r.trailing(c, cl+1, starts)
		}
		// the calls chained on this one: .secure(true).httpOnly(true)
		for j := lex.Closing(t, open) + 1; j+2 < len(t) && (t[j].Text == "." || t[j].Text == "?"); {
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
		callAt[open] = c
	}
	cChains(ff)
	cParents(t, ff.calls, callAt)
	if lang == "php" {
		phpIni(ff)
	}
	return ff
}

// trailing reads the block a Kotlin call ends with (t[open] is its "{")
// as keyword options: name(args) gives name = the first argument (true
// without one), a.b = v gives "a.b" = v; nested blocks are their calls'.
func (r *cReader) trailing(c *callFact, open int, starts []int) {
	t := r.toks
	end := t[open].Match
	for j := open + 1; j < end; j++ {
		if t[j].Match > j && t[j].Text == "{" {
			j = t[j].Match
			continue
		}
		if starts[j] != j || t[j].Kind != lex.Ident {
			continue
		}
		k := j
		for k+2 < end && t[k+1].Text == "." && t[k+2].Kind == lex.Ident {
			k += 2
		}
		name := strings.ReplaceAll(lex.Text(t, lex.Span{From: j, To: k + 1}), " . ", ".")
		if _, seen := c.kw[name]; seen || k+1 >= end {
			continue
		}
		switch {
		case t[k+1].Text == "(" && t[k+1].Match > k+1:
			args := lex.Args(t, k+1)
			v := &value{kind: vTrue, text: "true", line: t[j].Line}
			if len(args) > 0 {
				v = r.value(args[0], 0)
				if len(args) > 1 { // allowHost("a.com", schemes = ...): the host
					v.line = t[j].Line
				}
			}
			v.line = t[j].Line
			c.kw[name] = v
		case t[k+1].Text == "=" && t[k+1].Kind == lex.Punct:
			e := k + 2
			for e < end && starts[e] == j {
				if t[e].Match > e {
					e = t[e].Match
				}
				e++
			}
			v := r.value(lex.Span{From: k + 2, To: min(e, end)}, 0)
			v.line = t[j].Line
			c.kw[name] = v
		}
	}
}

// cChains gives each call the object of its whole method chain: the calls
// of one statement whose callee has the same root.
func cChains(ff *fileFacts) {
	type key struct {
		stmt int
		root string
	}
	chains := map[key]*value{}
	rootOf := func(c *callFact) string {
		r := c.callee
		if k := strings.IndexAny(r, ".("); k >= 0 {
			r = r[:k]
		}
		return r
	}
	for _, c := range ff.calls {
		if c.decorator || c.config {
			continue
		}
		k := key{c.stmt, rootOf(c)}
		ch := chains[k]
		if ch == nil {
			ch = &value{kind: vObject, fields: map[string]*value{}, line: c.line}
			chains[k] = ch
		}
		a := c.arg(0)
		// an option is reported at its own line (.secure(false) on a line
		// of its own, or its argument's), not the chain's first line
		if a == nil {
			a = &value{kind: vTrue, text: "true", line: c.tokLine}
		} else if a.line == 0 {
			cp := *a
			cp.line = c.tokLine
			a = &cp
		}
		if _, ok := ch.fields[c.name]; !ok {
			ch.fields[c.name] = a
			ch.keys = append(ch.keys, c.name)
		}
		c.chain = ch
	}
}

// phpIni reads ini_set('key', value) calls as one configuration call,
// "ini", with PHP's boolean spellings ("1", "On", 0) as booleans.
func phpIni(ff *fileFacts) {
	fields := map[string]*value{}
	var keys []string
	for _, c := range ff.calls {
		if c.name != "ini_set" || c.recv != "" || len(c.args) < 2 {
			continue
		}
		k, ok := c.args[0].str()
		if !ok {
			continue
		}
		v := *c.args[1]
		v.line = c.line
		switch strings.ToLower(v.text) {
		case "1", "on", "true", "yes":
			v.kind = vTrue
		case "0", "off", "false", "no", "":
			v.kind = vFalse
		}
		fields[k] = &v
		keys = append(keys, k)
	}
	if len(fields) > 0 {
		ff.calls = append(ff.calls, &callFact{callee: "ini", name: "ini", config: true, line: 1, tokLine: 1, args: []*value{{kind: vObject, fields: fields, keys: keys, line: 1}}})
	}
}

// cBlocks marks the tokens inside if blocks (inCond) and inside blocks
// whose condition checks for development (guarded:
// if (app.Environment.IsDevelopment()) { ... }).
func cBlocks(t []lex.Token) (guarded, inCond []bool) {
	guarded, inCond = make([]bool, len(t)), make([]bool, len(t))
	vars := devVars(t)
	for i := 0; i+1 < len(t); i++ {
		if t[i].Text != "if" || t[i+1].Text != "(" {
			continue
		}
		end := lex.Closing(t, i+1)
		if end+1 >= len(t) {
			continue
		}
		dev := devCondition(t, lex.Span{From: i + 2, To: end}, vars)
		from, to := end+1, end+1
		if t[end+1].Text == "{" {
			to = lex.Closing(t, end+1)
		} else {
			for to < len(t) && t[to].Text != ";" {
				to++
			}
		}
		for j := from; j <= to && j < len(t); j++ {
			inCond[j] = true
			if dev {
				guarded[j] = true
			}
		}
	}
	return guarded, inCond
}

type cReader struct {
	toks   []lex.Token
	ff     *fileFacts
	consts map[string]lex.Span
	// origins are parameters bound to the request's Origin header:
	// @RequestHeader("Origin") String origin
	origins map[string]bool
}

// phpInterp finds the variables a PHP string interpolates: $x, {$x}, ${x}.
var phpInterp = regexp.MustCompile(`\{?\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// headerNames are the header-name constants of the JVM libraries
// (Spring and Guava HttpHeaders, Netty HttpHeaderNames, jakarta
// HttpHeaders): they read as the header's name.
var headerNames = map[string]string{
	"ACCESS_CONTROL_ALLOW_ORIGIN":      "Access-Control-Allow-Origin",
	"ACCESS_CONTROL_ALLOW_CREDENTIALS": "Access-Control-Allow-Credentials",
	"SET_COOKIE":                       "Set-Cookie",
}

// listCalls build a list of their arguments: List.of("*").
var listCalls = map[string]bool{"List.of": true, "Set.of": true, "Arrays.asList": true, "Collections.singletonList": true,
	"Collections.singleton": true, "listOf": true, "setOf": true, "mutableListOf": true, "arrayListOf": true, "Seq": true, "List": true, "Set": true}

// value reads an expression of the C-syntax languages.
func (r *cReader) value(sp lex.Span, depth int) *value {
	t := r.toks
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
			if r.ff.lang == "php" && depth < 4 {
				// "Access-Control-Allow-Origin: $origin", "{$origin}":
				// a variable read from the request marks the string
				for _, m := range phpInterp.FindAllStringSubmatch(first.Text, -1) {
					for _, name := range []string{"$" + m[1], m[1]} {
						if c, ok := r.consts[name]; ok && c.To > c.From {
							if rv := r.value(c, depth+1); rv.request {
								v.request, v.origin = true, v.origin || rv.origin
							}
						}
					}
				}
			}
			return v
		case lex.Number:
			v.kind = vNumber
			return v
		case lex.Ident:
			if cLiterals.set(v, strings.ToLower(first.Text)) {
				return v
			}
			if r.origins[first.Text] {
				v.kind, v.name, v.request, v.origin = vExpr, first.Text, true, true
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
	v.concat = concatString(t, sp) // "SESSIONID=" + id + "; Path=/"
	lv := strings.ToLower(v.text)
	v.origin = strings.Contains(lv, "origin")
	v.request = strings.Contains(lv, "request") || strings.Contains(lv, "header") || strings.Contains(lv, "_server") || strings.Contains(lv, "http_")
	// lambdas that allow everything: _ => true, origin => true, (o) => true
	for j := sp.From; j+2 < sp.To+1 && j+1 < len(t); j++ {
		if t[j].Text == "=" && t[j+1].Text == ">" && j+2 == sp.To-1 && t[j+2].Text == "true" || t[j].Text == "=>" && j+1 == sp.To-1 && t[j+1].Text == "true" {
			return &value{kind: vFunc, text: "function", line: first.Line, allowsAll: true}
		}
	}
	// new T { K = v, ... } and new T(...) { K = v }: object initializers
	if first.Text == "new" && sp.To-sp.From > 2 {
		for j := sp.From + 1; j < sp.To; j++ {
			if t[j].Text == "{" && lex.Closing(t, j) == sp.To-1 {
				obj := r.value(lex.Span{From: j, To: sp.To}, depth)
				obj.name = t[sp.From+1].Text
				obj.line = first.Line
				return obj
			}
			if t[j].Match > j {
				j = t[j].Match
			}
		}
	}
	if first.Kind == lex.Ident {
		v.name = first.Text
		j := sp.From
		for j+2 < sp.To && t[j+1].Text == "." && t[j+2].Kind == lex.Ident {
			j += 2
		}
		if j == sp.To-1 && j > sp.From {
			if name, ok := headerNames[t[j].Text]; ok {
				return &value{kind: vString, text: name, line: first.Line}
			}
		}
		if j+1 < sp.To && t[j+1].Text == "(" && lex.Closing(t, j+1) == sp.To-1 {
			if callee := strings.ReplaceAll(lex.Text(t, lex.Span{From: sp.From, To: j + 1}), " . ", "."); listCalls[callee] {
				list := &value{kind: vList, line: first.Line, text: v.text}
				for _, a := range lex.Args(t, j+1) {
					list.items = append(list.items, r.value(a, depth))
				}
				return list
			}
			v.kind = vCall
			v.text = strings.ReplaceAll(lex.Text(t, lex.Span{From: sp.From, To: j + 1}), " . ", ".")
			for _, a := range lex.Args(t, j+1) {
				v.items = append(v.items, r.value(a, depth))
			}
			return v
		}
	}
	v.kind = vExpr
	return v
}

// phpChainRoot is the root of the PHP method chain whose call closes at
// t[close]: response('ok')->cookie(...) -> "response",
// Cookie::create('jwt')->withValue(...) -> "Cookie".
func phpChainRoot(t []lex.Token, close int) string {
	for n := 0; n < 64 && close > 0 && t[close].Text == ")" && t[close].Match > 0; n++ {
		j := t[close].Match - 1 // the callee before "("
		if j < 0 || t[j].Kind != lex.Ident {
			return ""
		}
		switch {
		case j >= 3 && t[j-1].Text == ">" && t[j-2].Text == "-":
			if t[j-3].Text != ")" {
				return t[j-3].Text
			}
			close = j - 3
		case j >= 3 && t[j-1].Text == ":" && t[j-2].Text == ":":
			return t[j-3].Text
		default:
			return t[j].Text
		}
	}
	return ""
}

// cParents gives each call the name of the innermost call whose
// parentheses hold it.
func cParents(t []lex.Token, calls []*callFact, callAt map[int]*callFact) {
	var stack []int // "(" indexes of open calls
	for i := range t {
		for len(stack) > 0 && i > t[stack[len(stack)-1]].Match {
			stack = stack[:len(stack)-1]
		}
		if c, ok := callAt[i]; ok {
			if len(stack) > 0 {
				c.parent = callAt[stack[len(stack)-1]].name
			}
			if t[i].Match > i {
				stack = append(stack, i)
			}
		}
	}
}
