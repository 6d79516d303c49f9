package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/launchready/launchready/internal/annotate/ghreport/fakegithub"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// previewServer is a real preview on 127.0.0.1: every answer reflects the
// Origin with credentials (a finding the CORS probe reports), and every
// request is recorded.
type previewServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string // "METHOD /path"
}

func newDeployPreview(t *testing.T) *previewServer {
	t.Helper()
	p := &previewServer{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen = append(p.seen, r.Method+" "+r.URL.Path)
		p.mu.Unlock()
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *previewServer) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// hit reports whether a request for a path starting with prefix came in.
func (p *previewServer) hit(prefix string) bool {
	for _, r := range p.requests() {
		if _, path, _ := strings.Cut(r, " "); strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// newDeployPR is newPR with files on the base branch too (its policy).
func newDeployPR(t *testing.T, baseFiles, headFiles map[string]string) *scenario {
	t.Helper()
	s := &scenario{t: t, dir: t.TempDir()}
	r := fixture.Init(filepath.Join(s.dir, "workspace"))
	r.Write("README.md", "# api\n")
	for p, c := range baseFiles {
		r.Write(p, c)
	}
	s.base = r.Commit("init")
	r.Checkout("feature/deploy", true)
	for p, c := range headFiles {
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

// deploymentEvent writes testdata/events/deployment_status.json for the
// PR head with state and url (environment_url).
func (s *scenario) deploymentEvent(state, url string) {
	s.t.Helper()
	tmpl, err := os.ReadFile(filepath.Join("testdata", "events", "deployment_status.json"))
	if err != nil {
		s.t.Fatal(err)
	}
	b, _ := json.Marshal(url)
	target := "https://deploys.example.invalid/acme/api/42" // a log page, as deployers set it
	if url == "" {
		target = "" // no URL at all
	}
	body := strings.NewReplacer("{{HEAD}}", s.head, "{{STATE}}", state, `"{{URL}}"`, string(b), "{{TARGET}}", target).Replace(string(tmpl))
	if err := os.WriteFile(filepath.Join(s.dir, "deployment_status.event"), []byte(body), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// runDeployment runs the action on the deployment_status event written by
// deploymentEvent.
func (s *scenario) runDeployment(inputs map[string]string) {
	s.t.Helper()
	s.eventFile = filepath.Join(s.dir, "deployment_status.event")
	defer func() { s.eventFile = "" }()
	s.run("deployment_status", "false", inputs)
}

// loopback lets the scenario's runs probe the preview on 127.0.0.1 (the
// test-only context key; the action itself refuses loopback).
func (s *scenario) loopback() { s.ctx = context.WithValue(context.Background(), loopbackKey{}, true) }

type deployReport struct {
	Scan struct {
		Mode, Base, Head string
	}
	Scorecard []struct {
		ID, Status, Reason string
		Sources            struct {
			Ran    []string
			NotRun []struct{ Check, Status, Reason string }
		}
	}
	Findings []struct {
		RuleID   string
		Location struct{ Path, URL string }
	}
	Warnings []string
}

func (s *scenario) report() deployReport {
	s.t.Helper()
	var r deployReport
	if err := json.Unmarshal([]byte(s.file(filepath.Join(s.repo.Dir, "launchready-report.json"))), &r); err != nil {
		s.t.Fatalf("the JSON report: %v\n%s", err, s.stdout)
	}
	return r
}

func (r deployReport) has(rule string) bool {
	for _, f := range r.Findings {
		if f.RuleID == rule {
			return true
		}
	}
	return false
}

// The policies of the deployment tests: the base's times /base-flow, the
// pull request's /head-flow and turns failing off.
const (
	basePolicy = "probe:\n  core-flows: [/base-flow]\n  latency-samples: 2\n"
	headPolicy = "fail-on: none\nprobe:\n  core-flows: [/head-flow]\n  latency-samples: 2\n"
)

// On deployment_status, the deployment's environment_url is the preview
// once the state is success; the pull request is found through the API
// (the payload names none): its commits are scanned, its base commit's
// policy is used (the pull request's own is not), and the sticky comment
// and the line comments go to it.
func TestFaultDeploymentStatusProbesThePreviewOfItsPR(t *testing.T) {
	t.Parallel()
	secret := tokenFor("deploy-leak")
	s := newDeployPR(t, map[string]string{".launchready.yml": basePolicy},
		map[string]string{".launchready.yml": headPolicy, "config/app.yml": "name: api\nci_token: " + secret + "\n"})
	other := strings.Repeat("d", 40)
	s.fake.CommitPulls = map[string][]fakegithub.CommitPull{s.head: {
		{Number: 3, State: "closed", HeadSHA: s.head, BaseSHA: s.base},           // closed: not this one
		{Number: 5, HeadSHA: other, BaseSHA: s.base},                             // a later head: not this one
		{Number: 7, HeadSHA: s.head, BaseSHA: s.base, HeadRef: "feature/deploy"}, // the deployed head
	}}
	preview := newDeployPreview(t)
	s.loopback()
	s.deploymentEvent("success", preview.URL+"/")
	s.runDeployment(nil)

	if n := s.fake.Count("GET /repos/acme/api/commits/" + s.head + "/pulls"); n != 1 {
		t.Errorf("%d lookups of the commit's pull requests, want 1\n%s", n, s.stdout)
	}
	if s.code != exitFindings {
		t.Errorf("exit %d, want 1: the base's policy fails on high (the pull request's fail-on: none is not used)\n%s", s.code, s.stdout)
	}
	rep := s.report()
	if rep.Scan.Mode != "range" || rep.Scan.Base != s.base || rep.Scan.Head != s.head {
		t.Errorf("scan %+v, want the pull request's range %s..%s", rep.Scan, s.base, s.head)
	}
	if !rep.has("live/cors-reflected-origin-with-credentials") {
		t.Errorf("the preview's CORS finding is missing: the environment_url was not probed\n%s", s.stdout)
	}
	if !preview.hit("/base-flow") || preview.hit("/head-flow") {
		t.Errorf("the core flows timed are not the base commit's policy: %v", preview.requests())
	}
	if !strings.Contains(s.stdout, "this pull request changes .launchready.yml") {
		t.Errorf("no warning that the pull request changes the policy\n%s", s.stdout)
	}
	if len(s.fake.IssueCmts) != 1 || !strings.Contains(s.fake.IssueCmts[0].Body, "cors-reflected-origin-with-credentials") {
		t.Errorf("no sticky comment with the probe finding on pull request #7: %d comments\n%s", len(s.fake.IssueCmts), s.stdout)
	}
	if len(s.fake.ReviewCmts) != 1 || s.fake.ReviewCmts[0].Path != "config/app.yml" {
		t.Errorf("review comments %+v, want one on config/app.yml", s.fake.ReviewCmts)
	}
	if !strings.Contains(s.stdout, "is the head of pull request #7") {
		t.Errorf("the log does not say which pull request was found\n%s", s.stdout)
	}
	s.noLeaks(secret)
}

// A deployment that is not up yet (or failed) is not probed: the probe
// rows are not checked with the deployment's state as the reason, and the
// preview gets no request.
func TestFaultDeploymentStatusNotSuccessIsNotChecked(t *testing.T) {
	t.Parallel()
	for _, state := range []string{"in_progress", "failure"} {
		t.Run(state, func(t *testing.T) {
			t.Parallel()
			// A finding, so that the sticky comment is posted.
			secret := tokenFor("deploy-" + state)
			s := newDeployPR(t, nil, map[string]string{"config/app.yml": "name: api\nci_token: " + secret + "\n"})
			s.fake.CommitPulls = map[string][]fakegithub.CommitPull{s.head: {{Number: 7, HeadSHA: s.head, BaseSHA: s.base}}}
			preview := newDeployPreview(t)
			s.loopback()
			s.deploymentEvent(state, preview.URL)
			s.runDeployment(nil)
			if s.code != exitFindings {
				t.Errorf("exit %d\n%s", s.code, s.stdout)
			}
			if n := len(preview.requests()); n != 0 {
				t.Errorf("a %s deployment got %d requests", state, n)
			}
			want := `has the status "` + state + `", not success: the preview is not up, so it was not probed`
			found := false
			for _, row := range s.report().Scorecard {
				if row.ID == "latency" {
					found = row.Status == "not-checked" && strings.Contains(row.Reason, want)
				}
			}
			if !found {
				t.Errorf("the latency row is not 'not checked: %s'\n%s", want, s.file(filepath.Join(s.repo.Dir, "launchready-report.json")))
			}
			// (Markdown escapes the state's underscore.)
			if len(s.fake.IssueCmts) != 1 || !strings.Contains(s.fake.IssueCmts[0].Body, "not success: the preview is not up, so it was not probed") {
				t.Errorf("the sticky comment on #7 lacks the reason:\n%s", s.fake.IssueCmts[0].Body)
			}
		})
	}
}

// The deployment's URL is untrusted: it gets the probes' usual origin
// rules, so a deployment that reports a loopback (or private, metadata)
// address is refused, not probed.
func TestFaultDeploymentStatusURLGetsTheOriginRules(t *testing.T) {
	t.Parallel()
	s := newDeployPR(t, nil, map[string]string{"config/app.yml": "name: api\n"})
	s.fake.CommitPulls = map[string][]fakegithub.CommitPull{s.head: {{Number: 7, HeadSHA: s.head, BaseSHA: s.base}}}
	preview := newDeployPreview(t)
	s.deploymentEvent("success", preview.URL) // no loopback(): the action's rules
	s.runDeployment(nil)
	if n := len(preview.requests()); n != 0 {
		t.Errorf("the loopback preview got %d requests from the action", n)
	}
	if !strings.Contains(s.stdout, "loopback") {
		t.Errorf("no refusal naming the loopback address\n%s", s.stdout)
	}
	s.deploymentEvent("success", "http://169.254.169.254/latest/")
	s.runDeployment(nil)
	if !strings.Contains(s.stdout, "link-local") && !strings.Contains(s.stdout, "metadata") {
		t.Errorf("the metadata address was not refused\n%s", s.stdout)
	}
}

// Without an open pull request whose head is the deployed commit, nothing
// says the commit is trusted: the default policy is used (never the
// checked-out files'), the commits it reaches are scanned, and no comments
// are posted.
func TestFaultDeploymentStatusWithoutPRUsesTheDefaultPolicy(t *testing.T) {
	t.Parallel()
	secret := tokenFor("deploy-nopr")
	s := newDeployPR(t, nil, map[string]string{".launchready.yml": headPolicy, "config/app.yml": "name: api\nci_token: " + secret + "\n"})
	s.fake.CommitPulls = map[string][]fakegithub.CommitPull{s.head: {{Number: 7, State: "closed", HeadSHA: s.head, BaseSHA: s.base}}}
	preview := newDeployPreview(t)
	s.loopback()
	s.deploymentEvent("success", preview.URL)
	s.runDeployment(nil)
	if s.code != exitFindings {
		t.Errorf("exit %d, want 1: the commit's own fail-on: none must not apply\n%s", s.code, s.stdout)
	}
	if preview.hit("/head-flow") {
		t.Error("the deployed commit's own probe settings were used")
	}
	if len(s.fake.Writes()) != 0 {
		t.Errorf("wrote to GitHub without a pull request: %v", s.fake.Writes())
	}
	if !strings.Contains(s.stdout, "is no open pull request's head") {
		t.Errorf("the log does not say no pull request was found\n%s", s.stdout)
	}
	if r := s.report(); r.Scan.Mode != "range" || r.Scan.Head != s.head || !r.has("secrets/github-pat") && len(r.Findings) == 0 {
		t.Errorf("scan %+v findings %d", r.Scan, len(r.Findings))
	}
	s.noLeaks(secret)
}

// preview-url-template makes a pull request's preview URL; every value put
// in is slugged, so a branch name cannot move the probes to another host,
// and the result still gets the origin rules.
func TestFaultPreviewURLTemplate(t *testing.T) {
	t.Parallel()
	s := newDeployPR(t, nil, map[string]string{"config/app.yml": "name: api\n"})
	preview := newDeployPreview(t)
	s.loopback()
	s.run("pull_request", "false", map[string]string{"preview-url-template": preview.URL + "/pr-{number}/{branch}/"})
	if !preview.hit("/pr-7/feature-deploy/") {
		t.Errorf("the template's URL was not probed: %v\n%s", preview.requests(), s.stdout)
	}
	if !s.report().has("live/cors-reflected-origin-with-credentials") {
		t.Errorf("no probe finding from the template's preview\n%s", s.stdout)
	}

	// A hostile branch on a deployment without a URL: the template is
	// the fallback, and the branch stays a path segment on its origin.
	before := len(preview.requests())
	s.fake.CommitPulls = map[string][]fakegithub.CommitPull{s.head: {{Number: 7, HeadSHA: s.head, BaseSHA: s.base, HeadRef: "x/../@169.254.169.254:80/#"}}}
	s.deploymentEvent("success", "")
	s.runDeployment(map[string]string{"preview-url-template": preview.URL + "/{branch}/"})
	got := preview.requests()[before:]
	if len(got) == 0 || !preview.hit("/x-169-254-169-254-80/") {
		t.Errorf("the slugged branch was not the path: %v\n%s", got, s.stdout)
	}

	// A template that names a private address is refused like any URL.
	s.ctx = nil
	s.run("pull_request", "false", map[string]string{"preview-url-template": "http://10.0.0.{number}:8080/"})
	if !strings.Contains(s.stdout, "10.0.0.7") || !strings.Contains(s.stdout, "private") {
		t.Errorf("the private address from the template was not refused\n%s", s.stdout)
	}

	// An unknown placeholder is a usage error.
	s.run("pull_request", "false", map[string]string{"preview-url-template": "https://{host}.preview.example.com"})
	if s.code != exitUsage || !strings.Contains(s.stdout, "input preview-url-template \"https://{host}.preview.example.com\" has an unknown placeholder {host}") {
		t.Errorf("exit %d\n%s", s.code, s.stdout)
	}
}
