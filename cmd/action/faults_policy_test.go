package main

// Fault cases of the policy's trust (issue 11): who decides what the gate
// checks. Each runs the real entry point: run(...) or the action mode.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/annotate/ghreport/fakegithub"
	"github.com/launchready/launchready/internal/emailauth/dnstest"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// policyChangeWarning is the warning of a pull request that adds
// .launchready.yml to a base without one (the defaults apply);
// policyEditWarning of one that edits the base's.
const (
	policyChangeWarning = "this pull request changes .launchready.yml; launchready used the defaults, and the change takes effect once merged"
	policyEditWarning   = "this pull request changes .launchready.yml; launchready used the base branch's version, and the change takes effect once merged"
)

// waiveAllButSecrets waives the 10 rows other than secrets.
const waiveAllButSecrets = `waive:
  authentication: "x"
  authorization: "x"
  https: "x"
  cdn: "x"
  email: "x"
  cors: "x"
  input-validation: "x"
  logging: "x"
  deployment: "x"
  latency: "x"
`

// A pull request that adds a live token and a .launchready.yml switching
// the gate off (allow-paths **, ignore *, fail-on none) still fails: the
// policy comes from the base commit, and every report says the pull request
// changes it.
func TestFaultPRSwitchesOffGateWithOwnConfig(t *testing.T) {
	tok := tokenFor("policy-attack")
	for name, cfg := range map[string]string{
		"allow-paths": "secrets:\n  allow-paths: [\"**\"]\n" + waiveAllButSecrets,
		"ignore":      "ignore:\n  - rule: \"*\"\n    reason: \"x\"\n" + waiveAllButSecrets,
		"fail-on":     "fail-on: none\n" + waiveAllButSecrets,
	} {
		t.Run(name, func(t *testing.T) {
			s := newPR(t, map[string]string{"deploy/prod.env.sh": "export GH=" + tok + "\n", ".launchready.yml": cfg})
			s.run("pull_request", "false", map[string]string{"require-complete": "true"})
			if s.code != exitFindings {
				t.Fatalf("exit %d, want 1 (the base policy fails the token)\n%s", s.code, s.stdout)
			}
			if strings.Contains(s.stdout, "ready to launch") {
				t.Errorf("the PR's own config made it ready\n%s", s.stdout)
			}
			if len(s.fake.IssueCmts) != 1 {
				t.Fatalf("sticky comments: %d, want 1\n%s", len(s.fake.IssueCmts), s.stdout)
			}
			sticky := s.fake.IssueCmts[0].Body
			summary := s.file(filepath.Join(s.dir, "summary.md"))
			for where, text := range map[string]string{"sticky comment": sticky, "summary": summary, "log": s.stdout} {
				if !strings.Contains(text, policyChangeWarning) {
					t.Errorf("%s lacks the policy-change warning\n%s", where, text)
				}
			}
			if !strings.Contains(s.stdout, "::warning") || !strings.Contains(s.stdout, "changes .launchready.yml") {
				t.Errorf("no workflow warning for the policy change\n%s", s.stdout)
			}
			if strings.Contains(s.stdout, tok) || strings.Contains(sticky, tok) {
				t.Errorf("the token leaked")
			}
		})
	}
}

// A legitimate pull request that only edits an ignore: the base's policy is
// used (its finding still shows), and the warning says the change applies
// once merged.
func TestFaultPRChangingIgnoreUsesBasePolicy(t *testing.T) {
	tok := tokenFor("policy-legit")
	s := newPR(t, map[string]string{".launchready.yml": "fail-on: high\n"})
	// The base: a config without ignores; the PR then adds a token and
	// an ignore for it.
	s.base = s.head
	s.repo.Write("deploy/prod.env.sh", "export GH="+tok+"\n")
	s.repo.Write(".launchready.yml", "fail-on: high\nignore:\n  - path: deploy/prod.env.sh\n    reason: \"rotated\"\n")
	s.head = s.repo.Commit("ignore the token")
	if s.repo.Err != nil {
		t.Fatal(s.repo.Err)
	}
	s.fake.Files = s.prFiles()
	s.run("pull_request", "false", nil)
	if s.code != exitFindings {
		t.Fatalf("exit %d, want 1: the ignore is not in the base's policy yet\n%s", s.code, s.stdout)
	}
	if !strings.Contains(s.stdout, policyEditWarning) {
		t.Errorf("no policy-change warning\n%s", s.stdout)
	}
	if len(s.fake.IssueCmts) != 1 || !strings.Contains(s.fake.IssueCmts[0].Body, policyEditWarning) {
		t.Errorf("the sticky comment lacks the warning")
	}
}

