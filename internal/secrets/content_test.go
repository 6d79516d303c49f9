package secrets

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"

	"github.com/launchready/launchready/internal/config"
)

type window struct {
	data []byte
	line int
	off  int64
}

func windows(t testing.TB, data []byte, size, overlap int, binary bool) []window {
	t.Helper()
	boundary := func(b byte) bool { return b == '\n' }
	if binary {
		boundary = func(b byte) bool { return b < 0x20 && b != '\t' && b != '\n' && b != '\r' }
	}
	var ws []window
	err := chunks(bytes.NewReader(data), int64(len(data)), size, overlap, boundary, func(w []byte, line int, off int64) {
		ws = append(ws, window{append([]byte(nil), w...), line, off})
	})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// checkWindows asserts what chunks promises: the windows are the content
// at their offsets, start on the line they claim, cover it all, and every
// span of at most overlap bytes lies whole inside one of them.
func checkWindows(t testing.TB, data []byte, ws []window, overlap int) {
	t.Helper()
	if len(data) == 0 {
		if len(ws) > 1 {
			t.Fatalf("%d windows for no content", len(ws))
		}
		return
	}
	if len(ws) == 0 {
		t.Fatal("no windows")
	}
	covered := int64(0)
	for i, w := range ws {
		if int(w.off)+len(w.data) > len(data) || !bytes.Equal(data[w.off:int(w.off)+len(w.data)], w.data) {
			t.Fatalf("window %d at %d is not the content there", i, w.off)
		}
		if want := bytes.Count(data[:w.off], []byte{'\n'}) + 1; w.line != want {
			t.Fatalf("window %d starts on line %d, claims %d", i, want, w.line)
		}
		if w.off > covered {
			t.Fatalf("window %d starts at %d, leaving %d..%d unscanned", i, w.off, covered, w.off)
		}
		if i > 0 && covered-w.off < int64(min(overlap, len(data))) && covered != int64(len(data)) {
			t.Fatalf("window %d overlaps the previous one by %d bytes, want >= %d", i, covered-w.off, overlap)
		}
		covered = max(covered, w.off+int64(len(w.data)))
	}
	if covered != int64(len(data)) {
		t.Fatalf("windows end at %d of %d", covered, len(data))
	}
}

func TestChunksOverlapAndLines(t *testing.T) {
	t.Parallel()
	lines := strings.Repeat("a line of text\n", 500)
	oneLine := strings.Repeat("x", 7000)
	for _, data := range []string{"", "short", lines, oneLine, lines + oneLine + lines} {
		for _, size := range []int{64, 100, 1000, 8192} {
			ws := windows(t, []byte(data), size, size/4, false)
			checkWindows(t, []byte(data), ws, size/4)
		}
	}
}

func TestChunksFindATokenOnTheSeam(t *testing.T) {
	t.Parallel()
	d := testDetector(t)
	tok := "ghp_" + strings.Repeat("aB3dE6gH9j", 4)[:36]
	data := []byte(strings.Repeat("var a=1;", 2000))
	copy(data[1000-len(tok)/2:], tok)
	var found []report.Finding
	err := chunks(bytes.NewReader(data), int64(len(data)), 1024, 256, func(b byte) bool { return b == '\n' }, func(w []byte, line int, off int64) {
		found = append(found, d.DetectString(string(w))...)
	})
	if err != nil || len(found) == 0 {
		t.Fatalf("token on the seam not found (%v)", err)
	}
}

func TestPrintableRunsMapOffsets(t *testing.T) {
	t.Parallel()
	tok := "ghp_" + strings.Repeat("Zq8Wm2Kx7P", 4)[:36]
	bin := append([]byte("\x00\x01ab\x02"), []byte("header-text\x00\x00\xff\xfe")...)
	at := len(bin) + 3
	bin = append(bin, []byte("k=\""+tok+"\"\x00\x07short\x00tail text here")...)
	text, runs := printableRuns(bin)
	if want := "header-text\nk=\"" + tok + "\"\ntail text here"; text != want {
		t.Fatalf("runs %q", text)
	}
	g := report.Finding{StartLine: 2, Secret: tok}
	if got := origOffset(text, runs, g); got != at {
		t.Errorf("offset %d, want %d (text %q)", got, at, text)
	}
	// UTF-8 stays in its run.
	if text, _ := printableRuns([]byte("\x00pässwörd=é1234567\x00")); text != "pässwörd=é1234567" {
		t.Errorf("utf-8 run %q", text)
	}
}

func FuzzChunks(f *testing.F) {
	f.Add([]byte("a\nb\nc"), 64, false)
	f.Add([]byte(strings.Repeat("xy\x00z", 100)), 40, true)
	f.Fuzz(func(t *testing.T, data []byte, size int, binary bool) {
		size = 16 + abs(size)%4096
		overlap := size / 4
		ws := windows(t, data, size, overlap, binary)
		checkWindows(t, data, ws, overlap)
	})
}

func FuzzPrintableRuns(f *testing.F) {
	f.Add([]byte("\x00abcdefgh\x01ijklmnopq\n rs\x00"))
	f.Add([]byte("é\xff\xfeà bcdefghij"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, runs := printableRuns(data)
		// Every run is a verbatim copy of the input at its offset.
		for i, r := range runs {
			end := len(text)
			if i+1 < len(runs) {
				end = runs[i+1].text - 1
			}
			if r.text > end || r.orig+end-r.text > len(data) || string(data[r.orig:r.orig+end-r.text]) != text[r.text:end] {
				t.Fatalf("run %d is not the input at %d", i, r.orig)
			}
			if end-r.text < minRun {
				t.Fatalf("run %d is shorter than %d", i, minRun)
			}
		}
		// Any substring maps back to where it is.
		if len(runs) > 0 {
			r := runs[len(runs)-1]
			s := text[r.text:]
			line := strings.Count(text[:r.text], "\n") + 1
			if got := origOffset(text, runs, report.Finding{StartLine: line, Secret: s}); !bytes.Equal(data[got:got+len(s)], []byte(s)) {
				t.Fatalf("offset %d does not hold %q", got, s)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n {
			return 0
		}
		return -n
	}
	return n
}

func testDetector(t testing.TB) *detect.Detector {
	t.Helper()
	gc, _, err := detectorConfigInfo(nil, config.Default(), Gitleaks{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := newDetector(nil, gc)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestUTF16Order(t *testing.T) {
	enc := func(s string, le bool) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			if le {
				b = append(b, byte(u), byte(u>>8))
			} else {
				b = append(b, byte(u>>8), byte(u))
			}
		}
		return b
	}
	for _, tc := range []struct {
		name   string
		in     []byte
		le, ok bool
	}{
		{"le bom", enc("\ufeffhi", true), true, true},
		{"be bom", enc("\ufeffhi", false), false, true},
		{"le no bom", enc("token = abcdefgh\r\n", true), true, true},
		{"be no bom", enc("token = abcdefgh\r\n", false), false, true},
		{"ascii", []byte("token = abcdefgh\r\n"), false, false},
		{"zeros", make([]byte, 64), false, false},
		{"sqlite", []byte("SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20"), false, false},
	} {
		le, ok := utf16Order(tc.in)
		if ok != tc.ok || ok && le != tc.le {
			t.Errorf("%s: got le=%v ok=%v", tc.name, le, ok)
		}
		if ok {
			if got := decodeUTF16(tc.in, le); strings.TrimPrefix(got, "\ufeff") == "" {
				t.Errorf("%s: decoded to nothing", tc.name)
			}
		}
	}
	if got := decodeUTF16(enc("\ufeffa=b", true), true); got != "a=b" {
		t.Errorf("decode %q", got)
	}
}

func FuzzUTF16(f *testing.F) {
	f.Add([]byte("\xff\xfeh\x00i\x00"))
	f.Add([]byte("t\x00o\x00k\x00e\x00n\x00=\x00a\x00b\x00"))
	f.Add([]byte{0xd8, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		le, ok := utf16Order(b)
		s := decodeUTF16(b, le)
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from %q", b)
		}
		if len(s) > 3*len(b)/2+3 {
			t.Fatalf("decoded %d bytes from %d", len(s), len(b))
		}
		_ = ok
	})
}

// FuzzParseIgnore: a .gitleaksignore is repository content; parsing it
// never panics, and every entry it keeps is a trimmed, uncommented line.
func FuzzParseIgnore(f *testing.F) {
	f.Add("# accepted\nignored.txt:github-pat:1\n")
	f.Add("0123abc:src\\\\win\\\\a.js:generic-api-key:12\r\n\n  \n")
	f.Add("a:b\n:::\n")
	f.Fuzz(func(t *testing.T, text string) {
		for k := range parseIgnore(text) {
			if k == "" || strings.HasPrefix(k, "#") || strings.TrimSpace(k) != k {
				t.Fatalf("bad entry %q", k)
			}
		}
	})
}

func FuzzMergeDecoded(f *testing.F) {
	f.Add("cGFzc3dvcmQ=", "password", 1, 1)
	f.Add("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsg", "x", 2, 2)
	f.Fuzz(func(t *testing.T, raw, dec string, l1, l2 int) {
		gl := []report.Finding{
			{RuleID: "xml-password", File: "a.xml", StartLine: l1, Secret: raw},
			{RuleID: "xml-password", File: "a.xml", StartLine: l2, Secret: dec, Tags: []string{"decoded:base64"}},
		}
		out := mergeDecoded(gl)
		if len(out) > 2 {
			t.Fatalf("%d findings from 2", len(out))
		}
		if len(out) == 0 && l1 != l2 {
			if _, ok := decodeBase64Text(raw); !ok {
				t.Fatalf("both dropped: %+v", gl)
			}
		}
	})
}
