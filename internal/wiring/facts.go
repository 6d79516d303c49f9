package wiring

import (
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"
)

// The fact model: what a language reader extracts from one file, with no
// framework knowledge. The judge (judge.go) applies the framework tables
// (package frameworks) to these facts.

// vkind is a value's kind.
type vkind uint8

const (
	vUnknown vkind = iota
	vString
	vNumber
	vTrue
	vFalse
	vNull
	vRegex
	vObject // an object literal, dict, struct literal or keyword arguments
	vList
	vFunc
	vCall // a call expression as a value: handlers.AllowedOrigins(...), require('./x')
	vExpr // any other expression (an identifier the reader could not resolve, a member access)
)

// value is an argument or assigned value, resolved as far as the file
// shows: simple constants of the file are followed.
type value struct {
	// concat: a string built with + from literals and other values, the
	// other values standing as "v" ('session=' + id + '; Path=/' ->
	// "session=v; Path=/"); "" when it is not one.
	concat string
	kind   vkind
	// text: a string's or regex's content, a number, an expression's or
	// callee's source text.
	text string
	line int
	// fields of an object (in source order in keys); items of a list;
	// args of a call value.
	fields map[string]*value
	keys   []string
	items  []*value
	// module is the import an identifier or call value is bound to
	// (const cors = require('cors'); require('./config/cors')).
	module string
	// name is the identifier the value was read through (a constant's or
	// import's name), for names that say what a value is (authLimiter).
	name string
	// allowsAll: a function that allows everything without looking at
	// its input (callback(null, true), return true).
	allowsAll bool
	// request: the value is read from the request (req.headers.origin,
	// r.Header.Get("Origin")); origin: it names the Origin header.
	request, origin bool
	// partial: an object with parts the reader could not follow (a spread
	// of an imported or unknown value: {...opts, maxAge: 3600}); a key it
	// lacks may be set there.
	partial bool
}

func (v *value) field(k string) (*value, bool) {
	if v == nil || v.kind != vObject {
		return nil, false
	}
	f, ok := v.fields[k]
	return f, ok
}

// isTrue and isFalse report boolean literals (true, True, "true").
func (v *value) isTrue() bool {
	return v != nil && (v.kind == vTrue || v.kind == vString && v.text == "true")
}
func (v *value) isFalse() bool {
	return v != nil && (v.kind == vFalse || v.kind == vString && v.text == "false")
}

// str returns a string literal's content.
func (v *value) str() (string, bool) {
	if v != nil && v.kind == vString {
		return v.text, true
	}
	return "", false
}

// callFact is one call, or a Go composite literal.
type callFact struct {
	callee string // the callee's text: "cors", "res.cookie", "w.Header().Set", "cors.Options"
	name   string // its last element
	recv   string // the callee without its last element ("" for a plain call)
	module string // the import the callee's root is bound to
	args   []*value
	kw     map[string]*value // keyword arguments (Python)
	// kwUnknown: a **mapping the reader could not follow
	// (**settings.COOKIE_KWARGS): a keyword missing from kw may be there.
	kwUnknown bool
	line      int // the line of the statement holding the call
	// literal: a Go composite literal; decorator: a decorator or annotation.
	literal, decorator bool
	// newExpr: a constructor call, new T(...) (name is T).
	newExpr bool
	// config: a configuration file read as one call (frameworks.Call.Config).
	config bool
	// guarded: inside a development guard (NODE_ENV, 'development');
	// inCond: inside an if or switch.
	guarded, inCond bool
	// dev: guarded by a development condition (guards.go): the judge
	// reports nothing it sets, for every rule class.
	dev bool
	// modRecv: the receiver is an imported module, not an object
	// (import flask_cors; flask_cors.CORS(app)): Recv "-" entries match.
	modRecv bool
	// scope identifies the enclosing function (handler): facts of one
	// handler share it; 0 is the file's top level.
	scope int
	// tail are the calls chained on this call's result
	// (.allowedOrigins("*").allowCredentials(true)): their names.
	tail []string
	// parent is the name of the innermost call whose arguments hold this
	// one (C syntax): frameOptions for frame.disable() in frameOptions(frame -> frame.disable()).
	parent string
	// chain is the whole method chain the call is part of, as an object:
	// each call's name -> its first argument (true without one), over the
	// calls of the statement with the same receiver root
	// (ResponseCookie.from(n, v).secure(true).httpOnly(true)).
	chain *value
	// stmt is the index of the statement's first token (decorators of one
	// method share it); tokLine is the line of the callee itself.
	stmt, tokLine int
	// logs reports whether the call's arguments after the first call a
	// logger (a route handler that logs failures).
	logs func() bool
	// assigned is the variable the call's (or literal's) result is
	// assigned to ("" none): c := &http.Cookie{...}.
	assigned string
}