// A pull request that does not touch the policy gets no warning, and the
// base's config (here: an ignore) applies; the summary counts what it
// suppressed.
func TestFaultPRWithoutConfigChangeNoWarning(t *testing.T) {
	tok := tokenFor("policy-nochange")
	s := newPR(t, map[string]string{".launchready.yml": "ignore:\n  - path: fixtures/**\n    reason: \"test data\"\n"})
	s.base = s.head
	s.repo.Write("fixtures/token.txt", "GH="+tok+"\n")
	s.head = s.repo.Commit("add a fixture")
	if s.repo.Err != nil {
		t.Fatal(s.repo.Err)
	}
	s.fake.Files = s.prFiles()
	s.run("pull_request", "false", nil)
	if strings.Contains(s.stdout, "this pull request changes") {
		t.Errorf("a warning without a policy change\n%s", s.stdout)
	}
	if s.code != exitOK {
		t.Errorf("exit %d, want 0: the base's ignore applies\n%s", s.code, s.stdout)
	}
	want := "1 finding(s) suppressed"
	if !strings.Contains(s.file(filepath.Join(s.dir, "summary.md")), want) {
		t.Errorf("the summary does not count the suppressed finding")
	}
}

// The CLI's --range reads the policy from the base too; a plain worktree run
// keeps reading the checked-out config.
func TestFaultRangePolicyFromBase(t *testing.T) {
	tok := tokenFor("policy-range")
	s := newPR(t, map[string]string{"deploy/prod.env.sh": "export GH=" + tok + "\n", ".launchready.yml": "secrets:\n  allow-paths: [\"**\"]\n"})
	var out, errb strings.Builder
	code := run(t.Context(), []string{"--repo", s.repo.Dir, "--range", s.base + ".." + s.head, "--check", "secrets"}, &out, &errb, os.Getenv)
	if code != exitFindings || !strings.Contains(out.String(), "the range changes .launchready.yml; launchready used the defaults") {
		t.Errorf("--range: exit %d, want 1 with the warning\n%s%s", code, out.String(), errb.String())
	}
	out.Reset()
	code = run(t.Context(), []string{"--repo", s.repo.Dir, "--worktree", "--check", "secrets"}, &out, &errb, os.Getenv)
	if code != exitOK || strings.Contains(out.String(), "this pull request changes") {
		t.Errorf("--worktree: exit %d, want 0: the checked-out config applies\n%s", code, out.String())
	}
}

// newPRBase is newPR with baseFiles also committed on the base branch: the
// policy a pull request is checked with.
func newPRBase(t *testing.T, baseFiles, files map[string]string) *scenario {
	t.Helper()
	s := &scenario{t: t, dir: t.TempDir()}
	r := fixture.Init(filepath.Join(s.dir, "workspace"))
	r.Write("README.md", "# api\n")
	r.Write("config/app.yml", "name: api\nregion: eu\n")
	for p, c := range baseFiles {
		r.Write(p, c)
	}
	s.base = r.Commit("init")
	r.Checkout("feature/deploy", true)
	for p, c := range files {
		r.Write(p, c)
	}
	s.head = r.Commit("add deploy config")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	s.repo = r
	s.fake = fakegithub.New(t, "acme", "api", 7)
	s.fake.Files = s.prFiles()
	return s
}

