package secrets

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"

	"github.com/launchready/launchready/internal/testutil"
)

// repoRoot is the repository's top directory.
func repoRoot() string { return filepath.Dir(filepath.Dir(testutil.GoldenDir("secrets"))) }

// eachRepoFile calls fn with the slash path and contents of every regular
// file of the repository up to 1 MiB (not .git, not node_modules): what
// real files look like, for the comparisons with gitleaks.
func eachRepoFile(t *testing.T, fn func(rel string, b []byte)) {
	t.Helper()
	root := repoRoot()
	err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() {
			if n := de.Name(); n == ".git" || n == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := de.Info()
		if err != nil || !info.Mode().IsRegular() || info.Size() > 1<<20 {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		fn(filepath.ToSlash(rel), b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// engineDetector is a detector with the default run config (gitleaks'
// rules and launchready's), as the history scan builds it.
func engineDetector(t testing.TB) *detect.Detector { return testDetector(t) }

// findingKeys is a fragment's findings, in a fixed order, every field that
// reaches a report.
func findingKeys(fs []report.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, g := range fs {
		out = append(out, fmt.Sprintf("%s|%s|%d:%d-%d:%d|%q|%q|%q|%q|%.3f", g.RuleID, g.File, g.StartLine, g.StartColumn, g.EndLine, g.EndColumn, g.Secret, g.Match, g.Line, strings.Join(g.Tags, ","), g.Entropy))
	}
	slices.Sort(out)
	return out
}

// sameAsGitleaks fails unless the engine reports for f exactly what
// gitleaks' detector reports.
func sameAsGitleaks(t testing.TB, d *detect.Detector, f detect.Fragment) (engine, full []string) {
	t.Helper()
	ctx := context.Background()
	full = findingKeys(d.DetectContext(ctx, f))
	engine = findingKeys(engineFor(d).detect(ctx, f))
	if !slices.Equal(engine, full) {
		t.Errorf("%s: the engine reports\n  %s\ngitleaks reports\n  %s", f.FilePath, strings.Join(engine, "\n  "), strings.Join(full, "\n  "))
	}
	return engine, full
}

// TestEngineMatchesGitleaks compares the engine with gitleaks' detector on
// every text file of the repository (the secret and credential corpora,
// the wiring and probe fixtures, the sources: what real files look like),
// each as one fragment under its own path, and on the same texts with
// their letters upper-cased (keywords and case-folded pivots), and requires
// identical findings. It also requires the engine to have found something:
// a comparison of two empty sets would prove nothing.
func TestEngineMatchesGitleaks(t *testing.T) {
	t.Parallel()
	d := engineDetector(t)
	root := repoRoot()
	var files, found int
	eachRepoFile(t, func(rel string, b []byte) {
		if isBinary(b[:min(len(b), sniffLen)]) {
			return
		}
		files++
		got, _ := sameAsGitleaks(t, d, detect.Fragment{Raw: string(b), FilePath: rel, StartLine: 1})
		found += len(got)
		sameAsGitleaks(t, d, detect.Fragment{Raw: strings.ToUpper(string(b)), FilePath: rel, StartLine: 1})
	})
	// Findings far apart in one long fragment (the engine then reads
	// windows of it): every credential corpus file, with source lines
	// between them, as one fragment, at a line number of its own.
	var long strings.Builder
	filler, _ := os.ReadFile(filepath.Join(root, "internal", "secrets", "engine.go"))
	filepath.WalkDir(filepath.Join(testutil.GoldenDir("secrets"), "corpus", "tp"), func(p string, de fs.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			if b, err := os.ReadFile(p); err == nil {
				long.Write(b)
				long.WriteString("\n")
				long.Write(filler[:len(filler)/3])
			}
		}
		return nil
	})
	got, _ := sameAsGitleaks(t, d, detect.Fragment{Raw: long.String(), FilePath: "all.txt", StartLine: 40})
	found += len(got)
	if len(got) < 20 {
		t.Errorf("the long fragment gave only %d findings", len(got))
	}
	t.Logf("%d files, %d findings, the same from both", files, found)
	if files < 500 || found < 100 {
		t.Fatalf("only %d files and %d findings compared", files, found)
	}
}

// TestEngineLeavesToGitleaks covers the fragments the engine does not
// reason about (they go to the full detector) and the rules it cannot rule
// out: each must still report what gitleaks reports.
func TestEngineLeavesToGitleaks(t *testing.T) {
	t.Parallel()
	d := engineDetector(t)
	key := "AKIA" + "QYLPMN5HHHFPZAM2"
	for name, text := range map[string]string{
		// An encoded secret: the decoder's passes (base64 of an AWS key line).
		"encoded": "data = \"" + b64("aws_access_key_id = "+key) + "\"\n",
		// Percent-encoded and hex-encoded.
		"percent": "u=https://x/?k=%41%4B%49%41" + key[4:] + "\n",
		"hex":     "h = " + hexOf("token = "+key) + "\n",
		// The Kelvin sign folds to k: gitleaks' lower-casing finds the
		// keyword "key" in "\u212aEY".
		"kelvin": "\u212aEY = \"" + key + "\"\npassword = \"" + "Xk29sPq7vLm3" + "\"\n",
		// Invalid UTF-8.
		"invalid": "secret = \"" + key + "\" \xff\xfe\n",
		// A path-only rule (a PKCS#12 file name).
		"p12": "anything\n",
		// Under a path the global allowlist drops (and one it keeps),
		// at a commit, with findings far apart (windows).
		"lock": "x\n" + strings.Repeat("filler line of code\n", 400) + "token = \"" + key + "\"\n",
	} {
		path := "cfg/" + name + ".txt"
		if name == "p12" {
			path = "certs/client.p12"
		}
		if name == "lock" {
			for _, p := range []string{"web/package-lock.json", "node_modules/a/b.js", "go.sum"} {
				got, full := sameAsGitleaks(t, d, detect.Fragment{Raw: text, FilePath: p, StartLine: 3, CommitSHA: "0123456789abcdef0123456789abcdef01234567"})
				if len(got) != 0 || len(full) != 0 {
					t.Errorf("%s: gitleaks' allowlist should drop it: %v", p, full)
				}
			}
		}
		got, _ := sameAsGitleaks(t, d, detect.Fragment{Raw: text, FilePath: path, StartLine: 3, CommitSHA: "0123456789abcdef0123456789abcdef01234567"})
		if len(got) == 0 {
			t.Errorf("%s: nothing found (the case must find something to compare)", name)
		}
	}
}

// FuzzEngineMatchesGitleaks: whatever the text and the path, the engine
// reports what gitleaks reports.
func FuzzEngineMatchesGitleaks(f *testing.F) {
	d := engineDetector(f)
	root := filepath.Join(testutil.GoldenDir("secrets"), "corpus", "tp")
	filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			if b, err := os.ReadFile(p); err == nil && len(b) < 4096 {
				rel, _ := filepath.Rel(root, p)
				f.Add(string(b), filepath.ToSlash(rel))
			}
		}
		return nil
	})
	f.Add("const apiKey = \"AKIA"+"QYLPMN5HHHFPZAM2\";", "src/a.js")
	f.Add("s.x = 1; hvs.", "vault.go")
	for _, c := range splitCases() {
		f.Add(c, "src/split.txt")
	}
	f.Fuzz(func(t *testing.T, text, path string) {
		if len(text) > 1<<16 {
			return
		}
		sameAsGitleaks(t, d, detect.Fragment{Raw: text, FilePath: path, StartLine: 1})
	})
}

