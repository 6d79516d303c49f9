// Package redact is the last line of defence against leaking a secret: every
// analyzer that sees a raw secret registers it here, the pipeline scrubs the
// finished report with Scrub (on the data, before any reporter escapes it),
// and every output (text, JSON, SARIF, comments, logs) passes through Apply
// again before it is written. Analyzers already never put a raw secret in a
// finding; this catches what a message, an error from git, a URL or a file
// name might still carry.
//
// Two kinds of masking, both on every string:
//
//   - Structural (URLs): the userinfo of any scheme://user:pass@host URL and
//     the values of query and fragment parameters that carry credentials
//     (token, key, secret, signature, password, access_token,
//     x-vercel-protection-bypass, ...) are masked whether or not anyone
//     registered them. See URLs.
//   - Registered secrets, whatever their length. A secret of
//     ShortLen bytes or more is masked wherever it occurs; a shorter one (a
//     4-character .netrc password) only where it stands as a whole token,
//     that is not glued to a letter, digit or underscore on either side, so
//     that "abc1" is masked in "password abc1" and in "admin:abc1@host" but
//     ordinary words that merely contain it survive. Escaped forms of each
//     secret (HTML, JSON and workflow-command escaping, URL encoding) are
//     masked too, in case an output was escaped before it reached Apply.
package redact

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/url"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Mask replaces a registered secret in output.
const Mask = "****"

// ShortLen is the length from which a secret is masked wherever it occurs;
// shorter secrets are masked only as whole tokens.
const ShortLen = 6

// Set is a concurrency-safe set of secrets to hide. The zero value is ready.
type Set struct {
	mu      sync.RWMutex
	secrets map[string]struct{}
	sorted  [][]byte // longest first, rebuilt lazily
}

// Add registers a secret of any length (the empty string is ignored), with
// its escaped forms.
func (s *Set) Add(secret string) {
	if s == nil || secret == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secrets == nil {
		s.secrets = map[string]struct{}{}
	}
	for _, v := range variants(secret) {
		if _, ok := s.secrets[v]; !ok {
			s.secrets[v] = struct{}{}
			s.sorted = nil
		}
	}
}

// variants are the forms a secret takes in our outputs' encodings.
func variants(secret string) []string {
	out := []string{secret}
	add := func(v string) {
		for _, o := range out {
			if o == v {
				return
			}
		}
		out = append(out, v)
	}
	add(html.EscapeString(secret))
	if b, err := json.Marshal(secret); err == nil {
		add(strings.TrimSuffix(strings.TrimPrefix(string(b), `"`), `"`))
	}
	var jb bytes.Buffer
	enc := json.NewEncoder(&jb)
	enc.SetEscapeHTML(false)
	if enc.Encode(secret) == nil {
		add(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(jb.String()), `"`), `"`))
	}
	// Workflow commands: data escapes %, CR, LF; properties also : and ,.
	data := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(secret)
	add(data)
	add(strings.NewReplacer(":", "%3A", ",", "%2C").Replace(data))
	add(url.QueryEscape(secret))
	add(url.PathEscape(secret))
	return out
}

// Len reports how many secrets (with their escaped forms) are registered.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.secrets)
}

func (s *Set) list() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sorted == nil {
		for k := range s.secrets {
			s.sorted = append(s.sorted, []byte(k))
		}
		// Longest first, so a secret that contains another is masked whole.
		sort.Slice(s.sorted, func(i, j int) bool {
			if len(s.sorted[i]) != len(s.sorted[j]) {
				return len(s.sorted[i]) > len(s.sorted[j])
			}
			return bytes.Compare(s.sorted[i], s.sorted[j]) < 0
		})
	}
	return s.sorted
}

// Apply returns b with credentials in URLs and every registered secret
// replaced by Mask: text (log lines, the terminal report, error messages).
func (s *Set) Apply(b []byte) []byte { return s.apply(b, true) }

// ApplyDocument is Apply for a rendered document (JSON, SARIF, Markdown,
// step outputs) whose data the pipeline already scrubbed: URL credentials
// and secrets of ShortLen bytes or more. Whole-token masking of a short
// secret could change the document's syntax (a secret "true" would turn
// `"incomplete": true` into invalid JSON, "code" would break <code>), and
// every short secret was already masked in the data.
func (s *Set) ApplyDocument(b []byte) []byte { return s.apply(b, false) }

// Document is ApplyDocument for strings.
func (s *Set) Document(v string) string { return string(s.ApplyDocument([]byte(v))) }

