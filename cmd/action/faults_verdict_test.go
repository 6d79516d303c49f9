package main

// Fault cases of the verdict and of the GitHub state launchready writes
// (issue 12, "The verdict" and "GitHub state that stays true"). Each runs
// the real entry point: run(...) as a CLI or in action mode.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/emailauth/dnstest"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// jsonReport is the part of the JSON report these cases read.
type jsonReport struct {
	Verdict    string
	Incomplete bool
	NotChecked int
	ToCheck    []struct {
		What string
		Rows []string
	}
	Scorecard []struct {
		ID, Status, Note, Partial, Waived, Reason string
		Sources                                   struct {
			Ran    []string
			NotRun []struct{ Check, Status, Reason string }
		}
	}
	Findings []struct {
		RuleID   string
		Location struct{ Path, Domain string }
	}
	Warnings []string
}

func decodeReport(t *testing.T, s string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, s)
	}
	return r
}

func (r jsonReport) row(id string) (out struct {
	ID, Status, Note, Partial, Waived, Reason string
	Sources                                   struct {
		Ran    []string
		NotRun []struct{ Check, Status, Reason string }
	}
}) {
	for _, x := range r.Scorecard {
		if x.ID == id {
			return x
		}
	}
	return out
}

const noURLReason = "no preview URL given: pass --url, or the action's preview-url input"

// A repository where only the secret scan can run is not "ready to
// launch": 10 of the 11 rows were not checked.
func TestFaultVerdictNotReadyWhenRowsNotChecked(t *testing.T) {
	t.Parallel()
	r := repoWith(t, map[string]string{"src/app.js": "console.log('hi')\n"})

	text := runCLI(t, nil, "--repo", r.Dir)
	if text.code != exitOK {
		t.Fatalf("exit %d, want 0 (nothing reaches fail-on)\n%s%s", text.code, text.stdout, text.stderr)
	}
	if strings.Contains(text.stdout, "launch readiness pass") || strings.Contains(text.stdout, "ready to launch") {
		t.Errorf("a run that checked one row says ready:\n%s", text.stdout)
	}
	for _, want := range []string{"launch readiness incomplete: not enough checked to call it ready: 10 of 11 rows not checked",
		"Not checked, and what would check them:", "API latency: " + noURLReason, "Email auth: no mail domain given"} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, text.stdout)
		}
	}

	md := runCLI(t, nil, "--repo", r.Dir, "--format", "markdown")
	for _, want := range []string{"## launchready: ⚪ **not enough checked to call it ready**: 10 of 11 rows not checked",
		"**Not checked, and what would check them:**", noURLReason, "no OpenAPI spec found"} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.stdout)
		}
	}
	if strings.Contains(md.stdout, "✅ **ready to launch**") {
		t.Error("markdown says ready to launch")
	}

	js := decodeReport(t, runCLI(t, nil, "--repo", r.Dir, "--format", "json").stdout)
	if js.Verdict != "incomplete" || js.NotChecked != 10 {
		t.Errorf("verdict %q, %d rows not checked; want incomplete, 10", js.Verdict, js.NotChecked)
	}
	var live []string
	for _, tc := range js.ToCheck {
		if tc.What == noURLReason {
			live = tc.Rows
		}
	}
	if !strings.Contains(strings.Join(live, ","), "https") || !strings.Contains(strings.Join(live, ","), "latency") {
		t.Errorf("toCheck does not say a preview URL would check https and latency: %+v", js.ToCheck)
	}
}

