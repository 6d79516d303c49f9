package secrets

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp/syntax"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"weak"

	"github.com/zricethezav/gitleaks/v8/cmd/scm"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/detect/codec"
	gregexp "github.com/zricethezav/gitleaks/v8/regexp"
	"github.com/zricethezav/gitleaks/v8/report"
)

// The engine decides, for each fragment, which of the config's rules can
// report anything in it, and hands gitleaks a detector holding only those
// rules. gitleaks itself runs every rule one of whose keywords occurs in
// the fragment over the whole fragment (twice when it matches), resolves
// paths and allowlists per hunk, and decodes every fragment; on a history
// most fragments are source code in which "key", "token" or "s." occur
// and nothing matches. The engine instead:
//
//  1. resolves each rule's path and the global path allowlist once per
//     file name;
//  2. finds every keyword and every pivot string (pivot.go) of every rule
//     in one pass over the fragment, ASCII case ignored (acdfa.go), and
//     over each of gitleaks' decoding passes when the text may hold an
//     encoded segment (mayDecode, decodePasses);
//  3. runs, for each rule gitleaks would run, its pivot check at each
//     occurrence, over a short window (after a byte test, nextLiteral);
//  4. gives the detector with the rules whose check matched (and the rules
//     it cannot check) the windows of whole lines a match of them can
//     touch, or the whole fragment when a rule has no such bound, decodes,
//     or needs gitleaks' own keyword test.
//
// Nothing is decided on a guess: a rule is left out only when its regex
// provably has no match (see pivot), and a window holds every match whole
// with the bytes around it, numbered and started as gitleaks numbers lines.
// A fragment the reasoning does not cover goes to the full detector: text
// that is not valid UTF-8 when the rules run on RE2 (the checks run on Go's
// regexp), and text holding a character whose lower case or case fold is
// ASCII (the Kelvin sign folds to k: ASCII lower-casing would miss the
// keyword gitleaks' strings.ToLower finds). TestEngineMatchesGitleaks,
// FuzzEngineMatchesGitleaks and the attack tests (engine_attack_test.go)
// compare the two on every text file of the repository, fuzzed input and
// random rules.
type engine struct {
	*engineCore // set by detect on first use (pathAllowed needs none)
	coreOnce    sync.Once
	d           *detect.Detector
	mu          sync.Mutex
	subs        map[string]*detect.Detector // rule set key -> detector with those rules
	// eager: the engine runs from the first byte (warmEngine); else
	// direct counts the bytes d scans before it takes over.
	eager  atomic.Bool
	direct atomic.Int64
	// allowed caches pathAllowed: file path -> bool.
	allowed    sync.Map
	nAllowed   atomic.Int64
	allowOnce  sync.Once
	allowPaths pathFilter // the "OR" global allowlists' paths
}

// pathAllowed reports whether one of d's "OR" global allowlists allows
// the path (gitleaks then drops the file whole), cached per path.
func (e *engine) pathAllowed(path string) bool {
	if v, ok := e.allowed.Load(path); ok {
		return v.(bool)
	}
	e.allowOnce.Do(e.joinAllowlists)
	ok := e.allowPaths.match(path)
	if e.nAllowed.Add(1) <= maxCachedPaths {
		e.allowed.Store(path, ok)
	}
	return ok
}

// engineCore is what the engine knows of a set of rules, shared by the
// detectors of a run built from the same rules (a run builds several).
type engineCore struct {
	lits *litDFA
	// Per pattern: the rules it is a keyword of, and the pivots it is a
	// string of.
	keywordOf [][]int
	pivotOf   [][]patRef
	// rules in a fixed order; index i is rule i of every set.
	rules []*engineRule
	// keywordless lists the rules gitleaks runs on every fragment.
	keywordless []int
	pathRules   int      // how many rules have a path
	plans       sync.Map // file path -> *pathPlan
	nPlans      atomic.Int64
}

type engineRule struct {
	id     string
	rule   gconfig.Rule
	pivots []pivot // nil: runs whenever active
	// unchecked: the rule cannot be ruled out by its pivots (no regex,
	// no pivots, a keyword that is not ASCII).
	unchecked bool
	// ownKeywordTest: the rule has keywords the engine cannot look for;
	// it runs in gitleaks' detector over the whole fragment, keywords on.
	ownKeywordTest bool
	// pathSlot is the rule's index in a pathPlan, -1 for a rule without
	// a path.
	pathSlot int
}

// patRef names one pivot of one rule.
type patRef struct {
	rule, pivot int
}

