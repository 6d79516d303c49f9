package main

// Fault matrix, output safety (issue 11 items 2, 3 and 8; issue 12's launch
// checklist and big pull requests). Each case attacks through the real
// entry points: the action mode with the fake GitHub, and the CLI.
//
//	case                                   input                                                 expected
//	workflow-command file name             file "x\n::stop-commands::pwned\n.yml" with a token   no log line starts a command but ours
//	escape sequences in file names         ESC, OSC, BEL, CSI (C1), bidi override in file names  no ESC, C1 or bidi byte on stdout/stderr
//	short secret                           4-character .netrc password, also in a path            masked everywhere
//	spec server URL with user:pass@        http://admin:Pa&ssw0rd99x@host/?token=...            password and token masked everywhere
//	secret with & < |                      .pgpass password, also in a path                      masked, also in Markdown
//	--url http://user:pass@127.0.0.1:PORT  live findings' location.url                           password masked in every format
//	hostile rule id and file names         .gitleaks.toml id with </details> <b> @ [link]( |     escaped in sticky, review comments, summary
//	ticked launch checklist                reviewer ticks an item, the next run edits           the tick is kept
//	big pull request                       300 findings on the diff, some without a patch       overflow collapsed, reasons counted apart

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/launchready/launchready/internal/annotate"
)

// ourCommandNames are the workflow commands launchready issues.
var ourCommandNames = map[string]bool{"add-mask": true, "error": true, "warning": true, "notice": true, "group": true, "endgroup": true, "debug": true}

// assertSafeLog fails on any line the runner would read as a command that
// is not ours, and on raw terminal controls (ESC, C1, bidi overrides).
func assertSafeLog(t *testing.T, channel, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "##[") {
			t.Errorf("%s: a line reads as an old-style command: %q", channel, line)
		}
		rest, ok := strings.CutPrefix(trimmed, "::")
		if !ok {
			continue
		}
		name, _, _ := strings.Cut(rest, "::")
		name, _, _ = strings.Cut(name, " ")
		if !ourCommandNames[name] || trimmed != line {
			t.Errorf("%s: a line reads as a workflow command launchready did not issue: %q", channel, line)
		}
	}
	for _, r := range out {
		if r == 0x1b || r == '\r' || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			t.Errorf("%s: raw control %U reaches the output", channel, r)
			break
		}
	}
}

const (
	injectionName = "x\n::stop-commands::pwned\n.yml"
	escapeName    = "e\x1b[31mred\x1b]0;owned\x07\u009b2J\u202eteg.yml"
)

func TestFaultWorkflowCommandInjectionFileNames(t *testing.T) {
	t.Parallel()
	s := newPR(t, map[string]string{
		injectionName: "ci_token: " + tokenFor("inject-1") + "\n",
		escapeName:    "ci_token: " + tokenFor("inject-2") + "\n",
	})
	s.run("pull_request", "false", nil)
	if s.code != exitFindings {
		t.Fatalf("exit %d, want 1 (two tokens)\n%s", s.code, s.stdout)
	}
	// The findings are really there, under their real names.
	var doc struct {
		Findings []struct{ Location struct{ Path string } }
	}
	if err := json.Unmarshal([]byte(s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))), &doc); err != nil {
		t.Fatal(err)
	}
	paths := map[string]bool{}
	for _, f := range doc.Findings {
		paths[f.Location.Path] = true
	}
	if !paths[injectionName] || !paths[escapeName] {
		t.Fatalf("the scan did not find both tokens under their file names: %v", paths)
	}
	assertSafeLog(t, "action log", s.stdout)
	// The annotation still points at the real file (the runner restores
	// %0A), in one line.
	if !strings.Contains(s.stdout, "::error file=x%0A%3A%3Astop-commands%3A%3Apwned%0A.yml,line=1,") {
		t.Errorf("no annotation on the injection file:\n%s", s.stdout)
	}
	if !strings.Contains(s.stdout, `x\n::stop-commands::pwned\n.yml:1`) {
		t.Errorf("the text report does not show the file name escaped:\n%s", s.stdout)
	}

	// The CLI, in every mode and format that prints to the terminal.
	for _, args := range [][]string{{"--repo", s.repo.Dir}, {"--repo", s.repo.Dir, "--worktree"}, {"--repo", s.repo.Dir, "--format", "github"}, {"--repo", s.repo.Dir, "--format", "markdown"}, {"--repo", s.repo.Dir, "--format", "json"}, {"--repo", s.repo.Dir, "--format", "sarif"}} {
		res := runCLI(t, nil, args...)
		if res.code != exitFindings {
			t.Errorf("%v: exit %d\n%s", args, res.code, res.stderr)
		}
		assertSafeLog(t, fmt.Sprint(args, " stdout"), res.stdout)
		assertSafeLog(t, fmt.Sprint(args, " stderr"), res.stderr)
	}
	// A config error naming a hostile path goes to stderr, safely.
	res := runCLI(t, nil, "--repo", s.repo.Dir, "--config", "missing\x1b[2J\n::stop-commands::x\n.yml")
	if res.code != exitUsage {
		t.Errorf("exit %d for a missing config", res.code)
	}
	assertSafeLog(t, "config error stderr", res.stderr)
}

