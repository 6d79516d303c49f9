package annotate

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/report"
	"github.com/launchready/launchready/internal/scorecard"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sample is a small report with findings of every kind of location.
func sample() *report.Report {
	fs := []finding.Finding{
		{RuleID: "secrets/github-pat", Row: finding.RowSecrets, Severity: finding.SeverityCritical, Title: "GitHub Personal Access Token",
			Message: "GitHub Personal Access Token (ghp_****) in config/app.yml line 3.", Remediation: "Rotate it.",
			Location:    finding.Location{Path: "config/app.yml", StartLine: 3, EndLine: 3, Commit: "0123456789abcdef0123456789abcdef01234567"},
			Fingerprint: "fp-pat", GitleaksFingerprint: "0123456789abcdef0123456789abcdef01234567:config/app.yml:github-pat:3", Evidence: "ghp_****", Occurrences: 1},
		{RuleID: "secrets/dotenv-file", Row: finding.RowSecrets, Severity: finding.SeverityMedium, Title: "Committed .env file",
			Message: "a|b <script>@team</script>\nnext line", Remediation: "Remove it.",
			Location: finding.Location{Path: "dir with space/.env", StartLine: 1}, Fingerprint: "fp-env", Occurrences: 1},
		{RuleID: "cors/reflected-origin", Row: finding.RowCORS, Severity: finding.SeverityHigh, Title: "Origin reflected with credentials",
			Message: "GET https://preview.test/api reflects any Origin with credentials.", Remediation: "Allow-list origins.",
			Location: finding.Location{URL: "https://preview.test/api", Method: "GET"}, Fingerprint: "fp-cors", Occurrences: 1},
	}
	rows, verdict, incomplete := scorecard.Build(nil, fs, finding.SeverityHigh)
	return &report.Report{
		Tool: report.Tool{Name: "launchready", Version: "1.2.3"}, Verdict: verdict, Incomplete: incomplete,
		FailOn: finding.SeverityHigh, Scan: report.Scan{Mode: "range", Base: "1111111111111111", Head: "2222222222222222"},
		Scorecard: rows, Findings: fs, Errors: []report.Error{}, Warnings: []string{}, Manual: scorecard.Manual,
		Rules: []report.Rule{
			{ID: "secrets/github-pat", Title: "Secret matched by one of gitleaks' built-in rules", Severity: finding.SeverityCritical, CWE: "CWE-798", Help: "Rotate **it**."},
			{ID: "secrets/dotenv-file", Title: "Committed .env file", Severity: finding.SeverityMedium, CWE: "CWE-538", Help: "Remove it."},
		},
	}
}

func render(t *testing.T, format string, r *report.Report, o Options) string {
	t.Helper()
	f, err := Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b, r, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	o := Options{Links: &Links{ServerURL: "https://github.com", Repo: "acme/api", SHA: "2222222222222222222222222222222222222222"},
		New: map[string]bool{"fp-pat": true}}
	got := render(t, "markdown", sample(), o)
	testutil.Golden(t, filepath.Join("testdata", "comment.md.golden"), got, *update)
	for _, bad := range []string{"<script>", "@team", "a|b"} {
		if strings.Contains(got, bad) {
			t.Errorf("unescaped %q in Markdown", bad)
		}
	}
	if !strings.HasPrefix(got, StickyMarker+"\n") {
		t.Error("the Markdown must start with the sticky marker")
	}
}

func TestMarkdownTrimsDetailsNeverTheTable(t *testing.T) {
	t.Parallel()
	r := sample()
	for i := 0; i < 400; i++ {
		f := r.Findings[0]
		f.Fingerprint = fmt.Sprintf("fp-%d", i)
		f.Message = strings.Repeat("long message ", 20)
		r.Findings = append(r.Findings, f)
	}
	r.Scorecard, r.Verdict, _ = scorecard.Build(nil, r.Findings, r.FailOn)
	got := render(t, "markdown", r, Options{MaxBytes: CommentMaxBytes})
	if len(got) > CommentMaxBytes {
		t.Fatalf("%d bytes, over the cap", len(got))
	}
	for _, row := range r.Scorecard {
		if !strings.Contains(got, "| "+row.Title+" |") {
			t.Errorf("table row %q was trimmed", row.Title)
		}
	}
	if !strings.Contains(got, "cut to fit the comment") || !strings.Contains(got, "Details were trimmed") {
		t.Error("trimming is not announced")
	}
}