// pathPlan is what a file name decides: whether each rule applies to it
// at all (no path, or a path that matches), worked out when first needed.
type pathPlan struct {
	applies []atomic.Uint32 // per rule with a path: 0 not known yet, 1 applies, 2 does not
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

// detectFragment is d.DetectContext(ctx, f), by way of d's engine: from
// the first byte for a scan that warmed it (warmEngine: a history, a work
// tree), else once d has scanned smallScanBytes directly.
func detectFragment(ctx context.Context, d *detect.Detector, f detect.Fragment) []report.Finding {
	e := engineFor(d)
	if !e.eager.Load() && e.direct.Add(int64(len(f.Raw))) <= smallScanBytes {
		return d.DetectContext(ctx, f)
	}
	return e.detect(ctx, f)
}

// smallScanBytes is how much a scan that did not warm its engine (the
// staged changes, single texts) reads with gitleaks' detector alone
// before the engine takes over: building the engine (every rule's pivots)
// costs about 25 ms, which a few staged files do not win back. The
// findings are the same either way.
const smallScanBytes = 1 << 20

// joinAllowlists collects the "OR" global allowlists that name paths.
func (e *engine) joinAllowlists() {
	var lists []*gconfig.Allowlist
	for _, a := range e.d.Config.Allowlists {
		if a.MatchCondition != gconfig.AllowlistMatchAnd && len(a.Paths) > 0 {
			lists = append(lists, a)
		}
	}
	e.allowPaths = newPathFilter(lists)
}

// A pathFilter tells whether one of a set of allowlists allows a path,
// asking only those one of whose pivot strings (pivot.go) occurs in it:
// gitleaks' global allowlist has some thirty path patterns (images, lock
// files, vendored trees), and a history has thousands of paths, which
// almost none of them match.
type pathFilter struct {
	lists  []*gconfig.Allowlist
	lits   *litDFA
	listOf [][]int // pivot string -> the allowlists it is a pivot of
	always []int   // the allowlists without pivots
}

func newPathFilter(lists []*gconfig.Allowlist) pathFilter {
	f := pathFilter{lists: lists}
	var strs interned
	for i, a := range lists {
		// An allowlist's paths are one regex to gitleaks, joined as
		// (?:a|b|c): a flag such as (?i) at the start of one pattern
		// holds for the patterns after it too.
		alts := make([]string, len(a.Paths))
		for k, re := range a.Paths {
			alts[k] = re.String()
		}
		ps := analyse("(?:" + strings.Join(alts, "|") + ")").pivots
		if ps == nil {
			f.always = append(f.always, i)
			continue
		}
		for _, p := range ps {
			for _, s := range p.strs {
				id, isNew := strs.id(s)
				if isNew {
					f.listOf = append(f.listOf, nil)
				}
				f.listOf[id] = append(f.listOf[id], i)
			}
		}
	}
	f.lits = newLitDFA(strs.strs)
	return f
}

// interned numbers distinct strings in the order they are first seen.
type interned struct {
	ids  map[string]int
	strs []string
}

// id is s's number, and whether s is new.
func (n *interned) id(s string) (int, bool) {
	if id, ok := n.ids[s]; ok {
		return id, false
	}
	if n.ids == nil {
		n.ids = map[string]int{}
	}
	n.ids[s] = len(n.strs)
	n.strs = append(n.strs, s)
	return len(n.strs) - 1, true
}

// match reports whether one of the allowlists allows path (gitleaks' own
// test, PathAllowed, for each it asks). Every match of an allowlist's
// regex holds one of its pivot strings, ASCII case ignored; a path with a
// character whose case fold is ASCII, or not UTF-8 under RE2, asks all.
func (f *pathFilter) match(path string) bool {
	if !plainText(path) {
		return slices.ContainsFunc(f.lists, func(a *gconfig.Allowlist) bool { return a.PathAllowed(path) })
	}
	for _, i := range f.always {
		if f.lists[i].PathAllowed(path) {
			return true
		}
	}
	var asked []int
	found := false
	f.lits.walk(path, func(_ int, p int32) {
		for _, i := range f.listOf[p] {
			if found || slices.Contains(asked, i) {
				continue
			}
			asked = append(asked, i)
			found = f.lists[i].PathAllowed(path)
		}
	})
	return found
}

// warmEngine puts d's engine to work from the first byte and starts
// building it (a history scan, while git starts).
func warmEngine(d *detect.Detector) {
	e := engineFor(d)
	e.eager.Store(true)
	go func() {
		e.allowOnce.Do(e.joinAllowlists)
		e.coreOnce.Do(func() { e.engineCore = coreFor(d.Config.Rules) })
	}()
}

func newEngine(d *detect.Detector) *engine {
	return &engine{d: d, subs: map[string]*detect.Detector{}}
}

var cores sync.Map // rulesKey -> *engineCore

// coreFor returns the shared core for these rules.
func coreFor(rules map[string]gconfig.Rule) *engineCore {
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	key := rulesKey(rules, ids)
	if c, ok := cores.Load(key); ok {
		return c.(*engineCore)
	}
	c := newCore(rules, ids)
	v, _ := cores.LoadOrStore(key, c)
	return v.(*engineCore)
}

// rulesKey is what the core depends on: each rule's id, keywords, regex
// and path.
func rulesKey(rules map[string]gconfig.Rule, ids []string) string {
	var b strings.Builder
	for _, id := range ids {
		r := rules[id]
		b.WriteString(strconv.Quote(id))
		for _, k := range r.Keywords {
			b.WriteString(" " + strconv.Quote(k))
		}
		if r.Regex != nil {
			b.WriteString(" r" + strconv.Quote(r.Regex.String()))
		}
		if r.Path != nil {
			b.WriteString(" p" + strconv.Quote(r.Path.String()))
		}
		b.WriteByte('\n')
	}
	h := sha256.Sum256([]byte(b.String()))
	return string(h[:])
}

func newCore(rules map[string]gconfig.Rule, ids []string) *engineCore {
	e := &engineCore{}
	var pats interned
	pat := func(s string) int {
		id, isNew := pats.id(s)
		if isNew {
			e.keywordOf = append(e.keywordOf, nil)
			e.pivotOf = append(e.pivotOf, nil)
		}
		return id
	}
	for i, id := range ids {
		r := rules[id]
		er := &engineRule{id: id, rule: r, pathSlot: -1}
		if r.Path != nil {
			er.pathSlot = e.pathRules
			e.pathRules++
		}
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
			// A keyword the ASCII pass cannot find (or an empty one):
			// only gitleaks' own keyword test over the whole fragment
			// says whether the rule runs.
			er.ownKeywordTest = len(r.Keywords) > 0
		} else {
			for _, k := range r.Keywords {
				id := pat(strings.ToLower(k))
				e.keywordOf[id] = append(e.keywordOf[id], i)
			}
		}
		if r.Regex == nil {
			er.unchecked = true
			continue
		}
		a := analyse(r.Regex.String())
		er.pivots = a.pivots
		if er.pivots == nil {
			er.unchecked = true
			continue
		}
		for pi, p := range er.pivots {
			for _, s := range p.strs {
				id := pat(s)
				e.pivotOf[id] = append(e.pivotOf[id], patRef{rule: i, pivot: pi})
			}
		}
	}
	e.lits = newLitDFA(pats.strs)
	return e
}

