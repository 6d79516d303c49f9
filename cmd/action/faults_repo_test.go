package main

// Fault matrix, repository trust: what a pull request can plant in the
// repository (links, FIFOs, git config, config files) must not make
// launchready act outside it. Each case attacks through run(...) or the
// action mode.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