// waive: {row: reason} lets a row that cannot apply count as done, and
// every report says so; an unknown row is a config error at its line.
func TestFaultVerdictWaive(t *testing.T) {
	t.Parallel()
	all := []string{"authentication", "authorization", "https", "cdn", "email", "cors", "input-validation", "logging", "deployment", "latency"}
	var cfg strings.Builder
	cfg.WriteString("waive:\n")
	for _, id := range all {
		cfg.WriteString("  " + id + ": \"a static site with no API (" + id + ")\"\n")
	}
	r := repoWith(t, map[string]string{".launchready.yml": cfg.String()})
	js := decodeReport(t, runCLI(t, nil, "--repo", r.Dir, "--format", "json").stdout)
	if js.Verdict != "pass" || js.NotChecked != 0 {
		t.Errorf("verdict %q with every unchecked row waived, want pass", js.Verdict)
	}
	if e := js.row("email"); e.Status != "waived" || e.Waived != "a static site with no API (email)" {
		t.Errorf("email row %+v", e)
	}
	text := runCLI(t, nil, "--repo", r.Dir)
	for _, want := range []string{"launch readiness pass (1 row checked and passes; 10 waived", "Waived in the config:", "Email auth: a static site with no API (email)"} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, text.stdout)
		}
	}
	md := runCLI(t, nil, "--repo", r.Dir, "--format", "markdown")
	for _, want := range []string{"✅ **ready to launch**: 1 row checked and passes; 10 waived", "**Waived in the config:**", "- Email auth: a static site with no API (email)", "➖ waived"} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.stdout)
		}
	}

	// Only some rows waived: still incomplete.
	some := repoWith(t, map[string]string{".launchready.yml": "waive:\n  email: \"this app sends no mail\"\n"})
	if js := decodeReport(t, runCLI(t, nil, "--repo", some.Dir, "--format", "json").stdout); js.Verdict != "incomplete" || js.NotChecked != 9 {
		t.Errorf("verdict %q, %d not checked; want incomplete, 9", js.Verdict, js.NotChecked)
	}

	bad := repoWith(t, map[string]string{".launchready.yml": "fail-on: high\nwaive:\n  email: \"no mail\"\n  mail: \"typo\"\n"})
	res := runCLI(t, nil, "--repo", bad.Dir)
	if res.code != exitUsage || !strings.Contains(res.stderr, `.launchready.yml:4: waive: "mail" is not a scorecard row; valid rows: authentication,`) {
		t.Errorf("exit %d\n%s", res.code, res.stderr)
	}
}

// --require-complete and the require-complete input turn an incomplete
// verdict into exit 3; without them the documented exit codes hold.
func TestFaultRequireComplete(t *testing.T) {
	t.Parallel()
	r := repoWith(t, nil)
	if res := runCLI(t, nil, "--repo", r.Dir, "--require-complete"); res.code != exitNotRun {
		t.Errorf("--require-complete on an incomplete run: exit %d, want 3\n%s", res.code, res.stderr)
	}
	if res := runCLI(t, nil, "--repo", r.Dir); res.code != exitOK {
		t.Errorf("exit %d without --require-complete, want 0", res.code)
	}
	s := newPR(t, map[string]string{"docs/a.md": "# a\n"})
	s.run("pull_request", "false", map[string]string{"require-complete": "true"})
	if s.code != exitNotRun {
		t.Errorf("require-complete input: exit %d, want 3\n%s", s.code, s.stdout)
	}
	if !strings.Contains(s.outputs(), "\nincomplete\n") {
		t.Errorf("status output is not incomplete:\n%s", s.outputs())
	}
	s.run("pull_request", "false", nil)
	if s.code != exitOK {
		t.Errorf("exit %d without require-complete, want 0", s.code)
	}
	s.run("pull_request", "false", map[string]string{"require-complete": "yes"})
	if s.code != exitUsage || !strings.Contains(s.stdout, `input require-complete must be true or false, got "yes"`) {
		t.Errorf("exit %d\n%s", s.code, s.stdout)
	}
}

// A row that passed on some of its sources says which, in its status, and
// the JSON lists the sources that ran and those that did not.
func TestFaultPartialPassSaysSo(t *testing.T) {
	t.Parallel()
	r := repoWith(t, nil)
	text := runCLI(t, nil, "--repo", r.Dir)
	if !strings.Contains(text.stdout, "Secrets handling           pass (code only; no preview URL given)") {
		t.Errorf("the secrets row does not say only the code was checked:\n%s", text.stdout)
	}
	md := runCLI(t, nil, "--repo", r.Dir, "--format", "markdown")
	if !strings.Contains(md.stdout, "| Secrets handling | ✅ pass (code only; no preview URL given) |") {
		t.Errorf("markdown status lacks the partial note:\n%s", md.stdout)
	}
	js := decodeReport(t, runCLI(t, nil, "--repo", r.Dir, "--format", "json").stdout)
	sec := js.row("secrets")
	if sec.Status != "pass" || sec.Partial != "code only; no preview URL given" {
		t.Errorf("secrets row %+v", sec)
	}
	if strings.Join(sec.Sources.Ran, ",") != "secrets" || len(sec.Sources.NotRun) != 1 ||
		sec.Sources.NotRun[0].Check != "probe-client" || sec.Sources.NotRun[0].Status != "not-checked" || sec.Sources.NotRun[0].Reason != noURLReason {
		t.Errorf("secrets sources %+v", sec.Sources)
	}
}