func TestSARIFValidAndComplete(t *testing.T) {
	t.Parallel()
	got := render(t, "sarif", sample(), Options{})
	testutil.Golden(t, filepath.Join("testdata", "report.sarif.golden"), got, *update)

	// Against the OASIS schema.
	schemaFile, _ := filepath.Abs(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaFile, schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate against the OASIS schema: %v", err)
	}

	// Against what GitHub code scanning requires.
	var doc struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID         string
						Help       struct{ Markdown string }
						Properties map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema == "" || doc.Version != "2.1.0" || len(doc.Runs) != 1 || doc.Runs[0].Tool.Driver.Name != "launchready" {
		t.Fatalf("header: %+v", doc)
	}
	rules := map[string]bool{}
	for _, r := range doc.Runs[0].Tool.Driver.Rules {
		rules[r.ID] = true
		tags, _ := r.Properties["tags"].([]any)
		sev, _ := r.Properties["security-severity"].(string)
		if r.Help.Markdown == "" || sev == "" || len(tags) == 0 || tags[0] != "security" {
			t.Errorf("rule %s lacks help, security-severity or tags: %+v", r.ID, r)
		}
	}
	for _, res := range doc.Runs[0].Results {
		loc := res.Locations[0].PhysicalLocation
		if !rules[res.RuleID] || res.Message.Text == "" || loc.ArtifactLocation.URI == "" || loc.Region.StartLine < 1 ||
			strings.HasPrefix(loc.ArtifactLocation.URI, "/") || res.PartialFingerprints["primaryLocationLineHash"] == "" {
			t.Errorf("result incomplete for GitHub: %+v", res)
		}
	}
	// The live finding has no file: it is not in SARIF (never at a
	// made-up file).
	if len(doc.Runs[0].Results) != 2 {
		t.Errorf("%d results, want the 2 with a file", len(doc.Runs[0].Results))
	}
}

func TestAnnotationsEscapeAndCap(t *testing.T) {
	t.Parallel()
	r := sample()
	evil := finding.Finding{RuleID: "secrets/x", Row: finding.RowSecrets, Severity: finding.SeverityCritical, Title: "t,itle:x",
		Message:     "50% done\r\n::error::injected\n::add-mask::x",
		Remediation: "fix, now: ok",
		Location:    finding.Location{Path: "evil\r\n::error file=x::,name:%.txt", StartLine: 7}, Fingerprint: "evil"}
	r.Findings = append([]finding.Finding{evil}, r.Findings...)
	got := render(t, "github", r, Options{})
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
			t.Errorf("line is not one workflow command: %q", l)
		}
	}
	// The runner reads commands only at the start of a line; escaping CR
	// and LF keeps every value on its own command's line.
	if len(lines) != len(r.Findings) {
		t.Errorf("%d lines for %d findings: a value started a new line", len(lines), len(r.Findings))
	}
	want := "::error file=evil%0D%0A%3A%3Aerror file=x%3A%3A%2Cname%3A%25.txt,line=7,title=t%2Citle%3Ax [secrets/x · critical]::50%25 done%0D%0A::error::injected%0A::add-mask::x Fix: fix, now: ok"
	if lines[0] != want {
		t.Errorf("escaping:\n got %s\nwant %s", lines[0], want)
	}

	// 150 findings: 10 errors, 10 warnings, one notice with the rest.
	r = sample()
	r.Findings = nil
	for i := 0; i < 150; i++ {
		sev := finding.SeverityCritical
		if i%2 == 1 {
			sev = finding.SeverityLow
		}
		r.Findings = append(r.Findings, finding.Finding{RuleID: "secrets/x", Severity: sev, Title: "x", Message: "m",
			Location: finding.Location{Path: "f.txt", StartLine: i + 1}, Fingerprint: fmt.Sprint(i)})
	}
	got = render(t, "github", r, Options{})
	if n := strings.Count(got, "::error "); n != 10 {
		t.Errorf("%d errors", n)
	}
	if n := strings.Count(got, "::warning "); n != 10 {
		t.Errorf("%d warnings", n)
	}
	if !strings.Contains(got, "::notice title=launchready::130 more finding(s) are not shown") {
		t.Errorf("no overflow notice:\n%s", got[len(got)-300:])
	}
	// Most severe first: every error is critical (line numbers are odd+1).
	if strings.Contains(strings.SplitN(got, "::warning", 2)[0], "[secrets/x · low]") {
		t.Error("a low finding was shown before the critical ones")
	}
}

func TestFormatsListedInHelp(t *testing.T) {
	t.Parallel()
	for _, n := range Names() {
		if !strings.Contains(Help(), n) {
			t.Errorf("format %s missing from help", n)
		}
	}
	if _, err := Lookup("xml"); err == nil || !strings.Contains(err.Error(), "github, json, markdown, sarif, text") {
		t.Errorf("Lookup error = %v", err)
	}
}
