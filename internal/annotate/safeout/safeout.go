// Package safeout makes repository-controlled text safe to print on a
// terminal and in a GitHub Actions log.
//
// A terminal interprets control characters (ESC starts colour, cursor and
// title sequences; CR rewrites the line) and renders bidi overrides that
// reorder what a reader sees. The Actions runner reads every line of a
// step's output whose first non-blank characters are "::" (or "##[") as a
// workflow command, so a file named "x\n::stop-commands::pwned\n.yml" would
// silence every later annotation. Hence:
//
//   - Inline renders control characters, bidi controls, line separators and
//     invalid UTF-8 of one string as visible escapes (\n, \x1b, \u202e), for
//     the fields of the text report and of annotations;
//   - Lines does the same for whole text, keeping line feeds and tabs, and
//     neutralises every line that would be read as a command;
//   - Log is the one writer of the action's output: its Text side passes
//     everything through Lines, and its Commands side accepts only single,
//     well-formed workflow commands of the kinds launchready issues.
package safeout

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Neutraliser is put before a line that would otherwise be read as a
// workflow command.
const Neutraliser = "» "

// dangerous reports whether r must not reach a terminal or log raw.
func dangerous(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true // C0, DEL, C1
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidi marks, embeddings, overrides and isolates
	case r == 0x2028, r == 0x2029:
		return true // line and paragraph separators
	}
	return false
}

// invisible reports a formatting character a reader cannot see (zero-width
// spaces and joiners, the BOM, soft hyphen, word joiner, tag characters:
// Unicode's Cf category) or a filler that renders blank (Hangul fillers).
// They are not dangerous to a terminal, but a JSON document written with
// them raw hides text from a reader; JSON and Shown escape them.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || r == 0x115f || r == 0x1160 || r == 0x3164 || r == 0xffa0
}

// Shown is spec or repository text as a message shows it: unchanged when
// every character is plain, else Go-quoted (strconv.Quote: "GET
// /a\x1b[2J\u202e"), the way messages quote lists of names, so nothing
// a terminal or a reader would act on is raw.
func Shown(s string) string {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return strconv.Quote(s)
			}
		}
		if dangerous(r) || invisible(r) || !unicode.IsPrint(r) && r != ' ' {
			return strconv.Quote(s)
		}
	}
	return s
}

