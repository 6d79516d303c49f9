package secrets

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A pivot is how the engine (engine.go) finds out, without running a
// rule's regex over a whole fragment, whether the regex matches it at all:
// every match of the regex holds one of the pivot's strings (lower-cased
// ASCII, as they occur in the ASCII-lower-cased fragment) at a place from
// which check, anchored there, matches. A rule's pivots are found in its
// regex's syntax tree (pivotsOf); one Aho-Corasick pass over the fragment
// finds every pivot string of every rule, and the checks run only there,
// each over a short stretch of text.
//
// The test is exact in one direction, which is the one that matters: when
// no check matches at any occurrence, the regex has no match in the
// fragment, and gitleaks' rule can report nothing. (A check may match where
// the whole regex does not, because what comes before the pivot is not
// checked; the rule then runs as gitleaks runs it.)
type pivot struct {
	strs []string // lower-case ASCII; an occurrence starts the check
	// check is `^(?:…)`, the regex from the pivot onwards, compiled on
	// first use (most pivots never occur, or never pass next) by Go's
	// regexp: on valid UTF-8 (the engine's condition with RE2 rules) it
	// means what RE2 means, and over a window of a few hundred bytes it
	// costs less than a call into the RE2 module.
	check *lazyRegexp
	// maxLen bounds the bytes check can match (-1: no bound), so that it
	// runs over a window, not the rest of the fragment.
	maxLen int
	// next, when within > 0, is a cheaper test the check implies: one of
	// these bytes occurs in the first within bytes from the occurrence
	// (the first byte of a literal part the check needs after the
	// pivot, such as the = of an assignment).
	next   *[256]bool
	within int
	// before bounds the bytes a match of the rule has before this
	// pivot, beforeNL the line ends among them, newlines the line ends it
	// has after it (-1: no bound): together they bound the lines a match
	// can touch.
	before, beforeNL, newlines int
	// extent is cont whole (not cut), for the longest match from an
	// occurrence: where the matches through it end (windows, engine.go).
	extent *lazyRegexp
	// contLen bounds the bytes extent can match (-1: no bound).
	contLen int
}

// minPivotLen is the shortest pivot string: a shorter one (one byte)
// occurs nearly everywhere.
const minPivotLen = 2

// maxCheckWindow is the longest window a bounded check gets; a longer
// bound is run over the rest of the fragment.
const maxCheckWindow = 16 << 10

// ruleAnalysis is what pivotsOf found for one regex, cached by its text
// (a run builds several detectors from one config).
type ruleAnalysis struct {
	pivots []pivot // nil: no pivot found, the rule runs whenever it is active
}

var analyses sync.Map // regex text -> *ruleAnalysis

func analyse(pattern string) *ruleAnalysis {
	if a, ok := analyses.Load(pattern); ok {
		return a.(*ruleAnalysis)
	}
	a := &ruleAnalysis{}
	if re, err := syntax.Parse(pattern, syntax.Perl); err == nil && (goRegexpRules || !unicodeClasses(re)) {
		a.pivots = pivotsOf(re.Simplify())
	}
	v, _ := analyses.LoadOrStore(pattern, a)
	return v.(*ruleAnalysis)
}

// unicodeClasses reports whether re has a character class whose
// characters outside ASCII come from Unicode's tables (\p{Han}, \pL):
// under RE2 (the -tags gore2regex build) such a class may hold other
// characters than under Go's regexp, which the checks run on (go-re2
// v1.9.0 knows Unicode 15.1, Go 1.26 15.0), so a regex with one is left
// unchecked, run wherever gitleaks would run it. A class that holds no
// character outside ASCII or all of them, leaving aside those whose case
// fold is ASCII (text holding one goes to gitleaks' detector whole: the
// Kelvin sign in (?i)[a-z]), reads the same in both.
func unicodeClasses(re *syntax.Regexp) bool {
	if re.Op == syntax.OpCharClass {
		folds := asciiFolding()
		covered := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := max(re.Rune[i], utf8.RuneSelf), re.Rune[i+1]
			if lo > hi {
				continue
			}
			covered += int(hi - lo + 1)
			for r := range folds {
				if lo <= r && r <= hi {
					covered--
				}
			}
		}
		if all := unicode.MaxRune - utf8.RuneSelf + 1 - len(folds); covered != 0 && covered != all {
			return true
		}
	}
	return slices.ContainsFunc(re.Sub, unicodeClasses)
}

