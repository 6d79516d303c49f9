package ghaction

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// readmeYAML is every ```yaml block of the README, in order.
func readmeYAML(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile("(?s)```ya?ml\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
		out = append(out, m[1])
	}
	return out
}

type readmeStep struct {
	ID   string            `yaml:"id"`
	Uses string            `yaml:"uses"`
	With map[string]string `yaml:"with"`
}

// TestReadmeWorkflowsUseRealInputs: every workflow and step list the
// README tells users to copy parses, and every launchready step in it
// passes only inputs action.yml (or prebuilt/action.yml) declares and
// reads only outputs it sets. A renamed input would otherwise be ignored
// by GitHub with only a warning, and a renamed output would be empty.
func TestReadmeWorkflowsUseRealInputs(t *testing.T) {
	t.Parallel()
	metas := map[string]actionMeta{
		"launchready/launchready":          readMeta(t, "action.yml"),
		"launchready/launchready/prebuilt": readMeta(t, "prebuilt/action.yml"),
	}
	used := 0
	for i, block := range readmeYAML(t) {
		var steps []readmeStep
		var wf struct {
			Jobs map[string]struct{ Steps []readmeStep } `yaml:"jobs"`
		}
		var list []readmeStep
		switch {
		case yaml.Unmarshal([]byte(block), &wf) == nil && len(wf.Jobs) > 0:
			for _, j := range wf.Jobs {
				steps = append(steps, j.Steps...)
			}
		case strings.HasPrefix(strings.TrimSpace(block), "- ") && strings.Contains(block, "uses:"):
			if err := yaml.Unmarshal([]byte(dedent(block)), &list); err != nil {
				t.Errorf("README yaml block %d (a list of steps) does not parse: %v\n%s", i+1, err, block)
				continue
			}
			steps = list
		default:
			continue
		}
		ids := map[string]actionMeta{}
		for _, s := range steps {
			action, ref, ok := strings.Cut(s.Uses, "@")
			m, ours := metas[action]
			if !ours {
				continue
			}
			used++
			if !ok || ref == "" {
				t.Errorf("README yaml block %d: %q names no version", i+1, s.Uses)
			}
			for k := range s.With {
				if _, ok := m.Inputs[k]; !ok {
					t.Errorf("README yaml block %d: %s has no input %q", i+1, action, k)
				}
			}
			if s.ID != "" {
				ids[s.ID] = m
			}
		}
		for _, ref := range regexp.MustCompile(`steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)`).FindAllStringSubmatch(block, -1) {
			if m, ok := ids[ref[1]]; ok {
				if _, ok := m.Outputs[ref[2]]; !ok {
					t.Errorf("README yaml block %d: the action sets no output %q", i+1, ref[2])
				}
			}
		}
	}
	if used < 3 {
		t.Errorf("found %d launchready steps in the README's yaml blocks; the README's workflows are no longer found", used)
	}
}

// dedent removes the indentation of the first line from every line.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	ind := len(lines[0]) - len(strings.TrimLeft(lines[0], " "))
	for i, l := range lines {
		if len(l) >= ind && strings.TrimSpace(l[:ind]) == "" {
			lines[i] = l[ind:]
		}
	}
	return strings.Join(lines, "\n")
}

// TestReleaseCommitPinsTheImage runs the release workflow's own commands
// that write VERSION and pin prebuilt/action.yml to the new image's digest
// (the lines before `git config` in the release-commit step) on a copy of
// the repository's files: the sed must match the file's image line, and
// the result must still be an action that runs that image.
func TestReleaseCommitPinsTheImage(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string            `yaml:"name"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
			}
		}
	}
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatal(err)
	}
	var script string
	for _, s := range wf.Jobs["release"].Steps {
		if strings.Contains(s.Run, "prebuilt/action.yml") {
			script, _, _ = strings.Cut(s.Run, "git config")
		}
	}
	if script == "" {
		t.Fatal("release.yml: no step writes prebuilt/action.yml")
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "prebuilt"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"VERSION", "prebuilt/action.yml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const image = "ghcr.io/launchready/launchready@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "VERSION=v1.2.3", "MAJOR=v1", "IMAGE="+image)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the release step's commands: %v\n%s\n%s", err, out, script)
	}
	v, err := os.ReadFile(filepath.Join(dir, "VERSION"))
	if err != nil || string(v) != "v1.2.3\n" {
		t.Errorf("VERSION after the release step: %q, %v", v, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "prebuilt", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var m actionMeta
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("prebuilt/action.yml after the release step does not parse: %v", err)
	}
	if m.Runs.Image != "docker://"+image {
		t.Errorf("prebuilt/action.yml runs %q after the release step, want docker://%s", m.Runs.Image, image)
	}
	if want := readMeta(t, "prebuilt/action.yml"); len(m.Inputs) != len(want.Inputs) || len(m.Outputs) != len(want.Outputs) {
		t.Error("the release step changed prebuilt/action.yml's inputs or outputs")
	}
}
