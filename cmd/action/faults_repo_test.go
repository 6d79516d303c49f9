package main

// Fault matrix, repository trust: what a pull request can plant in the
// repository (links, FIFOs, git config, config files) must not make
// launchready act outside it. Each case attacks through run(...) or the
// action mode.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// TestFaultReportThroughCommittedSymlink: a PR commits the report and the
// SARIF file as links to files outside the workspace. The action must not
// write through them, and must say why.
func TestFaultReportThroughCommittedSymlink(t *testing.T) {
	t.Parallel()
	s := newPR(t, nil)
	outside := t.TempDir()
	victims := map[string]string{}
	for _, name := range []string{"launchready.sarif", "launchready-report.json"} {
		v := filepath.Join(outside, name+".victim")
		if err := os.WriteFile(v, []byte("precious\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(v, filepath.Join(s.repo.Dir, name)); err != nil {
			t.Fatal(err)
		}
		victims[name] = v
	}
	// A link to a folder outside, as the parent of the SARIF file.
	if err := os.Symlink(outside, filepath.Join(s.repo.Dir, "reports")); err != nil {
		t.Fatal(err)
	}
	s.repo.Git("add", "launchready.sarif", "launchready-report.json", "reports")
	s.head = s.repo.Commit("plant links")

	s.run("pull_request", "false", nil)
	if s.code != exitOK {
		t.Errorf("exit %d, want 0 (a report not written is a warning)\n%s", s.code, s.stdout)
	}
	for name, v := range victims {
		if b, _ := os.ReadFile(v); string(b) != "precious\n" {
			t.Errorf("%s was written through its link: the outside file now holds %.40q", name, b)
		}
		if !strings.Contains(s.stdout, "::warning::launchready: report not written: "+name+" is a symbolic link") {
			t.Errorf("the run does not say why %s was not written:\n%s", name, s.stdout)
		}
	}
	if strings.Contains(s.outputs(), "launchready.sarif") {
		t.Errorf("the sarif output names a file that was not written:\n%s", s.outputs())
	}

	s.run("pull_request", "false", map[string]string{"sarif-file": "reports/out.sarif"})
	if _, err := os.Stat(filepath.Join(outside, "out.sarif")); err == nil {
		t.Error("the SARIF file was written through a linked folder outside the workspace")
	}
	if !strings.Contains(s.stdout, "report not written: reports is a symbolic link that leads out of") {
		t.Errorf("no reason given for the linked folder:\n%s", s.stdout)
	}
}

// TestFaultOutputThroughSymlink: --output names a link (committed in the
// scanned checkout, say): the CLI refuses it with exit 2 and leaves the
// target alone.
func TestFaultOutputThroughSymlink(t *testing.T) {
	t.Parallel()
	r := repoWith(t, nil)
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("precious\n"), 0o644)
	link := filepath.Join(r.Dir, "report.json")
	os.Symlink(victim, link)
	res := runCLI(t, nil, "--repo", r.Dir, "--format", "json", "--output", link)
	if res.code != exitUsage || !strings.Contains(res.stderr, "report.json is a symbolic link") {
		t.Errorf("exit %d\n%s", res.code, res.stderr)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Errorf("written through the link: %.40q", b)
	}
}