// leakForms are the raw secret and the forms an output could carry it in.
func leakForms(secret string) []string {
	return []string{secret, html.EscapeString(secret), annotate.MarkdownText(secret), strings.ReplaceAll(secret, "|", `\|`)}
}

func TestFaultSecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	const (
		short   = "Zq7x"         // a 4-character .netrc password
		special = "Pa<|ss&9w"    // a .pgpass password with & < |
		urlPass = "Pa&ssw0rd99x" // a spec server's password
		urlTok  = "T0kQueryValue42"
	)
	s := newPR(t, map[string]string{
		".netrc":  "machine api.example.com login deploy password " + short + "\n",
		".pgpass": "db.example.com:5432:app:app:" + special + "\n",
		// The same passwords reach the output through file names, the way
		// any printed string could carry them.
		"deploy/" + short + "/app.yml": "ci_token: " + tokenFor("short-path") + "\n",
		"backup-" + special + ".yml":   "ci_token: " + tokenFor("special-path") + "\n",
		"api/openapi.yaml": `openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: "http://admin:` + urlPass + `@api.example.com/v1?token=` + urlTok + `&page=2"
paths:
  /health:
    get:
      security: []
      responses: {"200": {description: ok}}
`,
	})
	s.run("pull_request", "false", nil)
	if s.code != exitFindings {
		t.Fatalf("exit %d\n%s", s.code, s.stdout)
	}
	report := s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))
	for _, want := range []string{"secrets/netrc-password", "secrets/pgpass-password", "openapi/insecure-server-url", "http://admin:****@api.example.com/v1?token=****&page=2", "deploy/****/app.yml", "backup-****.yml"} {
		if !strings.Contains(report, want) {
			t.Errorf("the JSON report lacks %q", want)
		}
	}
	var forms []string
	for _, sec := range []string{short, special, urlPass, urlTok} {
		forms = append(forms, leakForms(sec)...)
	}
	s.noLeaks(forms...)

	// The CLI, every format, to stdout and to a file.
	for _, format := range []string{"text", "json", "sarif", "markdown", "github"} {
		out := filepath.Join(t.TempDir(), "report")
		res := runCLI(t, nil, "--repo", s.repo.Dir, "--format", format)
		resFile := runCLI(t, nil, "--repo", s.repo.Dir, "--format", format, "--output", out)
		data, _ := os.ReadFile(out)
		for _, text := range []string{res.stdout, res.stderr, resFile.stderr, string(data)} {
			for _, f := range forms {
				if strings.Contains(text, f) {
					t.Errorf("%s: the output holds a secret (%q...)", format, f[:2])
				}
			}
		}
	}
}

func TestFaultPreviewURLCredentials(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		fmt.Fprint(w, "<html>ok</html>")
	}))
	t.Cleanup(srv.Close)
	const pass = "Kx9w" // short, so only whole-token masking or URL masking can hide it
	u := strings.Replace(srv.URL, "http://", "http://probe:"+pass+"@", 1) + "/?access_token=QueryTok3n77"
	repo := repoWith(t, nil)
	dir := t.TempDir()
	for _, format := range []string{"text", "json", "sarif", "markdown", "github"} {
		file := filepath.Join(dir, "report."+format)
		res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", u, "--allow-loopback", "--format", format, "--output", file)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%s: exit %d, no report: %v\n%s", format, res.code, err, res.stderr)
		}
		if format == "json" {
			var doc struct {
				Findings []struct{ Location struct{ URL string } }
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			live := 0
			for _, f := range doc.Findings {
				if f.Location.URL != "" {
					live++
					// The whole userinfo is masked, the user name too (a
					// token can be the user name).
					if !strings.HasPrefix(f.Location.URL, "http://****@127.0.0.1:") {
						t.Errorf("location.url %q: want the userinfo masked", f.Location.URL)
					}
				}
			}
			if live == 0 {
				t.Fatalf("no live finding: the probes did not run\n%s", data)
			}
		}
		for _, text := range []string{res.stdout, res.stderr, string(data)} {
			if regexp.MustCompile(`\b`+pass+`\b`).MatchString(text) || strings.Contains(text, "QueryTok3n77") {
				t.Errorf("%s: the preview URL's credentials reach the output", format)
			}
		}
	}
}

