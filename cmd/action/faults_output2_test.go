package main

// Fault matrix, output safety II (an independent attack on the reporters).
// Each case attacks through the real entry points: the action mode with
// the fake GitHub, and the CLI.
//
//	case                                 input                                                   expected
//	live links from repository text      URLs, www., #N, GH-N, SHAs in waivers, rules, file names no <a> in the rendered GFM but launchready's own links
//	links in SARIF messages              .gitleaks.toml description "[the portal](https://...)"   brackets escaped in every SARIF text message
//	invalid UTF-8 and C1 in Markdown     a file named "j\x9b2J\x9b31mRED\x9b0m.env" with a token  every output is valid UTF-8 without C1 controls
//	huge repository strings              300 KB waiver reason, 100 KB rule description, long path  every body within GitHub's limits, strings cut with …
//	URL parameters in odd places         ?bearer=, ;token=, a URL with <, in spec servers         masked in text, JSON, SARIF, Markdown, annotations
//	SARIF artifact URIs                  %0A, newline, ESC, space in names; commit/tag messages   percent-encoded URIs that decode to the file; messages left out and counted
//	aggregated server examples           25 http:// servers in one spec                           the aggregate names the servers' masked URLs

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// renderGFM renders Markdown as GitHub does for autolinks: GFM with the
// Linkify extension (bare http://, https://, www. and email addresses),
// raw HTML kept.
func renderGFM(t *testing.T, md string) string {
	t.Helper()
	var out bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := gm.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

var (
	hrefRe = regexp.MustCompile(`<a\s[^>]*href="([^"]*)"`)
	// GitHub's references, found in the rendered text outside code and
	// links: #123, owner/repo#123, GH-123, a commit SHA.
	refRe      = regexp.MustCompile(`(?i)(^|[^\w&\x{200b}])#\d|(^|[^\w\x{200b}])GH-\d|(^|[^\w\x{200b}])[0-9a-f]{7,40}($|[^\w\x{200b}])`)
	codeOrLink = regexp.MustCompile(`(?s)<code>.*?</code>|<a\s.*?</a>|<sub>.*?</sub>|<!--.*?-->|<[^>]*>`)
)

// assertNoRepoLinks fails when a body, rendered as GitHub would, holds a
// link that launchready did not make, or a reference GitHub would link
// (ours, the commits the repository's real SHAs name, aside).
func assertNoRepoLinks(t *testing.T, channel, md string, commits ...string) {
	t.Helper()
	rendered := renderGFM(t, md)
	for _, m := range hrefRe.FindAllStringSubmatch(rendered, -1) {
		href := m[1]
		if strings.HasPrefix(href, "https://github.com/acme/api/blob/") || href == "https://github.com/launchready/launchready/blob/main/docs/checks.md" {
			continue
		}
		t.Errorf("%s renders a live link from repository text: %q", channel, href)
	}
	text := codeOrLink.ReplaceAllString(rendered, " ")
	for _, c := range commits {
		text = strings.ReplaceAll(text, " in "+c[:8], " ")
	}
	for _, line := range strings.Split(text, "\n") {
		if m := refRe.FindString(line); m != "" {
			t.Errorf("%s: GitHub would link the reference %q in %q", channel, m, line)
		}
	}
}

func TestFaultNoLiveLinksFromRepositoryText(t *testing.T) {
	t.Parallel()
	const canary = "canary_q7zx3k9w2m4p"
	// The policy of a pull request is its base's: the hostile config is
	// on the base branch.
	s := newPRBase(t, map[string]string{
		".launchready.yml": "waive:\n  email: \"https://evil.example/waive [x](https://evil.example) see #12 and GH-34\"\n  latency: \"www.evil3.example acme/api#56 deadbeefcafe1234\"\n",
		".gitleaks.toml": "[extend]\nuseDefault = true\n\n[[rules]]\nid = 'canary'\n" +
			"description = '''Evil https://evil.example/rule www.evil2.example ftp://evil.example/f mailto:x@evil.example #78 0123abcd4567ef'''\n" +
			"regex = '''canary_[a-z0-9]{12}'''\nkeywords = [\"canary_\"]\n",
	}, map[string]string{
		"www.evil.example":              "key: " + canary + "\n",
		"docs/https:/evil.example/x.md": "key: " + canary + "\n",
		"api/openapi.yaml": `openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: "http://api.evil.example/v1"
paths:
  /admin/export:
    get:
      operationId: "https://evil.example/opid"
      security: [{undefinedScheme: []}]
      responses: {"200": {description: ok}}
`,
	})
	s.run("pull_request", "false", map[string]string{"fail-on": "low"})
	report := s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))
	for _, want := range []string{"secrets/canary", "www.evil.example", "https://evil.example/waive", "www.evil3.example", "(https://evil.example/opid)"} {
		if !strings.Contains(report, want) {
			t.Fatalf("the report lacks %q: the test proves nothing\n%s", want, s.stdout)
		}
	}
	if len(s.fake.IssueCmts) != 1 || len(s.fake.ReviewCmts) == 0 {
		t.Fatalf("sticky %d, review comments %d", len(s.fake.IssueCmts), len(s.fake.ReviewCmts))
	}
	sticky := s.fake.IssueCmts[0].Body
	assertNoRepoLinks(t, "sticky comment", sticky)
	for _, c := range s.fake.ReviewCmts {
		assertNoRepoLinks(t, "review comment", c.Body)
	}
	summary := s.file(s.env["GITHUB_STEP_SUMMARY"])
	assertNoRepoLinks(t, "step summary", summary)
	res := runCLI(t, nil, "--repo", s.repo.Dir, "--format", "markdown", "--fail-on", "low")
	assertNoRepoLinks(t, "--format markdown", res.stdout, s.head, s.base)

	// launchready's own links still work: to the file at the head commit
	// and to the docs.
	rendered := renderGFM(t, sticky)
	for _, want := range []string{`href="https://github.com/acme/api/blob/` + s.head + `/www.evil.example#L1"`, `href="https://github.com/launchready/launchready/blob/main/docs/checks.md"`} {
		if !strings.Contains(rendered, want) {
			t.Errorf("the sticky lost launchready's own link %s:\n%s", want, rendered)
		}
	}
	// The waiver is still readable.
	if !strings.Contains(rendered, "evil.example/waive") {
		t.Errorf("the waiver reason is not shown:\n%s", rendered)
	}
}

