package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/annotate/ghreport/fakegithub"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/testutil"
)

// token is the workflow token of the scenarios; it must never be printed.
var token = fixture.FakeToken("ghs_", "workflow-token", 36)

func tokenFor(seed string) string { return fixture.FakeToken("ghp_", seed, 36) }

// sleeps records rate-limit waits; the scenarios never really wait.
var (
	sleepMu sync.Mutex
	sleeps  []time.Duration
)

func init() {
	actionSleep = func(d time.Duration) {
		sleepMu.Lock()
		sleeps = append(sleeps, d)
		sleepMu.Unlock()
	}
}

// scenario is one action run: a repository with a PR branch, an event and
// the fake GitHub API.
type scenario struct {
	t          *testing.T
	repo       *fixture.Repo
	base, head string
	fake       *fakegithub.Server
	dir        string
	env        map[string]string
	// extraEnv is set in the action's environment besides the inputs
	// (the workflow's env: GITLEAKS_CONFIG).
	extraEnv map[string]string
	stdout   string
	code     int
	// ctx is the runs' context (default context.Background()).
	ctx context.Context
	// eventFile, when set, is the event payload instead of
	// testdata/events/<name>.json.
	eventFile string
}

// newPR builds main with one commit and a PR branch that adds files.
func newPR(t *testing.T, files map[string]string) *scenario {
	t.Helper()
	s := &scenario{t: t, dir: t.TempDir()}
	r := fixture.Init(filepath.Join(s.dir, "workspace"))
	r.Write("README.md", "# api\n")
	r.Write("config/app.yml", "name: api\nregion: eu\n")
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

// prFiles turns the PR's real diff into the API's files with patches.
func (s *scenario) prFiles() []fakegithub.File {
	names := strings.Fields(s.repo.Git("diff", "--name-only", s.base, s.head))
	var out []fakegithub.File
	for _, n := range names {
		d := s.repo.Git("diff", s.base, s.head, "--", n)
		if i := strings.Index(d, "\n@@"); i >= 0 {
			d = strings.TrimSuffix(d[i+1:], "\n")
		}
		out = append(out, fakegithub.File{Path: n, Status: "modified", Patch: d})
	}
	return out
}

func (s *scenario) event(name, fork string) string {
	tmpl, err := os.ReadFile(filepath.Join("testdata", "events", name+".json"))
	if err != nil {
		s.t.Fatal(err)
	}
	headRepo := "acme/api"
	if fork == "true" {
		headRepo = "someone/api"
	}
	body := strings.NewReplacer("{{BASE}}", s.base, "{{HEAD}}", s.head, "{{FORK}}", fork, "{{HEAD_REPO}}", headRepo).Replace(string(tmpl))
	p := filepath.Join(s.dir, name+"-event.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		s.t.Fatal(err)
	}
	return p
}

func (s *scenario) run(eventName, fork string, inputs map[string]string) {
	s.t.Helper()
	eventPath := s.eventFile
	if eventPath == "" {
		eventPath = s.event(eventName, fork)
	}
	s.env = map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": eventName, "GITHUB_EVENT_PATH": eventPath,
		"GITHUB_WORKSPACE": s.repo.Dir, "GITHUB_REPOSITORY": "acme/api", "GITHUB_API_URL": s.fake.APIURL(),
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_OUTPUT": filepath.Join(s.dir, "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(s.dir, "summary.md"), "INPUT_GITHUB-TOKEN": token,
		"INPUT_FILTER-MODE": "added", "INPUT_COMMENT": "sticky", "INPUT_REVIEW-COMMENTS": "true",
		"INPUT_ANNOTATIONS": "true", "INPUT_MAX-REVIEW-COMMENTS": "30", "INPUT_SARIF-FILE": "launchready.sarif", "INPUT_SCAN": "auto",
	}
	for k, v := range inputs {
		s.env["INPUT_"+strings.ToUpper(k)] = v
	}
	for k, v := range s.extraEnv {
		s.env[k] = v
	}
	for _, f := range []string{"output", "summary.md"} {
		os.Remove(filepath.Join(s.dir, f))
	}
	var out, errb bytes.Buffer
	ctx := s.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	s.code = run(ctx, []string{"--action"}, &out, &errb, func(k string) string { return s.env[k] })
	s.stdout = out.String() + errb.String()
}

