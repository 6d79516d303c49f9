package secrets

import (
	"context"
	"encoding/base64"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"weak"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/detect/codec"
	"github.com/zricethezav/gitleaks/v8/report"
)

// The engine decides, for each fragment, which of the config's rules can
// report anything in it, and hands the fragment to a gitleaks detector
// holding only those rules. gitleaks itself runs every rule one of whose
// keywords occurs in the fragment over the whole fragment (twice when it
// matches), and decodes every fragment for its encoded-secret passes; on a
// history most fragments are source code in which "key", "token" or "s."
// occur and nothing matches. The engine instead:
//
//  1. resolves each rule's path once per file name (not once per hunk);
//  2. finds every keyword and every pivot string (pivot.go) of every rule
//     in one Aho-Corasick pass over the ASCII-lower-cased fragment;
//  3. runs, for each rule gitleaks would run, its pivot checks at the
//     pivot occurrences only, over a short window each;
//  4. sends the fragment, whole, to a detector with the rules whose check
//     matched (and the rules it cannot check), which reports exactly what
//     gitleaks reports for them.
//
// Nothing is decided on a guess: a rule is left out only when its regex
// provably has no match in the fragment (see pivot). A fragment the
// reasoning does not cover goes to the full detector unchanged: one that
// gitleaks would decode (an encoded segment, mayDecode), one that is not
// valid UTF-8 (RE2 and Go's regexp may then differ), and one holding a
// character whose lower case or case fold is ASCII (the Kelvin sign folds
// to k: ASCII lower-casing would miss the keyword gitleaks' strings.ToLower
// finds). TestEngineMatchesGitleaks and FuzzEngineMatchesGitleaks compare
// the two on every text file of the repository and on fuzzed input.
type engine struct {
	d    *detect.Detector
	off  bool // the config uses what the engine does not model: full detector always
	trie *ahocorasick.Trie
	pats [][]patRef // per trie pattern: what it is to which rule
	// rules in a fixed order; index i is rule i of every bitset.
	rules []*engineRule
	// keywordless lists the rules gitleaks runs on every fragment.
	keywordless []int

	plans sync.Map // file path -> *pathPlan
	mu    sync.Mutex
	subs  map[string]*detect.Detector // rule set key -> detector with those rules
}

type engineRule struct {
	id     string
	rule   gconfig.Rule
	pivots []pivot // nil: runs whenever active
	// unchecked: the rule cannot be ruled out by its pivots (no regex,
	// no pivots, a keyword that is not ASCII).
	unchecked bool
}

// patRef says what a trie pattern is to one rule: a keyword, or the
// strings of one of its pivots.
type patRef struct {
	rule    int
	keyword bool
	pivot   int // index in the rule's pivots when !keyword
}

// pathPlan is what a file name decides: whether each rule applies to it
// at all (no path, or a path that matches), worked out when first needed.
type pathPlan struct {
	applies []atomic.Uint32 // 0 not known yet, 1 applies, 2 does not
}

var engines sync.Map // weak.Pointer[detect.Detector] -> *engine

// engineFor returns d's engine, built on first use and dropped with d.
func engineFor(d *detect.Detector) *engine {
	key := weak.Make(d)
	if e, ok := engines.Load(key); ok {
		return e.(*engine)
	}
	e := newEngine(d)
	if v, loaded := engines.LoadOrStore(key, e); loaded {
		return v.(*engine)
	}
	runtime.AddCleanup(d, func(k weak.Pointer[detect.Detector]) { engines.Delete(k) }, key)
	return e
}

// detectFragment is d.DetectContext(ctx, f), by way of d's engine.
func detectFragment(ctx context.Context, d *detect.Detector, f detect.Fragment) []report.Finding {
	if !useEngine {
		return d.DetectContext(ctx, f)
	}
	return engineFor(d).detect(ctx, f)
}

// useEngine switches the engine on (tests compare both ways).
var useEngine = true