// splitCases are fragments with decoding passes in which some rules match
// only in the raw text and others in a decoded segment: the engine reads
// the first in windows without decoding and the others over the whole
// fragment, and must report what gitleaks does, the generic rule's
// findings that another rule's secret on the same line holds dropped
// across the two.
func splitCases() []string {
	const ghp = "ghp_" + "8x2KqLmN4pR7sT9vW1yZ3bC5dF6gH0jJ2kM4"
	const aws = "AKIA" + "QYLPMN5HHHFPZAM2"
	src := filler(20)
	return []string{
		// A raw generic finding far from a segment that decodes to a key.
		src + "const apiKey = \"Zx8Qw3Lp9Tr5Vb2N\";\n" + src + "blob: " + b64("aws_access_key_id = "+aws) + "\n" + src,
		// The generic rule's raw finding on a line where a rule that
		// decodes finds a secret holding it (dropped), and the same
		// token base64-encoded two lines down.
		"x\nkey = " + ghp + "\n\nv = " + b64(ghp) + "\n",
		// The same, the decoded line first, hex this time.
		"v = " + hexOf("token: "+ghp) + "\n" + src + "auth_token = " + ghp + "\n",
		// A generic match that reaches into a decoded segment (its rule
		// decodes), next to plain source.
		src + "password = " + b64("Xk29sPq7vLm3#Rt8") + "\n" + src,
		// Percent escapes in a URL next to a raw secret.
		"u = \"https://h/x?q=a%20b%2Fc\"\nsecret_key = \"Qm9vZ2xlQXBpS2V5MTIz\"\n",
		// Nested: base64 of hex of a token, and a raw token elsewhere.
		b64(hexOf(ghp)) + "\n" + src + "GITHUB_TOKEN=" + ghp + "\n",
	}
}