// plantGitConfig makes the repository's own git config define every kind
// of command git can be told to run (fsmonitor, external diff, textconv,
// clean/smudge/process filters, a merge driver, pager, ssh, editor,
// credential helper), selected for every file by .gitattributes. Each
// command creates a file in the returned folder when it runs. Call it
// after the history is built: the fixture's own git commands would run
// them.
func plantGitConfig(t *testing.T, dir string) (markers string) {
	t.Helper()
	markers = t.TempDir()
	script := filepath.Join(t.TempDir(), "evil.sh")
	body := "#!/bin/sh\ntouch '" + markers + "'/\"$1\"\ncat >/dev/null 2>&1 || true\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"core.fsmonitor":       script + " fsmonitor",
		"diff.external":        script + " diff-external",
		"diff.evil.textconv":   script + " textconv",
		"diff.evil.command":    script + " diff-command",
		"filter.evil.clean":    script + " clean",
		"filter.evil.smudge":   script + " smudge",
		"filter.evil.process":  script + " process",
		"filter.evil.required": "true",
		"merge.evil.driver":    script + " merge-driver",
		"core.pager":           script + " pager",
		"pager.log":            script + " pager-log",
		"core.sshCommand":      script + " ssh",
		"core.editor":          script + " editor",
		"credential.helper":    script + " credential",
		"gpg.program":          script + " gpg",
		"log.showSignature":    "true",
	} {
		cmd := exec.Command("git", "-C", dir, "config", k, v)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git config %s: %v %s", k, err, out)
		}
	}
	// Attributes that are not committed count too (info/attributes).
	os.MkdirAll(filepath.Join(dir, ".git", "info"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "info", "attributes"), []byte("* diff=evil filter=evil merge=evil\n"), 0o644)
	return markers
}

func noMarkers(t *testing.T, markers, mode string) {
	t.Helper()
	ents, _ := os.ReadDir(markers)
	for _, e := range ents {
		t.Errorf("%s: the repository's git config ran a command: %s", mode, e.Name())
	}
}

// evilHistory is a repository with a secret, a merge whose conflict
// resolution adds another, .gitattributes selecting the "evil" drivers,
// and an untracked file (so ls-files --others has work to do).
func evilHistory(t *testing.T) (r *fixture.Repo, base string, secrets []string) {
	t.Helper()
	r = fixture.Init(filepath.Join(t.TempDir(), "repo"))
	r.Write(".gitattributes", "* diff=evil filter=evil merge=evil\n")
	r.Write("conf.txt", "a\nb\n")
	base = r.Commit("init")
	r.Checkout("side", true)
	r.Write("conf.txt", "a\nside\n")
	r.Commit("side")
	r.Checkout("main", false)
	r.Write("conf.txt", "a\nmain\n")
	r.Commit("main")
	resolved := fixture.FakeToken("ghp_", "resolution", 36)
	r.MergeResolving("side", map[string]string{"conf.txt": "a\ntoken: " + resolved + "\n"})
	added := fixture.FakeToken("ghp_", "added", 36)
	r.Write("app.yml", "token: "+added+"\n")
	r.Commit("add app")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	os.WriteFile(filepath.Join(r.Dir, "untracked.yml"), []byte("x: 1\n"), 0o644)
	return r, base, []string{resolved, added}
}

// TestFaultGitConfigRunsCommands: the scanned repository's git config
// names commands for every hook git has. No scan mode may run any of them,
// and the scans must still find the secrets (merge resolution included).
func TestFaultGitConfigRunsCommands(t *testing.T) {
	t.Parallel()
	r, base, _ := evilHistory(t)
	markers := plantGitConfig(t, r.Dir)
	for _, tc := range []struct {
		mode string
		args []string
		want []string
	}{
		{"history", []string{"--repo", r.Dir, "--format", "json"}, []string{`"path": "conf.txt"`, `"path": "app.yml"`}},
		{"range", []string{"--repo", r.Dir, "--range", base + "..HEAD", "--format", "json"}, []string{`"path": "conf.txt"`, `"path": "app.yml"`}},
		{"worktree", []string{"--repo", r.Dir, "--worktree", "--format", "json"}, []string{`"path": "app.yml"`}},
	} {
		res := runCLI(t, nil, tc.args...)
		if res.code != exitFindings {
			t.Errorf("%s: exit %d, want 1\n%s\n%s", tc.mode, res.code, res.stderr, res.stdout[:min(len(res.stdout), 2000)])
		}
		for _, w := range tc.want {
			if !strings.Contains(res.stdout, w) {
				t.Errorf("%s: the scan did not find the secret in %s", tc.mode, w)
			}
		}
		noMarkers(t, markers, tc.mode)
	}
}