func TestFaultSARIFMessageLinks(t *testing.T) {
	t.Parallel()
	const canary = "canary_q7zx3k9w2m4p"
	repo := repoWith(t, map[string]string{
		".gitleaks.toml": "[extend]\nuseDefault = true\n\n[[rules]]\nid = 'portal'\n" +
			"description = '''Rotate at [the portal](https://evil.example/login) now, see [1](0)'''\n" +
			"regex = '''canary_[a-z0-9]{12}'''\nkeywords = [\"canary_\"]\n",
		"config/app.yml": "key: " + canary + "\n",
	})
	res := runCLI(t, nil, "--repo", repo.Dir, "--format", "sarif", "--fail-on", "low")
	var doc struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID                                string
						ShortDescription, FullDescription struct{ Text string }
						Help                              struct{ Text, Markdown string }
					}
				}
			}
			Results []struct {
				RuleID  string
				Message struct{ Text string }
			}
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || len(doc.Runs) != 1 {
		t.Fatalf("exit %d, no SARIF: %v\n%s", res.code, err, res.stderr)
	}
	unescaped := regexp.MustCompile(`(^|[^\\])[\[\]]`)
	seen := false
	for _, r := range doc.Runs[0].Results {
		if unescaped.MatchString(r.Message.Text) {
			t.Errorf("result %s: message.text has an unescaped bracket (a SARIF link): %q", r.RuleID, r.Message.Text)
		}
		if strings.Contains(r.Message.Text, `Rotate at \[the portal\](https://evil.example/login)`) {
			seen = true
		}
	}
	if !seen {
		t.Fatalf("the hostile rule's message is not in SARIF: the test proves nothing\n%s", res.stdout)
	}
	for _, rule := range doc.Runs[0].Tool.Driver.Rules {
		for _, text := range []string{rule.ShortDescription.Text, rule.FullDescription.Text, rule.Help.Text} {
			if unescaped.MatchString(text) {
				t.Errorf("rule %s: an unescaped bracket in %q", rule.ID, text)
			}
		}
		if strings.Contains(rule.Help.Markdown, "[the portal](") {
			t.Errorf("rule %s: help.markdown holds a live link: %q", rule.ID, rule.Help.Markdown)
		}
	}
}

