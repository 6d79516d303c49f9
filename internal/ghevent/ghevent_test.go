package ghevent

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	b40 = strings.Repeat("b", 40)
	h40 = strings.Repeat("c", 40)
	z40 = strings.Repeat("0", 40)
)

func TestDecodeAndPlan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, event, payload, scan string
		want                       Plan
		fork                       bool
	}{
		{"same-repo PR", "pull_request", `{"number":7,"repository":{"full_name":"acme/api"},"pull_request":{"number":7,"base":{"sha":"` + b40 + `","ref":"main","repo":{"full_name":"acme/api"}},"head":{"sha":"` + h40 + `","ref":"feat","repo":{"full_name":"acme/api"}}}}`, "auto",
			Plan{Base: b40, Head: h40, Why: "pull request #7: the commits it adds"}, false},
		{"fork PR", "pull_request", `{"repository":{"full_name":"acme/api"},"pull_request":{"number":8,"base":{"sha":"` + b40 + `","repo":{"full_name":"acme/api"}},"head":{"sha":"` + h40 + `","repo":{"full_name":"someone/api","fork":true}}}}`, "",
			Plan{Base: b40, Head: h40, Why: "pull request #8: the commits it adds"}, true},
		{"push", "push", `{"before":"` + b40 + `","after":"` + h40 + `","repository":{"full_name":"acme/api"}}`, "auto",
			Plan{Base: b40, Head: h40, Why: "push: the commits it added"}, false},
		{"new branch", "push", `{"before":"` + z40 + `","after":"` + h40 + `"}`, "auto",
			Plan{Head: h40, Why: "push of a new branch: every commit it reaches"}, false},
		{"force push", "push", `{"before":"` + b40 + `","after":"` + h40 + `","forced":true}`, "auto",
			Plan{Base: b40, Head: h40, Why: "force push: the commits after the old and new heads' merge base"}, false},
		{"deleted branch", "push", `{"before":"` + b40 + `","after":"` + z40 + `","deleted":true}`, "auto",
			Plan{Full: true, Why: "push event: the whole history"}, false},
		{"schedule", "schedule", `{"schedule":"0 3 * * *"}`, "auto", Plan{Full: true, Why: "schedule event: the whole history"}, false},
		{"dispatch", "workflow_dispatch", `{"inputs":{}}`, "", Plan{Full: true, Why: "workflow_dispatch event: the whole history"}, false},
		{"merge group", "merge_group", `{"merge_group":{"base_sha":"` + b40 + `","head_sha":"` + h40 + `"}}`, "auto", Plan{Base: b40, Head: h40, Why: "merge group: the commits it adds to the base branch"}, false},
		{"full on a PR", "pull_request", `{"pull_request":{"number":1,"base":{"sha":"` + b40 + `"},"head":{"sha":"` + h40 + `"}}}`, "full", Plan{Full: true, Why: "scan: full"}, true},
	}
	for _, tc := range cases {
		e, err := Decode(tc.event, []byte(tc.payload))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		p, err := e.Plan(tc.scan)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, p); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
		if e.PullRequest != nil && e.PullRequest.Fork != tc.fork {
			t.Errorf("%s: fork = %v", tc.name, e.PullRequest.Fork)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`{`: "the event payload is not valid JSON",
		`{"pull_request":{"number":1,"base":{"sha":"--output=/tmp/x"},"head":{"sha":"` + h40 + `"}}}`: `the event payload's pull_request.base.sha "--output=/tmp/x" is not a commit id`,
		`{"pull_request":{"number":1,"base":{"sha":""},"head":{"sha":""}}}`:                           "the event payload's pull_request lacks base.sha or head.sha",
		`{"before":"HEAD~1","after":"` + h40 + `"}`:                                                   `the event payload's before "HEAD~1" is not a commit id`,
	}
	for payload, want := range cases {
		_, err := Decode("pull_request", []byte(payload))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", payload, err, want)
		}
	}
	e, _ := Decode("schedule", []byte(`{}`))
	if _, err := e.Plan("range"); err == nil || !strings.Contains(err.Error(), "has no commit range") {
		t.Errorf("range on schedule: %v", err)
	}
	if _, err := e.Plan("everything"); err == nil {
		t.Error("accepted an unknown scan input")
	}
}

func TestDecodeDeploymentStatus(t *testing.T) {
	t.Parallel()
	e, err := Decode("deployment_status", []byte(`{"repository":{"full_name":"acme/api"},"deployment":{"sha":"`+h40+`","ref":"feat","environment":"Preview"},"deployment_status":{"state":"success","target_url":"https://logs.example.com/1","environment_url":"https://pr-1.example.com"}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Deployment{SHA: h40, Ref: "feat", Environment: "Preview", State: "success", URL: "https://pr-1.example.com"}
	if diff := cmp.Diff(want, e.Deployment); diff != "" || !e.Deployment.Ready() {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Without a pull request: what the commit reaches, default policy.
	if p, _ := e.Plan(ScanAuto); p.Base != "" || p.Head != h40 {
		t.Errorf("plan %+v", p)
	}
	if base, head, ok := e.PolicyCommits(); base != "" || head != h40 || !ok {
		t.Errorf("policy commits %q %q %v: a deployment without a pull request must not read the checkout's policy", base, head, ok)
	}
	// target_url when there is no environment_url.
	e2, _ := Decode("deployment_status", []byte(`{"deployment":{"sha":"`+h40+`"},"deployment_status":{"state":"pending","target_url":"https://pr-2.example.com"}}`))
	if e2.Deployment.URL != "https://pr-2.example.com" || e2.Deployment.Ready() {
		t.Errorf("%+v", e2.Deployment)
	}
	// With its pull request attached: the pull request's range and base.
	if err := e.AttachPullRequest(&PullRequest{Number: 7, BaseSHA: b40, HeadSHA: h40}); err != nil {
		t.Fatal(err)
	}
	if base, _, _ := e.PolicyCommits(); base != b40 {
		t.Errorf("policy base %q", base)
	}
	if p, _ := e.Plan(ScanAuto); p.Base != b40 || p.Head != h40 {
		t.Errorf("plan %+v", p)
	}
	if err := e.AttachPullRequest(&PullRequest{Number: 7, BaseSHA: "main", HeadSHA: h40}); err == nil {
		t.Error("attached a pull request whose base is not a commit id")
	}
	for payload, want := range map[string]string{
		`{"deployment_status":{"state":"success"}}`:                             "lacks deployment or deployment_status",
		`{"deployment":{"sha":"HEAD"},"deployment_status":{"state":"success"}}`: `deployment.sha "HEAD" is not a commit id`,
	} {
		if _, err := Decode("deployment_status", []byte(payload)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", payload, err, want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add("pull_request", b)
		}
	}
	f.Add("push", []byte(`{"before":"`+b40+`","after":"`+h40+`"}`))
	f.Add("deployment_status", []byte(`{"deployment":{"sha":"`+h40+`"},"deployment_status":{"state":"success","environment_url":"https://pr-1.example.com"}}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		e, err := Decode(name, data)
		if err != nil {
			return
		}
		p, err := e.Plan(ScanAuto)
		if err != nil {
			return
		}
		for _, s := range []string{p.Base, p.Head} {
			if s != "" && !sha.MatchString(s) {
				t.Fatalf("plan passes %q to git", s)
			}
		}
	})
}