// pivotsOf returns the regex's pivots, or nil when it has none usable
// (then the engine leaves the rule to gitleaks whenever it is active).
func pivotsOf(re *syntax.Regexp) []pivot {
	ps, ok := pivotNodes(re)
	if !ok {
		return nil
	}
	out := make([]pivot, 0, len(ps))
	for _, p := range ps {
		// The check need only be necessary: the regex cut after its
		// first unbounded part keeps every match's start and bounds the
		// window the check reads (Go's regexp then backtracks over a
		// few hundred bytes instead of stepping its NFA along the rest
		// of the fragment).
		cont, _ := truncateUnbounded(p.cont)
		check := &lazyRegexp{syntax: cont}
		n := maxMatchLen(cont)
		if n > maxCheckWindow {
			n = -1
		}
		pv := pivot{strs: p.strs, check: check, maxLen: n, before: p.before, beforeNL: p.beforeNL, newlines: maxNewlines(p.cont),
			extent: &lazyRegexp{syntax: p.cont, longest: true}, contLen: maxMatchLen(p.cont)}
		pv.next, pv.within = nextLiteral(cont)
		out = append(out, pv)
	}
	return out
}

// pivotNode is a pivot before compilation: its strings and the syntax of
// its check.
type pivotNode struct {
	strs []string
	cont *syntax.Regexp
	// before bounds the bytes a match has before the pivot, beforeNL
	// the line ends among them (-1: no bound).
	before, beforeNL int
}

// pivotNodes finds pivots for re: for a sequence, the best of its parts'
// (a run of literal parts joined, or a part's own pivots followed by the
// rest of the sequence); for an alternation, every branch's (each branch
// must have some); for a repetition of at least one, its body's followed
// by the remaining repetitions.
func pivotNodes(re *syntax.Regexp) ([]pivotNode, bool) {
	switch re.Op {
	case syntax.OpCapture:
		return pivotNodes(re.Sub[0])
	case syntax.OpLiteral:
		s, ok := asciiLower(re.Rune)
		if !ok || len(s) < minPivotLen {
			return nil, false
		}
		return []pivotNode{{strs: []string{s}, cont: re}}, true
	case syntax.OpConcat:
		return concatPivots(re.Sub)
	case syntax.OpAlternate:
		var out []pivotNode
		for _, b := range re.Sub {
			ps, ok := pivotNodes(b)
			if !ok {
				return nil, false
			}
			out = append(out, ps...)
		}
		return out, len(out) > 0
	case syntax.OpPlus:
		ps, ok := pivotNodes(re.Sub[0])
		if !ok {
			return nil, false
		}
		star := &syntax.Regexp{Op: syntax.OpStar, Flags: re.Flags, Sub: []*syntax.Regexp{re.Sub[0]}}
		return followedBy(ps, []*syntax.Regexp{star}), true
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		ps, ok := pivotNodes(re.Sub[0])
		if !ok {
			return nil, false
		}
		max := re.Max
		if max > 0 {
			max--
		}
		if re.Min == 1 && max == 0 {
			return ps, true
		}
		rest := &syntax.Regexp{Op: syntax.OpRepeat, Flags: re.Flags, Min: re.Min - 1, Max: max, Sub: []*syntax.Regexp{re.Sub[0]}}
		return followedBy(ps, []*syntax.Regexp{rest}), true
	}
	return nil, false
}

// concatPivots picks the best pivots of a sequence.
func concatPivots(subs []*syntax.Regexp) ([]pivotNode, bool) {
	var (
		best  []pivotNode
		found bool
	)
	consider := func(ps []pivotNode) {
		if !found || betterPivots(ps, best) {
			best, found = ps, true
		}
	}
	for i, s := range subs {
		// A run of literal parts from i: their strings joined.
		if strs := exactRun(subs[i:]); strs != nil {
			consider(precededBy([]pivotNode{{strs: strs, cont: concat(subs[i:])}}, subs[:i]))
		}
		if ps, ok := pivotNodes(s); ok {
			consider(precededBy(followedBy(ps, subs[i+1:]), subs[:i]))
		}
	}
	return best, found
}

