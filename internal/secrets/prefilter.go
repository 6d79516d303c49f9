package secrets

import (
	"regexp/syntax"
	"slices"
	"strings"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
)

// gitleaks runs a rule's regex over a fragment only when one of the rule's
// keywords occurs in it (its Aho-Corasick prefilter over every keyword of
// the config); a rule without keywords runs over every fragment of every
// commit. withDerivedKeywords gives such a rule keywords of its own, taken
// from its regex: literals of which every match holds one. The prefilter
// then skips only fragments in which the regex cannot match, so the
// findings are the same, whatever the rule (ours, a repository's
// .gitleaks.toml, .launchready.yml), while a rule added without keywords
// costs a regex pass only where its literal occurs.
//
// A rule whose regex has no such literal of at least minDerivedKeyword
// bytes (an all-character-class pattern such as pgpass lines) keeps running
// everywhere; one with a path runs only on the paths it names anyway.

// minDerivedKeyword is the shortest literal used as a keyword: shorter
// ones (":", "=") occur in nearly every fragment, and each occurrence costs
// the prefilter a match.
const minDerivedKeyword = 3

// maxLiteralSet bounds the strings an alternation or a short character
// class expands to while the literals are collected.
const maxLiteralSet = 64

// withDerivedKeywords returns gc with keywords derived for every rule that
// has a regex and none (the rules map is copied; gc's own is not touched).
func withDerivedKeywords(gc gconfig.Config) gconfig.Config {
	var rules map[string]gconfig.Rule
	for id, r := range gc.Rules {
		if len(r.Keywords) > 0 || r.Regex == nil {
			continue
		}
		kws := requiredLiterals(r.Regex.String())
		if len(kws) == 0 {
			continue
		}
		if rules == nil {
			rules = make(map[string]gconfig.Rule, len(gc.Rules))
			for k, v := range gc.Rules {
				rules[k] = v
			}
			keywords := make(map[string]struct{}, len(gc.Keywords)+len(kws))
			for k := range gc.Keywords {
				keywords[k] = struct{}{}
			}
			gc.Keywords = keywords
		}
		r.Keywords = kws
		rules[id] = r
		for _, k := range kws {
			gc.Keywords[k] = struct{}{}
		}
	}
	if rules != nil {
		gc.Rules = rules
	}
	return gc
}