// hostileRuleID is a rule id a pull request can put in .gitleaks.toml.
const hostileRuleID = "x` </details> <b>bold</b> @octocat [phish](https://evil.example/login) |"

// assertSafeMarkdown checks a Markdown body we post or write.
func assertSafeMarkdown(t *testing.T, channel, md string) {
	t.Helper()
	for _, bad := range []string{"<b>bold</b>", "[phish](", "@octocat", "**bold**", "[link](", "<script"} {
		if strings.Contains(md, bad) {
			t.Errorf("%s holds raw %q", channel, bad)
		}
	}
	if o, c := strings.Count(md, "<details>"), strings.Count(md, "</details>"); o != c {
		t.Errorf("%s: %d <details> but %d </details>: a repository string closes one early", channel, o, c)
	}
	// Every table row keeps its header's column count.
	pipe := regexp.MustCompile(`(^|[^\\])\|`)
	cols := -1
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = -1
			continue
		}
		n := len(pipe.FindAllString(strings.ReplaceAll(line, "||", "| |"), -1))
		if cols < 0 {
			cols = n
		} else if n != cols {
			t.Errorf("%s: a table row has %d cells, its header %d: %q", channel, n-1, cols-1, line)
		}
	}
}

func TestFaultMarkdownInjection(t *testing.T) {
	t.Parallel()
	const canary = "canary_q7zx3k9w2m4p"
	hostileFile := "docs/[link](http:evil.example)**bold**@octocat|x.yml"
	// The hostile .gitleaks.toml is on the base branch: a pull request's
	// own policy is not used (TestFaultPRSwitchesOffGateWithOwnConfig).
	s := newPRBase(t, map[string]string{
		".gitleaks.toml": "[extend]\nuseDefault = true\n\n[[rules]]\nid = '''" + hostileRuleID + "'''\n" +
			"description = '''</details> <b>bold</b> @octocat [phish](https://evil.example/login)'''\n" +
			"regex = '''canary_[a-z0-9]{12}'''\nkeywords = [\"canary_\"]\n",
	}, map[string]string{
		"config/app.yml": "name: api\nregion: eu\nkey: " + canary + "\n",
		hostileFile:      "key: " + canary + "\n",
	})
	s.run("pull_request", "false", map[string]string{"fail-on": "low"})
	report := s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))
	if !strings.Contains(report, "secrets/x` </details>") {
		t.Fatalf("the hostile rule did not fire: the test proves nothing\n%s", s.stdout)
	}
	if len(s.fake.IssueCmts) != 1 || len(s.fake.ReviewCmts) == 0 {
		t.Fatalf("sticky %d, review comments %d", len(s.fake.IssueCmts), len(s.fake.ReviewCmts))
	}
	assertSafeMarkdown(t, "sticky comment", s.fake.IssueCmts[0].Body)
	for _, c := range s.fake.ReviewCmts {
		assertSafeMarkdown(t, "review comment", c.Body)
	}
	summary := s.file(s.env["GITHUB_STEP_SUMMARY"])
	assertSafeMarkdown(t, "step summary", summary)
	// The hostile strings are still shown, escaped.
	if !strings.Contains(summary, "<code>secrets/x\\` &lt;/details&gt; &lt;b&gt;bold&lt;/b&gt; @\u200boctocat \\[phish\\](https:\u200b//evil.example/login) \\|</code>") {
		t.Errorf("the step summary does not show the rule id escaped:\n%s", summary)
	}
	res := runCLI(t, nil, "--repo", s.repo.Dir, "--format", "markdown", "--fail-on", "low")
	assertSafeMarkdown(t, "--format markdown", res.stdout)
}

func TestFaultLaunchChecklistTicksKept(t *testing.T) {
	t.Parallel()
	s := newPR(t, map[string]string{"config/app.yml": "name: api\nregion: eu\nci_token: " + tokenFor("ticks-1") + "\n"})
	s.run("pull_request", "false", nil)
	if len(s.fake.IssueCmts) != 1 {
		t.Fatalf("sticky %d", len(s.fake.IssueCmts))
	}
	// A reviewer ticks the rollback item in the browser (which may send
	// the body back with CRLF line ends).
	body := s.fake.IssueCmts[0].Body
	ticked := strings.Replace(body, "- [ ] **A rollback has been rehearsed", "- [x] **A rollback has been rehearsed", 1)
	if ticked == body {
		t.Fatalf("no rollback item in the sticky:\n%s", body)
	}
	s.fake.IssueCmts[0].Body = strings.ReplaceAll(ticked, "\n", "\r\n")

	// The next push changes the findings, so the comment is edited.
	s.repo.Write("config/db.yml", "token: "+tokenFor("ticks-2")+"\n")
	s.head = s.repo.Commit("more config")
	s.fake.Files = s.prFiles()
	s.run("pull_request", "false", nil)
	after := s.fake.IssueCmts[0].Body
	if !strings.Contains(after, "config/db.yml") {
		t.Fatalf("the sticky was not updated:\n%s", after)
	}
	if !strings.Contains(after, "- [x] **A rollback has been rehearsed") {
		t.Errorf("the reviewer's tick was lost:\n%s", after)
	}
	if strings.Count(after, "- [x] ") != 1 || strings.Count(after, "- [ ] ") != 3 {
		t.Errorf("only the ticked item may be ticked:\n%s", after)
	}
}