// exactRun joins the literal parts at the start of subs (each a small set
// of ASCII strings) into the strings the run can match, lower-cased, while
// the set stays small; nil when the run's shortest string is shorter than
// minPivotLen. The run must start with a part that matches text: a leading
// assertion (\b, ^) is left to the part before the pivot.
func exactRun(subs []*syntax.Regexp) []string {
	run := []string{""}
	for i, s := range subs {
		set, ok := exactStrings(s)
		if !ok || (i == 0 && isZeroWidth(s)) {
			break
		}
		next := product(run, set)
		if next == nil {
			break
		}
		run = next
	}
	if minLen(run) < minPivotLen {
		return nil
	}
	return run
}

func isZeroWidth(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	return false
}

// exactStrings is every string re can match, lower-cased, when that is a
// small set of ASCII strings (case folding is ASCII folding here: the
// engine leaves a fragment holding a character whose fold is ASCII, such
// as the Kelvin sign, to gitleaks).
func exactStrings(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpLiteral:
		s, ok := asciiLower(re.Rune)
		return []string{s}, ok
	case syntax.OpCharClass:
		// A small ASCII class, each character lower-cased (prefilter.go).
		set := classInfo(re).exact
		return set, set != nil
	case syntax.OpCapture:
		return exactStrings(re.Sub[0])
	case syntax.OpConcat:
		run := []string{""}
		for _, s := range re.Sub {
			set, ok := exactStrings(s)
			if !ok {
				return nil, false
			}
			if run = product(run, set); run == nil {
				return nil, false
			}
		}
		return run, true
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			set, ok := exactStrings(s)
			if !ok {
				return nil, false
			}
			if out = union(out, set); len(out) > maxLiteralSet {
				return nil, false
			}
		}
		return out, true
	case syntax.OpQuest:
		set, ok := exactStrings(re.Sub[0])
		if !ok {
			return nil, false
		}
		return union([]string{""}, set), true
	}
	return nil, false
}