func (e *engine) detect(ctx context.Context, f detect.Fragment) []report.Finding {
	e.coreOnce.Do(func() { e.engineCore = coreFor(e.d.Config.Rules) })
	if f.Bytes != nil || !plainText(f.Raw) {
		return e.fullDetect(ctx, f)
	}
	if m := e.d.MaxTargetMegaBytes; m > 0 && len(f.Raw)/1_000_000 > m {
		// gitleaks skips the regex rules over text this size (a pass is
		// never longer than the raw text); windows would each be under
		// the limit.
		return e.d.DetectContext(ctx, f)
	}
	texts, segs := []string{f.Raw}, [][]textWindow(nil)
	if mayDecode(f.Raw) {
		// gitleaks' decoding passes: each pass's text is scanned with
		// every rule, as the raw text is.
		texts, segs = decodePasses(f.Raw, e.d.MaxDecodeDepth)
	}
	plan := e.plan(f)
	// run: the rules gitleaks would run over the raw text and whose
	// check matched there; passes: the same over the decoding passes
	// (a keyword may occur only in decoded text).
	run := make([]bool, len(e.rules))
	any, hits := e.mark(f.Raw, plan, f, run)
	// decode marks the rules a match of which in a decoding pass can
	// touch a decoded segment there: gitleaks reports only those of a
	// pass's matches, so the other rules' findings are all in the raw
	// text (and a rule that runs only in a pass reports nothing).
	var decode, passes []bool
	for k := 1; k < len(texts); k++ {
		if !plainText(texts[k]) { // the raw text was asked above
			return e.fullDetect(ctx, f)
		}
		runK := make([]bool, len(e.rules))
		ok, hitsK := e.mark(texts[k], plan, f, runK)
		if !ok {
			continue
		}
		if decode == nil {
			decode, passes = make([]bool, len(e.rules)), make([]bool, len(e.rules))
		}
		e.touchSegments(texts[k], runK, hitsK, segs[k-1], decode)
		for i, in := range runK {
			passes[i] = passes[i] || in
		}
	}
	if decode != nil && slices.Contains(decode, true) {
		if !e.splittable() {
			for i := range run {
				run[i] = run[i] || passes[i]
			}
			return e.subWithout(run, true, false, false, e.inertAllowlists(run, f, texts...)).DetectContext(ctx, f)
		}
		// The rules that decode read the whole fragment, decoding
		// passes on; the others read only the raw text, as below.
		rawRun := make([]bool, len(run))
		for i := range run {
			rawRun[i] = run[i] && !decode[i]
		}
		out := e.subWithout(decode, true, false, false, e.inertAllowlists(decode, f, texts...)).DetectContext(ctx, f)
		if !slices.Contains(rawRun, true) {
			return out
		}
		return crossFilter(out, e.rawDetect(ctx, f, rawRun, hits))
	}
	if !any {
		return nil
	}
	// Without a decoded segment a rule can match, gitleaks' decoding
	// passes report nothing: the detector for this fragment skips them.
	return e.rawDetect(ctx, f, run, hits)
}

// fullDetect is gitleaks' detector over f, every rule, without the rules'
// allowlists that are inert in it (inertAllowlists, over its decoding
// passes).
func (e *engine) fullDetect(ctx context.Context, f detect.Fragment) []report.Finding {
	if f.Bytes != nil || len(f.Raw) < inertMinText {
		return e.d.DetectContext(ctx, f)
	}
	all := make([]bool, len(e.rules))
	for i := range all {
		all[i] = true
	}
	var texts []string
	if goRegexpRules || utf8.ValidString(f.Raw) {
		texts, _ = decodePasses(f.Raw, e.d.MaxDecodeDepth)
	} else {
		// RE2 may read invalid UTF-8 otherwise than decode.go does.
		texts = []string{f.Raw}
		dec := codec.NewDecoder()
		cur, segs := f.Raw, []*codec.EncodedSegment(nil)
		for range e.d.MaxDecodeDepth {
			if cur, segs = dec.Decode(cur, segs); len(segs) == 0 {
				break
			}
			texts = append(texts, cur)
		}
	}
	return e.subWithout(all, true, false, false, e.inertAllowlists(all, f, texts...)).DetectContext(ctx, f)
}

// rawDetect is what gitleaks reports for the rules in run over the raw
// text of f only (no decoding passes): the detector reads the windows of
// the raw text's pivot occurrences (hits), or the whole fragment when a
// rule has no bound.
func (e *engine) rawDetect(ctx context.Context, f detect.Fragment, run []bool, hits []pivotHit) []report.Finding {
	wins := e.windows(f.Raw, run, hits)
	if wins == nil {
		return e.subWithout(run, false, false, false, e.inertAllowlists(run, f, f.Raw)).DetectContext(ctx, f)
	}
	// Every match of the rules to run lies inside one of the windows:
	// the detector reads only those (whole lines, at their own line
	// numbers), the keyword test already done on the whole fragment.
	blank := e.resolvable(run, f)
	if blank && e.globallyAllowed(f) {
		return nil // gitleaks drops the fragment whole
	}
	sub := e.sub(run, false, true, blank)
	var out []report.Finding
	line := f.StartLine
	last := 0
	for _, w := range wins {
		line += strings.Count(f.Raw[last:w.from], "\n")
		last = w.from
		g := f
		g.Raw, g.StartLine = f.Raw[w.from:w.to], line
		sub := sub
		if drop := e.inertAllowlists(run, g, g.Raw); drop != nil {
			sub = e.subWithout(run, false, true, blank, drop)
		}
		if blank {
			// The file's and the commit's allowlist conditions and the
			// rules' paths are settled for the fragment (resolvable):
			// the windows go without them, so that gitleaks does not
			// match every path pattern again for each window.
			g.FilePath, g.WindowsFilePath, g.CommitSHA = "", "", ""
		}
		for _, h := range sub.DetectContext(ctx, g) {
			if blank {
				h.File, h.Commit = f.FilePath, f.CommitSHA
			}
			out = append(out, h)
		}
	}
	return out
}