// The base's policy is read from the tree with git: a link committed there
// is refused, never followed (nothing outside is read).
func TestFaultBasePolicyLinkRefused(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.yml")
	if err := os.WriteFile(outside, []byte("fail-on: none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &scenario{t: t, dir: t.TempDir()}
	r := fixture.Init(filepath.Join(s.dir, "workspace"))
	r.Write("README.md", "# api\n")
	if err := os.Symlink(outside, filepath.Join(r.Dir, ".launchready.yml")); err != nil {
		t.Fatal(err)
	}
	r.Git("add", ".launchready.yml")
	s.base = r.Commit("init")
	r.Checkout("feature/x", true)
	r.Write("src/app.js", "x\n")
	s.head = r.Commit("change")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	s.repo, s.fake = r, fakegithub.New(t, "acme", "api", 7)
	s.fake.Files = s.prFiles()
	s.run("pull_request", "false", nil)
	if s.code != exitUsage || !strings.Contains(s.stdout, ".launchready.yml is a symbolic link in commit") {
		t.Errorf("exit %d, want 2 naming the link\n%s", s.code, s.stdout)
	}
}

// Config errors never print the repository's secrets: every value a config
// error quotes is shortened, and the message is run through the secret
// detector before it is printed.
func TestFaultConfigErrorsNeverQuoteSecrets(t *testing.T) {
	const aws = "AKIAIOSFODNN7EXAMPLQ"
	const gh = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
	val := aws + " " + gh
	cases := map[string]map[string]string{
		"email.domain":     {".launchready.yml": "email:\n  domain: \"" + val + "\"\n"},
		"fail-on":          {".launchready.yml": "fail-on: \"" + val + "\"\n"},
		"severity key":     {".launchready.yml": "severity:\n  \"" + val + "\": high\n"},
		"severity value":   {".launchready.yml": "severity:\n  secrets/x: \"" + val + "\"\n"},
		"time-budget":      {".launchready.yml": "probe:\n  time-budget: \"" + val + "\"\n"},
		"ignore until":     {".launchready.yml": "ignore:\n  - rule: x\n    reason: y\n    until: \"" + val + "\"\n"},
		"unknown key":      {".launchready.yml": "\"" + val + "\": 1\n"},
		"waive key":        {".launchready.yml": "waive:\n  \"" + val + "\": x\n"},
		"rule regex":       {".launchready.yml": "secrets:\n  rules:\n    - id: x\n      regex: \"(" + gh + "\"\n"},
		"gitleaks regex":   {".gitleaks.toml": "[[rules]]\nid = \"x\"\nregex = '''(" + gh + "'''\n"},
		"gitleaks toml":    {".gitleaks.toml": "title = " + gh + "\n"},
		"selectors":        {".launchready.yml": "email:\n  selectors: [\"" + val + "\"]\n"},
		"allow-paths glob": {".launchready.yml": "secrets:\n  allow-paths: [\"[" + gh + "\"]\n"},
	}
	leaked := func(out string) bool {
		return strings.Contains(out, aws) || strings.Contains(out, gh) || strings.Contains(out, gh[:12]) || strings.Contains(out, aws[:12])
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			r := repoWith(t, files)
			res := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets")
			if res.code != exitUsage {
				t.Errorf("exit %d, want 2\n%s%s", res.code, res.stdout, res.stderr)
			}
			if leaked(res.stdout + res.stderr) {
				t.Errorf("the error quotes the secret:\n%s", res.stderr)
			}
			t.Log(res.stderr)
			// The same in action mode, on a push (the checked-out config).
			s := newPRBase(t, nil, files)
			s.run("push", "false", nil)
			if s.code != exitUsage || leaked(s.stdout) {
				t.Errorf("action: exit %d, the log quotes the secret or no error:\n%s", s.code, s.stdout)
			}
		})
	}
}

// The second line: a usage error that quotes a value in full (here the
// user's own --domain) is run through the secret detector before it is
// printed, and what it finds is masked.
func TestFaultUsageErrorsMaskSecrets(t *testing.T) {
	gh := tokenFor("usage-error")
	r := repoWith(t, nil)
	res := runCLI(t, nil, "--repo", r.Dir, "--domain", gh)
	if res.code != exitUsage || !strings.Contains(res.stderr, "--domain") {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	if strings.Contains(res.stderr, gh) || strings.Contains(res.stderr, gh[8:]) {
		t.Errorf("the secret was printed:\n%s", res.stderr)
	}
}

// A .gitleaks.toml can turn the scan off: no rules (title only, no
// [extend] useDefault), or a global allowlist that matches everything. The
// secrets row is then not checked, with the reason, never a pass; the note
// says how many gitleaks rules ran and whose they were.
func TestFaultGitleaksConfigTurnsScanningOff(t *testing.T) {
	tok := tokenFor("gitleaks-off")
	cases := []struct{ name, toml, reason string }{
		{"no rules", "title = \"ours\"\n", "the repository's .gitleaks.toml defines no rules and does not extend gitleaks' defaults"},
		{"allowlist regexes", "[extend]\nuseDefault = true\n[allowlist]\nregexes = ['''.*''']\n", "the repository's .gitleaks.toml allowlists everything"},
		{"allowlist paths", "[extend]\nuseDefault = true\n[[allowlists]]\npaths = ['''.*''']\n", "the repository's .gitleaks.toml allowlists everything"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := repoWith(t, map[string]string{".gitleaks.toml": tc.toml, "app/settings.txt": "GH=" + tok + "\n"})
			res := runCLI(t, nil, "--repo", r.Dir, "--format", "json")
			row := decodeReport(t, res.stdout).row("secrets")
			if row.Status == "pass" || !strings.Contains(row.Reason, tc.reason) {
				t.Errorf("secrets row %+v, want not checked with %q", row, tc.reason)
			}
			if v := decodeReport(t, res.stdout).Verdict; v == "ready" {
				t.Errorf("verdict %q with the scan switched off", v)
			}
		})
	}
	// A .gitleaks.toml that extends the defaults: the note says so.
	r := repoWith(t, map[string]string{".gitleaks.toml": "[extend]\nuseDefault = true\n[allowlist]\npaths = ['''^docs/''']\n"})
	res := runCLI(t, nil, "--repo", r.Dir, "--format", "json")
	row := decodeReport(t, res.stdout).row("secrets")
	if row.Status != "pass" || !strings.Contains(row.Note, "gitleaks rules: the repository's .gitleaks.toml extended the defaults") {
		t.Errorf("secrets row %+v", row)
	}
	r = repoWith(t, nil)
	res = runCLI(t, nil, "--repo", r.Dir, "--format", "json")
	if row := decodeReport(t, res.stdout).row("secrets"); !strings.Contains(row.Note, "gitleaks rules (the defaults)") {
		t.Errorf("secrets row %+v", row)
	}
}