func (s *scenario) file(name string) string {
	b, _ := os.ReadFile(name)
	return string(b)
}

func (s *scenario) outputs() string { return s.file(filepath.Join(s.dir, "output")) }

// noLeaks asserts that no planted secret and no token reached any output
// channel: the log, the summary, the outputs, the SARIF and JSON files and
// everything sent to GitHub.
func (s *scenario) noLeaks(secrets ...string) {
	s.t.Helper()
	var sent []string
	for _, c := range s.fake.ReviewCmts {
		sent = append(sent, c.Body)
	}
	for _, c := range s.fake.IssueCmts {
		sent = append(sent, c.Body)
	}
	channels := map[string]string{
		"log": strings.ReplaceAll(s.stdout, "::add-mask::"+token, ""), "summary": s.file(s.env["GITHUB_STEP_SUMMARY"]), "outputs": s.outputs(),
		"sarif": s.file(filepath.Join(s.repo.Dir, "launchready.sarif")), "json": s.file(filepath.Join(s.repo.Dir, "launchready-report.json")),
		"github": strings.Join(sent, "\n"),
	}
	for name, text := range channels {
		for _, sec := range append(secrets, token) {
			if strings.Contains(text, sec) {
				s.t.Errorf("%s contains a secret or token (%s...)", name, sec[:4])
			}
		}
	}
	if !strings.HasPrefix(s.stdout, "::add-mask::"+token+"\n") {
		s.t.Error("the token is not masked before anything else is printed")
	}
}

func TestActionSameRepoPRLifecycle(t *testing.T) {
	t.Parallel()
	secret := tokenFor("pr-leak")
	s := newPR(t, map[string]string{"config/app.yml": "name: api\nregion: eu\nci_token: " + secret + "\n"})

	// 1. First run: one review with one line comment, one sticky comment.
	s.run("pull_request", "false", nil)
	if s.code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", s.code, s.stdout)
	}
	if len(s.fake.Reviews) != 1 || len(s.fake.ReviewCmts) != 1 || len(s.fake.IssueCmts) != 1 {
		t.Fatalf("reviews %d, comments %d, sticky %d\n%s", len(s.fake.Reviews), len(s.fake.ReviewCmts), len(s.fake.IssueCmts), s.stdout)
	}
	c := s.fake.ReviewCmts[0]
	if c.Path != "config/app.yml" || c.Line != 3 {
		t.Errorf("line comment at %s:%d, want config/app.yml:3", c.Path, c.Line)
	}
	if got := s.fake.Reviews[0]["commit_id"]; got != s.head {
		t.Errorf("review on commit %v, want the PR head %s", got, s.head)
	}
	sticky := s.fake.IssueCmts[0].Body
	for _, want := range []string{annotate.StickyMarker, "❌ **not ready to launch**", "**1** new in this pull request, 0 already there",
		"](https://github.com/acme/api/blob/" + s.head + "/config/app.yml#L3)", "🔴 critical 🆕"} {
		if !strings.Contains(sticky, want) {
			t.Errorf("sticky comment lacks %q", want)
		}
	}
	outs := s.outputs()
	for _, want := range []string{"status<<", "\nfail\n", "fail-count<<", "sarif-file<<", "launchready.sarif", "report-json<<", "launchready-report.json", "comment-url<<", "#issuecomment-"} {
		if !strings.Contains(outs, want) {
			t.Errorf("outputs lack %q:\n%s", want, outs)
		}
	}
	if !strings.Contains(s.stdout, "::error file=config/app.yml,line=3,") {
		t.Errorf("no annotation for the finding:\n%s", s.stdout)
	}
	testutil.Golden(t, filepath.Join("testdata", "summary.md.golden"), strings.ReplaceAll(strings.ReplaceAll(s.file(s.env["GITHUB_STEP_SUMMARY"]), s.head, "HEAD"), s.base, "BASE"), *update)
	s.noLeaks(secret)

	// 2. Re-run with the same findings: nothing new is written.
	writes := len(s.fake.Writes())
	s.run("pull_request", "false", nil)
	if len(s.fake.Writes()) != writes || len(s.fake.ReviewCmts) != 1 || len(s.fake.IssueCmts) != 1 {
		t.Errorf("re-run wrote again: %v", s.fake.Writes()[writes:])
	}

	// 3. The author rewrites the branch without the secret (the only fix
	// for a leaked secret): the stale comment goes, the sticky is updated.
	s.repo.Git("reset", "-q", "--hard", s.base)
	s.repo.Write("config/app.yml", "name: api\nregion: eu\nci_token: ${CI_TOKEN}\n")
	s.head = s.repo.Commit("add deploy config, token from the environment")
	s.fake.Files = s.prFiles()
	s.run("pull_request", "false", nil)
	if s.code != exitOK {
		t.Errorf("exit %d after the fix\n%s", s.code, s.stdout)
	}
	if len(s.fake.ReviewCmts) != 0 {
		t.Errorf("stale line comment not deleted")
	}
	// The secret is gone, but most rows were not checked (no preview URL,
	// no spec, no mail domain): not "ready to launch".
	if len(s.fake.IssueCmts) != 1 || !strings.Contains(s.fake.IssueCmts[0].Body, "⚪ **not enough checked to call it ready**: 10 of 11 rows not checked") {
		t.Errorf("sticky not updated to the incomplete verdict:\n%s", s.fake.IssueCmts[0].Body)
	}
}