// requiredLiterals returns lower-case strings of which every match of the
// pattern contains one (as gitleaks compares keywords: with the fragment
// lower-cased), each at least minDerivedKeyword bytes; nil when it finds
// none. It is conservative: nil is always a correct answer.
func requiredLiterals(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	info := literals(re.Simplify())
	set := info.req
	if info.exact != nil && goodSet(info.exact) && (set == nil || better(info.exact, set)) {
		set = info.exact
	}
	if set == nil || !goodSet(set) {
		return nil
	}
	// A string that holds another of the set adds nothing.
	var out []string
	for _, s := range set {
		redundant := false
		for _, o := range set {
			if o != s && strings.Contains(s, o) {
				redundant = true
			}
		}
		if !redundant {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// litInfo is what one node of a regex says about the text it matches:
// exact, when not nil, is every string it can match (lower-cased); req,
// when not nil, is a set of which every match contains one.
type litInfo struct {
	exact []string
	req   []string
	// cut is set for a case-folded literal cut in pieces (see
	// literalInfo): its first and last pieces still join their
	// neighbours in a sequence.
	cut *[2]string
}

// zeroWidth matches only the empty string.
var zeroWidth = litInfo{exact: []string{""}}

func literals(re *syntax.Regexp) litInfo {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return zeroWidth
	case syntax.OpLiteral:
		return literalInfo(re)
	case syntax.OpCharClass:
		return classInfo(re)
	case syntax.OpCapture:
		return literals(re.Sub[0])
	case syntax.OpQuest:
		sub := literals(re.Sub[0])
		if sub.exact != nil {
			return litInfo{exact: union([]string{""}, sub.exact)}
		}
		return litInfo{}
	case syntax.OpPlus:
		return litInfo{req: asReq(literals(re.Sub[0]))}
	case syntax.OpRepeat:
		if re.Min < 1 {
			return litInfo{}
		}
		return litInfo{req: asReq(literals(re.Sub[0]))}
	case syntax.OpConcat:
		return concatInfo(re.Sub)
	case syntax.OpAlternate:
		var exact, req []string
		allExact, allReq := true, true
		for _, s := range re.Sub {
			si := literals(s)
			if si.exact != nil && allExact {
				exact = union(exact, si.exact)
			} else {
				allExact = false
			}
			if r := asReq(si); r != nil && allReq {
				req = union(req, r)
			} else {
				allReq = false
			}
		}
		out := litInfo{}
		if allExact && len(exact) <= maxLiteralSet {
			out.exact = exact
		}
		if allReq && len(req) <= maxLiteralSet {
			out.req = req
		}
		return out
	}
	// OpAnyChar, OpAnyCharNotNL, OpStar, OpNoMatch and the rest.
	return litInfo{}
}

// literalInfo is a literal's string. Under (?i), gitleaks' lower-casing
// meets the regex's case folding only for ASCII letters whose fold orbit
// is ASCII: (?i)k also matches the Kelvin sign and (?i)s the long s, and
// strings.ToLower leaves ſ as it is. So a folded literal is cut at k and s
// (and at anything not ASCII), and only its pieces are required.
func literalInfo(re *syntax.Regexp) litInfo {
	fold := re.Flags&syntax.FoldCase != 0
	var b strings.Builder
	var pieces []string
	cut := func() {
		if b.Len() > 0 {
			pieces = append(pieces, b.String())
			b.Reset()
		}
	}
	whole := true
	for _, r := range re.Rune {
		switch {
		case r >= 0x80:
			cut()
			whole = false
		case fold && (r == 'k' || r == 'K' || r == 's' || r == 'S'):
			cut()
			whole = false
		default:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
		}
	}
	cut()
	if whole {
		return litInfo{exact: []string{strings.Join(pieces, "")}}
	}
	// The text before the first cut and after the last one.
	var ends [2]string
	for i, r := range re.Rune {
		if r >= 0x80 || r == 'k' || r == 'K' || r == 's' || r == 'S' {
			ends[0] = strings.ToLower(string(re.Rune[:i]))
			break
		}
	}
	for i := len(re.Rune) - 1; i >= 0; i-- {
		if r := re.Rune[i]; r >= 0x80 || r == 'k' || r == 'K' || r == 's' || r == 'S' {
			ends[1] = strings.ToLower(string(re.Rune[i+1:]))
			break
		}
	}
	// The longest piece is required.
	best := ""
	for _, p := range pieces {
		if len(p) > len(best) {
			best = p
		}
	}
	out := litInfo{cut: &ends}
	if best != "" {
		out.req = []string{best}
	}
	return out
}

// classInfo expands a small ASCII character class ([Aa], [-_]) to its
// characters, lower-cased.
func classInfo(re *syntax.Regexp) litInfo {
	var out []string
	n := 0
	for i := 0; i+1 < len(re.Rune); i += 2 {
		lo, hi := re.Rune[i], re.Rune[i+1]
		if hi >= 0x80 {
			return litInfo{}
		}
		n += int(hi-lo) + 1
		if n > 8 {
			return litInfo{}
		}
		for r := lo; r <= hi; r++ {
			c := r
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = union(out, []string{string(c)})
		}
	}
	if len(out) == 0 {
		return litInfo{}
	}
	return litInfo{exact: out}
}

// concatInfo runs over a sequence: neighbouring exact parts are joined
// (their cross product, while it stays small), and the best required set
// of the runs and of the parts is the sequence's.
func concatInfo(subs []*syntax.Regexp) litInfo {
	var (
		best     []string
		run      = []string{""} // the cross product of the current run of exact parts
		allExact = true
	)
	consider := func(set []string) {
		if set != nil && goodSet(set) && (best == nil || better(set, best)) {
			best = set
		}
	}
	for _, s := range subs {
		si := literals(s)
		if si.cut != nil {
			// A folded literal cut in pieces: its first piece ends the
			// run, its last one starts the next.
			if p := product(run, []string{si.cut[0]}); p != nil {
				consider(p)
			} else {
				consider(run)
			}
			consider(si.req)
			run = []string{si.cut[1]}
			allExact = false
			continue
		}
		if si.exact != nil {
			if p := product(run, si.exact); p != nil {
				run = p
				continue
			}
			// Too many combinations: close the run, start anew.
			consider(run)
			run = si.exact
			allExact = false
			continue
		}
		allExact = false
		consider(run)
		consider(si.req)
		run = []string{""}
	}
	consider(run)
	out := litInfo{req: best}
	if allExact {
		out.exact = run
	}
	return out
}

// asReq is the required set of a node: its exact strings (when none is
// empty) or its required set.
func asReq(i litInfo) []string {
	if i.exact != nil && !slices.Contains(i.exact, "") {
		if i.req == nil || better(i.exact, i.req) {
			return i.exact
		}
	}
	if i.req != nil && !slices.Contains(i.req, "") {
		return i.req
	}
	return nil
}

func product(a, b []string) []string {
	if len(a)*len(b) > maxLiteralSet {
		return nil
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return union(nil, out)
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// goodSet is a usable keyword set: every string at least
// minDerivedKeyword bytes.
func goodSet(set []string) bool {
	if len(set) == 0 || len(set) > maxLiteralSet {
		return false
	}
	for _, s := range set {
		if len(s) < minDerivedKeyword {
			return false
		}
	}
	return true
}

// better prefers the set whose shortest string is longer (it occurs less
// often), then the smaller set.
func better(a, b []string) bool {
	ma, mb := minLen(a), minLen(b)
	if ma != mb {
		return ma > mb
	}
	return len(a) < len(b)
}

func minLen(set []string) int {
	m := -1
	for _, s := range set {
		if m < 0 || len(s) < m {
			m = len(s)
		}
	}
	return m
}