// touchSegments sets decode[i] for each rule i in run (checked over text,
// a decoding pass) a match of which may touch one of the pass's decoded
// segments, as gitleaks' overlap test has it (a match that ends where a
// segment starts touches it): from the earliest start of a match through
// an occurrence of its pivot to where the longest one ends. A rule
// without such bounds is marked.
func (e *engine) touchSegments(text string, run []bool, hits []pivotHit, segs []textWindow, decode []bool) {
	for i, in := range run {
		if in && !e.bounded(i) {
			decode[i] = true
		}
	}
	lt := newLineText(text)
	for _, h := range hits {
		for _, ref := range e.pivotOf[h.pat] {
			i := ref.rule
			if !run[i] || decode[i] {
				continue
			}
			p := &e.rules[i].pivots[ref.pivot]
			lo := 0
			if p.before >= 0 {
				lo = h.at - p.before
			}
			if p.beforeNL == 0 {
				lo = max(lo, lt.lastNewline(h.at)+1)
			}
			static := lt.lineEndsAfter(h.at, p.newlines+1)
			limit := static
			if p.contLen >= 0 {
				limit = min(limit, h.at+p.contLen+1)
			}
			hi := lt.extent(p, h.at, limit, true)
			switch {
			case hi == -1:
				continue // no match goes through it
			case hi < 0:
				hi = static
			}
			// The segments are in order and apart: the first that
			// ends at lo or after is the one to ask.
			k, _ := slices.BinarySearchFunc(segs, lo, func(s textWindow, lo int) int { return cmp.Compare(s.to, lo) })
			if k < len(segs) && segs[k].from <= hi {
				decode[i] = true
			}
		}
	}
}

// bounded reports whether the windows can hold every match of rule i: it
// has pivots, each bounding where a match starts and the line ends after
// it, and is not left to gitleaks' own keyword test or other rules.
func (e *engine) bounded(i int) bool {
	er := e.rules[i]
	// The rule as this detector has it (the core is shared by configs
	// whose rules differ only in what windows must ask).
	if r := e.d.Config.Rules[er.id]; er.unchecked || er.ownKeywordTest || len(r.RequiredRules) > 0 {
		return false
	}
	for _, p := range er.pivots {
		if (p.before < 0 && p.beforeNL != 0) || p.newlines < 0 {
			return false
		}
	}
	return true
}

// splittable reports whether the rules can read a fragment in two
// detectors, one with decoding passes and one without: none requires or
// is required by another (a composite rule reads its required rules'
// findings in the same detector), and findings are not redacted (the
// filter that drops a generic finding another rule's secret holds, which
// crossFilter does across the two, compares the secrets themselves).
func (e *engine) splittable() bool {
	if e.d.Redact > 0 {
		return false
	}
	for _, r := range e.d.Config.Rules {
		if len(r.RequiredRules) > 0 {
			return false
		}
	}
	return true
}

// crossFilter is gitleaks' filter of one detector's findings (a finding of
// a "generic" rule is dropped when another, not generic, rule found a
// secret on the same line that holds it) across the findings of two.
func crossFilter(a, b []report.Finding) []report.Finding {
	if len(a) == 0 || len(b) == 0 {
		return append(a, b...)
	}
	keep := func(f report.Finding, others []report.Finding) bool {
		if !isGeneric(f.RuleID) {
			return true
		}
		for _, g := range others {
			if f.StartLine == g.StartLine && f.Commit == g.Commit && f.RuleID != g.RuleID &&
				strings.Contains(g.Secret, f.Secret) && !isGeneric(g.RuleID) {
				return false
			}
		}
		return true
	}
	var out []report.Finding
	for _, f := range a {
		if keep(f, b) {
			out = append(out, f)
		}
	}
	for _, f := range b {
		if keep(f, a) {
			out = append(out, f)
		}
	}
	return out
}

func isGeneric(ruleID string) bool { return strings.Contains(strings.ToLower(ruleID), "generic") }

// inertAllowlists lists the allowlists of the rules in run that can allow
// nothing in texts, whole lines of f or the whole of each of its decoding
// passes (so that every finding's Line is inside one), when they are long:
// gitleaks matches an allowlist's line regexes against the Line of every
// finding, and one long line (a minified bundle) with many matches on it
// made that quadratic. An allowlist is inert when a condition it needs is
// false for f (its paths, its commits) or its line regexes, none of which
// asserts anything about where it is (^, $, \b), do not match the texts
// at all (then they match no line of them), and nothing else in it
// (stopwords; for an "OR" list, the paths and commits gitleaks asks first)
// can allow.
func (e *engine) inertAllowlists(run []bool, f detect.Fragment, texts ...string) []*gconfig.Allowlist {
	if len(f.Raw) < inertMinText {
		return nil
	}
	var drop []*gconfig.Allowlist
	for i, in := range run {
		if !in {
			continue
		}
		for _, a := range e.d.Config.Rules[e.rules[i].id].Allowlists {
			if !slices.Contains(drop, a) && inert(a, f, texts) {
				drop = append(drop, a)
			}
		}
	}
	return drop
}

