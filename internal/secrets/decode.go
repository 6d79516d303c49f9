package secrets

import (
	"encoding/base64"
	"strings"

	"github.com/zricethezav/gitleaks/v8/detect/codec"
)

// The engine needs gitleaks' decoding passes of a fragment's text (the
// texts gitleaks scans after the raw one) to know which rules can match in
// them. gitleaks finds the encoded segments of a pass with one regex of
// four alternatives (percent escapes, unicode escapes, hex runs, base64
// runs) over the whole text; under Go's regexp that regex cost more than
// every rule the engine runs. decodePass finds the same segments in one
// byte loop and decodes them as gitleaks does; TestDecodePassMatchesCodec
// and FuzzDecodePass compare it with codec.Decoder on the corpus and on
// fuzzed text.

// The encodings, in gitleaks' order; a lower index is the higher
// precedence when two segments touch.
const (
	encPercent = iota
	encUnicode
	encHex
	encBase64
)

// encSpan is one match of gitleaks' encodings regex: s[start:end], of the
// kind enc.
type encSpan struct {
	start, end int
	enc        int
}

// encodingSpans returns the matches of gitleaks' combined encodings regex
// in s, as FindAllStringSubmatchIndex gives them: leftmost first, at each
// start the first alternative that matches, each alternative greedy.
//
//	percent  %[0-9A-Fa-f]{2}(?:.*%[0-9A-Fa-f]{2})?
//	unicode  (?:U\+[a-fA-F0-9]{4}(?:\s|$))+ | (?i)(?:\\{1,2}u[a-fA-F0-9]{4})+
//	hex      [0-9A-Fa-f]{32,}
//	base64   [\w\/+-]{16,}={0,2}
//
// Every alternative starts with an ASCII byte, which always starts a
// character under Go's and RE2's reading of UTF-8, valid or not; `.` is
// every byte but a newline.
func encodingSpans(s string) []encSpan {
	var out []encSpan
	hexEnd, b64End := -1, -1 // end of the hex (base64) run holding i, once measured
	for i := 0; i < len(s); {
		c := s[i]
		if end := percentAt(s, i); end > 0 {
			out = append(out, encSpan{i, end, encPercent})
			i = end
			continue
		}
		if c == 'U' || c == '\\' {
			if end := unicodeAt(s, i); end > 0 {
				out = append(out, encSpan{i, end, encUnicode})
				i = end
				continue
			}
		}
		k := byteKind[c]
		if k&kindHex != 0 {
			if i >= hexEnd {
				hexEnd = runEnd(s, i, kindHex)
			}
			if hexEnd-i >= 32 {
				out = append(out, encSpan{i, hexEnd, encHex})
				i = hexEnd
				continue
			}
		}
		if k&kindBase64 != 0 {
			if i >= b64End {
				b64End = runEnd(s, i, kindBase64)
			}
			if b64End-i >= 16 {
				end := b64End
				for n := 0; n < 2 && end < len(s) && s[end] == '='; n++ {
					end++
				}
				out = append(out, encSpan{i, end, encBase64})
				i = end
				continue
			}
		}
		i++
	}
	return out
}

// runEnd is the end of the run of bytes of kind k that starts at i.
func runEnd(s string, i int, k uint8) int {
	for i < len(s) && byteKind[s[i]]&k != 0 {
		i++
	}
	return i
}

// percentAt is the end of a percent match at i (0: none): the escape at i,
// through the last escape on its line.
func percentAt(s string, i int) int {
	if !percentEscape(s, i) {
		return 0
	}
	line := len(s)
	if j := strings.IndexByte(s[i+3:], '\n'); j >= 0 {
		line = i + 3 + j
	}
	for q := line - 3; q >= i+3; q-- {
		if percentEscape(s, q) {
			return q + 3
		}
	}
	return i + 3
}

func percentEscape(s string, i int) bool {
	return i+3 <= len(s) && s[i] == '%' && isHex(s[i+1]) && isHex(s[i+2])
}