// The repository's email.resolver cannot decide the DNS answers: on a pull
// request in the action it is ignored with a warning (the dns-server input
// is used), and a private, link-local or loopback address is refused
// (loopback only with --allow-loopback).
func TestFaultRepositoryResolverNotTrusted(t *testing.T) {
	// Theirs answers that all is well; ours, the trusted input, that the
	// domain has no SPF, DMARC or DKIM.
	theirs, err := dnstest.Start("mail.test. 300 IN TXT \"v=spf1 -all\"\n_dmarc.mail.test. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@mail.test\"\nk1._domainkey.mail.test. 300 IN TXT \"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\"\nmail.test. 300 IN MX 10 mx.mail.test.\n")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(theirs.Close)
	ours, err := dnstest.Start("mail.test. 300 IN MX 10 mx.mail.test.\n")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ours.Close)
	cfg := "email:\n  domain: mail.test\n  selectors: [k1]\n  resolver: \"" + theirs.Addr + "\"\n"
	s := newPRBase(t, map[string]string{".launchready.yml": cfg}, map[string]string{"src/app.js": "x\n"})
	s.run("pull_request", "false", map[string]string{"dns-server": ours.Addr})
	if theirs.Total() != 0 {
		t.Errorf("the repository's resolver got %d queries on a pull request", theirs.Total())
	}
	if ours.Total() == 0 {
		t.Errorf("the dns-server input was not used")
	}
	if !strings.Contains(s.stdout, "email.resolver in .launchready.yml is ignored on pull requests") {
		t.Errorf("no warning\n%s", s.stdout)
	}
	if js := decodeReport(t, s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))); js.row("email").Status == "pass" {
		t.Errorf("the email row passed on the repository's DNS answers")
	}

	// The CLI: metadata and private addresses refused; loopback only with
	// --allow-loopback.
	for _, tc := range []struct {
		resolver string
		args     []string
		want     string
	}{
		{"169.254.169.254:53", nil, "is a link-local address"},
		{"10.0.0.2:53", nil, "is a private address"},
		{"dns.example:53", nil, "is not an IP address"},
		{theirs.Addr, nil, "is a loopback address (allowed only with --allow-loopback)"},
	} {
		r := repoWith(t, map[string]string{".launchready.yml": "email:\n  domain: mail.test\n  resolver: \"" + tc.resolver + "\"\n"})
		res := runCLI(t, nil, append([]string{"--repo", r.Dir, "--check", "email"}, tc.args...)...)
		if res.code != exitUsage || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("resolver %s: exit %d, want 2 with %q\n%s", tc.resolver, res.code, tc.want, res.stderr)
		}
	}
	before := theirs.Total()
	r := repoWith(t, map[string]string{".launchready.yml": cfg})
	if res := runCLI(t, nil, "--repo", r.Dir, "--check", "email", "--allow-loopback"); res.code == exitUsage || theirs.Total() == before {
		t.Errorf("--allow-loopback: exit %d, %d queries\n%s", res.code, theirs.Total()-before, res.stderr)
	}
}

// scan: full on a pull request still reads the policy from its base.
func TestFaultPRFullScanPolicyFromBase(t *testing.T) {
	tok := tokenFor("policy-full")
	s := newPR(t, map[string]string{"deploy/prod.env.sh": "export GH=" + tok + "\n", ".launchready.yml": "secrets:\n  allow-paths: [\"**\"]\n"})
	s.run("pull_request", "false", map[string]string{"scan": "full"})
	if s.code != exitFindings || !strings.Contains(s.stdout, policyChangeWarning) {
		t.Errorf("exit %d, want 1 with the warning\n%s", s.code, s.stdout)
	}
}

// The action's config input on a pull request: read at the base; a pull
// request that adds the file runs with the defaults until it is merged.
func TestFaultPRConfigInputFromBase(t *testing.T) {
	tok := tokenFor("policy-input")
	s := newPR(t, map[string]string{"deploy/prod.env.sh": "export GH=" + tok + "\n", "ci/launchready.yml": "fail-on: none\n"})
	s.run("pull_request", "false", map[string]string{"config": "ci/launchready.yml"})
	if s.code != exitFindings || !strings.Contains(s.stdout, "this pull request changes ci/launchready.yml") {
		t.Errorf("exit %d, want 1 with the warning\n%s", s.code, s.stdout)
	}
}