func newEngine(d *detect.Detector) *engine {
	e := &engine{d: d, subs: map[string]*detect.Detector{}}
	ids := make([]string, 0, len(d.Config.Rules))
	for id := range d.Config.Rules {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	patIDs := map[string]int{}
	var patStrs []string
	addPat := func(s string, ref patRef) {
		id, ok := patIDs[s]
		if !ok {
			id = len(patStrs)
			patIDs[s] = id
			patStrs = append(patStrs, s)
			e.pats = append(e.pats, nil)
		}
		e.pats[id] = append(e.pats[id], ref)
	}
	for i, id := range ids {
		r := d.Config.Rules[id]
		er := &engineRule{id: id, rule: r}
		e.rules = append(e.rules, er)
		always := len(r.Keywords) == 0
		for _, k := range r.Keywords {
			if k = strings.ToLower(k); !isASCII(k) || k == "" {
				// Not found by the ASCII pass: the rule counts as
				// active, and its detector does gitleaks' own test.
				always = true
			}
		}
		if always {
			e.keywordless = append(e.keywordless, i)
		} else {
			for _, k := range r.Keywords {
				addPat(strings.ToLower(k), patRef{rule: i, keyword: true})
			}
		}
		if r.Regex == nil {
			er.unchecked = true
			continue
		}
		er.pivots = analyse(r.Regex.String()).pivots
		if er.pivots == nil {
			er.unchecked = true
			continue
		}
		for pi, p := range er.pivots {
			for _, s := range p.strs {
				addPat(s, patRef{rule: i, pivot: pi})
			}
		}
	}
	// Allowlists that name commits differ per hunk in ways the sub
	// detectors keep anyway (they hold the same allowlists), so nothing
	// turns the engine off today; off stays for a config it cannot model.
	e.trie = ahocorasick.NewTrieBuilder().AddStrings(patStrs).Build()
	return e
}

func (e *engine) detect(ctx context.Context, f detect.Fragment) []report.Finding {
	if e.off || f.Bytes != nil || !plainText(f.Raw) || mayDecode(f.Raw) {
		return e.d.DetectContext(ctx, f)
	}
	plan := e.plan(f)
	n := len(e.rules)
	active := make([]bool, n) // gitleaks would run the rule
	for _, i := range e.keywordless {
		active[i] = true
	}
	buf := lowerPool.Get().(*[]byte)
	low := lowerASCII((*buf)[:0], f.Raw)
	type hit struct{ at, pat int }
	var hits []hit
	e.trie.Walk(low, func(end, length, pat int64) bool {
		at := int(end - length + 1)
		pivotHit := false
		for _, ref := range e.pats[pat] {
			if ref.keyword {
				active[ref.rule] = true
			} else {
				pivotHit = true
			}
		}
		if pivotHit {
			hits = append(hits, hit{at, int(pat)})
		}
		return true
	})
	*buf = low
	lowerPool.Put(buf)

	run := make([]bool, n)
	any := false
	for i, er := range e.rules {
		if active[i] && er.unchecked && e.applies(plan, i, f) {
			run[i], any = true, true
		}
	}
	for _, h := range hits {
		for _, ref := range e.pats[h.pat] {
			i := ref.rule
			if ref.keyword || run[i] || !active[i] || !e.applies(plan, i, f) {
				continue
			}
			p := &e.rules[i].pivots[ref.pivot]
			end := len(f.Raw)
			if p.maxLen >= 0 {
				end = min(end, h.at+p.maxLen+1)
			}
			if p.check.MatchString(f.Raw[h.at:end]) {
				run[i], any = true, true
			}
		}
	}
	if !any {
		return nil
	}
	return e.sub(run).DetectContext(ctx, f)
}

var lowerPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// lowerASCII appends s with its ASCII letters lower-cased (every other
// byte as it is, so that offsets stay those of s).
func lowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// plan is the file name's plan, cached.
func (e *engine) plan(f detect.Fragment) *pathPlan {
	key := f.FilePath
	if f.WindowsFilePath != "" {
		key += "\x00" + f.WindowsFilePath
	}
	if p, ok := e.plans.Load(key); ok {
		return p.(*pathPlan)
	}
	v, _ := e.plans.LoadOrStore(key, &pathPlan{applies: make([]atomic.Uint32, len(e.rules))})
	return v.(*pathPlan)
}

// applies reports whether rule i applies to f's file (gitleaks' test:
// the path, or the Windows form of it, matches the rule's path).
func (e *engine) applies(p *pathPlan, i int, f detect.Fragment) bool {
	switch p.applies[i].Load() {
	case 1:
		return true
	case 2:
		return false
	}
	r := e.rules[i].rule
	ok := r.Path == nil || pathMatch(r, f.FilePath) || (f.WindowsFilePath != "" && pathMatch(r, f.WindowsFilePath))
	if ok {
		p.applies[i].Store(1)
	} else {
		p.applies[i].Store(2)
	}
	return ok
}

// pathMatch is r.Path.MatchString(name), with Go's regexp where it means
// the same (a valid UTF-8 name: a short string costs less there than a
// call into the RE2 module).
func pathMatch(r gconfig.Rule, name string) bool {
	if utf8.ValidString(name) {
		if re := goRegexp(r.Path.String()); re != nil {
			return re.MatchString(name)
		}
	}
	return r.Path.MatchString(name)
}

var goRegexps sync.Map // pattern -> *regexp.Regexp (nil: Go's regexp refuses it)

func goRegexp(pattern string) *regexp.Regexp {
	if v, ok := goRegexps.Load(pattern); ok {
		return v.(*regexp.Regexp)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		re = nil
	}
	v, _ := goRegexps.LoadOrStore(pattern, re)
	return v.(*regexp.Regexp)
}

// sub returns the detector with the rules in set (and the rules they
// require), set up as d is.
func (e *engine) sub(set []bool) *detect.Detector {
	var b strings.Builder
	for i, in := range set {
		if in {
			b.WriteString(strconv.Itoa(i))
			b.WriteByte(',')
		}
	}
	key := b.String()
	e.mu.Lock()
	defer e.mu.Unlock()
	if s, ok := e.subs[key]; ok {
		return s
	}
	cfg := e.d.Config
	cfg.Rules = map[string]gconfig.Rule{}
	cfg.Keywords = map[string]struct{}{}
	var add func(id string)
	add = func(id string) {
		r, ok := e.d.Config.Rules[id]
		if !ok {
			return
		}
		if _, done := cfg.Rules[id]; done {
			return
		}
		cfg.Rules[id] = r
		for _, k := range r.Keywords {
			cfg.Keywords[strings.ToLower(k)] = struct{}{}
		}
		for _, req := range r.RequiredRules {
			add(req.RuleID)
		}
	}
	for i, in := range set {
		if in {
			add(e.rules[i].id)
		}
	}
	s := detect.NewDetector(cfg)
	s.MaxDecodeDepth = e.d.MaxDecodeDepth
	s.MaxTargetMegaBytes = e.d.MaxTargetMegaBytes
	s.IgnoreGitleaksAllow = e.d.IgnoreGitleaksAllow
	s.Redact = e.d.Redact
	if len(e.subs) < maxSubDetectors {
		e.subs[key] = s
	}
	return s
}

// maxSubDetectors bounds the cache of rule-set detectors (a history has a
// few dozen distinct sets).
const maxSubDetectors = 4096

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// plainText reports whether the engine's reasoning covers s: valid UTF-8
// without a character whose lower case or case fold is ASCII.
func plainText(s string) bool {
	if isASCII(s) {
		return true
	}
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r >= utf8.RuneSelf && foldsToASCII(r) {
			return false
		}
	}
	return true
}