// assertCleanText fails on invalid UTF-8 and on C1 controls (0x80-0x9f,
// which a terminal reads as CSI, NEL, OSC...).
func assertCleanText(t *testing.T, channel, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		i := 0
		for i < len(out) {
			r, n := utf8.DecodeRuneInString(out[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		t.Errorf("%s holds the raw byte %#x (invalid UTF-8): %q", channel, out[i], out[max(i-20, 0):min(i+20, len(out))])
		return
	}
	for _, r := range out {
		if r >= 0x80 && r <= 0x9f {
			t.Errorf("%s holds the C1 control %U", channel, r)
			return
		}
	}
}

func TestFaultInvalidUTF8AndC1InOutputs(t *testing.T) {
	t.Parallel()
	csiName := "j\x9b2J\x9b31mRED\x9b0m.env"
	nelName := "k\x85x\u0085y.env"
	s := newPR(t, map[string]string{
		csiName: "ci_token: " + tokenFor("c1-csi") + "\n",
		nelName: "ci_token: " + tokenFor("c1-nel") + "\n",
	})
	s.run("pull_request", "false", nil)
	if s.code != exitFindings {
		t.Fatalf("exit %d, want 1 (two tokens)\n%s", s.code, s.stdout)
	}
	report := s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))
	if !strings.Contains(report, "RED") || !strings.Contains(report, ".env") {
		t.Fatalf("the tokens in the hostile file names were not found:\n%s", report)
	}
	assertCleanText(t, "step summary", s.file(s.env["GITHUB_STEP_SUMMARY"]))
	for _, c := range s.fake.IssueCmts {
		assertCleanText(t, "sticky comment", c.Body)
	}
	for _, c := range s.fake.ReviewCmts {
		assertCleanText(t, "review comment", c.Body)
	}
	assertCleanText(t, "action log", s.stdout)
	assertCleanText(t, "JSON report", report)
	assertCleanText(t, "SARIF file", s.file(filepath.Join(s.repo.Dir, "launchready.sarif")))
	for _, format := range []string{"markdown", "json", "sarif", "text", "github"} {
		res := runCLI(t, nil, "--repo", s.repo.Dir, "--format", format)
		assertCleanText(t, "--format "+format, res.stdout)
		assertCleanText(t, "--format "+format+" stderr", res.stderr)
	}
	// The name is still recognisable, its bad bytes shown as escapes.
	if md := runCLI(t, nil, "--repo", s.repo.Dir, "--format", "markdown").stdout; !strings.Contains(md, `j\\x9b2J\\x9b31mRED\\x9b0m.env`) {
		t.Errorf("the Markdown does not show the name escaped:\n%s", md)
	}
}

