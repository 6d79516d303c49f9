package secrets

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zricethezav/gitleaks/v8/cmd/scm"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	gregexp "github.com/zricethezav/gitleaks/v8/regexp"
	"github.com/zricethezav/gitleaks/v8/report"
	"github.com/zricethezav/gitleaks/v8/sources"
)

// How file and blob contents are scanned. Content is read in windows of
// ChunkSize bytes; each window repeats the last ChunkOverlap bytes of the one
// before it, so a secret of up to ChunkOverlap bytes (the longest private
// keys are about 13 KB) always lies whole inside one window. (gitleaks' own
// chunked reader does not overlap, and misses a token on a seam.)
const (
	ChunkSize    = 8 << 20
	ChunkOverlap = 128 << 10
	// MaxScanSize is the largest file or blob scanned; larger ones are
	// named in the result and make the secrets row not checked (the hook
	// blocks), text and binary alike.
	MaxScanSize = 256 << 20
	// ScanBudget bounds the bytes of binary content and of text files over
	// ChunkSize that one run reads; what is left over is treated like a
	// file over MaxScanSize.
	ScanBudget = 2 << 30
	// minRun is the shortest printable run taken from a binary file.
	minRun = 8
	// sniffLen is how far git and we look for a NUL byte to call content
	// binary.
	sniffLen = 8000
)

// Tags launchready puts on gitleaks findings to carry where they came from.
const (
	tagOffset  = "launchready:offset=" // a byte offset in a binary file
	tagMessage = "launchready:message" // a commit or tag message
	tagTagName = "launchready:tag="    // the tag whose message it is
	tagRef     = "launchready:ref="    // the ref of a blob or tree no commit holds
)

func tagValue(g report.Finding, prefix string) (string, bool) {
	for _, t := range g.Tags {
		if v, ok := strings.CutPrefix(t, prefix); ok {
			return v, true
		}
	}
	return "", false
}

func hasTag(g report.Finding, tag string) bool {
	for _, t := range g.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// noRemote is the commit info's remote: gitleaks dereferences it to build
// links, which launchready does not use.
var noRemote = &sources.RemoteInfo{Platform: scm.NoPlatform}

// target says what a piece of content is: which file, in which commit.
type target struct {
	path, commit string
	// ref is the tag (or other ref) that points at the blob, or its tree,
	// directly: no commit holds it.
	ref  string
	info *sources.CommitInfo
}

// coverage records what a scan could not read in full, for the result.
type coverage struct {
	mu            sync.Mutex
	budget        atomic.Int64
	tooBig        []string // files and blobs not scanned (text or binary)
	unreadable    []string // files that could not be read ("path (permission denied)")
	binaryScanned int
	// binaryOnly are the path patterns that skip binary content only
	// (see narrowPathAllowlist); skipped names the paths skipped by
	// gitleaks' path allowlist.
	binaryOnly []*gregexp.Regexp
	skipped    []string
	skippedSet map[string]bool
	// repoPaths are the repository's own global "OR" allowlists; the
	// paths they skip are named apart from gitleaks' defaults' (repoSkipped).
	repoPaths   []*config.Allowlist
	repoSkipped []string
}

func newCoverage() *coverage {
	c := &coverage{}
	c.budget.Store(ScanBudget)
	return c
}

// reserve takes n bytes from the run's budget for content that is large or
// binary; false when the budget is spent.
func (c *coverage) reserve(n int64) bool {
	if c.budget.Add(-n) < 0 {
		c.budget.Add(n)
		return false
	}
	return true
}

// notScanned records content that was not read (over MaxScanSize, or past
// the budget). Binary content counts as much as text: a secret in an
// unread binary file is as real, so it makes the row not checked (and the
// hook block) like a text file.
func (c *coverage) notScanned(name string, binary bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if binary {
		name += " (binary)"
	}
	c.tooBig = append(c.tooBig, name)
}

func (c *coverage) cannotRead(name string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	msg := err.Error()
	if pe, ok := err.(*os.PathError); ok {
		msg = pe.Err.Error()
	}
	c.unreadable = append(c.unreadable, name+" ("+msg+")")
}

func (c *coverage) scannedBinary() {
	c.mu.Lock()
	c.binaryScanned++
	c.mu.Unlock()
}

// name is how a target is named in notes: its path, and its commit in a
// history scan.
func (t target) name() string {
	if t.commit != "" {
		return t.path + " (commit " + shortSHA(t.commit) + ")"
	}
	return t.path
}

func shortSHA(s string) string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}