func TestActionForkPRFallsBack(t *testing.T) {
	t.Parallel()
	secret := tokenFor("fork-leak")
	s := newPR(t, map[string]string{"config/app.yml": "name: api\nregion: eu\nci_token: " + secret + "\n"})
	s.fake.ReadOnly = true
	s.run("pull_request", "true", nil)
	if s.code != exitFindings {
		t.Errorf("exit %d: a refused write must not change the exit code", s.code)
	}
	if !strings.Contains(s.stdout, "::notice::launchready: no pull-request comments: the token cannot write to this pull request (403 Resource not accessible by integration). On pull requests from forks the workflow token is read-only; the results are in the annotations and the job summary of this run.") {
		t.Errorf("no fallback notice:\n%s", s.stdout)
	}
	if !strings.Contains(s.stdout, "::error file=config/app.yml,line=3,") || !strings.Contains(s.file(s.env["GITHUB_STEP_SUMMARY"]), "not ready to launch") {
		t.Error("the fallback channels (annotations, summary) lack the finding")
	}
	s.noLeaks(secret)
}

func TestActionPushMakesNoPRCalls(t *testing.T) {
	t.Parallel()
	secret := tokenFor("push-leak")
	s := newPR(t, map[string]string{"deploy.env.yml": "db:\n  password: Hk4nJ8sLq2Wv\ntoken: " + secret + "\n"}) // launchready:allow (a planted test password)
	s.run("push", "false", nil)
	if s.code != exitFindings {
		t.Errorf("exit %d\n%s", s.code, s.stdout)
	}
	if len(s.fake.Calls) != 0 {
		t.Errorf("a push run called the API: %v", s.fake.Calls)
	}
	if !strings.Contains(s.stdout, "push: the commits it added") {
		t.Errorf("plan not logged:\n%s", s.stdout)
	}
	s.noLeaks(secret, "Hk4nJ8sLq2Wv") // launchready:allow (the planted test password)
}

func TestActionCapsAndOverflow(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	var secrets []string
	for i := 0; i < 150; i++ {
		sec := tokenFor(fmt.Sprint("many-", i))
		secrets = append(secrets, sec)
		fmt.Fprintf(&b, "token_%03d: %s\n", i, sec)
	}
	s := newPR(t, map[string]string{"config/tokens.yml": b.String()})
	s.run("pull_request", "false", nil)
	if len(s.fake.ReviewCmts) != 30 {
		t.Errorf("%d line comments, want 30", len(s.fake.ReviewCmts))
	}
	if n := strings.Count(s.stdout, "::error file="); n != 10 {
		t.Errorf("%d error annotations, want 10", n)
	}
	if !strings.Contains(s.stdout, "::notice title=launchready::140 more finding(s) are not shown as annotations") {
		t.Errorf("no annotation overflow notice")
	}
	sticky := s.fake.IssueCmts[0].Body
	if !strings.Contains(sticky, "**120 finding(s) on this pull request are not line comments**") || len(sticky) > annotate.CommentMaxBytes {
		t.Errorf("sticky overflow wrong or too long (%d bytes)", len(sticky))
	}
	s.noLeaks(secrets...)
}

