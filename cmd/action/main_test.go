package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/launchready/launchready/internal/demo"
	"github.com/launchready/launchready/internal/emailauth/dnstest"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb, func(k string) string { return env[k] })
	return result{code, out.String(), errb.String()}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	testutil.Golden(t, filepath.Join("testdata", name), got, *update)
}

// repoWith builds a small repository for CLI cases.
func repoWith(t *testing.T, files map[string]string) *fixture.Repo {
	t.Helper()
	r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
	r.Write("README.md", "# app\n")
	r.Commit("init")
	for p, c := range files {
		r.Write(p, c)
	}
	if len(files) > 0 {
		r.Commit("change")
	}
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

func TestDemoText(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "--demo")
	if res.code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr:\n%s", res.code, res.stderr)
	}
	golden(t, "demo.txt", stableDemo(res.stdout))
}

// stableDemo hides what changes between demo runs: the preview's port and
// its timings.
func stableDemo(s string) string {
	s = regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(s, "127.0.0.1:{port}")
	return regexp.MustCompile(`\d+(\.\d+)? ?(ms|µs|s)\b`).ReplaceAllString(s, "{duration}")
}

func TestDemoJSONContract(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "--demo", "--format", "json")
	if res.code != exitFindings {
		t.Fatalf("exit %d; stderr:\n%s", res.code, res.stderr)
	}
	var doc struct {
		Tool      struct{ Name, Version string }
		Verdict   string
		Scorecard []struct {
			ID, Title, Status, Reason string
			Findings                  int
		}
		Findings []struct {
			RuleID, Row, Severity, Title, Message, Remediation, Fingerprint, GitleaksFingerprint, Evidence string
			Location                                                                                       struct {
				Path      string
				StartLine int
				EndLine   int
				Commit    string
				URL       string
				Method    string
			}
		}
		Errors []struct{ Check, Message string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range doc.Scorecard {
		ids = append(ids, r.ID)
		checked := map[string]bool{"authentication": true, "authorization": true, "secrets": true, "https": true, "cdn": true, "email": true,
			"input-validation": true, "cors": true, "logging": true, "latency": true, "deployment": true}
		if !checked[r.ID] && (r.Status != "not-checked" || r.Reason == "") {
			t.Errorf("row %s: status %q reason %q, want not-checked with a reason", r.ID, r.Status, r.Reason)
		}
	}
	want := []string{"authentication", "authorization", "secrets", "https", "cdn", "email", "cors", "input-validation", "logging", "deployment", "latency"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("row ids (-want +got):\n%s", diff)
	}
	if doc.Tool.Name != "launchready" || doc.Verdict != "fail" || doc.Errors == nil {
		t.Errorf("header: %+v verdict %q errors %v", doc.Tool, doc.Verdict, doc.Errors)
	}
	got := map[string]string{}
	for _, f := range doc.Findings {
		if strings.HasPrefix(f.RuleID, "live/") {
			if !strings.HasPrefix(f.Location.URL, "https://127.0.0.1:") || f.Location.Method == "" {
				t.Errorf("live finding without its URL and method: %+v", f)
			}
			got[f.RuleID] = f.Severity
			continue
		}
		if strings.HasPrefix(f.RuleID, "openapi/") {
			if f.Location.Path != "api/openapi.yaml" || f.Location.StartLine == 0 {
				t.Errorf("spec finding without its spec line: %+v", f)
			}
			got["openapi"] = "checked"
			continue
		}
		got[f.RuleID+" "+f.Location.Path] = f.Severity
		if strings.HasPrefix(f.RuleID, "secrets/") && (f.Fingerprint == "" || f.GitleaksFingerprint == "" || len(f.Location.Commit) != 40 || f.Location.StartLine == 0) {
			t.Errorf("incomplete finding: %+v", f)
		}
	}
	wantF := map[string]string{
		"secrets/github-pat config/deploy.yml":       "critical",
		"secrets/sendgrid-api-token config/mail.yml": "critical",
		"secrets/password-assignment .env":           "high",
		"secrets/url-credentials scripts/backup.sh":  "high",
		"secrets/dotenv-file .env":                   "medium",
		"email/spf-softfail-all ":                    "medium",
		"email/dmarc-policy-none ":                   "high",
		"email/dkim-key-short ":                      "medium",
		"openapi":                                    "checked",
		// The demo preview, probed on loopback.
		"live/unauthenticated-access":                 "critical",
		"live/member-reaches-admin":                   "critical",
		"live/bola":                                   "critical",
		"live/cors-reflected-origin-with-credentials": "critical",
		"live/cors-null-origin":                       "critical",
		"live/secret-in-client":                       "critical",
		"live/cookie-not-secure":                      "high",
		"live/cookie-not-httponly":                    "medium",
		"live/cookie-no-samesite":                     "medium",
		"live/no-rate-limit":                          "high",
		"live/server-error-on-bad-input":              "high",
		"live/stack-trace-exposed":                    "high",
		"live/hsts-missing":                           "medium",
		"live/security-headers":                       "medium",
		"live/version-leak":                           "low",
		"live/no-cdn":                                 "medium",
		// The code as it is wired.
		"code/cors-any-origin-with-credentials src/server.js": "critical",
		"code/session-cookie-insecure src/server.js":          "high",
		"code/auth-route-without-rate-limit src/server.js":    "high",
		"code/debug-mode ops/dashboard/settings.py":           "high",
		"code/no-error-tracking package.json":                 "low",
		"code/no-rate-limit-library package.json":             "medium",
		// How it ships.
		"deploy/unprotected-deploy-job .github/workflows/deploy.yml":             "medium",
		"deploy/no-rollback-path .github/workflows/deploy.yml":                   "medium",
		"deploy/unpinned-base-image Dockerfile":                                  "medium",
		"deploy/no-healthcheck Dockerfile":                                       "low",
		"deploy/irreversible-migration db/migrations/000003_member_roles.up.sql": "medium",
	}
	if diff := cmp.Diff(wantF, got); diff != "" {
		t.Errorf("demo findings (-want +got):\n%s", diff)
	}
}

func TestNoSecretLeaksThroughAnyOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := demo.NewSecrets()
	literals := []string{s.DeletedToken, s.MergeKey, s.DBPassword, s.Session, s.BackupPass, s.ClientKey}
	var outputs []string
	for _, format := range []string{"text", "json"} {
		file := filepath.Join(dir, "report."+format)
		res := runCLI(t, nil, "--demo", "--format", format, "--output", file)
		if res.code != exitFindings {
			t.Fatalf("%s: exit %d: %s", format, res.code, res.stderr)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, res.stdout, res.stderr, string(data))
		if res.stdout != "" {
			t.Errorf("%s: --output must leave stdout empty, got %q", format, res.stdout)
		}
	}
	res := runCLI(t, nil, "--demo")
	outputs = append(outputs, res.stdout, res.stderr)
	for _, out := range outputs {
		for _, lit := range literals {
			if strings.Contains(out, lit) {
				t.Fatalf("output contains the planted secret %q", lit[:4]+"...")
			}
			// No 8-character window of a secret either.
			for i := 0; i+8 <= len(lit); i++ {
				if strings.Contains(out, lit[i:i+8]) {
					t.Fatalf("output contains part of a planted secret (%q...)", lit[:4])
				}
			}
		}
	}
}

