package ghaction

import (
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/ghevent"
)

func TestSlug(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"feature/deploy":             "feature-deploy",
		"Fix_The--Bug!":              "fix-the-bug",
		"x/../@169.254.169.254:80/#": "x-169-254-169-254-80",
		"évil.com%2f@127.0.0.1":      "vil-com-2f-127-0-0-1",
		"---":                        "",
		strings.Repeat("ab-", 40):    strings.TrimRight(strings.Repeat("ab-", 21), "-"),
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPreviewFor(t *testing.T) {
	t.Parallel()
	pr := &ghevent.PullRequest{Number: 12, HeadSHA: strings.Repeat("a", 40), HeadRef: "Feat/Login"}
	dep := func(state, url string) *ghevent.Event {
		return &ghevent.Event{Name: "deployment_status", PullRequest: pr, Deployment: &ghevent.Deployment{SHA: pr.HeadSHA, State: state, URL: url, Environment: "Preview"}}
	}
	tmpl := "https://{branch}--pr-{number}.preview.example.com/{sha}/"
	cases := []struct {
		name      string
		in        Inputs
		e         *ghevent.Event
		url, skip string
	}{
		{"input first", Inputs{PreviewURL: "https://staging.example.com", PreviewURLTemplate: tmpl}, dep("success", "https://d.example.com"), "https://staging.example.com", ""},
		{"deployment", Inputs{PreviewURLTemplate: tmpl}, dep("success", "https://d.example.com"), "https://d.example.com", ""},
		{"not up", Inputs{PreviewURLTemplate: tmpl}, dep("in_progress", "https://d.example.com"), "", `has the status "in_progress", not success`},
		{"not up, input", Inputs{PreviewURL: "https://staging.example.com"}, dep("failure", ""), "", `has the status "failure", not success`},
		{"no url, template", Inputs{PreviewURLTemplate: tmpl}, dep("success", ""), "https://feat-login--pr-12.preview.example.com/" + pr.HeadSHA + "/", ""},
		{"no url, no template", Inputs{}, dep("success", ""), "", "reports no environment_url or target_url"},
		{"bad url", Inputs{}, dep("success", "javascript:alert(1)"), "", `environment_url "javascript:alert(1)" is not an http:// or https:// URL`},
		{"pull request", Inputs{PreviewURLTemplate: tmpl}, &ghevent.Event{Name: "pull_request", PullRequest: pr}, "https://feat-login--pr-12.preview.example.com/" + pr.HeadSHA + "/", ""},
		{"empty slug", Inputs{PreviewURLTemplate: "https://{branch}"}, &ghevent.Event{Name: "pull_request", PullRequest: &ghevent.PullRequest{Number: 1, HeadRef: "---"}}, "", "has no host"},
		{"push", Inputs{PreviewURLTemplate: tmpl}, &ghevent.Event{Name: "push"}, "", ""},
	}
	for _, tc := range cases {
		p := PreviewFor(tc.in, tc.e)
		if p.URL != tc.url || tc.skip == "" && p.NotChecked != "" || tc.skip != "" && !strings.Contains(p.NotChecked, tc.skip) {
			t.Errorf("%s: %+v, want url %q, not checked %q", tc.name, p, tc.url, tc.skip)
		}
	}
}

func TestPreviewTemplateInput(t *testing.T) {
	t.Parallel()
	for tmpl, want := range map[string]string{
		"https://pr-{number}.preview.example.com": "",
		"https://{branch}.example.com/{sha}":      "",
		"https://{host}.example.com":              "has an unknown placeholder {host}",
		"https://pr-{number.example.com":          "unbalanced",
		"ftp://pr-{number}.example.com":           "is not an http:// or https:// URL",
	} {
		_, err := ReadInputs(func(n string) string {
			if n == "preview-url-template" {
				return tmpl
			}
			return ""
		})
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%q: %v, want %q", tmpl, err, want)
		}
	}
}

func FuzzExpandTemplate(f *testing.F) {
	f.Add("feature/deploy", 7)
	f.Add("x/../@169.254.169.254:80/#", 1)
	f.Fuzz(func(t *testing.T, branch string, n int) {
		u := expandTemplate("https://{branch}-{number}.preview.example.com/{sha}", &ghevent.PullRequest{Number: n, HeadRef: branch, HeadSHA: branch})
		host, _, _ := strings.Cut(strings.TrimPrefix(u, "https://"), "/")
		if !strings.HasSuffix(host, ".preview.example.com") || strings.ContainsAny(strings.TrimSuffix(host, ".preview.example.com"), ".@:/?#%[]\\") {
			t.Fatalf("branch %q makes the host %q", branch, host)
		}
	})
}
