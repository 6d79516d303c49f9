package ghaction

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/launchready/launchready/internal/report"
)

type actionMeta struct {
	Name     string
	Branding struct{ Icon string }
	Inputs   map[string]struct {
		Description string
		Default     string
	}
	Outputs map[string]struct{ Description string }
	Runs    struct {
		Using, Image string
	}
}

func readMeta(t *testing.T, path string) actionMeta {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	var m actionMeta
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestActionMetadataMatchesCode keeps action.yml, prebuilt/action.yml and
// the code in step.
func TestActionMetadataMatchesCode(t *testing.T) {
	t.Parallel()
	m := readMeta(t, "action.yml")
	if m.Runs.Using != "docker" || m.Runs.Image != "Dockerfile" || m.Branding.Icon != "shield" {
		t.Errorf("runs/branding: %+v %+v", m.Runs, m.Branding)
	}
	// Every input the code reads is declared, and the reverse.
	var read []string
	if _, err := ReadInputs(func(name string) string { read = append(read, name); return "" }); err != nil {
		t.Fatal(err)
	}
	sort.Strings(read)
	if diff := cmp.Diff(keys(m.Inputs), read); diff != "" {
		t.Errorf("inputs declared vs read (-action.yml +code):\n%s", diff)
	}
	if diff := cmp.Diff(keys(m.Outputs), keys(Outputs(&report.Report{}, "", "", ""))); diff != "" {
		t.Errorf("outputs declared vs set (-action.yml +code):\n%s", diff)
	}
	for name, in := range m.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	wantDefaults := map[string]string{"github-token": "${{ github.token }}", "filter-mode": "added", "comment": "sticky",
		"review-comments": "true", "annotations": "true", "max-review-comments": "30", "sarif-file": "launchready.sarif", "scan": "auto", "require-complete": "false"}
	for k, v := range wantDefaults {
		if m.Inputs[k].Default != v {
			t.Errorf("input %s default %q, want %q", k, m.Inputs[k].Default, v)
		}
	}
	p := readMeta(t, "prebuilt/action.yml")
	if diff := cmp.Diff(m.Inputs, p.Inputs); diff != "" {
		t.Errorf("prebuilt/action.yml inputs differ:\n%s", diff)
	}
	if diff := cmp.Diff(m.Outputs, p.Outputs); diff != "" {
		t.Errorf("prebuilt/action.yml outputs differ:\n%s", diff)
	}
	if !strings.HasPrefix(p.Runs.Image, "docker://ghcr.io/") {
		t.Errorf("prebuilt image %q", p.Runs.Image)
	}
}

// TestDockerfile checks what cannot be built here (no Docker engine): pinned
// bases, a static build on Go's regexp (no build tags), no USER, an
// absolute exec-form ENTRYPOINT.
func TestDockerfile(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	froms := regexp.MustCompile(`(?m)^FROM\s+(\S+)`).FindAllStringSubmatch(text, -1)
	if len(froms) < 2 {
		t.Fatalf("want a multi-stage build, found %d FROM lines", len(froms))
	}
	for _, f := range froms {
		if !regexp.MustCompile(`@sha256:[0-9a-f]{64}$`).MatchString(f[1]) {
			t.Errorf("base image %s is not pinned by digest", f[1])
		}
	}
	if regexp.MustCompile(`(?m)^[^#\n]*-tags`).MatchString(text) {
		t.Error("Dockerfile builds with tags; the image is built on Go's regexp (see its comment)")
	}
	for _, want := range []string{"CGO_ENABLED=0", "apk add --no-cache git ca-certificates",
		`ENTRYPOINT ["/usr/local/bin/launchready", "--action"]`} {
		if !strings.Contains(text, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if regexp.MustCompile(`(?m)^USER\b`).MatchString(text) {
		t.Error("Dockerfile sets USER; container actions must run as root")
	}
}