func TestActionLargePRFilesWithoutPatch(t *testing.T) {
	t.Parallel()
	secret := tokenFor("minified")
	s := newPR(t, map[string]string{"public/app.min.js": "var k=\"" + secret + "\";\n"})
	// GitHub sends no patch for a file this large.
	for i := range s.fake.Files {
		s.fake.Files[i].Patch = ""
	}
	s.run("pull_request", "false", map[string]string{"filter-mode": "file"})
	if len(s.fake.ReviewCmts) != 0 {
		t.Error("commented on a file without a patch (GitHub rejects that)")
	}
	if sticky := s.fake.IssueCmts[0].Body; !strings.Contains(sticky, "**1 finding(s) on this pull request are not line comments**") {
		t.Errorf("the finding is not in the sticky's overflow")
	}
}

func TestActionRetryAfter(t *testing.T) {
	// Not parallel: it reads the shared sleep recorder.
	secret := tokenFor("throttled")
	s := newPR(t, map[string]string{"config/app.yml": "name: api\nregion: eu\nci_token: " + secret + "\n"})
	s.fake.Throttle["POST /repos/{owner}/{repo}/issues/{issue_number}/comments"] = true
	sleepMu.Lock()
	sleeps = nil
	sleepMu.Unlock()
	s.run("pull_request", "false", nil)
	if len(s.fake.IssueCmts) != 1 {
		t.Fatalf("sticky not created after the 429\n%s", s.stdout)
	}
	sleepMu.Lock()
	defer sleepMu.Unlock()
	if len(sleeps) != 1 || sleeps[0] != 2*time.Second {
		t.Errorf("waits %v, want [2s] from Retry-After", sleeps)
	}
}

func TestActionBadInputs(t *testing.T) {
	t.Parallel()
	s := newPR(t, nil)
	s.run("pull_request", "false", map[string]string{"filter-mode": "everything"})
	if s.code != exitUsage || !strings.Contains(s.stdout, `::error::launchready: input filter-mode "everything" is not one of added, diff_context, file, nofilter`) {
		t.Errorf("exit %d\n%s", s.code, s.stdout)
	}
	s.run("pull_request", "false", map[string]string{"sarif-file": "../../etc/x.sarif"})
	if s.code != exitUsage || !strings.Contains(s.stdout, "must be a path inside the workspace") {
		t.Errorf("exit %d\n%s", s.code, s.stdout)
	}
	// A private preview URL is refused, and said so: never "pass".
	s.run("pull_request", "false", map[string]string{"preview-url": "http://10.0.0.5:8080"})
	if s.code != exitNotRun || !strings.Contains(s.stdout, "probes only reach public addresses") {
		t.Errorf("exit %d\n%s", s.code, s.stdout)
	}
}

func TestActionShallowCloneIsNotChecked(t *testing.T) {
	t.Parallel()
	s := newPR(t, nil)
	shallow := filepath.Join(s.dir, "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth=1", "--branch", "feature/deploy", "file://"+s.repo.Dir, shallow).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	s.repo.Dir = shallow
	s.run("pull_request", "false", nil)
	if s.code != exitNotRun {
		t.Errorf("exit %d, want 3", s.code)
	}
	if !strings.Contains(s.stdout, "fetch-depth: 0") || !strings.Contains(s.outputs(), "\nincomplete\n") {
		t.Errorf("shallow clone not reported:\n%s\n%s", s.stdout, s.outputs())
	}
}

func TestDemoMarkdownIsTheCommentFormat(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "--demo", "--format", "markdown")
	if res.code != exitFindings || !strings.HasPrefix(res.stdout, annotate.StickyMarker+"\n## launchready: ❌ **not ready to launch**") {
		t.Errorf("exit %d:\n%s", res.code, res.stdout[:min(300, len(res.stdout))])
	}
}