func asciiLower(rs []rune) (string, bool) {
	b := make([]byte, 0, len(rs))
	for _, r := range rs {
		if r >= 0x80 {
			return "", false
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b = append(b, byte(r))
	}
	return string(b), true
}

// followedBy appends rest to each pivot's check.
func followedBy(ps []pivotNode, rest []*syntax.Regexp) []pivotNode {
	if len(rest) == 0 {
		return ps
	}
	out := make([]pivotNode, len(ps))
	for i, p := range ps {
		out[i] = pivotNode{strs: p.strs, cont: concat(append([]*syntax.Regexp{p.cont}, rest...)), before: p.before, beforeNL: p.beforeNL}
	}
	return out
}

// precededBy adds the longest match of prev to each pivot's before, and
// the most line ends it can hold to its beforeNL.
func precededBy(ps []pivotNode, prev []*syntax.Regexp) []pivotNode {
	seq := &syntax.Regexp{Op: syntax.OpConcat, Sub: prev}
	n, nl := maxMatchLen(seq), maxNewlines(seq)
	out := make([]pivotNode, len(ps))
	for i, p := range ps {
		out[i] = p
		out[i].before = addBound(p.before, n)
		out[i].beforeNL = addBound(p.beforeNL, nl)
	}
	return out
}

// addBound adds two bounds, -1 meaning none.
func addBound(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	return a + b
}

func concat(subs []*syntax.Regexp) *syntax.Regexp {
	if len(subs) == 1 {
		return subs[0]
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: append([]*syntax.Regexp(nil), subs...)}
}

// betterPivots prefers pivots whose shortest string is longer (it occurs
// less often), then fewer strings.
func betterPivots(a, b []pivotNode) bool {
	ma, mb := pivotMin(a), pivotMin(b)
	if ma != mb {
		return ma > mb
	}
	return pivotCount(a) < pivotCount(b)
}

func pivotMin(ps []pivotNode) int {
	m := -1
	for _, p := range ps {
		if l := minLen(p.strs); m < 0 || l < m {
			m = l
		}
	}
	return m
}

func pivotCount(ps []pivotNode) int {
	n := 0
	for _, p := range ps {
		n += len(p.strs)
	}
	return n
}

// maxMatchLen bounds the bytes re can match, -1 when it has no bound.
func maxMatchLen(re *syntax.Regexp) int {
	return bound(re, func(re *syntax.Regexp) int {
		switch re.Op {
		case syntax.OpLiteral:
			n := 0
			for _, r := range re.Rune {
				n += maxRuneLen(r, re.Flags&syntax.FoldCase != 0)
			}
			return n
		case syntax.OpCharClass:
			n := 0
			for i := 1; i < len(re.Rune); i += 2 {
				n = max(n, utf8Len(re.Rune[i]))
			}
			return n
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			return 4
		case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
			syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpNoMatch:
			return 0
		}
		return -1
	})
}

// bound is the most of something a match of re can hold (bytes, line
// ends), -1 for no bound, given leaf for what a single-character or
// zero-width node holds (-1: no bound).
func bound(re *syntax.Regexp, leaf func(*syntax.Regexp) int) int {
	switch re.Op {
	case syntax.OpCapture, syntax.OpQuest:
		return bound(re.Sub[0], leaf)
	case syntax.OpStar, syntax.OpPlus:
		if bound(re.Sub[0], leaf) == 0 {
			return 0
		}
		return -1
	case syntax.OpRepeat:
		n := bound(re.Sub[0], leaf)
		if n == 0 {
			return 0
		}
		if n < 0 || re.Max < 0 {
			return -1
		}
		return n * re.Max
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			n := bound(s, leaf)
			if n < 0 {
				return -1
			}
			total += n
		}
		return total
	case syntax.OpAlternate:
		m := 0
		for _, s := range re.Sub {
			n := bound(s, leaf)
			if n < 0 {
				return -1
			}
			m = max(m, n)
		}
		return m
	}
	return leaf(re)
}

// maxRuneLen is the longest UTF-8 encoding of r, or of any rune it folds
// to.
func maxRuneLen(r rune, fold bool) int {
	n := utf8Len(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			n = max(n, utf8Len(f))
		}
	}
	return n
}

// utf8Len is r's UTF-8 length (3 for a surrogate, which RE2 and Go both
// match as U+FFFD).
func utf8Len(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return 3
}

// writeSyntax prints re as a pattern that means the same to Go's regexp,
// every flag explicit. (syntax.Regexp.String infers the flags of a large
// character class by folding each of its characters, which takes seconds
// for a class such as [^\n].) Captures are printed as plain groups: a check
// only asks whether there is a match.
func writeSyntax(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpNoMatch:
		b.WriteString(`[^\x00-\x{10FFFF}]`)
	case syntax.OpEmptyMatch:
		b.WriteString(`(?:)`)
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			b.WriteString(`(?i:`)
		} else {
			b.WriteString(`(?-i:`)
		}
		for _, r := range re.Rune {
			writeRune(b, r)
		}
		b.WriteString(`)`)
	case syntax.OpCharClass:
		b.WriteString(`[`)
		for i := 0; i+1 < len(re.Rune); i += 2 {
			writeRune(b, re.Rune[i])
			if re.Rune[i+1] != re.Rune[i] {
				b.WriteString(`-`)
				writeRune(b, re.Rune[i+1])
			}
		}
		if len(re.Rune) == 0 {
			b.WriteString(`^\x00-\x{10FFFF}`)
		}
		b.WriteString(`]`)
	case syntax.OpAnyCharNotNL:
		b.WriteString(`(?-s:.)`)
	case syntax.OpAnyChar:
		b.WriteString(`(?s:.)`)
	case syntax.OpBeginLine:
		b.WriteString(`(?m:^)`)
	case syntax.OpEndLine:
		b.WriteString(`(?m:$)`)
	case syntax.OpBeginText:
		b.WriteString(`\A`)
	case syntax.OpEndText:
		b.WriteString(`\z`)
	case syntax.OpWordBoundary:
		b.WriteString(`\b`)
	case syntax.OpNoWordBoundary:
		b.WriteString(`\B`)
	case syntax.OpCapture:
		b.WriteString(`(?:`)
		writeSyntax(b, re.Sub[0])
		b.WriteString(`)`)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		b.WriteString(`(?:`)
		writeSyntax(b, re.Sub[0])
		b.WriteString(`)`)
		switch re.Op {
		case syntax.OpStar:
			b.WriteString(`*`)
		case syntax.OpPlus:
			b.WriteString(`+`)
		case syntax.OpQuest:
			b.WriteString(`?`)
		default:
			b.WriteString(`{` + strconv.Itoa(re.Min))
			if re.Max != re.Min {
				b.WriteString(`,`)
				if re.Max >= 0 {
					b.WriteString(strconv.Itoa(re.Max))
				}
			}
			b.WriteString(`}`)
		}
	case syntax.OpConcat:
		b.WriteString(`(?:`)
		for _, s := range re.Sub {
			writeSyntax(b, s)
		}
		b.WriteString(`)`)
	case syntax.OpAlternate:
		b.WriteString(`(?:`)
		for i, s := range re.Sub {
			if i > 0 {
				b.WriteString(`|`)
			}
			writeSyntax(b, s)
		}
		b.WriteString(`)`)
	default:
		// Unknown to this printer: a pattern that never compiles, so
		// that the rule is left unchecked.
		b.WriteString(`(`)
	}
}