func (s *Set) apply(b []byte, short bool) []byte {
	b = urlsBytes(b)
	if s.Len() == 0 {
		return b
	}
	for _, sec := range s.list() {
		if !bytes.Contains(b, sec) {
			continue
		}
		if wordLike(sec) && (short || len(sec) >= ShortLen) {
			// A common word ("postgres", "admin123") is masked where it
			// stands as a token of free text, never inside a path, a host
			// name, a rule id or a URL scheme: "docs/postgres.md" is a file
			// name, not the password.
			b = replaceWordTokens(b, sec)
			continue
		}
		if len(sec) >= ShortLen {
			b = bytes.ReplaceAll(b, sec, []byte(Mask))
			continue
		}
		if short {
			b = replaceTokens(b, sec)
		}
	}
	return b
}

// replaceTokens masks the whole-token occurrences of a short secret.
func replaceTokens(b, sec []byte) []byte {
	first, _ := utf8.DecodeRune(sec)
	last, _ := utf8.DecodeLastRune(sec)
	return replaceWhere(b, sec, func(j, end int) bool {
		before, _ := utf8.DecodeLastRune(b[:j])
		after, _ := utf8.DecodeRune(b[end:])
		okBefore := j == 0 || !isWord(before) || !isWord(first)
		okAfter := end == len(b) || !isWord(after) || !isWord(last)
		return okBefore && okAfter
	})
}

// replaceWhere masks each occurrence b[j:end] of sec for which mask says
// so (b itself when it masks none).
func replaceWhere(b, sec []byte, mask func(j, end int) bool) []byte {
	var out []byte
	i := 0
	for {
		j := bytes.Index(b[i:], sec)
		if j < 0 {
			break
		}
		j += i
		end := j + len(sec)
		if mask(j, end) {
			out = append(out, b[i:j]...)
			out = append(out, Mask...)
		} else {
			out = append(out, b[i:end]...)
		}
		i = end
	}
	if out == nil {
		return b
	}
	return append(out, b[i:]...)
}

// wordLike reports a secret that reads as a word: up to 16 letters in
// one case (or capitalised), with up to 4 digits after them. Such a
// password also names files, hosts and images (postgres, redis, admin).
func wordLike(sec []byte) bool {
	if len(sec) < 3 || len(sec) > 20 {
		return false
	}
	i := 0
	for i < len(sec) && (sec[i] >= 'a' && sec[i] <= 'z' || sec[i] >= 'A' && sec[i] <= 'Z') {
		i++
	}
	letters := sec[:i]
	if len(letters) < 3 || len(letters) > 16 || len(sec)-i > 4 {
		return false
	}
	for _, c := range sec[i:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	lower, upper := 0, 0
	for _, c := range letters[1:] {
		if c >= 'a' {
			lower++
		} else {
			upper++
		}
	}
	return lower == 0 || upper == 0
}

// replaceWordTokens masks the occurrences of a word-like secret that
// stand as tokens of free text: not glued to a letter, digit, _ or -, and
// not part of a path or a name (a neighbouring / or \, or a . or : that
// joins it to more of the name, as in "postgres.md", "db.postgres.local"
// or "postgres://"; a : before more text, as in "postgres:5432" or
// "user:postgres:rest", still masks it).
func replaceWordTokens(b, sec []byte) []byte {
	return replaceWhere(b, sec, func(j, end int) bool { return tokenAt(b, j, end) })
}

func tokenAt(b []byte, j, end int) bool {
	if j > 0 {
		before, _ := utf8.DecodeLastRune(b[:j])
		if isWord(before) || before == '/' || before == '\\' {
			return false
		}
		if before == '.' && j > 1 {
			if r, _ := utf8.DecodeLastRune(b[:j-1]); isWord(r) {
				return false
			}
		}
	}
	if end < len(b) {
		after, n := utf8.DecodeRune(b[end:])
		if isWord(after) || after == '/' || after == '\\' {
			return false
		}
		if after == '.' && end+n < len(b) {
			if r, _ := utf8.DecodeRune(b[end+n:]); isWord(r) {
				return false
			}
		}
		if bytes.HasPrefix(b[end:], []byte("://")) {
			return false
		}
	}
	return true
}

// isWord: letters, digits, _ and - glue a short secret to its
// neighbours, so identifiers (admin-mfa, generic-api-key) survive a short
// password "admin" or "api".
func isWord(r rune) bool {
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// String is Apply for strings.
func (s *Set) String(v string) string { return string(s.Apply([]byte(v))) }

// Writer returns a writer that redacts each Write before passing it on.
// Callers write whole documents or whole lines, so a secret never straddles
// two writes.
func (s *Set) Writer(w io.Writer) io.Writer { return &writer{set: s, w: w} }

type writer struct {
	set *Set
	w   io.Writer
}

func (w *writer) Write(p []byte) (int, error) {
	if _, err := w.w.Write(w.set.Apply(append([]byte(nil), p...))); err != nil {
		return 0, err
	}
	return len(p), nil
}
