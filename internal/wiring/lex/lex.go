// Package lex is the wiring scan's reader of source it cannot compile:
// a small lexer that knows strings, comments and regex literals turns a
// file into tokens, in one of three syntaxes (JS: JavaScript and
// TypeScript; Py: Python; C: Java, C# and PHP), and a bracket-balanced
// reader picks call arguments, object literals and statements out of them.
// Go is parsed with go/ast instead. It never executes anything, and it never
// fails: unterminated strings, comments and brackets end at the end of the
// file.
package lex

import (
	"strconv"
	"strings"
)

// Kind is a token's kind.
type Kind uint8

const (
	Ident  Kind = iota + 1 // names and keywords: cors, true, None
	String                 // a string or template literal; Text is its value
	Number
	Regex // a JavaScript regex literal; Text is its source between the slashes
	Punct // one punctuation character, or => ** == === != !==
)

// Token is one lexical token with the line it starts on (1-based).
type Token struct {
	Kind Kind
	Text string
	Line int
	// Match is the index of the bracket matching this one ("(" -> ")"),
	// or -1: computed once, so readers jump over nested brackets instead
	// of rescanning them (linear time on any input).
	Match int
}

// Lang selects comment and string syntax.
type Lang uint8

const (
	JS Lang = iota + 1 // JavaScript and TypeScript
	Py
	// C is Java, C# and PHP: // and /* */ comments (and # for PHP),
	// no regex literals, every { a block, statements end at ;.
	C
	// CLine is Kotlin and Scala: C syntax without # comments, where a
	// line break also ends a statement (as automatic semicolon insertion
	// does in JavaScript).
	CLine
	// Rb is Ruby: Python's comment and string syntax plus heredocs
	// (<<~ID, <<-ID, <<ID); StmtStarts treats it as Py.
	Rb
)