// arg returns argument i, or nil; frameworks.Keywords is the keyword
// arguments as one object.
func (c *callFact) arg(i int) *value {
	if i == -2 {
		if c.kw == nil {
			return nil
		}
		return &value{kind: vObject, fields: c.kw, line: c.line}
	}
	if i >= 0 && i < len(c.args) {
		return c.args[i]
	}
	return nil
}

// assignFact is NAME = value or obj.field = value.
type assignFact struct {
	target string // "DEBUG", "c.Secure", "app.debug"
	val    *value
	line   int
	top    bool // at the file's top level
	// declared: a declaration (Type name = value; val name = value)
	declared bool
	scope    int
	// guarded: under a main guard (if __name__ == "__main__":).
	guarded bool
	// dev: guarded by a development condition (guards.go).
	dev bool
}

// headerFact is a response header set in configuration rather than by a
// call: Next.js headers() {key, value} entries.
type headerFact struct {
	name, label string
	val         *value
	line, scope int
	// code: an object key in code ({'Access-Control-Allow-Origin': v}),
	// judged like a header set by a call; cond: under an Origin check or
	// a development guard.
	code, cond bool
	// dev: guarded by a development condition (guards.go).
	dev bool
}

// leakFact is an error response carrying a stack trace.
type leakFact struct {
	line    int
	what    string
	handler bool // in an error handler (err, req, res, next), else a catch block's response
}

// fileFacts is everything one reader extracted from one file.
type fileFacts struct {
	path    string
	lang    string // frameworks.Lang
	imports map[string]string
	calls   []*callFact
	assigns []assignFact
	headers []headerFact
	leaks   []leakFact
	// exported is the file's module.exports / export default value.
	exported *value
	// commented holds the source of comment lines (for helmet commented out).
	commented []commentLine
	// blocks maps a block scope (C syntax: 1 + the index of its "{") to
	// the index of its "}", so the judge can tell nested scopes from
	// siblings (a header set in one handler says nothing of another).
	blocks map[int]int
	// raw is the file's source, for the legacy readers' facts.
	raw []byte
	// nest counts the readers' bracket nesting: values deeper than
	// lex.MaxDepth are not read, and the scan notes the file.
	nest nesting
}

// startValue is how every token reader's value begins: an empty or
// out-of-range span, or one past the nesting cap, is unknown (ok false);
// else the value at the span's first line, with its text, and the caller
// leaves the nesting when done (defer nest.leave()).
func startValue(t []lex.Token, sp lex.Span, nest *nesting) (v *value, ok bool) {
	if sp.To <= sp.From || sp.From >= len(t) {
		return &value{kind: vUnknown}, false
	}
	if !nest.enter(t[sp.From].Line) {
		return &value{kind: vUnknown, line: t[sp.From].Line}, false
	}
	return &value{line: t[sp.From].Line, text: lex.Snippet(t, sp)}, true
}

// literalKinds are a language's keyword literals (true, false, null and
// their spellings).
type literalKinds map[string]vkind

// Each language's keyword literals (the C-syntax languages' compared in
// lower case: PHP's TRUE, Kotlin's null).
var (
	jsLiterals = literalKinds{"true": vTrue, "false": vFalse, "null": vNull, "undefined": vNull}
	pyLiterals = literalKinds{"True": vTrue, "False": vFalse, "None": vNull}
	rbLiterals = literalKinds{"true": vTrue, "false": vFalse, "nil": vNull}
	goLiterals = literalKinds{"true": vTrue, "false": vFalse, "nil": vNull}
	cLiterals  = literalKinds{"true": vTrue, "false": vFalse, "null": vNull, "nil": vNull}
)

// set gives v the kind of the keyword literal word, if it is one.
func (k literalKinds) set(v *value, word string) bool {
	kind, ok := k[word]
	if ok {
		v.kind = kind
	}
	return ok
}

// nesting guards a reader's recursion into nested values.
type nesting struct {
	depth   int
	skipped int // values not read for their depth
	line    int // the first one's line
}

// enter steps into a nested value at line; false: too deep, skip it.
func (n *nesting) enter(line int) bool {
	if n.depth >= lex.MaxDepth {
		if n.skipped == 0 {
			n.line = line
		}
		n.skipped++
		return false
	}
	n.depth++
	return true
}

func (n *nesting) leave() { n.depth-- }

type commentLine struct {
	line int
	text string
}

// importedBy returns the local names bound to module mod.
func (f *fileFacts) importedBy(mod string) []string {
	var out []string
	for n, m := range f.imports {
		if m == mod {
			out = append(out, n)
		}
	}
	return out
}

// hasImport reports an import path ending in suffix.
func (f *fileFacts) hasImport(suffix string) bool {
	for _, m := range f.imports {
		if m == suffix || strings.HasSuffix(m, "/"+suffix) || strings.HasSuffix(m, suffix) && strings.Contains(suffix, "/") {
			return true
		}
	}
	return false
}