// splitAllowlist returns an allowlist that allows what a does, whose
// regexes gitleaks tries one by one instead of joined into one, when a has
// only regexes (else a itself). gitleaks joins an allowlist's regexes as
// (?:a|b) and matches that against the Line of every finding; Go's regexp
// skips to a regex's literal prefix (import, --mount=) but has none for
// the alternation, so on a long line each finding read the line through.
// The branches are those of the joined regex as gitleaks parses it (a flag
// such as (?i) at the start of one regex holds for those after it), each
// printed with its flags.
func splitAllowlist(a *gconfig.Allowlist) *gconfig.Allowlist {
	if v, ok := splitLists.Load(a); ok {
		return v.(*gconfig.Allowlist)
	}
	out := a
	if len(a.Regexes) > 1 && len(a.Commits) == 0 && len(a.Paths) == 0 && len(a.StopWords) == 0 {
		alts := make([]string, len(a.Regexes))
		for k, re := range a.Regexes {
			alts[k] = re.String()
		}
		// Not split: a branch that can match the empty string (gitleaks
		// counts one regex of an unjoined list only by a non-empty
		// match), or, under RE2, a class with characters outside ASCII
		// (printed from Go's Unicode tables, which are not RE2's).
		if t, err := syntax.Parse("(?:"+strings.Join(alts, "|")+")", syntax.Perl); err == nil && t.Op == syntax.OpAlternate &&
			!slices.ContainsFunc(t.Sub, nullable) && (goRegexpRules || !unicodeClasses(t)) {
			var res []*gregexp.Regexp
			for _, b := range t.Sub {
				var sb strings.Builder
				writeSyntax(&sb, b)
				re, err := compileRules(sb.String())
				if err != nil {
					res = nil
					break
				}
				res = append(res, re)
			}
			if res != nil {
				out = &gconfig.Allowlist{Description: a.Description, MatchCondition: a.MatchCondition, RegexTarget: a.RegexTarget, Regexes: res}
			}
		}
	}
	v, _ := splitLists.LoadOrStore(a, out)
	return v.(*gconfig.Allowlist)
}

var splitLists sync.Map // *gconfig.Allowlist -> its split form

// nullable reports whether re can match the empty string somewhere.
func nullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpNoMatch:
		return false
	case syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpRepeat:
		return re.Min == 0 || nullable(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !nullable(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		return slices.ContainsFunc(re.Sub, nullable)
	case syntax.OpCapture, syntax.OpPlus:
		return nullable(re.Sub[0])
	}
	return true // the empty match and the assertions
}

// compileRules compiles pattern with gitleaks' regex engine.
func compileRules(pattern string) (re *gregexp.Regexp, err error) {
	defer func() {
		if recover() != nil {
			re, err = nil, errors.New("refused")
		}
	}()
	return gregexp.MustCompile(pattern), nil
}

// inertMinText is the shortest text inertAllowlists looks at: on shorter
// lines gitleaks' own tests cost little.
const inertMinText = 4 << 10

func inert(a *gconfig.Allowlist, f detect.Fragment, texts []string) bool {
	pathOK := a.PathAllowed(f.FilePath) || (f.WindowsFilePath != "" && a.PathAllowed(f.WindowsFilePath))
	commitOK, _ := a.CommitAllowed(f.CommitSHA)
	// (The split form answers as a does, skipping to each regex's
	// literal prefix: the texts are long.)
	noLine := len(a.Regexes) > 0 && a.RegexTarget == "line" && placeFree(a.Regexes) &&
		!slices.ContainsFunc(texts, splitAllowlist(a).RegexAllowed)
	if a.MatchCondition == gconfig.AllowlistMatchAnd {
		return (len(a.Paths) > 0 && !pathOK) || (len(a.Commits) > 0 && !commitOK) || noLine
	}
	return !pathOK && !commitOK && len(a.StopWords) == 0 && (len(a.Regexes) == 0 || noLine)
}

// placeFree reports whether none of the regexes asserts anything about
// where it matches (^, $, \A, \z, \b, \B): a match in a stretch of text
// is then a match in any text holding it.
func placeFree(res []*gregexp.Regexp) bool {
	for _, re := range res {
		if v, ok := placeFreeCache.Load(re.String()); ok {
			if !v.(bool) {
				return false
			}
			continue
		}
		ok := false
		if t, err := syntax.Parse(re.String(), syntax.Perl); err == nil {
			ok = !hasAssertion(t)
		}
		placeFreeCache.Store(re.String(), ok)
		if !ok {
			return false
		}
	}
	return true
}

var placeFreeCache sync.Map // pattern -> bool

func hasAssertion(re *syntax.Regexp) bool {
	if isZeroWidth(re) && re.Op != syntax.OpEmptyMatch {
		return true
	}
	return slices.ContainsFunc(re.Sub, hasAssertion)
}

// resolvable reports whether what gitleaks decides from a fragment's file
// path and commit can be decided once for the whole fragment: the rules to
// run apply to the file (their paths were matched already), none of their
// allowlists names paths or commits, the global allowlists name paths and
// commits only in "OR" lists (globallyAllowed answers for those), and a
// finding's link would be empty anyway (no remote).
func (e *engine) resolvable(run []bool, f detect.Fragment) bool {
	if ci := f.CommitInfo; ci != nil && ci.Remote != nil && ci.Remote.Platform != scm.NoPlatform && ci.Remote.Platform != scm.UnknownPlatform {
		return false
	}
	for _, a := range e.d.Config.Allowlists {
		if a.MatchCondition == gconfig.AllowlistMatchAnd && (len(a.Paths) > 0 || len(a.Commits) > 0) {
			return false
		}
	}
	for i, in := range run {
		if !in {
			continue
		}
		r := e.d.Config.Rules[e.rules[i].id]
		if len(r.RequiredRules) > 0 {
			return false
		}
		for _, a := range r.Allowlists {
			if len(a.Paths) > 0 || len(a.Commits) > 0 {
				return false
			}
		}
	}
	return true
}

// globallyAllowed is gitleaks' first test of a fragment: its file is the
// config file, or an "OR" global allowlist allows its commit or its path.
func (e *engine) globallyAllowed(f detect.Fragment) bool {
	if f.FilePath != "" && f.FilePath == e.d.Config.Path {
		return true
	}
	if f.FilePath == "" && f.CommitSHA == "" {
		return false
	}
	for _, a := range e.d.Config.Allowlists {
		if a.MatchCondition == gconfig.AllowlistMatchAnd {
			continue
		}
		if ok, _ := a.CommitAllowed(f.CommitSHA); ok {
			return true
		}
	}
	return e.pathAllowed(f.FilePath) || (f.WindowsFilePath != "" && e.pathAllowed(f.WindowsFilePath))
}