func escape(b *strings.Builder, r rune) {
	switch r {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		if r < 0x100 {
			fmt.Fprintf(b, `\x%02x`, r)
		} else {
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
}

// Inline returns s with every control character, bidi control, line
// separator and invalid byte shown as a visible escape: one line, nothing
// for a terminal to interpret.
func Inline(s string) string { return clean(s, nil) }

// InlineKeep is Inline but keeps the runes keep accepts (an annotation's
// file property keeps CR and LF, which go-githubactions escapes and the
// runner restores).
func InlineKeep(s string, keep func(rune) bool) string { return clean(s, keep) }

func clean(s string, keep func(rune) bool) string {
	ok := true
	for i, r := range s {
		if r == utf8.RuneError || dangerous(r) && (keep == nil || !keep(r)) {
			_, n := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || n == 1 {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case dangerous(r) && (keep == nil || !keep(r)):
			escape(&b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// commandStart reports whether a line would be read as a workflow command
// by the runner, which trims leading white space first.
func commandStart(line string) (int, bool) {
	i := 0
	for i < len(line) {
		r, n := utf8.DecodeRuneInString(line[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	rest := line[i:]
	return i, strings.HasPrefix(rest, "::") || strings.HasPrefix(rest, "##[")
}

// NeutraliseCommands puts Neutraliser before every line of s that would be
// read as a workflow command, and changes nothing else (so the text
// report's own colour sequences survive).
func NeutraliseCommands(s string) string {
	if !strings.Contains(s, "::") && !strings.Contains(s, "##[") {
		return s
	}
	lines := strings.SplitAfter(s, "\n")
	for k, l := range lines {
		if i, cmd := commandStart(l); cmd {
			lines[k] = l[:i] + Neutraliser + l[i:]
		}
	}
	return strings.Join(lines, "")
}

func keepLF(r rune) bool { return r == '\n' || r == '\t' }

// Lines returns text safe for a terminal or log: controls other than line
// feeds and tabs escaped, and no line read as a workflow command.
func Lines(s string) string {
	return NeutraliseCommands(clean(s, keepLF))
}

// Log is the one writer of an action run's output. Every byte written to
// the step's stdout and stderr goes through it, so every line of the log is
// either text that cannot act (Text) or one of our own commands (Commands).
type Log struct {
	mu     sync.Mutex
	w      io.Writer
	redact func([]byte) []byte
	// blank is set while the current output line holds only white space,
	// so that a command split across writes is still caught.
	blank bool
}

// NewLog writes to w; redact (which may be nil) masks secrets in
// everything but add-mask commands.
func NewLog(w io.Writer, redact func([]byte) []byte) *Log {
	if redact == nil {
		redact = func(b []byte) []byte { return b }
	}
	return &Log{w: w, redact: redact, blank: true}
}

// Text returns the writer for text: report tables, messages, anything not
// a command.
func (l *Log) Text() io.Writer { return textWriter{l} }

// Commands returns the writer for workflow commands. Each Write must be one
// command line ("::name props::data\n", escaped as go-githubactions does);
// a write that is not one of ours (error, warning, notice, debug, group,
// endgroup) is written as text instead.
func (l *Log) Commands() io.Writer { return commandWriter{l} }

// Mask issues ::add-mask:: for a token, unredacted (masked, the command
// would hide nothing).
func (l *Log) Mask(token string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if token == "" || strings.ContainsAny(token, "\r\n") {
		return nil
	}
	return l.emit([]byte("::add-mask::" + Inline(token) + "\n"))
}

func (l *Log) emit(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if _, err := l.w.Write(b); err != nil {
		return err
	}
	last := b[bytes.LastIndexByte(b, '\n')+1:]
	if bytes.IndexByte(b, '\n') >= 0 {
		l.blank = len(bytes.TrimSpace(last)) == 0
	} else {
		l.blank = l.blank && len(bytes.TrimSpace(last)) == 0
	}
	return nil
}

type textWriter struct{ l *Log }

func (t textWriter) Write(p []byte) (int, error) {
	t.l.mu.Lock()
	defer t.l.mu.Unlock()
	s := clean(string(t.l.redact(append([]byte(nil), p...))), keepLF)
	lines := strings.SplitAfter(s, "\n")
	for k, line := range lines {
		if k == 0 && !t.l.blank {
			continue // continues a line that already has text
		}
		if i, cmd := commandStart(line); cmd {
			lines[k] = line[:i] + Neutraliser + line[i:]
		}
	}
	if err := t.l.emit([]byte(strings.Join(lines, ""))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// ourCommands are the workflow commands launchready issues.
var ourCommands = map[string]bool{"error": true, "warning": true, "notice": true, "debug": true, "group": true, "endgroup": true}

type commandWriter struct{ l *Log }

func (c commandWriter) Write(p []byte) (int, error) {
	line, ok := strings.CutSuffix(string(p), "\n")
	name := ""
	if rest, isCmd := strings.CutPrefix(line, "::"); ok && isCmd && !strings.Contains(line, "\n") {
		name, _, _ = strings.Cut(rest, "::")
		name, _, _ = strings.Cut(name, " ")
	}
	if !ourCommands[name] {
		return textWriter(c).Write(p)
	}
	c.l.mu.Lock()
	defer c.l.mu.Unlock()
	// The command's name stays as it is (a short secret "error" must not
	// turn our annotation into an unknown command); the rest is redacted.
	prefix := "::" + name
	out := prefix + Inline(string(c.l.redact([]byte(line[len(prefix):])))) + "\n"
	if !c.l.blank {
		out = "\n" + out // a command must start its own line
	}
	if err := c.l.emit([]byte(out)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// JSON rewrites, in an encoded JSON document, the characters encoding/json
// leaves raw that a terminal would act on (DEL, C1 controls, bidi
// controls) or a reader cannot see (zero-width and other formatting
// characters) as \u escapes. They can only occur inside strings, where the
// escape means the same character, so the document's value is unchanged.
// encoding/json already escapes C0 controls and U+2028/U+2029. Every JSON
// document launchready writes (the report, SARIF) goes through it.
func JSON(b []byte) []byte {
	s := string(b)
	dirty := false
	for _, r := range s {
		if jsonEscaped(r) {
			dirty = true
			break
		}
	}
	if !dirty {
		return b
	}
	var out strings.Builder
	for _, r := range s {
		if jsonEscaped(r) {
			if r > 0xffff {
				// Outside the BMP (tag characters): a surrogate pair.
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(&out, `\u%04x\u%04x`, r1, r2)
				continue
			}
			fmt.Fprintf(&out, `\u%04x`, r)
			continue
		}
		out.WriteRune(r)
	}
	return []byte(out.String())
}

// jsonEscaped are the runes JSON writes as \u escapes though
// encoding/json leaves them raw (it escapes the rest of C0 itself).
func jsonEscaped(r rune) bool { return (dangerous(r) || invisible(r)) && r >= 0x20 }