func TestFaultHugeRepositoryStrings(t *testing.T) {
	t.Parallel()
	const canary = "canary_q7zx3k9w2m4p"
	huge := strings.Repeat("this app sends no mail & <b>never</b> will | ", 300<<10/45)
	longDir := strings.Repeat(strings.Repeat("d", 200)+"/", 8)
	// The policy of a pull request is its base's: the hostile config is
	// on the base branch.
	s := newPRBase(t, map[string]string{
		".launchready.yml": "waive:\n  email: \"" + huge + "\"\n  latency: \"" + huge + "\"\n",
		".gitleaks.toml": "[extend]\nuseDefault = true\n\n[[rules]]\nid = 'canary'\n" +
			"description = '''" + strings.Repeat("Rotate <i>now</i> @team ", 100<<10/24) + "'''\n" +
			"regex = '''canary_[a-z0-9]{12}'''\nkeywords = [\"canary_\"]\n",
	}, map[string]string{
		longDir + "app.yml": "key: " + canary + "\n",
		"config/app.yml":    "name: api\nregion: eu\nkey: " + canary + "\n",
	})
	s.run("pull_request", "false", map[string]string{"fail-on": "low"})
	report := s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))
	if !strings.Contains(report, "secrets/canary") || !strings.Contains(report, "this app sends no mail") {
		t.Fatalf("the huge strings did not reach the report: the test proves nothing\n%s", s.stdout)
	}
	if len(s.fake.IssueCmts) != 1 {
		t.Fatalf("sticky %d\n%s", len(s.fake.IssueCmts), s.stdout)
	}
	sticky := s.fake.IssueCmts[0].Body
	summary := s.file(s.env["GITHUB_STEP_SUMMARY"])
	md := runCLI(t, nil, "--repo", s.repo.Dir, "--format", "markdown", "--fail-on", "low").stdout
	for _, c := range []struct {
		channel, body string
		limit         int
	}{{"sticky comment", sticky, annotate.CommentMaxBytes}, {"step summary", summary, annotate.SummaryMaxBytes}, {"--format markdown", md, 1 << 20}} {
		if len(c.body) > c.limit {
			t.Errorf("%s is %d bytes, over %d", c.channel, len(c.body), c.limit)
		}
		if !strings.HasPrefix(c.body, annotate.StickyMarker) || !strings.Contains(c.body, "<!-- launchready:manual=") {
			t.Errorf("%s lost its markers", c.channel)
		}
		if o, cl := strings.Count(c.body, "<details>"), strings.Count(c.body, "</details>"); o != cl {
			t.Errorf("%s: %d <details> but %d </details>", c.channel, o, cl)
		}
		if !strings.Contains(c.body, "…") {
			t.Errorf("%s does not show the cut", c.channel)
		}
		// No single line holds a repository string longer than the caps
		// allow (escaping at most multiplies a character by six).
		for _, line := range strings.Split(c.body, "\n") {
			if len(line) > 6*(annotate.ProseMaxRunes*2+annotate.FieldMaxRunes*3)+2000 {
				t.Errorf("%s: a %d-byte line", c.channel, len(line))
				break
			}
		}
	}
	if len(s.fake.ReviewCmts) == 0 {
		t.Fatalf("no review comments")
	}
	for _, c := range s.fake.ReviewCmts {
		if len(c.Body) > annotate.CommentMaxBytes {
			t.Errorf("a review comment is %d bytes", len(c.Body))
		}
	}
}

// urlLeaks are the credentials planted in spec server URLs.
var urlLeaks = []string{"LEAK14nnnn", "LEAK06ffff", "LEAK22llll", "LEAK33qqqq", "LEAK44aaaa"}

func TestFaultURLParametersMasked(t *testing.T) {
	t.Parallel()
	s := newPR(t, map[string]string{"api/openapi.yaml": `openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: "http://n.example.com/v1?bearer=LEAK14nnnn"
  - url: "http://f.example.com/v1;token=LEAK06ffff"
  - url: "http://l.example.com/a<b?token=LEAK22llll"
  - url: "http://q.example.com/v1?x=1&client_secret=LEAK33qqqq&X-Amz-Signature=LEAK44aaaa"
paths:
  /health:
    get:
      security: []
      responses: {"200": {description: ok}}
`})
	s.run("pull_request", "false", nil)
	report := s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))
	for _, want := range []string{"http://n.example.com/v1?bearer=****", "http://f.example.com/v1;token=****", "http://l.example.com/a<b?token=****", "client_secret=****&X-Amz-Signature=****"} {
		if !strings.Contains(report, want) {
			t.Errorf("the JSON report lacks %q\n%s", want, report)
		}
	}
	s.noLeaks(urlLeaks...)
	for _, format := range []string{"text", "json", "sarif", "markdown", "github"} {
		res := runCLI(t, nil, "--repo", s.repo.Dir, "--format", format)
		if !strings.Contains(res.stdout, "insecure-server-url") {
			t.Fatalf("%s: the server rule did not fire: the test proves nothing\n%s", format, res.stdout)
		}
		for _, leak := range urlLeaks {
			if strings.Contains(res.stdout, leak) || strings.Contains(res.stderr, leak) {
				t.Errorf("%s: %s reaches the output", format, leak)
			}
		}
	}
}