// Lex splits src into tokens. Unterminated strings and comments end at the
// end of the file; Lex never fails.
func Lex(src []byte, l Lang) []Token {
	s := string(LineBreaks(src))
	ruby := l == Rb
	if ruby {
		l = Py
	}
	var toks []Token
	line := 1
	i := 0
	// pend is where the source resumes after the heredoc bodies opened
	// on the current line (they start on the next line, one after
	// another), or 0.
	pend := 0
	// heredoc reads the body of the heredoc whose identifier ends at
	// next. One never closed is not taken as a heredoc (false): it would
	// hide the rest of the file (a shift such as x <<FLAGS in Ruby).
	// Each failed search reads to the end of the file: after a few, no
	// more are tried (linear time on a file of openers never closed).
	failed := map[string]bool{}
	heredoc := func(id string, indented bool, next int) bool {
		if failed[id] || len(failed) >= 16 {
			return false
		}
		from := pend
		if from <= next {
			from = len(s)
			if nl := strings.IndexByte(s[next:], '\n'); nl >= 0 {
				from = next + nl + 1
			}
		}
		body, end, ok := heredocBody(s, from, id, indented)
		if !ok {
			failed[id] = true // not closed from here, nor from further on
			return false
		}
		toks = append(toks, Token{String, body, line, -1})
		pend, i = end, next
		return true
	}
	// prev reports whether a regex literal may start here (JavaScript):
	// after an operator or at the start, not after a value.
	regexOK := func() bool {
		if len(toks) == 0 {
			return true
		}
		t := toks[len(toks)-1]
		switch t.Kind {
		case Ident:
			switch t.Text {
			case "return", "typeof", "case", "in", "of", "new", "delete", "void", "throw", "else", "do":
				return true
			}
			return false
		case Punct:
			return t.Text != ")" && t.Text != "]" && t.Text != "}"
		}
		return false
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\n':
			if pend > i {
				// over the heredoc bodies that follow this line
				line += strings.Count(s[i:pend], "\n")
				i, pend = pend, 0
				continue
			}
			line++
			i++
		case ruby && c == '<' && strings.HasPrefix(s[i:], "<<") && rubyHeredoc(s, i+2):
			j := i + 2
			indented := s[j] == '~' || s[j] == '-'
			if indented {
				j++
			}
			if id, next := heredocID(s, j); !heredoc(id, indented, next) {
				toks = append(toks, Token{Punct, "<", line, -1})
				i++
			}
		case l == C && c == '<' && strings.HasPrefix(s[i:], "<<<"):
			// PHP heredoc <<<ID / <<<"ID" and nowdoc <<<'ID'
			j := i + 3
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			if id, next := heredocID(s, j); !heredoc(id, true, next) {
				toks = append(toks, Token{Punct, "<", line, -1})
				i++
			}
		case (l == C || l == CLine) && c == '"' && strings.HasPrefix(s[i:], `"""`):
			// Java text blocks, C# raw string literals (three or more
			// quotes), Kotlin and Scala raw strings
			n := 0
			for i+n < len(s) && s[i+n] == '"' {
				n++
			}
			q := strings.Repeat(`"`, n)
			startLine := line
			body := s[i+n:]
			end := strings.Index(body, q)
			if end < 0 {
				end = len(body)
			}
			line += strings.Count(body[:end], "\n")
			toks = append(toks, Token{String, body[:end], startLine, -1})
			i += n + end + n
			if i > len(s) {
				i = len(s)
			}
		case l == C && (c == '@' || c == '$') && verbatim(s, i):
			// C# verbatim strings @"..." ($@"...", @$"..."), "" is a quote
			for s[i] != '"' {
				i++
			}
			i++
			startLine := line
			var b strings.Builder
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				if s[i] == '\n' {
					line++
				}
				b.WriteByte(s[i])
				i++
			}
			toks = append(toks, Token{String, b.String(), startLine, -1})
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case (l == Py || l == C) && c == '#' && (l == Py || i+1 >= len(s) || s[i+1] != '['):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case (l == JS || l == C || l == CLine) && c == '/' && i+1 < len(s) && s[i+1] == '/':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case (l == JS || l == C || l == CLine) && c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				end = len(s) - i - 2
			}
			line += strings.Count(s[i:i+2+end], "\n")
			i += end + 4
		case l == JS && c == '/' && regexOK():
			start, startLine := i, line
			i++
			inClass := false
			for i < len(s) && s[i] != '\n' {
				if s[i] == '\\' {
					i += 2
					continue
				}
				if s[i] == '[' {
					inClass = true
				} else if s[i] == ']' {
					inClass = false
				} else if s[i] == '/' && !inClass {
					break
				}
				i++
			}
			body := s[start+1 : min(i, len(s))]
			i++
			for i < len(s) && isIdentByte(s[i]) { // flags
				i++
			}
			toks = append(toks, Token{Regex, body, startLine, -1})
		case c == '"' || c == '\'' || (l == JS && c == '`'):
			startLine := line
			var val string
			val, i, line = readString(s, i, line, l)
			toks = append(toks, Token{String, val, startLine, -1})
		case l == Py && isStringPrefix(s, i):
			// r"...", f'...', b"""...""": skip the prefix, read the string.
			for s[i] != '"' && s[i] != '\'' {
				i++
			}
			startLine := line
			var val string
			val, i, line = readString(s, i, line, l)
			toks = append(toks, Token{String, val, startLine, -1})
		case isIdentByte(c) && !(c >= '0' && c <= '9'):
			start := i
			for i < len(s) && isIdentByte(s[i]) {
				i++
			}
			toks = append(toks, Token{Ident, s[start:i], line, -1})
		case c >= '0' && c <= '9':
			start := i
			for i < len(s) && (isIdentByte(s[i]) || s[i] == '.') {
				i++
			}
			toks = append(toks, Token{Number, s[start:i], line, -1})
		default:
			p := string(c)
			for _, op := range []string{"===", "!==", "=>", "==", "!=", "**"} {
				if strings.HasPrefix(s[i:], op) {
					p = op
					break
				}
			}
			toks = append(toks, Token{Punct, p, line, -1})
			i += len(p)
		}
	}
	matchBrackets(toks)
	return toks
}

// LineBreaks returns src with every lone "\r" (old Mac line endings)
// turned into "\n": same length, so offsets hold, and lines count as
// with "\r\n".
func LineBreaks(src []byte) []byte {
	k := -1
	for j := 0; j < len(src); j++ {
		if src[j] == '\r' && (j+1 == len(src) || src[j+1] != '\n') {
			k = j
			break
		}
	}
	if k < 0 {
		return src
	}
	out := append([]byte(nil), src...)
	for j := k; j < len(out); j++ {
		if out[j] == '\r' && (j+1 == len(out) || out[j+1] != '\n') {
			out[j] = '\n'
		}
	}
	return out
}