func TestEngineSplitsDecodingRules(t *testing.T) {
	t.Parallel()
	d := engineDetector(t)
	found := 0
	for i, c := range splitCases() {
		if _, full := sameAsGitleaks(t, d, detect.Fragment{Raw: c, FilePath: fmt.Sprintf("src/split%d.txt", i), StartLine: 1}); len(full) > 0 {
			found++
		}
	}
	if found < len(splitCases())-1 {
		t.Fatalf("gitleaks finds something in only %d of %d cases: they compare too little", found, len(splitCases()))
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func hexOf(s string) string { return hex.EncodeToString([]byte(s)) }

// TestLitDFAFindsEveryOccurrence compares the automaton with a plain
// search: every occurrence of every pattern, overlapping ones and ASCII
// case ignored.
func TestLitDFAFindsEveryOccurrence(t *testing.T) {
	t.Parallel()
	patterns := []string{"key", "api", "apikey", "s.", "hvs.", "token", "ke", "-----begin", "a"}
	d := newLitDFA(patterns)
	for _, text := range []string{
		"", "APIKEY = x; s.Key; hvs.ABC TOKENtoken", "kkkeyyy", "-----BEGIN RSA", "aaaa", "\xff\xfeKEY\x00api",
	} {
		var got, want []string
		d.walk(text, func(at int, p int32) { got = append(got, fmt.Sprintf("%d:%s", at, patterns[p])) })
		low := []byte(text) // ASCII lower-casing only, offsets kept
		for i, c := range low {
			if 'A' <= c && c <= 'Z' {
				low[i] = c + 'a' - 'A'
			}
		}
		for i := range low {
			for _, p := range patterns {
				if strings.HasPrefix(string(low[i:]), p) {
					want = append(want, fmt.Sprintf("%d:%s", i, p))
				}
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", text, got, want)
		}
	}
}

// TestEnginePathAllowedMatchesGitleaks: the cached, joined path allowlist
// allows exactly the paths gitleaks' global allowlists allow.
func TestEnginePathAllowedMatchesGitleaks(t *testing.T) {
	t.Parallel()
	d := engineDetector(t)
	paths := []string{
		"go.sum", "package-lock.json", "yarn.lock", "web/node_modules/x/index.js", "vendor/github.com/a/b.go",
		"src/main.go", "README.md", "Cargo.lock", "poetry.lock", "static/js/jquery.min.js", "a/.git/config",
		"gradle/wrapper/gradle-wrapper.jar", "x/\xff.lock", "Pipfile.lock", "deep/dir/pnpm-lock.yaml", ".gitleaks.toml",
		"IMG.PNG", "logo.\u212a", "a/B.JPEG", "venv/lib64/x.py", "lib/python3.11/site-packages/x.py", "pkg-1.2.dist-info/RECORD",
		"a/.git", "a/.gitx", "x.gem", "x.gemspec", "fonts/a.woff2", "a/go.work.sum", "ANGULAR.min.js", "jquery-ui-1.2.min.js.map",
	}
	// Every path of the repository, and the same upper-cased.
	root := repoRoot()
	err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.Name() == "node_modules" {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, p)
		paths = append(paths, filepath.ToSlash(rel), strings.ToUpper(filepath.ToSlash(rel)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	allowed := 0
	e := newEngine(d)
	for _, p := range paths {
		if pathAllowedByGitleaks(d, p) {
			allowed++
		}
		samePathAllowed(t, d, e, p)
	}
	if allowed < 20 || len(paths) < 1000 {
		t.Fatalf("%d of %d paths are allowlisted: the case compares too little", allowed, len(paths))
	}
}

func pathAllowedByGitleaks(d *detect.Detector, p string) bool {
	for _, a := range d.Config.Allowlists {
		if a.MatchCondition != gconfig.AllowlistMatchAnd && a.PathAllowed(p) {
			return true
		}
	}
	return false
}

func samePathAllowed(t *testing.T, d *detect.Detector, e *engine, p string) {
	t.Helper()
	want := pathAllowedByGitleaks(d, p)
	if got := e.pathAllowed(p); got != want {
		t.Errorf("%q: engine allows %v, gitleaks %v", p, got, want)
	}
}

// FuzzEnginePathAllowed: the engine's path filter agrees with gitleaks'
// global allowlist on any path.
func FuzzEnginePathAllowed(f *testing.F) {
	for _, p := range []string{"go.sum", "a/node_modules/b", "IMG.PNG", "x/\xff.lock", "lib/python3.1/x", "a-1.dist-info"} {
		f.Add(p)
	}
	d := engineDetector(f)
	e := newEngine(d)
	f.Fuzz(func(t *testing.T, p string) {
		samePathAllowed(t, d, e, p)
	})
}

// BenchmarkEngineEncodedText is the engine's worst case we know: text in
// which every line has percent and unicode escapes (gitleaks' decoding
// passes rescan it five times) and the generic rule's keywords, none of
// them an assignment. Compare engine=0 (gitleaks' detector) with engine=1:
//
//	go test ./internal/secrets -run '^$' -bench EngineEncodedText
func BenchmarkEngineEncodedText(b *testing.B) {
	d := engineDetector(b)
	var sb strings.Builder
	for range 6000 {
		sb.WriteString(`<a href="/search?q=hello%20world&page=2">key token %20 api secret</a> const apiKey = getKey(); // \u00e9 deadbeef` + "\n")
	}
	f := detect.Fragment{Raw: sb.String(), FilePath: "web/page.html", StartLine: 1}
	engineFor(d).detect(context.Background(), f) // the pivots' checks compiled
	benchEngine(b, "", d, f)
}

// benchEngine runs two sub-benchmarks over f, name/engine=false (gitleaks'
// detector) and name/engine=true (the engine).
func benchEngine(b *testing.B, name string, d *detect.Detector, f detect.Fragment) {
	if name != "" {
		name += "/"
	}
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("%sengine=%v", name, on), func(b *testing.B) {
			b.SetBytes(int64(len(f.Raw)))
			for range b.N {
				if on {
					engineFor(d).detect(context.Background(), f)
				} else {
					d.DetectContext(context.Background(), f)
				}
			}
		})
	}
}

// TestMayDecodeAgreesWithTheDecoder: whenever gitleaks' decoder finds a
// segment, mayDecode says it may (it may say so more often, never less),
// on base64 runs of every length and padding around a secret, identifiers
// and hex, and on every text file's lines.
func TestMayDecodeAgreesWithTheDecoder(t *testing.T) {
	t.Parallel()
	var texts []string
	for n := 10; n < 40; n++ {
		plain := strings.Repeat("k", n%7) + "password=Xk29sPq7vLm3"[:10+n%11]
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding, base64.RawStdEncoding, base64.URLEncoding} {
			e := enc.EncodeToString([]byte(plain))
			texts = append(texts, "v="+e+"\n", "x "+e+"==-_ y", e, "pre_"+e+"_post", "TestPlainCloneContext"+e[:n%len(e)])
		}
	}
	b, err := os.ReadFile("engine.go")
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, strings.Split(string(b), "\n")...)
	segs := 0
	for _, text := range texts {
		if texts, _ := decodePasses(text, 1); len(texts) > 1 {
			segs++
			if !mayDecode(text) {
				t.Errorf("the decoder finds a segment in %q, mayDecode says no", text)
			}
		}
	}
	if segs < 20 {
		t.Fatalf("only %d texts with segments: the case compares too little", segs)
	}
}

// FuzzMayDecode: mayDecode never says no where gitleaks' decoder finds a
// segment.
func FuzzMayDecode(f *testing.F) {
	f.Add("v=" + b64("password=Xk29sPq7vLm3") + "\n")
	f.Add("%41%4B u=U+0041 \\u0041 " + hexOf("token = abcdefgh"))
	f.Add("TestPlainCloneContext_1234567890abcdef==")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<14 {
			return
		}
		if texts, _ := decodePasses(text, 1); len(texts) > 1 && !mayDecode(text) {
			t.Errorf("the decoder finds a segment in %q, mayDecode says no", text)
		}
	})
}