// The score output is empty, not 0, when no row was checked.
func TestFaultScoreEmptyWhenNothingChecked(t *testing.T) {
	t.Parallel()
	s := newPR(t, nil)
	shallow := filepath.Join(s.dir, "shallow")
	s.repo.Git("clone", "-q", "--depth=1", "--branch", "feature/deploy", "file://"+s.repo.Dir, shallow)
	s.repo.Dir = shallow
	s.run("pull_request", "false", nil)
	outs := parseOutputs(s.outputs())
	if score, ok := outs["score"]; !ok || score != "" {
		t.Errorf("score output %q (set %v) with no row checked, want empty\n%s", score, ok, s.outputs())
	}
	if outs["status"] != "incomplete" {
		t.Errorf("status %q", outs["status"])
	}
}

// parseOutputs reads GITHUB_OUTPUT's NAME<<DELIM ... DELIM entries.
func parseOutputs(s string) map[string]string {
	out := map[string]string{}
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			continue
		}
		var val []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			val = append(val, lines[i])
		}
		out[name] = strings.Join(val, "\n")
	}
	return out
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID         string
					Properties map[string]any
				}
			}
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			}
		}
		Results []struct {
			RuleID    string
			RuleIndex int
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
					Region           struct{ StartLine int }
				}
			}
			Properties map[string]any
		}
		Properties map[string]any
	}
}

func decodeSARIF(t *testing.T, s string) sarifDoc {
	t.Helper()
	var d sarifDoc
	if err := json.Unmarshal([]byte(s), &d); err != nil || len(d.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, s)
	}
	return d
}

// A push that touches only docs must not upload a SARIF file without the
// secret still in HEAD's files: code scanning would close its alert.
func TestFaultSARIFOnPushDescribesTheRef(t *testing.T) {
	t.Parallel()
	secret := tokenFor("still-in-head")
	s := newPR(t, map[string]string{"config/app.yml": "name: api\nregion: eu\nci_token: " + secret + "\n"})
	// The push: one commit that only edits the docs.
	s.base = s.head
	s.repo.Write("docs/usage.md", "# usage\n")
	s.head = s.repo.Commit("docs only")
	s.run("push", "false", nil)
	if s.code != exitOK {
		t.Errorf("exit %d: the push added no finding\n%s", s.code, s.stdout)
	}
	d := decodeSARIF(t, s.file(filepath.Join(s.repo.Dir, "launchready.sarif")))
	found := false
	for _, r := range d.Runs[0].Results {
		if r.RuleID == "secrets/github-pat" && r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "config/app.yml" && r.Locations[0].PhysicalLocation.Region.StartLine == 3 {
			found = true
		}
	}
	if !found {
		t.Errorf("the SARIF of a docs-only push lacks the secret still in config/app.yml:3: %+v", d.Runs[0].Results)
	}
	if inv := d.Runs[0].Invocations; len(inv) != 1 || !inv[0].ExecutionSuccessful {
		t.Errorf("invocations %+v", inv)
	}
	if !strings.Contains(s.stdout, "the SARIF file also holds 1 finding(s) in the checked-out files that the scanned commits did not add") {
		t.Errorf("no notice about the HEAD findings:\n%s", s.stdout)
	}
	s.noLeaks(secret)

	// The same for a pull request that adds only docs: its SARIF (for the
	// pull request's ref) still holds the secret in the checked-out files.
	s.fake.Files = s.prFiles()
	s.run("pull_request", "false", nil)
	if d := decodeSARIF(t, s.file(filepath.Join(s.repo.Dir, "launchready.sarif"))); len(d.Runs[0].Results) != 1 || d.Runs[0].Results[0].RuleID != "secrets/github-pat" {
		t.Errorf("pull request SARIF results %+v", d.Runs[0].Results)
	}
	var bodies []string
	for _, c := range s.fake.IssueCmts {
		bodies = append(bodies, c.Body)
	}
	if strings.Contains(strings.Join(bodies, "\n"), "github-pat") {
		t.Error("the pre-existing secret reached the pull request's comment; only the SARIF file describes the ref")
	}

	// A check that could not run makes the invocation unsuccessful, with
	// a notification naming it.
	s.run("push", "false", map[string]string{"preview-url": "http://10.0.0.5:8080"})
	d = decodeSARIF(t, s.file(filepath.Join(s.repo.Dir, "launchready.sarif")))
	inv := d.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) == 0 ||
		inv[0].ToolExecutionNotifications[0].Level != "error" || !strings.Contains(inv[0].ToolExecutionNotifications[0].Message.Text, "could not run") ||
		!strings.Contains(inv[0].ToolExecutionNotifications[0].Message.Text, "probe-") {
		t.Errorf("invocations %+v", inv)
	}
	// And the documented upload step (if: steps.launchready.outputs.sarif-file
	// != '') skips it: an upload without the probes' results would close
	// their alerts.
	if outs := parseOutputs(s.outputs()); outs["sarif-file"] != "" || !strings.Contains(s.stdout, "::warning::launchready: the sarif-file output is empty: probe-") {
		t.Errorf("sarif-file output %q after a check could not run\n%s", outs["sarif-file"], s.stdout)
	}
}