// A textWindow is a stretch of whole lines of a fragment, [from, to).
type textWindow struct{ from, to int }

// windows returns the merged windows, of whole lines, that hold every
// match the rules in run can have in text, with the bytes around it
// gitleaks reads (the byte before a match, the rest of its lines, the
// newline before its first line, which gitleaks counts in Line and the
// columns of any line but a fragment's first); nil when a rule to run
// needs the whole fragment (no bound on where its matches start or on the
// line ends after a pivot, an unchecked rule, one that requires other
// rules' findings).
//
// A window runs from the line holding the byte before the earliest start
// a match through an occurrence of a pivot can have (windowStart) to the
// end of the line where the longest match of the regex from that
// occurrence ends (extent): an occurrence no match goes through has none.
// The static bound (the most line ends the regex can hold after the
// pivot) is the fallback, and where the window's end would change what
// the regex does at an occurrence inside it (its end reads as the end of
// the text: $, \z and \b see it there), every window is the static one.
func (e *engine) windows(text string, run []bool, hits []pivotHit) []textWindow {
	for i, in := range run {
		if in && !e.bounded(i) {
			return nil
		}
	}
	var occs []occurrence
	lt := newLineText(text)
	reach := -1 // the furthest static end taken so far
	for _, h := range hits {
		for _, ref := range e.pivotOf[h.pat] {
			if !run[ref.rule] {
				continue
			}
			p := &e.rules[ref.rule].pivots[ref.pivot]
			o := occurrence{at: h.at, p: p, from: lt.windowStart(h.at, p), static: lt.lineEndsAfter(h.at, p.newlines+1)}
			o.limit = o.static
			if p.contLen >= 0 {
				o.limit = min(o.limit, h.at+p.contLen+1)
			}
			// Where the static window ends no later than one already
			// taken, or at the occurrence's own line end (no line end
			// after the pivot), the longest match cannot shorten the
			// windows: only whether a match can go through is asked.
			o.full = lt.extent(p, h.at, o.limit, p.newlines > 0 && o.static > reach)
			switch {
			case o.full == -1:
				o.to = -1 // no match goes through it
			case o.full < 0:
				o.to = o.static
				reach = max(reach, o.static)
			default:
				o.to = lt.lineEndsAfter(o.full, 1)
			}
			occs = append(occs, o)
		}
	}
	out := mergeWindows(occs, false)
	if !lt.sameInWindows(out, occs) {
		out = mergeWindows(occs, true)
	}
	if n := len(out); n > 0 && out[n-1].to == len(text) && !strings.HasSuffix(text, "\n") {
		// gitleaks gives a finding on the last line of a fragment
		// without a final newline the text from the fragment's start as
		// its Line: that line is read with the whole fragment.
		return nil
	}
	return out
}

// An occurrence is one pivot occurrence of a rule to run.
type occurrence struct {
	at   int
	p    *pivot
	from int
	// static is the end of the static window; limit is where extent
	// stops reading (no match through the occurrence reaches it).
	static, limit int
	// full is extent's answer over the fragment; to the window's end
	// (-1: none).
	full, to int
}

// maxExtentScan bounds the bytes extent reads from an occurrence; further
// than that, the static window is taken.
const maxExtentScan = 4 << 10

// lineText is a text with the places of its line ends, and how much more
// of it extent may read (a budget linear in the text: many occurrences on
// one long line must not each read to its end).
type lineText struct {
	text   string
	nls    []int // the indexes of the newlines
	budget int
}

func newLineText(text string) *lineText {
	lt := &lineText{text: text, budget: 64<<10 + 4*len(text)}
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		lt.nls = append(lt.nls, i+j)
		i += j + 1
	}
	return lt
}

// lastNewline is the index of the last newline before i, -1 if none.
func (lt *lineText) lastNewline(i int) int {
	k, _ := slices.BinarySearch(lt.nls, i)
	if k == 0 {
		return -1
	}
	return lt.nls[k-1]
}

// lineEndsAfter is the end of the n-th line end from at (newline
// included), or of the text.
func (lt *lineText) lineEndsAfter(at, n int) int {
	if n <= 0 {
		return at
	}
	if k, _ := slices.BinarySearch(lt.nls, at); k+n-1 < len(lt.nls) {
		return lt.nls[k+n-1] + 1
	}
	return len(lt.text)
}

// windowStart is where the window of an occurrence starts: the newline at
// or before the byte before the earliest start of a match through it
// (the fragment's start when there is none).
func (lt *lineText) windowStart(at int, p *pivot) int {
	lo := -1
	if p.before >= 0 {
		lo = at - p.before - 1
	}
	if p.beforeNL == 0 {
		// The match starts on the occurrence's line.
		lo = max(lo, lt.lastNewline(at))
	}
	if lo < 0 {
		return 0
	}
	return max(0, lt.lastNewline(lo+1))
}

// extent is where the longest match of p's regex from the occurrence at
// ends, reading the text up to limit only: -1 when no match goes through
// it, -2 when that is not known (not asked for: longest is false; too far
// to read; the budget spent; a pattern Go's regexp refuses).
func (lt *lineText) extent(p *pivot, at, limit int, longest bool) int {
	text := lt.text
	if p.within > 0 && !anyByte(text[at:min(len(text), at+p.within)], p.next) {
		return -1
	}
	end := len(text)
	if p.maxLen >= 0 {
		end = min(end, at+p.maxLen+1)
	}
	if !p.check.matchAt(text, at, end) {
		return -1
	}
	if !longest || limit-at > maxExtentScan || limit-at > lt.budget {
		return -2
	}
	lt.budget -= limit - at
	return p.extent.longestEnd(text, at, limit)
}