// TestFaultGitConfigRunsCommandsAction: the same, through the action mode
// (a pull request's range, and a full-history scan).
func TestFaultGitConfigRunsCommandsAction(t *testing.T) {
	t.Parallel()
	s := newPR(t, map[string]string{".gitattributes": "* diff=evil filter=evil merge=evil\n",
		"app.yml": "token: " + tokenFor("action-evil") + "\n"})
	markers := plantGitConfig(t, s.repo.Dir)
	s.run("pull_request", "false", nil)
	if s.code != exitFindings || !strings.Contains(s.stdout, "app.yml") {
		t.Errorf("pull_request: exit %d\n%s", s.code, s.stdout)
	}
	noMarkers(t, markers, "action pull_request")
	s.run("pull_request", "false", map[string]string{"scan": "full"})
	if s.code != exitFindings {
		t.Errorf("full scan: exit %d\n%s", s.code, s.stdout)
	}
	noMarkers(t, markers, "action full scan")
}

// TestFaultNoGitBinary: without git on PATH the run says so, instead of
// "not inside a git repository". Not parallel: it changes PATH for the
// process (parallel tests are paused meanwhile).
func TestFaultNoGitBinary(t *testing.T) {
	r := repoWith(t, nil)
	t.Setenv("PATH", t.TempDir())
	for _, args := range [][]string{{"--repo", r.Dir}, {"--repo", r.Dir, "--worktree"}} {
		res := runCLI(t, nil, args...)
		if res.code != exitUsage || !strings.Contains(res.stderr, "git not found on PATH") || strings.Contains(res.stderr, "not inside a git repository") {
			t.Errorf("%v: exit %d\n%s", args, res.code, res.stderr)
		}
	}
}

// TestFaultConfigFilesOutsideRepo: .launchready.yml, .gitleaks.toml and
// .gitleaksignore as links to a file outside the repository, as FIFOs, and
// oversized. Each is a config error (exit 2) that says why, never quotes
// the refused file, and never hangs.
func TestFaultConfigFilesOutsideRepo(t *testing.T) {
	t.Parallel()
	secret := fixture.FakeToken("ghp_", "outside-config", 36)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	// Content that the old code quoted back: as YAML an unknown key, as
	// TOML an invalid rule regex.
	os.WriteFile(outside, []byte(secret+": 1\n[[rules]]\nid = \"x\"\nregex = \"("+secret+"\"\n"), 0o644)

	cases := []struct {
		name, file string
		plant      func(t *testing.T, p string)
		want       string
	}{
		{"yml link", ".launchready.yml", link(outside), ".launchready.yml is a symbolic link that leads out of the repository"},
		{"toml link", ".gitleaks.toml", link(outside), ".gitleaks.toml is a symbolic link that leads out of the repository"},
		{"ignore link", ".gitleaksignore", link(outside), ".gitleaksignore is a symbolic link that leads out of the repository"},
		{"yml fifo", ".launchready.yml", fifo, ".launchready.yml is not a regular file (it is a FIFO)"},
		{"toml fifo", ".gitleaks.toml", fifo, ".gitleaks.toml is not a regular file (it is a FIFO)"},
		{"ignore fifo", ".gitleaksignore", fifo, ".gitleaksignore is not a regular file (it is a FIFO)"},
		{"yml too large", ".launchready.yml", big, ".launchready.yml is too large"},
		{"toml too large", ".gitleaks.toml", big, ".gitleaks.toml is too large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := repoWith(t, nil)
			tc.plant(t, filepath.Join(r.Dir, tc.file))
			res := runBounded(t, "--repo", r.Dir)
			if tc.file == ".gitleaksignore" {
				// Read by the secret scan itself: the check could not run.
				if res.code != exitNotRun || !strings.Contains(res.stdout, tc.want) {
					t.Errorf("exit %d, want 3 with %q\n%s\n%s", res.code, tc.want, res.stdout, res.stderr)
				}
			} else if res.code != exitUsage || !strings.Contains(res.stderr, tc.want) {
				t.Errorf("exit %d, want 2 with %q\n%s", res.code, tc.want, res.stderr)
			}
			if strings.Contains(res.stdout+res.stderr, secret[:12]) {
				t.Errorf("the refused file's content was echoed:\n%s%s", res.stdout, res.stderr)
			}
		})
	}

	// In action mode, a committed link is refused too (a push reads the
	// checked-out config; a pull request reads its base's, where a link
	// is refused as well: TestFaultBasePolicyLinkRefused).
	s := newPR(t, nil)
	os.Symlink(outside, filepath.Join(s.repo.Dir, ".launchready.yml"))
	s.repo.Git("add", ".launchready.yml")
	s.head = s.repo.Commit("link config")
	s.run("push", "false", nil)
	if s.code != exitUsage || !strings.Contains(s.stdout, ".launchready.yml is a symbolic link that leads out of the repository") || strings.Contains(s.stdout, secret[:12]) {
		t.Errorf("action: exit %d\n%s", s.code, s.stdout)
	}
}