func writeRune(b *strings.Builder, r rune) {
	b.WriteString(`\x{` + strconv.FormatInt(int64(r), 16) + `}`)
}

// truncateUnbounded cuts re after its first part without a bound on its
// length: x* and x{0,} match the empty string there, x+ and x{n,} match n
// of x, and nothing after the cut is kept (complete is false). Every text
// re matches from a position has a prefix the result matches from it, so a
// check built from the result may accept more, never less.
func truncateUnbounded(re *syntax.Regexp) (out *syntax.Regexp, complete bool) {
	switch re.Op {
	case syntax.OpCapture:
		return truncateUnbounded(re.Sub[0])
	case syntax.OpConcat:
		var subs []*syntax.Regexp
		for _, s := range re.Sub {
			t, ok := truncateUnbounded(s)
			subs = append(subs, t)
			if !ok {
				return concat(subs), false
			}
		}
		return re, true
	case syntax.OpAlternate:
		var subs []*syntax.Regexp
		all := true
		for _, s := range re.Sub {
			t, ok := truncateUnbounded(s)
			subs = append(subs, t)
			all = all && ok
		}
		if all {
			return re, true
		}
		return &syntax.Regexp{Op: syntax.OpAlternate, Flags: re.Flags, Sub: subs}, false
	case syntax.OpQuest:
		t, ok := truncateUnbounded(re.Sub[0])
		if ok {
			return re, true
		}
		return &syntax.Regexp{Op: syntax.OpQuest, Flags: re.Flags, Sub: []*syntax.Regexp{t}}, false
	case syntax.OpStar:
		if maxMatchLen(re.Sub[0]) == 0 {
			return re, true
		}
		return &syntax.Regexp{Op: syntax.OpEmptyMatch}, false
	case syntax.OpPlus:
		if maxMatchLen(re.Sub[0]) == 0 {
			return re, true
		}
		t, _ := truncateUnbounded(re.Sub[0])
		return t, false
	case syntax.OpRepeat:
		if maxMatchLen(re.Sub[0]) == 0 {
			return re, true
		}
		t, ok := truncateUnbounded(re.Sub[0])
		switch {
		case re.Max >= 0 && ok:
			return re, true
		case re.Min == 0:
			return &syntax.Regexp{Op: syntax.OpEmptyMatch}, false
		case !ok:
			// The first repetition is cut, and nothing after it kept.
			return t, false
		default: // x{n,} with x bounded: n of x
			return &syntax.Regexp{Op: syntax.OpRepeat, Flags: re.Flags, Min: re.Min, Max: re.Min, Sub: re.Sub}, false
		}
	}
	return re, maxMatchLen(re) >= 0
}