func TestExitCodesAndMessages(t *testing.T) {
	t.Parallel()
	tok := fixture.FakeToken("ghp_", "cli", 36)
	clean := repoWith(t, nil)
	leaky := repoWith(t, map[string]string{"app.yml": "token: " + tok + "\n"})
	badCfg := repoWith(t, map[string]string{".launchready.yml": "fail-on: high\nignores: []\n"})
	lowCfg := repoWith(t, map[string]string{".launchready.yml": "fail-on: critical\nseverity:\n  secrets/github-pat: high\n", "app.yml": "token: " + tok + "\n"})
	shallow := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth=1", "file://"+leaky.Dir, shallow).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v %s", err, out)
	}
	notRepo := t.TempDir()
	zone, err := os.ReadFile(filepath.Join("..", "..", "testdata", "email", "tp", "weak.zone"))
	if err != nil {
		t.Fatal(err)
	}
	dns, err := dnstest.Start(string(zone) + "\n; servfail gone.test.\n")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dns.Close)
	dnsAddr := dns.Addr

	cases := []struct {
		name       string
		args       []string
		code       int
		wantOut    []string
		wantErr    []string
		notWantOut []string
	}{
		{"clean history alone is not ready", []string{"--repo", clean.Dir}, exitOK,
			[]string{"launch readiness incomplete: not enough checked to call it ready: 10 of 11 rows not checked", "Secrets handling           pass (code only; no preview URL given)", "scanned 1 commits with changes"}, nil, []string{"launch readiness pass"}},
		{"leak fails", []string{"--repo", leaky.Dir}, exitFindings,
			[]string{"launch readiness FAIL", "critical  app.yml:1 @ ", "secrets/github-pat"}, nil, []string{tok}},
		{"fail-on none", []string{"--repo", leaky.Dir, "--fail-on", "none"}, exitOK,
			[]string{"launch readiness incomplete", "[fail-on: none]"}, nil, nil},
		{"config fail-on and severity override", []string{"--repo", lowCfg.Dir}, exitOK,
			[]string{"launch readiness incomplete", "high      app.yml:1"}, nil, nil},
		{"flag beats config", []string{"--repo", lowCfg.Dir, "--fail-on", "high"}, exitFindings, nil, nil, nil},
		{"worktree", []string{"--repo", leaky.Dir, "--worktree"}, exitFindings,
			[]string{"worktree scan", "critical  app.yml:1  secrets/github-pat"}, nil, nil},
		{"range", []string{"--repo", leaky.Dir, "--range", "HEAD~1..HEAD"}, exitFindings,
			[]string{"range scan of HEAD~1..HEAD"}, nil, nil},
		{"shallow clone is not checked", []string{"--repo", shallow}, exitNotRun,
			[]string{"launch readiness incomplete: not enough checked to call it ready: 11 of 11 rows not checked; some checks could not run", "Secrets handling           not checked",
				"could not run: the repository is a shallow clone", "fetch-depth: 0"}, nil, []string{"launch readiness pass"}},
		{"bad range", []string{"--repo", leaky.Dir, "--range", "main..nope"}, exitNotRun,
			[]string{`revision "nope" is not a commit in this repository`}, nil, nil},
		{"bad config", []string{"--repo", badCfg.Dir}, exitUsage, nil,
			[]string{`.launchready.yml:2: unknown key "ignores" in the top level; valid keys: email, fail-on, ignore, openapi, precommit, probe, secrets, severity, version, waive (did you mean "ignore"?)`}, nil},
		{"missing config file", []string{"--repo", clean.Dir, "--config", filepath.Join(notRepo, "x.yml")}, exitUsage, nil,
			[]string{"cannot read"}, nil},
		{"not a repository", []string{"--repo", notRepo}, exitUsage, nil,
			[]string{"is not inside a git repository; pass --repo with the path of a git checkout"}, nil},
		{"unknown format", []string{"--format", "xml"}, exitUsage, nil,
			[]string{`--format: unknown format "xml"; valid formats: github, json, markdown, sarif, text`}, nil},
		{"two modes", []string{"--history", "--worktree"}, exitUsage, nil,
			[]string{"choose one of --history, --range and --worktree"}, nil},
		{"bad range syntax", []string{"--repo", clean.Dir, "--range", "main"}, exitUsage, nil,
			[]string{`--range: range "main" is not of the form BASE..HEAD`}, nil},
		{"bad fail-on", []string{"--repo", clean.Dir, "--fail-on", "severe"}, exitUsage, nil,
			[]string{`--fail-on: unknown severity "severe"`}, nil},
		{"unknown flag", []string{"--nope"}, exitUsage, nil, []string{"flag provided but not defined: -nope"}, nil},
		{"stray argument", []string{"somewhere"}, exitUsage, nil, []string{`unexpected argument "somewhere"`}, nil},
		{"version", []string{"--version"}, exitOK, []string{"launchready devel"}, nil, nil},
		{"only one check", []string{"--repo", leaky.Dir, "--check", "email"}, exitOK,
			[]string{"Secrets handling           not checked", "Email auth                 not checked"}, nil, []string{"github-pat"}},
		{"unknown check", []string{"--check", "nope"}, exitUsage, nil, []string{`--check: unknown check "nope"; valid checks: secrets, wiring, deploy, openapi, email`}, nil},
		{"email domain", []string{"--repo", clean.Dir, "--domain", "weak.test", "--dns-server", dnsAddr}, exitFindings,
			[]string{"Email auth                 FAIL", "email/spf-multiple", "email/dmarc-policy-none"}, nil, nil},
		{"email domain unavailable", []string{"--repo", clean.Dir, "--domain", "gone.test", "--dns-server", dnsAddr}, exitNotRun,
			[]string{"Email auth                 not checked", "SERVFAIL"}, nil, nil},
		{"bad dns server", []string{"--repo", clean.Dir, "--domain", "x.test", "--dns-server", "nope"}, exitUsage, nil,
			[]string{`--dns-server "nope" is not host:port`}, nil},
		{"help", []string{"--help"}, exitOK, nil, []string{"Usage: launchready", "--demo", "Exit codes: 0 ok, 1 findings"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := runCLI(t, nil, tc.args...)
			if res.code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tc.code, res.stdout, res.stderr)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(res.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, res.stdout)
				}
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(res.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, res.stderr)
				}
			}
			for _, w := range tc.notWantOut {
				if strings.Contains(res.stdout+res.stderr, w) {
					t.Errorf("output contains %q", w)
				}
			}
		})
	}
}

func TestColourOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "--demo")
	if strings.Contains(res.stdout, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
	if res := runCLI(t, map[string]string{"NO_COLOR": "1"}, "--demo", "--color", "always"); !strings.Contains(res.stdout, "\x1b[") {
		t.Error("--color always wrote no colour")
	}
	if res := runCLI(t, nil, "--demo", "--color", "sometimes"); res.code != exitUsage || !strings.Contains(res.stderr, "--color") {
		t.Errorf("--color sometimes: exit %d, %q", res.code, res.stderr)
	}
	// The verdict line is the first line and the last.
	lines := strings.Split(strings.TrimRight(res.stdout, "\n"), "\n")
	if lines[0] != lines[len(lines)-1] || !strings.Contains(lines[0], "launch readiness") {
		t.Errorf("verdict not repeated at the end: first %q, last %q", lines[0], lines[len(lines)-1])
	}
}

func TestWantColor(t *testing.T) {
	t.Parallel()
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		when     string
		terminal bool
		env      func(string) string
		want     bool
	}{
		{"auto", true, env(), true},
		{"auto", false, env(), false},
		{"auto", true, env("NO_COLOR", "1"), false},
		{"auto", true, env("TERM", "dumb"), false},
		{"always", false, env("NO_COLOR", "1", "TERM", "dumb"), true},
		{"never", true, env(), false},
	} {
		if got := wantColor(tc.when, tc.terminal, tc.env); got != tc.want {
			t.Errorf("wantColor(%s, terminal %v) = %v", tc.when, tc.terminal, got)
		}
	}
}