// DNS (and live) findings without a spec operation have no file: they are
// not anchored at a .launchready.yml that does not exist.
func TestFaultSARIFNoMadeUpLocations(t *testing.T) {
	t.Parallel()
	zone, err := os.ReadFile(filepath.Join("..", "..", "testdata", "email", "tp", "weak.zone"))
	if err != nil {
		t.Fatal(err)
	}
	dns, err := dnstest.Start(string(zone))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dns.Close)
	r := repoWith(t, nil)
	res := runCLI(t, nil, "--repo", r.Dir, "--domain", "weak.test", "--dns-server", dns.Addr, "--format", "sarif")
	if res.code != exitFindings {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	d := decodeSARIF(t, res.stdout)
	for _, x := range d.Runs[0].Results {
		uri := x.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if _, err := os.Stat(filepath.Join(r.Dir, uri)); err != nil {
			t.Errorf("result %s anchored at %s, which does not exist", x.RuleID, uri)
		}
	}
	if note, _ := d.Runs[0].Properties["withoutFile"].(string); !strings.Contains(note, "have no file in the repository and are not in SARIF") {
		t.Errorf("SARIF does not say DNS findings were left out: %v", d.Runs[0].Properties)
	}
	js := decodeReport(t, runCLI(t, nil, "--repo", r.Dir, "--domain", "weak.test", "--dns-server", dns.Addr, "--format", "json").stdout)
	dnsFindings := 0
	for _, f := range js.Findings {
		if f.Location.Domain != "" {
			dnsFindings++
		}
	}
	if dnsFindings == 0 {
		t.Error("the JSON report lost the DNS findings")
	}
}

// A rule with results of several severities: each result's rule carries
// the security-severity of that result, so a low one never shows as High.
func TestFaultSARIFSecuritySeverityPerResult(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "--demo", "--format", "sarif")
	d := decodeSARIF(t, res.stdout)
	run := d.Runs[0]
	score := map[string]string{"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
	sevs := map[string]map[string]bool{}
	for _, x := range run.Results {
		sev, _ := x.Properties["severity"].(string)
		rule := run.Tool.Driver.Rules[x.RuleIndex]
		if rule.ID != x.RuleID {
			t.Fatalf("result %s points at rule %s", x.RuleID, rule.ID)
		}
		if got := rule.Properties["security-severity"]; got != score[sev] {
			t.Errorf("a %s result of %s has a rule with security-severity %v, want %s", sev, x.RuleID, got, score[sev])
		}
		if got := x.Properties["security-severity"]; got != score[sev] {
			t.Errorf("a %s result of %s has security-severity %v", sev, x.RuleID, got)
		}
		base := x.RuleID
		for _, suffix := range []string{"/critical", "/high", "/medium", "/low", "/info"} {
			base = strings.TrimSuffix(base, suffix)
		}
		if sevs[base] == nil {
			sevs[base] = map[string]bool{}
		}
		sevs[base][sev] = true
	}
	if len(sevs["openapi/unbounded-input"]) < 2 {
		t.Errorf("the demo's openapi/unbounded-input results should span severities: %v", sevs["openapi/unbounded-input"])
	}
}