// rubyHeredoc reports a heredoc opener after "<<" at s[j]: <<~ID, <<-ID
// (any identifier or a quoted one), or <<ID with an upper-case ID (so
// that arr <<value stays a shift).
func rubyHeredoc(s string, j int) bool {
	if j >= len(s) {
		return false
	}
	if s[j] == '~' || s[j] == '-' {
		j++
		return j < len(s) && (s[j] == '\'' || s[j] == '"' || s[j] == '`' || isIdentByte(s[j]) && !(s[j] >= '0' && s[j] <= '9'))
	}
	return s[j] >= 'A' && s[j] <= 'Z' || s[j] == '\'' || s[j] == '"'
}

// heredocID reads a heredoc's identifier at s[j], bare or quoted, and
// returns it and the index after it.
func heredocID(s string, j int) (string, int) {
	if j < len(s) && (s[j] == '\'' || s[j] == '"' || s[j] == '`') {
		q := s[j]
		e := strings.IndexByte(s[j+1:], q)
		if nl := strings.IndexByte(s[j+1:], '\n'); e < 0 || nl >= 0 && nl < e {
			return "", j
		}
		return s[j+1 : j+1+e], j + e + 2
	}
	k := j
	for k < len(s) && isIdentByte(s[k]) {
		k++
	}
	return s[j:k], k
}

// heredocBody reads a heredoc body from s[from] (the start of a line) to
// the line that starts with id (after indentation, when indented), and
// returns the body and the index after the closing id; false when it is
// never closed.
func heredocBody(s string, from int, id string, indented bool) (string, int, bool) {
	if id == "" {
		return "", from, false
	}
	for p := from; p < len(s); {
		q := strings.IndexByte(s[p:], '\n')
		if q < 0 {
			q = len(s)
		} else {
			q += p
		}
		k := p
		if indented {
			for k < q && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
		}
		if strings.HasPrefix(s[k:q], id) && (k+len(id) == q || !isIdentByte(s[k+len(id)])) {
			return s[from:p], k + len(id), true
		}
		p = q + 1
	}
	return "", from, false
}

// verbatim reports a C# verbatim string at s[i]: @", $@" or @$".
func verbatim(s string, i int) bool {
	r := s[i:]
	return strings.HasPrefix(r, `@"`) || strings.HasPrefix(r, `$@"`) || strings.HasPrefix(r, `@$"`)
}