// isBinary is git's rule: a NUL byte in the first 8,000 bytes.
func isBinary(head []byte) bool {
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	return bytes.IndexByte(head, 0) >= 0
}

// utf16Order recognises UTF-16 text from its first bytes: a byte order
// mark, or (without one) ASCII-range text whose high bytes are all NUL, in
// odd positions (little endian) or even ones (big endian). It returns true
// for little endian in le.
func utf16Order(head []byte) (le bool, ok bool) {
	switch {
	case len(head) >= 2 && head[0] == 0xff && head[1] == 0xfe:
		return true, true
	case len(head) >= 2 && head[0] == 0xfe && head[1] == 0xff:
		return false, true
	}
	pairs := len(head) / 2
	if pairs < 8 {
		return false, false
	}
	var evenNUL, oddNUL int
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			evenNUL++
		}
		if head[i+1] == 0 {
			oddNUL++
		}
	}
	// Nearly every high byte NUL, and no low byte: text, not a binary
	// format that happens to hold many zeros.
	switch {
	case oddNUL*10 >= pairs*9 && evenNUL == 0:
		return true, true
	case evenNUL*10 >= pairs*9 && oddNUL == 0:
		return false, true
	}
	return false, false
}

// decodeUTF16 decodes UTF-16 text (a byte order mark, if any, dropped; an
// odd last byte ignored; unpaired surrogates become U+FFFD).
func decodeUTF16(b []byte, le bool) string {
	if len(b) >= 2 && (le && b[0] == 0xff && b[1] == 0xfe || !le && b[0] == 0xfe && b[1] == 0xff) {
		b = b[2:]
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if le {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		} else {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
	}
	return string(utf16.Decode(u))
}

// scanContent scans one file's or blob's content of the given size, read
// from r, and returns its findings (not yet added to d). Text is scanned
// with its real line numbers; binary content through its printable runs,
// each finding on line 1 with its byte offset. Content over MaxScanSize or
// beyond the budget is recorded in cov and not read.
func scanContent(ctx context.Context, d *detect.Detector, r io.Reader, size int64, t target, cov *coverage) ([]report.Finding, error) {
	head := make([]byte, min(size, sniffLen))
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	head = head[:n]
	if order, ok := utf16Order(head); ok {
		// UTF-16 text (a .reg export, PowerShell's `>` output) has a NUL
		// in every other byte: as binary, no printable run would reach
		// minRun. It is decoded and scanned as the text it is.
		if size > MaxScanSize || size > ChunkSize && !cov.reserve(size) {
			cov.notScanned(t.name(), false)
			return nil, nil
		}
		rest, err := io.ReadAll(io.LimitReader(r, MaxScanSize))
		if err != nil {
			return nil, err
		}
		text := decodeUTF16(append(head, rest...), order)
		return scanContent(ctx, d, strings.NewReader(text), int64(len(text)), t, cov)
	}
	binary := isBinary(head)
	if binary && cov.skipBinary(t.path) {
		cov.allowlisted(t.path)
		return nil, nil
	}
	if size > MaxScanSize || (binary || size > ChunkSize) && !cov.reserve(size) {
		cov.notScanned(t.name(), binary)
		return nil, nil
	}
	if binary {
		cov.scannedBinary()
	}
	boundary := func(b byte) bool { return b == '\n' }
	if binary {
		boundary = func(b byte) bool { return b < 0x20 && b != '\t' && b != '\n' && b != '\r' }
	}
	type key struct {
		rule, secret string
		at           int
	}
	seen := map[key]bool{}
	var out []report.Finding
	err = chunks(io.MultiReader(bytes.NewReader(head), r), size, ChunkSize, ChunkOverlap, boundary, func(w []byte, line int, off int64) {
		if ctx.Err() != nil {
			return
		}
		if !binary {
			for _, g := range detectFragment(ctx, d, detect.Fragment{Raw: string(w), FilePath: t.path, CommitSHA: t.commit, StartLine: line, CommitInfo: t.info}) {
				if k := (key{g.RuleID, g.Secret, g.StartLine}); !seen[k] {
					seen[k] = true
					out = append(out, g)
				}
			}
			return
		}
		text, runs := printableRuns(w)
		if text == "" {
			return
		}
		for _, g := range detectFragment(ctx, d, detect.Fragment{Raw: text, FilePath: t.path, CommitSHA: t.commit, StartLine: 1, CommitInfo: t.info}) {
			at := off + int64(origOffset(text, runs, g))
			if k := (key{g.RuleID, g.Secret, int(at)}); !seen[k] {
				seen[k] = true
				g.StartLine, g.EndLine, g.StartColumn, g.EndColumn = 1, 1, 0, 0
				g.Tags = append(g.Tags, tagOffset+strconv.FormatInt(at, 10))
				out = append(out, g)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return out, nil
}

// chunks calls fn with consecutive windows of r of at most size bytes, with
// the 1-based line and the byte offset each starts at. Each window after
// the first starts at least overlap bytes before the previous one ended, so
// every span of at most overlap bytes lies whole inside some window.
// Windows end after, and start after, a boundary byte when there is one
// near (a newline in text), so that a window holds whole lines. hint is the
// expected length of r, to size the buffer.
func chunks(r io.Reader, hint int64, size, overlap int, boundary func(byte) bool, fn func(w []byte, line int, off int64)) error {
	if overlap*4 > size {
		return fmt.Errorf("chunk overlap %d is too large for windows of %d", overlap, size)
	}
	buf := make([]byte, 0, int(min(max(hint, 0)+1, int64(size))))
	line, off := 1, int64(0)
	scanned := 0 // how much of buf the previous window covered
	for {
		var eof bool
		var err error
		buf, eof, err = fill(r, buf, size)
		if err != nil {
			return err
		}
		if eof {
			if len(buf) > scanned {
				fn(buf, line, off)
			}
			return nil
		}
		end := len(buf)
		if i := lastIndexFunc(buf[end-overlap:], boundary); i >= 0 {
			end = end - overlap + i + 1
		}
		fn(buf[:end], line, off)
		start := end - overlap
		if i := lastIndexFunc(buf[start-overlap:start], boundary); i >= 0 {
			start = start - overlap + i + 1
		}
		line += bytes.Count(buf[:start], []byte{'\n'})
		off += int64(start)
		scanned = end - start
		buf = buf[:copy(buf, buf[start:])]
	}
}

// fill reads from r into buf until it holds limit bytes (eof false) or r
// ends (eof true), growing buf as needed.
func fill(r io.Reader, buf []byte, limit int) (_ []byte, eof bool, err error) {
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(limit, 2*cap(buf)+4096)-len(buf))
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, true, nil
		}
		if err != nil {
			return buf, false, err
		}
	}
	return buf, false, nil
}

func lastIndexFunc(b []byte, f func(byte) bool) int {
	for i := len(b) - 1; i >= 0; i-- {
		if f(b[i]) {
			return i
		}
	}
	return -1
}

// run is a printable run of a binary window: where it starts in the text
// handed to the detector and in the window.
type run struct{ text, orig int }

// printableRuns extracts the runs of at least minRun printable bytes
// (ASCII, tab and line ends, and printable UTF-8) from binary content, one
// per line of the returned text.
func printableRuns(b []byte) (string, []run) {
	var sb strings.Builder
	var runs []run
	start := -1
	flush := func(end int) {
		if start >= 0 && end-start >= minRun {
			if sb.Len() > 0 {
				sb.WriteByte('\n')
			}
			runs = append(runs, run{text: sb.Len(), orig: start})
			sb.Write(b[start:end])
		}
		start = -1
	}
	for i := 0; i < len(b); {
		c := b[i]
		n := 0
		switch {
		case c >= 0x20 && c < 0x7f, c == '\t', c == '\n', c == '\r':
			n = 1
		case c >= 0x80:
			if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError && unicode.IsPrint(r) {
				n = size
			}
		}
		if n == 0 {
			flush(i)
			i++
			continue
		}
		if start < 0 {
			start = i
		}
		i += n
	}
	flush(len(b))
	return sb.String(), runs
}

// origOffset maps a finding in the text of printableRuns back to its byte
// offset in the window.
func origOffset(text string, runs []run, g report.Finding) int {
	// The finding's line (1-based in a fragment starting on line 1).
	lineStart := 0
	for l := 1; l < g.StartLine; l++ {
		i := strings.IndexByte(text[lineStart:], '\n')
		if i < 0 {
			break
		}
		lineStart += i + 1
	}
	at := lineStart
	for _, s := range []string{g.Secret, g.Match} {
		if s == "" {
			continue
		}
		if i := strings.Index(text[lineStart:], s); i >= 0 {
			at = lineStart + i
			break
		}
	}
	k := sort.Search(len(runs), func(i int) bool { return runs[i].text > at }) - 1
	if k < 0 {
		return 0
	}
	return runs[k].orig + at - runs[k].text
}

// pathAllowed reports content gitleaks would drop whole for its path or
// commit (the global allowlist: images, fonts, lock files ...), so that it
// need not be read. Only "OR" allowlists are judged here; the others are
// left to the detector.
func pathAllowed(d *detect.Detector, t target) bool {
	if t.path != "" && t.path == d.Config.Path {
		return true
	}
	for _, a := range d.Config.Allowlists {
		if a.MatchCondition == config.AllowlistMatchAnd {
			continue
		}
		if ok, _ := a.CommitAllowed(t.commit); ok {
			return true
		}
	}
	return engineFor(d).pathAllowed(t.path)
}

// gitleaks' default global allowlist skips files by path alone, and some
// of its patterns catch real files whose content is text: every path
// containing "gitleaks.toml" (deploy/gitleaks.toml.env, .gitleaks.toml.bak),
// SVG images, and copies of bootstrap.js (where Laravel keeps its keys).
// contentAware lists the default patterns that should only skip binary
// content (a vendored library's minified copy): text under them is
// scanned. gitleaks\.toml is replaced by a pattern anchored on the file
// name.
var contentAware = map[string]bool{
	`(?:^|/)(?:angular|bootstrap|jquery(?:-?ui)?|plotly|swagger-?ui)[a-zA-Z0-9.-]*(?:\.min)?\.js(?:\.map)?$`: true,
}

// scannedByExtension lists the default patterns that skip a file by its
// extension alone (images, fonts, documents, .bin/.exe/.dll): anyone can
// name a file logo.png or blob.bin, so they are dropped from the
// allowlist and their content is scanned as any file's is (the printable
// runs of binary content, within the size caps).
var scannedByExtension = map[string]bool{
	`(?i)\.(?:bmp|gif|jpe?g|png|svg|tiff?)$`:                                    true,
	`(?i)\.(?:eot|[ot]tf|woff2?)$`:                                              true,
	`(?i)\.(?:docx?|xlsx?|pdf|bin|socket|vsidx|v2|suo|wsuo|.dll|pdb|exe|gltf)$`: true,
}

const (
	gitleaksTOML         = `gitleaks\.toml`
	gitleaksTOMLAnchored = `(?:^|/)\.?gitleaks\.toml$`
)

// narrowPathAllowlist returns gc with gitleaks' default path patterns that
// catch text files taken out of its global allowlists (the allowlists are
// copied, never changed in place), and the patterns that now skip only
// binary content. Patterns of the repository's own .gitleaks.toml that are
// not gitleaks' defaults are kept as they are.
func narrowPathAllowlist(gc config.Config) (config.Config, []*gregexp.Regexp, error) {
	var binaryOnly []*gregexp.Regexp
	out := make([]*config.Allowlist, 0, len(gc.Allowlists))
	for _, a := range gc.Allowlists {
		var paths []*gregexp.Regexp
		changed := false
		for _, p := range a.Paths {
			switch s := p.String(); {
			case scannedByExtension[s]:
				changed = true
			case contentAware[s]:
				binaryOnly = append(binaryOnly, p)
				changed = true
			case s == gitleaksTOML:
				paths = append(paths, gregexp.MustCompile(gitleaksTOMLAnchored))
				changed = true
			default:
				paths = append(paths, p)
			}
		}
		if !changed {
			out = append(out, a)
			continue
		}
		n := &config.Allowlist{
			Description: a.Description, MatchCondition: a.MatchCondition, Commits: a.Commits,
			Paths: paths, RegexTarget: a.RegexTarget, Regexes: a.Regexes, StopWords: a.StopWords,
		}
		if len(n.Paths) == 0 && len(n.Commits) == 0 && len(n.Regexes) == 0 && len(n.StopWords) == 0 {
			continue // nothing left to allow
		}
		if err := n.Validate(); err != nil {
			return gc, nil, err
		}
		out = append(out, n)
	}
	gc.Allowlists = out
	return gc, binaryOnly, nil
}

// skipBinary reports a binary file that gitleaks' default allowlist skips
// by its path (a vendored library's copy).
func (c *coverage) skipBinary(path string) bool {
	for _, re := range c.binaryOnly {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// allowlisted records a path a path allowlist skipped (once per path):
// the repository's own, or gitleaks' defaults'.
func (c *coverage) allowlisted(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.skippedSet == nil {
		c.skippedSet = map[string]bool{}
	}
	if c.skippedSet[path] {
		return
	}
	c.skippedSet[path] = true
	for _, a := range c.repoPaths {
		if a.PathAllowed(path) {
			c.repoSkipped = append(c.repoSkipped, path)
			return
		}
	}
	c.skipped = append(c.skipped, path)
}

// skippedPaths are every path an allowlist skipped.
func (c *coverage) skippedPaths() []string {
	return append(slices.Clone(c.skipped), c.repoSkipped...)
}
