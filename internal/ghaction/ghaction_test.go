package ghaction

import (
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/annotate/difffilter"
	"github.com/launchready/launchready/internal/report"
)

func TestReadInputs(t *testing.T) {
	t.Parallel()
	in, err := ReadInputs(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if in.FilterMode != difffilter.Added || !in.StickyComment || !in.ReviewComments || !in.Annotations ||
		in.MaxReviewComments != 30 || in.SARIFFile != "launchready.sarif" || in.Scan != "auto" || in.FailOn != nil {
		t.Errorf("defaults: %+v", in)
	}
	bad := map[string]string{
		"fail-on":             `input fail-on: unknown severity "severe"`,
		"comment":             `input comment "severe" is not one of sticky, off`,
		"review-comments":     `input review-comments must be true or false, got "severe"`,
		"annotations":         `input annotations must be true or false, got "severe"`,
		"max-review-comments": `input max-review-comments "severe" is not a number from 0 to 200`,
		"scan":                `input scan "severe" is not one of auto, range, full`,
		"filter-mode":         `input filter-mode "severe" is not one of added, diff_context, file, nofilter`,
	}
	for name, want := range bad {
		_, err := ReadInputs(func(k string) string {
			if k == name {
				return "severe"
			}
			return ""
		})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
	in, _ = ReadInputs(func(k string) string {
		return map[string]string{"github-token": "t1", "admin-token": "t2", "comment": "off", "review-comments": "FALSE", "preview-url": "https://x.test", "dkim-selectors": "google, k1\ns1", "spec": "api/a.yaml,api/b.yaml"}[k]
	})
	if got := in.SpecFiles(); len(got) != 2 || got[1] != "api/b.yaml" {
		t.Errorf("specs %q", got)
	}
	if got := in.Selectors(); len(got) != 3 || got[2] != "s1" {
		t.Errorf("selectors %q", got)
	}
	if len(in.Tokens()) != 2 || in.StickyComment || in.ReviewComments {
		t.Errorf("tokens %v sticky %v review %v", in.Tokens(), in.StickyComment, in.ReviewComments)
	}
}

func TestScoreAndOutputs(t *testing.T) {
	t.Parallel()
	rep := &report.Report{Verdict: report.StatusWarn, Scorecard: []report.Row{
		{Status: report.StatusPass}, {Status: report.StatusPass}, {Status: report.StatusWarn}, {Status: report.StatusNotChecked},
	}}
	if s, ok := Score(rep); s != 66 || !ok {
		t.Errorf("score %d, want 66 (2 of 3 checked rows pass)", s)
	}
	if _, ok := Score(&report.Report{Scorecard: []report.Row{{Status: report.StatusNotChecked}, {Status: report.StatusWaived}}}); ok {
		t.Error("nothing checked must have no score")
	}
	if out := Outputs(&report.Report{}, "", "", ""); out["score"] != "" {
		t.Errorf("score output %q with nothing checked, want empty", out["score"])
	}
	out := Outputs(rep, "a.sarif", "r.json", "")
	if out["status"] != "warn" || out["score"] != "66" || out["sarif-file"] != "a.sarif" || out["fail-count"] != "0" {
		t.Errorf("outputs %v", out)
	}
}