// mergeWindows sorts and merges the occurrences' windows (the static
// ones, or those extent found).
func mergeWindows(occs []occurrence, static bool) []textWindow {
	ws := make([]textWindow, 0, len(occs))
	for _, o := range occs {
		switch {
		case static:
			ws = append(ws, textWindow{o.from, o.static})
		case o.to >= 0:
			ws = append(ws, textWindow{o.from, o.to})
		}
	}
	slices.SortFunc(ws, func(a, b textWindow) int { return a.from - b.from })
	out := ws[:0]
	for _, w := range ws {
		if n := len(out); n > 0 && w.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, w.to)
			continue
		}
		out = append(out, w)
	}
	return out
}

// sameInWindows reports whether the regex reads the same at every
// occurrence inside a window as in the whole fragment: read up to the
// window's end, extent gives the same answer (a window that ends before
// the occurrence's limit could otherwise end a match at its end, or cut
// one).
func (lt *lineText) sameInWindows(ws []textWindow, occs []occurrence) bool {
	for _, o := range occs {
		k, found := slices.BinarySearchFunc(ws, o.at, func(w textWindow, at int) int {
			switch {
			case w.to <= at:
				return -1
			case w.from > at:
				return 1
			}
			return 0
		})
		if !found || ws[k].to >= o.limit {
			continue // outside every window, or read as in the fragment
		}
		// (An occurrence whose answer is not known has its static
		// window, which reaches its limit.)
		// Read up to the window's end, where the text then ends (a
		// spent budget answers -2: the static windows are taken).
		to := ws[k].to
		cut := &lineText{text: lt.text[:to], budget: lt.budget}
		if cut.extent(o.p, o.at, min(o.limit, to), true) != o.full {
			return false
		}
		lt.budget = cut.budget
	}
	return true
}

type pivotHit struct {
	at  int
	pat int32
}

// mark sets run[i] for every rule gitleaks would run over text (a keyword
// of it occurs, or it has none; it applies to the file) whose regex may
// match text, and reports whether it set any, and the occurrences of the
// rules' pivots in text.
func (e *engine) mark(text string, plan *pathPlan, f detect.Fragment, run []bool) (bool, []pivotHit) {
	n := len(e.rules)
	active := make([]bool, n) // gitleaks would run the rule
	for _, i := range e.keywordless {
		active[i] = true
	}
	var hits []pivotHit
	e.lits.walk(text, func(at int, p int32) {
		for _, r := range e.keywordOf[p] {
			active[r] = true
		}
		if len(e.pivotOf[p]) > 0 {
			hits = append(hits, pivotHit{at, p})
		}
	})
	any := false
	for i, er := range e.rules {
		if active[i] && er.unchecked && !run[i] && e.applies(plan, i, f) {
			run[i], any = true, true
		}
	}
	for _, h := range hits {
		for _, ref := range e.pivotOf[h.pat] {
			i := ref.rule
			if run[i] || !active[i] || !e.applies(plan, i, f) {
				continue
			}
			p := &e.rules[i].pivots[ref.pivot]
			if p.within > 0 && !anyByte(text[h.at:min(len(text), h.at+p.within)], p.next) {
				continue
			}
			end := len(text)
			if p.maxLen >= 0 {
				end = min(end, h.at+p.maxLen+1)
			}
			if p.check.matchAt(text, h.at, end) {
				run[i], any = true, true
			}
		}
	}
	return any, hits
}

// decodePasses is the texts gitleaks scans for raw: raw, then each
// decoding of the one before while the decoder finds a segment, at most
// depth times; segs[k-1] are the decoded segments of texts[k].
func decodePasses(raw string, depth int) (texts []string, segs [][]textWindow) {
	texts = []string{raw}
	dec := decoding{}
	cur := raw
	for range depth {
		next, found := dec.pass(cur)
		if found == nil {
			break
		}
		cur = next
		texts = append(texts, cur)
		segs = append(segs, found)
	}
	return texts, segs
}

// plan is the file name's plan, cached.
func (e *engineCore) plan(f detect.Fragment) *pathPlan {
	key := f.FilePath
	if f.WindowsFilePath != "" {
		key += "\x00" + f.WindowsFilePath
	}
	if p, ok := e.plans.Load(key); ok {
		return p.(*pathPlan)
	}
	p := &pathPlan{applies: make([]atomic.Uint32, e.pathRules)}
	if e.nPlans.Add(1) > maxCachedPaths {
		return p // a history of more paths than that: worked out again
	}
	v, _ := e.plans.LoadOrStore(key, p)
	return v.(*pathPlan)
}

// applies reports whether rule i applies to f's file (gitleaks' test:
// the path, or the Windows form of it, matches the rule's path).
func (e *engineCore) applies(p *pathPlan, i int, f detect.Fragment) bool {
	slot := e.rules[i].pathSlot
	if slot < 0 {
		return true // no path: every file
	}
	switch p.applies[slot].Load() {
	case 1:
		return true
	case 2:
		return false
	}
	r := e.rules[i].rule
	ok := r.Path == nil || r.Path.MatchString(f.FilePath) || (f.WindowsFilePath != "" && r.Path.MatchString(f.WindowsFilePath))
	if ok {
		p.applies[slot].Store(1)
	} else {
		p.applies[slot].Store(2)
	}
	return ok
}

// sub returns the detector with the rules in set (and the rules they
// require), set up as d is (without its decoding passes unless decode;
// with the rules' keywords dropped when noKeywords, for windows of a
// fragment whose keywords were found in the whole of it).
func (e *engine) sub(set []bool, decode, noKeywords, blank bool) *detect.Detector {
	return e.subWithout(set, decode, noKeywords, blank, nil)
}