// unicodeAt is the end of a unicode match at i (0: none): a run of
// U+XXXX each followed by a blank (or the end of the text), else a run of
// \uXXXX or \\uXXXX (u of either case).
func unicodeAt(s string, i int) int {
	end := i
	for end+6 <= len(s) && s[end] == 'U' && s[end+1] == '+' && allHex(s[end+2:end+6]) {
		next := end + 6
		if next < len(s) {
			if !isSpace(s[next]) {
				break
			}
			next++
		}
		end = next
	}
	if end > i {
		return end
	}
	for {
		j := end
		if j < len(s) && s[j] == '\\' {
			j++
			if j < len(s) && s[j] == '\\' && j+1 < len(s) && (s[j+1] == 'u' || s[j+1] == 'U') {
				j++
			}
		}
		if j == end || j+5 > len(s) || (s[j] != 'u' && s[j] != 'U') || !allHex(s[j+1:j+5]) {
			break
		}
		end = j + 5
	}
	if end > i {
		return end
	}
	return 0
}

// isSpace is RE2's \s: tab, newline, form feed, carriage return, space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// touchingFilter drops, as gitleaks does, a span that overlaps or touches
// a neighbour of higher precedence (the neighbours as found, before any is
// dropped).
func touchingFilter(all []encSpan) []encSpan {
	if len(all) <= 1 {
		return all
	}
	out := make([]encSpan, 0, len(all))
	for i, m := range all {
		if i > 0 && all[i-1].end >= m.start && all[i-1].enc < m.enc {
			continue
		}
		if i+1 < len(all) && all[i+1].start <= m.end && all[i+1].enc < m.enc {
			continue
		}
		out = append(out, m)
	}
	return out
}

// decoding remembers what each encoded value decodes to, over the passes
// of one text (as gitleaks' Decoder does).
type decoding map[string]string

// pass returns the next decoding pass of s and where in it the decoded
// segments are (gitleaks' Decoder.Decode: the text, and each segment's
// decoded range); no segments when it found none.
func (d decoding) pass(s string) (string, []textWindow) {
	var (
		b    strings.Builder
		segs []textWindow
	)
	last := 0
	for _, m := range touchingFilter(encodingSpans(s)) {
		enc := s[m.start:m.end]
		v, ok := d[enc]
		if !ok {
			v = decodeSpan(enc, m.enc)
			d[enc] = v
		}
		if v == "" {
			continue
		}
		if segs == nil {
			b.Grow(len(s))
		}
		b.WriteString(s[last:m.start])
		segs = append(segs, textWindow{b.Len(), b.Len() + len(v)})
		b.WriteString(v)
		last = m.end
	}
	if segs == nil {
		return s, nil
	}
	b.WriteString(s[last:])
	return b.String(), segs
}

// decodeSpan decodes one span as gitleaks' decoder of its kind does; ""
// when that decoder gives nothing.
func decodeSpan(v string, enc int) string {
	switch enc {
	case encPercent:
		return decodePercent(v)
	case encHex:
		return decodeHexRun(v)
	case encBase64:
		if !strings.ContainsAny(v, "0123456789+/-_") {
			return ""
		}
		for _, e := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
			if b, err := e.DecodeString(v); err == nil && printable(b) {
				return string(b)
			}
		}
		return ""
	}
	// Unicode escapes (rare) are decoded by gitleaks' own decoder: the
	// span alone is one segment to it, as it was in the whole text.
	out, segs := codec.NewDecoder().Decode(v, nil)
	if len(segs) == 0 {
		return ""
	}
	return out
}

// decodePercent replaces each %XX with its byte; "" if one is not
// printable ASCII.
func decodePercent(v string) string {
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '%' && i+2 < len(v) && isHex(v[i+1]) && isHex(v[i+2]) {
			c := unhex(v[i+1])<<4 | unhex(v[i+2])
			if !printable([]byte{c}) {
				return ""
			}
			b = append(b, c)
			i += 2
			continue
		}
		b = append(b, v[i])
	}
	return string(b)
}

// decodeHexRun decodes an even run that holds a digit to its bytes; "" if
// one is not printable ASCII.
func decodeHexRun(v string) string {
	if len(v)%2 != 0 || !strings.ContainsAny(v, "0123456789") {
		return ""
	}
	b := make([]byte, len(v)/2)
	for i := range b {
		c := unhex(v[2*i])<<4 | unhex(v[2*i+1])
		if c <= 0x08 || c >= 0x7f {
			return ""
		}
		b[i] = c
	}
	return string(b)
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