func link(target string) func(*testing.T, string) {
	return func(t *testing.T, p string) {
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
}

func fifo(t *testing.T, p string) {
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

func big(t *testing.T, p string) {
	if err := os.WriteFile(p, bytes.Repeat([]byte("# padding\n"), 2<<20/10), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runBounded is runCLI under a deadline: a run that blocks (on a FIFO, say)
// fails the test instead of hanging it.
func runBounded(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(ctx, args, &out, &errb, func(string) string { return "" })
		done <- result{code, out.String(), errb.String()}
	}()
	select {
	case res := <-done:
		return res
	case <-time.After(90 * time.Second):
		t.Fatalf("the run hangs: %v", args)
		return result{}
	}
}

// TestFaultUsageErrorsNameTheSetting: usage and config mistakes exit 2 and
// say which flag (or file and line) is wrong, and how to fix it.
func TestFaultUsageErrorsNameTheSetting(t *testing.T) {
	t.Parallel()
	clean := repoWith(t, nil)
	cfg := func(text string) string { return repoWith(t, map[string]string{".launchready.yml": text}).Dir }
	toml := repoWith(t, map[string]string{".gitleaks.toml": "title = \"x\"\n\n[[rules]]\nid = \"a\"\nregex = '''x\n"}).Dir
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"url without host", []string{"--repo", clean.Dir, "--url", "https://"}, `--url "https://" has no host`},
		{"http url without host", []string{"--repo", clean.Dir, "--url", "http://"}, `--url "http://" has no host`},
		{"url port out of range", []string{"--repo", clean.Dir, "--url", "https://preview.example.com:99999/"}, `--url "https://preview.example.com:99999/" has an invalid port "99999"`},
		{"url port empty", []string{"--repo", clean.Dir, "--url", "https://preview.example.com:/"}, `has an invalid port ""`},
		{"url port not a number", []string{"--repo", clean.Dir, "--url", "https://preview.example.com:https/"}, `--url "https://preview.example.com:https/" is not a valid URL`},
		{"url scheme", []string{"--repo", clean.Dir, "--url", "ftp://preview.example.com"}, `--url "ftp://preview.example.com" is not an http:// or https:// URL`},
		{"bad domain", []string{"--repo", clean.Dir, "--domain", "not a domain"}, `--domain "not a domain" is not a domain name such as example.com`},
		{"bad selector", []string{"--repo", clean.Dir, "--domain", "example.com", "--dkim-selector", "a b"}, `--dkim-selector "a b" is not a DKIM selector`},
		{"invalid .gitleaks.toml", []string{"--repo", toml}, ".gitleaks.toml:6:1: multiline literal string not terminated"},
		{"max-requests line", []string{"--repo", cfg("fail-on: high\nprobe:\n  p95-ms: 100\n  max-requests: 99999\n")}, ".launchready.yml:4: probe.max-requests 99999 is not between 0 and 5000"},
		{"p95-ms line", []string{"--repo", cfg("probe:\n  max-requests: 10\n  p95-ms: -5\n")}, ".launchready.yml:3: probe.p95-ms -5"},
		{"email.domain line", []string{"--repo", cfg("fail-on: high\nemail:\n  domain: 'not a domain'\n")}, `.launchready.yml:3: email.domain "not a do…"`},
		{"core-flows line", []string{"--repo", cfg("probe:\n  core-flows:\n    - /ok\n    - /fine\n    - x\n")}, `.launchready.yml:5: probe.core-flows entry "x"`},
		// Config paths are paths: a network-path reference or URL would
		// send the test tokens to another origin.
		{"core-flows //host", []string{"--repo", cfg("probe:\n  core-flows:\n    - //127.0.0.1:9999/x\n")}, `.launchready.yml:3: probe.core-flows entry "//127.0.…" must be a path on the preview`},
		{"core-flows url", []string{"--repo", cfg("probe:\n  core-flows: ['https://evil.example/x']\n")}, `.launchready.yml:2: probe.core-flows entry "https://…"`},
		{"health //host", []string{"--repo", cfg("\nprobe:\n  health: //evil.example/health\n")}, `.launchready.yml:3: probe.health "//evil.e…"`},
		{"rate-limit url", []string{"--repo", cfg("probe:\n  rate-limit-endpoints:\n    - method: POST\n      path: http://127.0.0.1:9999/login\n")}, `.launchready.yml:4: probe.rate-limit-endpoints path "http://1…"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := runCLI(t, nil, tc.args...)
			if res.code != exitUsage || !strings.Contains(res.stderr, tc.want) {
				t.Errorf("exit %d, want 2 with %q\n%s", res.code, tc.want, res.stderr)
			}
		})
	}
}

// TestFaultActionInputErrorsNameTheInput: in action mode, the same
// mistakes name the action's inputs, not flags.
func TestFaultActionInputErrorsNameTheInput(t *testing.T) {
	t.Parallel()
	s := newPR(t, nil)
	for _, tc := range []struct {
		inputs map[string]string
		want   string
	}{
		{map[string]string{"preview-url": "https://"}, `::error::launchready: input preview-url "https://" has no host`},
		{map[string]string{"preview-url": "https://preview.example.com:70000"}, `input preview-url "https://preview.example.com:70000" has an invalid port "70000"`},
		{map[string]string{"mail-domain": "not a domain"}, `::error::launchready: input mail-domain "not a domain" is not a domain name`},
		{map[string]string{"mail-domain": "example.com", "dkim-selectors": "ok,b@d"}, `input dkim-selectors "b@d" is not a DKIM selector`},
		{map[string]string{"spec": "../../etc/api.yaml"}, `input spec "../../etc/api.yaml" must be a path inside the repository`},
	} {
		s.run("pull_request", "false", tc.inputs)
		if s.code != exitUsage || !strings.Contains(s.stdout, tc.want) || strings.Contains(s.stdout, "--") && strings.Contains(s.stdout, "::error::launchready: --") {
			t.Errorf("%v: exit %d, want 2 with %q\n%s", tc.inputs, s.code, tc.want, s.stdout)
		}
	}
}

// TestFaultGitleaksExtendChain: .gitleaks.toml extends a file inside the
// repository, which extends one outside it (or is a link out of it).
// gitleaks would follow the chain; launchready refuses it as a config
// error, without quoting the outside file.
func TestFaultGitleaksExtendChain(t *testing.T) {
	t.Parallel()
	secret := fixture.FakeToken("ghp_", "extend-chain", 36)
	outside := filepath.Join(t.TempDir(), "outside.toml")
	os.WriteFile(outside, []byte("[[rules]]\nid = \"x\"\nregex = \"("+secret+"\"\n"), 0o644)
	for name, files := range map[string]map[string]string{
		"chain": {".gitleaks.toml": "[extend]\npath = \"base.toml\"\n", "base.toml": "[extend]\npath = \"" + outside + "\"\n"},
		"link":  {".gitleaks.toml": "[extend]\npath = \"linked.toml\"\n"},
	} {
		r := repoWith(t, files)
		if name == "link" {
			os.Symlink(outside, filepath.Join(r.Dir, "linked.toml"))
		}
		res := runBounded(t, "--repo", r.Dir)
		if res.code != exitUsage || !strings.Contains(res.stderr, ".gitleaks.toml") || strings.Contains(res.stdout+res.stderr, secret[:12]) {
			t.Errorf("%s: exit %d, want 2 without the outside content\n%s", name, res.code, res.stderr)
		}
	}
}