// nextLiteral finds, in the check's sequence after its first part (the
// pivot), the first part that is a small set of non-empty literal strings
// at a bounded distance, and returns the set of their first bytes (both
// cases of a letter) and that distance plus one; within is 0 when there is
// none.
func nextLiteral(cont *syntax.Regexp) (*[256]bool, int) {
	parts := flatten(cont, nil)
	if len(parts) < 2 {
		return nil, 0
	}
	off := 0
	for i, p := range parts {
		if i > 0 {
			if set, ok := exactStrings(p); ok && !slices.Contains(set, "") {
				var bs [256]bool
				for _, s := range set {
					c := s[0]
					bs[c] = true
					if 'a' <= c && c <= 'z' {
						bs[c-'a'+'A'] = true
					}
				}
				return &bs, off + 1
			}
		}
		n := maxMatchLen(p)
		if n < 0 {
			return nil, 0
		}
		off += n
	}
	return nil, 0
}

// flatten lists the parts of nested sequences (and captures of them) in
// order.
func flatten(re *syntax.Regexp, out []*syntax.Regexp) []*syntax.Regexp {
	switch re.Op {
	case syntax.OpConcat:
		for _, s := range re.Sub {
			out = flatten(s, out)
		}
		return out
	case syntax.OpCapture:
		if re.Sub[0].Op == syntax.OpConcat {
			return flatten(re.Sub[0], out)
		}
	}
	return append(out, re)
}

// lazyRegexp is a check compiled when first matched, in two forms: for an
// occurrence at the start of the text, and for one after it, with the
// byte before the occurrence read too (so that an assertion at the
// occurrence, \b or \B, sees what it sees in the whole text).
type lazyRegexp struct {
	syntax    *syntax.Regexp
	longest   bool // leftmost-longest (for longestEnd)
	once      sync.Once
	atStart   *regexp.Regexp // nil: refused
	afterByte *regexp.Regexp
}

func (l *lazyRegexp) compile() {
	l.once.Do(func() {
		var b strings.Builder
		writeSyntax(&b, l.syntax)
		l.atStart, _ = regexp.Compile(`^(?:` + b.String() + `)`)
		// One byte before, whatever it is (a byte of a longer UTF-8
		// character reads as U+FFFD, which no word class holds: as
		// the character itself would).
		l.afterByte, _ = regexp.Compile(`^(?s:.)(?:` + b.String() + `)`)
		if l.longest && l.atStart != nil && l.afterByte != nil {
			l.atStart.Longest()
			l.afterByte.Longest()
		}
	})
}

// longestEnd is the end of the longest match of the regex from at, in
// text read no further than end (so that end is the end of the text to
// it): -1 when there is none, -2 when Go's regexp refused the pattern.
func (l *lazyRegexp) longestEnd(text string, at, end int) int {
	l.compile()
	if l.atStart == nil || l.afterByte == nil {
		return -2
	}
	if at == 0 {
		if loc := l.atStart.FindStringIndex(text[:end]); loc != nil {
			return loc[1]
		}
		return -1
	}
	if loc := l.afterByte.FindStringIndex(text[at-1 : end]); loc != nil {
		return at - 1 + loc[1]
	}
	return -1
}

// matchAt reports whether the check matches text from at, reading no
// further than end; true when Go's regexp refused the printed pattern
// (then the rule runs, as an unchecked rule does).
func (l *lazyRegexp) matchAt(text string, at, end int) bool {
	l.compile()
	if l.atStart == nil || l.afterByte == nil {
		return true
	}
	if at == 0 {
		return l.atStart.MatchString(text[:end])
	}
	return l.afterByte.MatchString(text[at-1 : end])
}

// maxNewlines bounds the line ends re can match, -1 when it has no bound.
func maxNewlines(re *syntax.Regexp) int {
	return bound(re, func(re *syntax.Regexp) int {
		switch re.Op {
		case syntax.OpLiteral:
			return strings.Count(string(re.Rune), "\n")
		case syntax.OpCharClass:
			for i := 0; i+1 < len(re.Rune); i += 2 {
				if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
					return 1
				}
			}
			return 0
		case syntax.OpAnyChar:
			return 1
		}
		return 0 // assertions, (?-s:.), empty
	})
}