// matchBrackets pairs (), [] and {} with a stack; a bracket closed by the
// wrong kind, or never closed, stays unmatched (-1).
func matchBrackets(toks []Token) {
	var stack []int
	pair := map[string]string{")": "(", "]": "[", "}": "{"}
	for i := range toks {
		if toks[i].Kind != Punct {
			continue
		}
		switch t := toks[i].Text; t {
		case "(", "[", "{":
			stack = append(stack, i)
		case ")", "]", "}":
			// Pop to the nearest opener of the same kind (looking a few
			// levels down, to stay linear); openers above it were never
			// closed.
			for n := len(stack) - 1; n >= 0 && n >= len(stack)-8; n-- {
				if toks[stack[n]].Text == pair[t] {
					toks[stack[n]].Match, toks[i].Match = i, stack[n]
					stack = stack[:n]
					break
				}
			}
		}
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// isStringPrefix reports a Python string prefix (r, b, f, u and pairs)
// directly followed by a quote.
func isStringPrefix(s string, i int) bool {
	j := i
	for j < len(s) && j-i < 2 && strings.IndexByte("rRbBfFuU", s[j]) >= 0 {
		j++
	}
	return j > i && j < len(s) && (s[j] == '"' || s[j] == '\'') && (i == 0 || !isIdentByte(s[i-1]))
}

// readString reads the string literal starting at s[i] (a quote) and
// returns its value (escapes kept as written, except \' and \"), the index
// after it and the updated line count.
func readString(s string, i, line int, l Lang) (string, int, int) {
	q := s[i]
	triple := l == Py && strings.HasPrefix(s[i:], strings.Repeat(string(q), 3))
	if triple {
		i += 3
	} else {
		i++
	}
	var b strings.Builder
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			if s[i+1] == q {
				b.WriteByte(q)
			} else {
				b.WriteString(s[i : i+2])
			}
			if s[i+1] == '\n' {
				line++
			}
			i += 2
			continue
		case triple && strings.HasPrefix(s[i:], strings.Repeat(string(q), 3)):
			return b.String(), i + 3, line
		case !triple && c == q:
			return b.String(), i + 1, line
		case c == '\n':
			line++
			if !triple && q != '`' {
				return b.String(), i, line - 1 // unterminated: stop at the line end
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), i, line
}

// Closing returns the index of the bracket closing the one at toks[i], or
// len(toks) when it is never closed.
func Closing(toks []Token, i int) int {
	if i < 0 || i >= len(toks) || toks[i].Match <= i {
		return len(toks)
	}
	return toks[i].Match
}

// Span is a token range [From, To).
type Span struct{ From, To int }

// Args splits the bracketed list opening at toks[open] at its top-level
// commas, jumping over nested brackets. An unclosed list has no arguments.
func Args(toks []Token, open int) []Span {
	end := Closing(toks, open)
	if end >= len(toks) {
		return nil
	}
	var out []Span
	start := open + 1
	for j := open + 1; j < end; j++ {
		t := toks[j]
		if t.Kind != Punct {
			continue
		}
		if t.Match > j {
			j = t.Match // over a nested bracket pair
			continue
		}
		if t.Text == "," {
			out = append(out, Span{start, j})
			start = j + 1
		}
	}
	if start < end {
		out = append(out, Span{start, end})
	}
	return out
}

// Fields reads the members of the object literal or call opening at
// toks[open] ("{" or "("): `key: value` (JavaScript objects, also quoted
// keys), `key=value` (Python keyword arguments) and `'key': value` (Python
// dicts). Shorthand and spread members are skipped.
func Fields(toks []Token, open int) map[string]Span {
	out := map[string]Span{}
	if open < 0 || open >= len(toks) || toks[open].Kind != Punct || (toks[open].Text != "{" && toks[open].Text != "(") {
		return out
	}
	for _, a := range Args(toks, open) {
		if a.To-a.From < 3 {
			continue
		}
		k, sep := toks[a.From], toks[a.From+1]
		switch {
		case (k.Kind == Ident || k.Kind == String) && sep.Kind == Punct && (sep.Text == ":" || sep.Text == "="):
			out[k.Text] = Span{a.From + 2, a.To}
		case k.Kind == Ident && sep.Text == "(" && open < len(toks) && toks[open].Text == "{":
			// a method shorthand: origin(origin, callback) { ... }
			out[k.Text] = Span{a.From + 1, a.To}
		}
	}
	return out
}

// StmtStarts maps every token to the first token of the innermost
// statement holding it, so findings point at the start of the statement
// (app.use(...), not the option inside it). JavaScript statements end at
// ";", at block braces, and at line breaks where automatic semicolon
// insertion applies; Python statements at line breaks outside brackets.
func StmtStarts(toks []Token, l Lang) []int {
	starts := make([]int, len(toks))
	type level struct {
		start int
		open  []string // brackets open in this statement level
	}
	stack := []level{{start: 0}}
	for j, t := range toks {
		top := &stack[len(stack)-1]
		if j > 0 && len(top.open) == 0 {
			p := toks[j-1]
			switch {
			case p.Kind == Punct && p.Text == ";":
				top.start = j
			case t.Line > p.Line && l == Py:
				top.start = j
			case t.Line > p.Line && (l == JS || l == CLine) && endsExpr(p) && t.Kind == Ident,
				t.Line > p.Line && l == CLine && p.Text == "=>" && t.Kind == Ident: // Scala: { request =>\n body
				top.start = j
			}
		}
		starts[j] = top.start
		if t.Kind != Punct {
			continue
		}
		switch t.Text {
		case "(", "[":
			top.open = append(top.open, t.Text)
		case "{":
			if l == C || l == CLine || l == JS && j > 0 && (opensBlock(toks[j-1]) || classBody(toks, j)) {
				stack = append(stack, level{start: j + 1})
			} else {
				top.open = append(top.open, "{")
			}
		case ")", "]", "}":
			if n := len(top.open); n > 0 {
				top.open = top.open[:n-1]
			} else if t.Text == "}" && len(stack) > 1 {
				stack = stack[:len(stack)-1]
				stack[len(stack)-1].start = j + 1
			}
		}
	}
	return starts
}

// endsExpr reports a token that can end a JavaScript expression statement.
func endsExpr(t Token) bool {
	switch t.Kind {
	case Ident, String, Number, Regex:
		return true
	}
	return t.Text == ")" || t.Text == "]" || t.Text == "}"
}

// Statement is one statement's first line and its tokens as text
// (strings quoted), for rules that match whole builder chains.
type Statement struct {
	Line int
	Text string
}

// Statements groups tokens by statement start.
func Statements(toks []Token, starts []int) []Statement {
	var out []Statement
	var b strings.Builder
	cur := -1
	flush := func() {
		if cur >= 0 {
			out = append(out, Statement{toks[cur].Line, b.String()})
		}
		b.Reset()
	}
	for i, t := range toks {
		if starts[i] != cur {
			flush()
			cur = starts[i]
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if t.Kind == String {
			b.WriteString(strconv.Quote(t.Text))
		} else {
			b.WriteString(t.Text)
		}
	}
	flush()
	return out
}

// classBody reports a "{" opening a class body: class A {, class A
// extends B {, class A implements I, J {.
func classBody(toks []Token, j int) bool {
	for k := j - 1; k >= 0 && k >= j-8; k-- {
		switch toks[k].Text {
		case "class":
			return true
		case ";", "{", "}", "(", ")", "=", "=>":
			return false
		}
	}
	return false
}

// opensBlock reports whether a "{" after t opens a block (function body,
// if, else, arrow body) rather than an object literal.
func opensBlock(t Token) bool {
	if t.Kind == Punct {
		return t.Text == ")" || t.Text == "=>" || t.Text == ";" || t.Text == "{" || t.Text == "}"
	}
	switch t.Text {
	case "else", "try", "finally", "do":
		return true
	}
	return false
}

// Text joins a span's tokens with spaces (for messages and simple tests).
func Text(toks []Token, sp Span) string {
	var b strings.Builder
	for j := sp.From; j < sp.To && j < len(toks); j++ {
		if j > sp.From {
			b.WriteByte(' ')
		}
		b.WriteString(toks[j].Text)
	}
	return b.String()
}

// MaxText is the most of a span's source Snippet returns: a value's text
// is for matching and messages, and copying every nesting level's whole
// span made deeply nested literals quadratic.
const MaxText = 16 << 10

// MaxDepth is the deepest nesting of brackets the readers follow; a value
// nested deeper is not read (and the scan says so in a note).
const MaxDepth = 256

// Snippet is Text cut after about MaxText bytes.
func Snippet(toks []Token, sp Span) string {
	var b strings.Builder
	for j := sp.From; j < sp.To && j < len(toks); j++ {
		if b.Len() >= MaxText {
			break
		}
		if j > sp.From {
			b.WriteByte(' ')
		}
		b.WriteString(toks[j].Text)
	}
	return b.String()
}

// Single returns the span's only token, if it has exactly one.
func Single(toks []Token, sp Span) (Token, bool) {
	if sp.To-sp.From == 1 {
		return toks[sp.From], true
	}
	return Token{}, false
}

// Source is a lexed file with what the language readers share: statement
// starts, simple constants (name -> span of its value) and the language's
// boolean literals.
type Source struct {
	Path                string
	Toks                []Token
	Starts              []int
	Consts              map[string]Span
	trueWord, falseWord string
}

func NewSource(p string, src []byte, l Lang) Source {
	s := Source{Path: p, Toks: Lex(src, l), Consts: map[string]Span{}, trueWord: "true", falseWord: "false"}
	if l == Py || l == Rb {
		s.trueWord, s.falseWord = "True", "False"
	}
	if l == Rb {
		l = Py
	}
	s.Starts = StmtStarts(s.Toks, l)
	return s
}

// Line is the first line of the statement holding token i.
func (f *Source) Line(i int) int { return f.Toks[f.Starts[i]].Line }

// Resolve follows a single identifier to its constant's value.
func (f *Source) Resolve(sp Span) Span {
	if tk, ok := Single(f.Toks, sp); ok && tk.Kind == Ident {
		if v, ok := f.Consts[tk.Text]; ok {
			return v
		}
	}
	return sp
}

// IsTrue and IsFalse report the boolean literals, directly or through a
// constant.
func (f *Source) IsTrue(sp Span) bool  { return f.IsWord(sp, f.trueWord) }
func (f *Source) IsFalse(sp Span) bool { return f.IsWord(sp, f.falseWord) }

func (f *Source) IsWord(sp Span, w string) bool {
	tk, ok := Single(f.Toks, f.Resolve(sp))
	return ok && tk.Kind == Ident && tk.Text == w
}