// subWithout is sub, the rules' allowlists in drop left out.
func (e *engine) subWithout(set []bool, decode, noKeywords, blank bool, drop []*gconfig.Allowlist) *detect.Detector {
	var b strings.Builder
	for _, a := range drop {
		fmt.Fprintf(&b, "%p;", a)
	}
	if decode {
		b.WriteString("d:")
	}
	if noKeywords {
		b.WriteString("w:")
	}
	if blank {
		b.WriteString("b:")
	}
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
	if blank {
		// For fragments without a path or commit (see resolvable): the
		// global allowlists keep only what they say of findings.
		cfg.Allowlists = nil
		for _, a := range e.d.Config.Allowlists {
			if len(a.Regexes) == 0 && len(a.StopWords) == 0 {
				continue
			}
			c := *a
			c.Paths, c.Commits = nil, nil
			cfg.Allowlists = append(cfg.Allowlists, &c)
		}
	}
	var add func(id string)
	add = func(id string) {
		r, ok := e.d.Config.Rules[id]
		if !ok {
			return
		}
		if _, done := cfg.Rules[id]; done {
			return
		}
		if noKeywords {
			r.Keywords = nil
		}
		if blank {
			r.Path = nil // matched already
		}
		if len(drop) > 0 {
			r.Allowlists = slices.DeleteFunc(slices.Clone(r.Allowlists), func(a *gconfig.Allowlist) bool { return slices.Contains(drop, a) })
		}
		if slices.ContainsFunc(r.Allowlists, func(a *gconfig.Allowlist) bool { return splitAllowlist(a) != a }) {
			lists := make([]*gconfig.Allowlist, len(r.Allowlists))
			for k, a := range r.Allowlists {
				lists[k] = splitAllowlist(a)
			}
			r.Allowlists = lists
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
	if decode {
		s.MaxDecodeDepth = e.d.MaxDecodeDepth
	}
	s.MaxTargetMegaBytes = e.d.MaxTargetMegaBytes
	s.IgnoreGitleaksAllow = e.d.IgnoreGitleaksAllow
	s.Redact = e.d.Redact
	if len(e.subs) < maxSubDetectors {
		e.subs[key] = s
	}
	return s
}

// maxCachedPaths bounds the file names whose plan and allowlist answer
// are kept (a repository can hold any number of paths).
const maxCachedPaths = 1 << 18

// maxSubDetectors bounds the cache of rule-set detectors (a history has a
// few dozen distinct sets).
const maxSubDetectors = 4096

// anyByte reports whether s holds a byte of set.
func anyByte(s string, set *[256]bool) bool {
	for i := 0; i < len(s); i++ {
		if set[s[i]] {
			return true
		}
	}
	return false
}

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
	if !utf8.ValidString(s) && !goRegexpRules {
		// RE2 and Go's regexp may read invalid UTF-8 differently; the
		// pivot checks and the rules run on the same engine, but the
		// literal search and the windows assume Go's reading.
		return false
	}
	for _, r := range s {
		if r >= utf8.RuneSelf && foldsToASCII(r) {
			return false
		}
	}
	return true
}

// goRegexpRules: gitleaks' rules run on Go's regexp in this build (no
// -tags gore2regex).
var goRegexpRules = gregexp.Version == "stdlib"

// asciiFolding holds the non-ASCII characters whose lower case is ASCII
// or whose case-fold orbit holds an ASCII letter (U+0130 İ, the Kelvin
// sign, the long s): every character with a case mapping is in
// unicode.CaseRanges.
// (Built on first use: only text that is not ASCII asks, and the hook
// need not pay for it at start-up.)
var asciiFolding = sync.OnceValue(func() map[rune]bool {
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
})

func foldsToASCII(r rune) bool { return asciiFolding()[r] }

// mayDecode reports whether gitleaks' decoder (MaxDecodeDepth) may find an
// encoded segment in s; when it is false, the decoder finds none. That is
// so when s holds a percent escape, a U+ or \u escape, a run of 32 hex
// digits, or a base64 run that decodes to printable text. Without the
// first three, the decoder's only candidates are the maximal runs of
// base64 characters of 16 or more (with up to two '=' after them), and it
// keeps one only if it holds a digit or one of +/-_ and decodes, as
// standard or raw URL base64, to printable ASCII: that is checked here as
// it does. Otherwise the decoder itself is asked (decodePasses).
func mayDecode(s string) bool {
	if strings.IndexByte(s, '%') >= 0 || strings.Contains(s, "U+") || strings.IndexByte(s, '\\') >= 0 {
		if escapes(s) {
			return true
		}
	}
	hexRun, run := 0, 0
	for i := 0; i < len(s); i++ {
		k := byteKind[s[i]]
		if k&kindHex != 0 {
			if hexRun++; hexRun >= 32 {
				return true
			}
		} else {
			hexRun = 0
		}
		if k&kindBase64 != 0 {
			run++
			continue
		}
		if run >= 16 && base64Segment(s, i-run, i) {
			return true
		}
		run = 0
	}
	return run >= 16 && base64Segment(s, len(s)-run, len(s))
}

const (
	kindHex = 1 << iota
	kindBase64
)

// byteKind classifies bytes for mayDecode: hex digits, base64 characters
// (the decoder's [\w/+-]).
var byteKind = func() (k [256]uint8) {
	for c := 0; c < 256; c++ {
		if isHex(byte(c)) {
			k[c] |= kindHex
		}
		if isBase64Char(byte(c)) {
			k[c] |= kindBase64
		}
	}
	return k
}()

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
		// The first four characters decide most runs (an identifier
		// decodes to bytes that are not printable) without decoding the
		// rest: a character this encoding refuses, or a first group that
		// is not printable, is the answer the whole decoding would give.
		var quad [4]byte
		var head [3]byte
		copy(quad[:], v)
		if n, err := enc.Decode(head[:], quad[:]); err != nil || !printable(head[:n]) {
			continue
		}
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