// asciiFolding holds the non-ASCII characters whose lower case is ASCII
// or whose case-fold orbit holds an ASCII letter (U+0130 İ, the Kelvin
// sign, the long s): every character with a case mapping is in
// unicode.CaseRanges.
var asciiFolding = func() map[rune]bool {
	m := map[rune]bool{}
	for _, cr := range unicode.CaseRanges {
		for r := rune(max(cr.Lo, utf8.RuneSelf)); r <= rune(cr.Hi); r++ {
			if unicode.ToLower(r) < utf8.RuneSelf {
				m[r] = true
			}
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				if f < utf8.RuneSelf {
					m[r] = true
					break
				}
			}
		}
	}
	return m
}()

func foldsToASCII(r rune) bool { return asciiFolding[r] }

// mayDecode reports whether gitleaks' decoder (MaxDecodeDepth) could find
// an encoded segment in s: a percent escape, a U+ or \u escape, a run of
// 32 hex digits, or a base64 run that decodes to printable text. Without
// the first three, the decoder's only candidates are the maximal runs of
// base64 characters of 16 or more (with up to two '=' after them), and it
// keeps one only if it holds a digit or one of +/-_ and decodes, as
// standard or raw URL base64, to printable ASCII: that is checked here as
// it does. When any of the first three occurs, the decoder itself is asked.
func mayDecode(s string) bool {
	if strings.IndexByte(s, '%') >= 0 || strings.Contains(s, "U+") || strings.IndexByte(s, '\\') >= 0 {
		if escapes(s) {
			return decodes(s)
		}
	}
	hexRun, run := 0, 0
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		if i < len(s) && isHex(c) {
			if hexRun++; hexRun >= 32 {
				return decodes(s)
			}
		} else {
			hexRun = 0
		}
		if i < len(s) && isBase64Char(c) {
			run++
			continue
		}
		if run >= 16 && base64Segment(s, i-run, i) {
			return true
		}
		run = 0
	}
	return false
}

// escapes finds a percent escape (%XX) or a unicode escape (U+XXXX, \uXXXX).
func escapes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			return true
		case s[i] == 'U' && i+5 < len(s) && s[i+1] == '+' && allHex(s[i+2:i+6]):
			return true
		case s[i] == '\\' && i+5 < len(s) && (s[i+1] == 'u' || s[i+1] == 'U') && allHex(s[i+2:i+6]):
			return true
		}
	}
	return false
}

// decodes asks gitleaks' decoder whether s has an encoded segment.
func decodes(s string) bool {
	_, segs := codec.NewDecoder().Decode(s, nil)
	return len(segs) > 0
}

// base64Segment reports whether the run s[i:j] (with up to two '=' after
// it) is a segment the decoder keeps.
func base64Segment(s string, i, j int) bool {
	for k := 0; k < 2 && j < len(s) && s[j] == '='; k++ {
		j++
	}
	v := s[i:j]
	if !strings.ContainsAny(v, "0123456789+/-_") {
		return false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(v); err == nil && printable(b) {
			return true
		}
	}
	return false
}

func printable(b []byte) bool {
	for _, c := range b {
		if c <= 0x08 || c >= 0x7f {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func isBase64Char(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '/' || c == '+' || c == '-'
}