func TestFaultSARIFArtifactURIs(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	names := []string{"f%0A::error::x.env", "new\nline.env", "esc\x1b[31m.env", "dir with space/a b#c?d.env", "ok/plain.env"}
	for i, n := range names {
		r.Write(n, "ci_token: "+tokenFor("uri-"+string(rune('a'+i)))+"\n")
	}
	r.Commit("Deploy\n\nThe CI token is " + fixture.FakeToken("ghp_", "uri-commit-msg", 36) + " for now.\n")
	r.Git("tag", "-a", "v1<img>@everyone", "-m", "Release\n\nregistry token: "+fixture.FakeToken("glpat-", "uri-tag-msg", 20))
	secretsOK(t, r)

	rep, _ := scanSecrets(t, r.Dir)
	paths := map[string]bool{}
	messages := 0
	for _, f := range rep.Findings {
		paths[f.Location.Path] = true
		if f.Location.Path == "commit message" || strings.HasPrefix(f.Location.Path, "tag ") {
			messages++
		}
	}
	for _, n := range names {
		if !paths[n] {
			t.Fatalf("no finding in %q: the test proves nothing (%v)", n, paths)
		}
	}
	if messages < 2 {
		t.Fatalf("the commit and tag message findings are missing: the test proves nothing (%v)", paths)
	}

	res := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", "--format", "sarif")
	var doc struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
				}
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || len(doc.Runs) != 1 {
		t.Fatalf("no SARIF: %v\n%s", err, res.stderr)
	}
	valid := regexp.MustCompile(`^([A-Za-z0-9\-._~/]|%[0-9A-F]{2})+$`)
	got := map[string]bool{}
	for _, res := range doc.Runs[0].Results {
		for _, l := range res.Locations {
			u := l.PhysicalLocation.ArtifactLocation.URI
			if !valid.MatchString(u) {
				t.Errorf("artifactLocation.uri %q is not a percent-encoded URI reference", u)
				continue
			}
			if _, err := url.Parse(u); err != nil {
				t.Errorf("artifactLocation.uri %q: %v", u, err)
			}
			p, err := url.PathUnescape(u)
			if err != nil || !paths[p] || p == "commit message" || strings.HasPrefix(p, "tag ") {
				t.Errorf("artifactLocation.uri %q decodes to %q, not a file with a finding", u, p)
			}
			got[p] = true
		}
	}
	for _, n := range names {
		if !got[n] {
			t.Errorf("no SARIF result locates %q", n)
		}
	}
	if w, _ := doc.Runs[0].Properties["withoutFile"].(string); !strings.HasPrefix(w, "2 ") {
		t.Errorf("run.properties.withoutFile = %q, want the 2 message findings counted", w)
	}
	// Annotations do not name a message as a file either.
	gh := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", "--format", "github").stdout
	if strings.Contains(gh, "file=commit message") || strings.Contains(gh, "file=tag ") {
		t.Errorf("an annotation names a commit or tag message as a file:\n%s", gh)
	}
}

func TestFaultAggregatedServerExamples(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\nservers:\n")
	for i := 0; i < 25; i++ {
		b.WriteString("  - url: \"http://s" + string(rune('a'+i)) + ".example.com/v1?token=LEAK55" + string(rune('a'+i)) + "zzz\"\n")
	}
	b.WriteString("paths:\n  /health:\n    get:\n      security: []\n      responses: {\"200\": {description: ok}}\n")
	repo := repoWith(t, map[string]string{"api/openapi.yaml": b.String()})
	res := runCLI(t, nil, "--repo", repo.Dir, "--format", "json")
	var doc struct {
		Findings []struct{ RuleID, Message string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("no JSON: %v\n%s", err, res.stderr)
	}
	var agg string
	for _, f := range doc.Findings {
		if f.RuleID == "openapi/insecure-server-url" && strings.Contains(f.Message, "have the same problem") {
			agg = f.Message
		}
	}
	if agg == "" {
		t.Fatalf("no aggregated insecure-server finding: the test proves nothing\n%s", res.stdout)
	}
	if strings.Contains(agg, `""`) || !regexp.MustCompile(`such as "http://s[a-y]\.example\.com/v1\?token=\*\*\*\*"`).MatchString(agg) {
		t.Errorf("the aggregate does not name the masked server URLs: %q", agg)
	}
	if strings.Contains(res.stdout, "LEAK55") {
		t.Errorf("a server URL's token reaches the output")
	}
}