func TestFaultBigPullRequestOverflow(t *testing.T) {
	t.Parallel()
	var b, nb strings.Builder
	var secrets []string
	for i := 0; i < 300; i++ {
		sec := tokenFor(fmt.Sprint("big-", i))
		secrets = append(secrets, sec)
		fmt.Fprintf(&b, "token_%03d: %s\n", i, sec)
	}
	for i := 0; i < 5; i++ {
		sec := tokenFor(fmt.Sprint("nopatch-", i))
		secrets = append(secrets, sec)
		fmt.Fprintf(&nb, "token_%d: %s\n", i, sec)
	}
	s := newPR(t, map[string]string{"config/tokens.yml": b.String(), "public/@team/app.min.js": nb.String()})
	for i := range s.fake.Files {
		if strings.HasSuffix(s.fake.Files[i].Path, ".min.js") {
			s.fake.Files[i].Patch = "" // GitHub sends no patch for it
		}
	}
	s.run("pull_request", "false", map[string]string{"filter-mode": "file"})
	if len(s.fake.ReviewCmts) != 30 {
		t.Fatalf("%d line comments, want 30", len(s.fake.ReviewCmts))
	}
	sticky := s.fake.IssueCmts[0].Body
	if len(sticky) > annotate.CommentMaxBytes {
		t.Errorf("sticky is %d bytes", len(sticky))
	}
	head := "**275 finding(s) on this pull request are not line comments**: 270 over this run's cap of 30 line comments (max-review-comments); 5 on lines GitHub takes no comments on"
	i := strings.Index(sticky, head)
	if i < 0 {
		t.Fatalf("overflow heading wrong:\n%s", sticky)
	}
	rest := sticky[i:]
	open := strings.Index(rest, "<details><summary>The 275 finding(s) not posted as line comments</summary>")
	end := strings.Index(rest, "</details>")
	first := strings.Index(rest, "\n- ")
	if open < 0 || end < open || first < open || first > end {
		t.Errorf("the overflow list is not collapsed in <details>:\n%s", rest)
	}
	if strings.Count(rest[:max(end, 0)], "\n- ") != 51 || !strings.Contains(rest, "- … and 225 more (job summary).") {
		t.Errorf("want 50 bullets and a count of the rest:\n%s", rest)
	}
	if strings.Contains(sticky, "&#64;") || regexp.MustCompile("`[^`]*&[a-z#0-9]+;[^`]*`").MatchString(sticky) {
		t.Errorf("an entity inside a code span shows literally:\n%s", rest)
	}
	if !strings.Contains(s.stdout, "270 over the max-review-comments cap of 30, 5 on lines GitHub takes no comments on") {
		t.Errorf("the notice does not count the reasons apart:\n%s", s.stdout)
	}
	s.noLeaks(secrets...)
}

// TestFaultShortSecretKeepsDocumentsValid: a short secret that is also a
// JSON key and keyword ("path", "true") is masked in the data but cannot
// break the JSON and SARIF documents or the step outputs.
func TestFaultShortSecretKeepsDocumentsValid(t *testing.T) {
	t.Parallel()
	repo := repoWith(t, map[string]string{
		".netrc":           "machine a.example.com login u password path\nmachine b.example.com login v password true\n",
		"path/app.yml":     "ci_token: " + tokenFor("short-doc") + "\n",
		"config/flags.yml": "debug: true\n",
	})
	for _, format := range []string{"json", "sarif"} {
		res := runCLI(t, nil, "--repo", repo.Dir, "--format", format)
		var doc map[string]any
		if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
			t.Fatalf("%s: the document is no longer valid JSON: %v\n%s", format, err, res.stdout)
		}
		if format == "json" {
			// The word-like secret "path" is masked where it stands as a
			// token of text, never inside a file path (see
			// TestFaultWordSecretSparesPaths).
			if !strings.Contains(res.stdout, `"ruleId": "secrets/netrc-password"`) || !strings.Contains(res.stdout, `"path": "path/app.yml"`) {
				t.Errorf("the short secrets were not found, or a path was masked:\n%s", res.stdout)
			}
		}
	}
}