// Stale ignores: a range or --check run does not tell users to remove an
// ignore that matches a finding elsewhere in the history.
func TestFaultStaleIgnoresOnlyInFullRuns(t *testing.T) {
	t.Parallel()
	tok := fixture.FakeToken("ghp_", "stale-ignore", 36)
	r := repoWith(t, map[string]string{"app.yml": "token: " + tok + "\n"})
	fp := findingFingerprint(t, r.Dir, "secrets/github-pat")
	if fp == "" {
		t.Fatal("no finding to ignore")
	}
	r.Write(".launchready.yml", "ignore:\n  - rule: secrets/github-pat\n    fingerprint: "+fp+"\n    reason: revoked on 2026-11-02\n  - rule: secrets/aws-access-token\n    fingerprint: 0000\n    reason: long gone\n")
	r.Write("README.md", "# app, v2\n")
	r.Commit("config and docs")
	for _, args := range [][]string{{"--range", "HEAD~1..HEAD"}, {"--check", "secrets"}, {"--worktree"}} {
		res := runCLI(t, nil, append([]string{"--repo", r.Dir, "--format", "json"}, args...)...)
		var w []string
		for _, x := range decodeReport(t, res.stdout).Warnings {
			// The range changes .launchready.yml, and says so.
			if !strings.Contains(x, "changes .launchready.yml") {
				w = append(w, x)
			}
		}
		if len(w) != 0 {
			t.Errorf("%v: warnings %q; a partial run cannot call an ignore stale", args, w)
		}
	}
	// The full history of every check: the valid ignore matched, the
	// other one is stale.
	w := decodeReport(t, runCLI(t, nil, "--repo", r.Dir, "--format", "json").stdout).Warnings
	if len(w) != 1 || !strings.Contains(w[0], ".launchready.yml:5: ignore matched no finding; remove it") {
		t.Errorf("full run warnings %q, want the stale ignore at line 5 only", w)
	}
}

// findingFingerprint is the fingerprint of a rule's first finding.
func findingFingerprint(t *testing.T, dir, rule string) string {
	t.Helper()
	var doc struct {
		Findings []struct{ RuleID, Fingerprint string }
	}
	if err := json.Unmarshal([]byte(runCLI(t, nil, "--repo", dir, "--format", "json").stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		if f.RuleID == rule {
			return f.Fingerprint
		}
	}
	return ""
}

// Token failures are told apart: a fork's read-only token is expected (a
// notice), a same-repository 403 is a missing permission (a warning), 401
// is a bad github-token and 404 a wrong API URL or repository (errors).
// The exit code never changes because of reporting.
func TestFaultTokenFailuresClassified(t *testing.T) {
	t.Parallel()
	secret := tokenFor("token-failures")
	files := map[string]string{"config/app.yml": "name: api\nregion: eu\nci_token: " + secret + "\n"}
	const forkNotice = "::notice::launchready: no pull-request comments: the token cannot write to this pull request (403 Resource not accessible by integration). On pull requests from forks"
	cases := []struct {
		name, fork string
		setup      func(s *scenario)
		want       string
		notWant    []string
	}{
		{"fork 403", "true", func(s *scenario) { s.fake.ReadOnly = true }, forkNotice, nil},
		{"same repo 403", "false", func(s *scenario) { s.fake.ReadOnly = true },
			"::warning::launchready: no pull-request comments: the token may not write to pull request #7 of acme/api (403 Resource not accessible by integration). Grant the workflow or job the pull-requests: write permission",
			[]string{"On pull requests from forks"}},
		{"401", "false", func(s *scenario) { s.fake.Token = tokenFor("the-real-token") },
			"::error::launchready: no pull-request comments: GitHub rejected the github-token input (401 Bad credentials)",
			[]string{"On pull requests from forks"}},
		{"404", "false", func(s *scenario) { s.fake.Owner = "someone-else" },
			"(GITHUB_API_URL) answered 404 Not Found for repository acme/api, pull request #7",
			[]string{"On pull requests from forks"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newPR(t, files)
			tc.setup(s)
			s.run("pull_request", tc.fork, nil)
			if s.code != exitFindings {
				t.Errorf("exit %d, want 1: reporting never changes the exit code", s.code)
			}
			if !strings.Contains(s.stdout, tc.want) {
				t.Errorf("log lacks %q:\n%s", tc.want, s.stdout)
			}
			for _, nw := range tc.notWant {
				if strings.Contains(s.stdout, nw) {
					t.Errorf("log has %q:\n%s", nw, s.stdout)
				}
			}
			if tc.name == "404" && !strings.Contains(s.stdout, "::error::launchready: no pull-request comments: the GitHub API at "+s.fake.APIURL()) {
				t.Errorf("the 404 error does not name the API URL:\n%s", s.stdout)
			}
			if !strings.Contains(s.stdout, "::error file=config/app.yml,line=3,") {
				t.Error("the annotations (the fallback) lack the finding")
			}
			s.noLeaks(secret)
		})
	}
}
