package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Gitleaks config sources, each with a rule of its own (no [extend]: the
// file replaces gitleaks' defaults), and a file holding a token of each.
const (
	cfgRootTok   = "rootcfg_k3j9x0q2m7w4v8b1"
	cfgGithubTok = "ghdircfg_n6c5z2r9t0y4u7p1"
	cfgEnvTok    = "envpathcfg_q8w2e4r6t8y0u2i4"
	cfgTOMLTok   = "envtomlcfg_a1s3d5f7g9h1j3k5"
	cfgFlagTok   = "flagcfg_z2x4c6v8b0n2m4q6"
)

func gitleaksRule(id, prefix string) string {
	return "[[rules]]\nid = \"" + id + "\"\ndescription = \"" + id + " token\"\nregex = '''" + prefix + "_[a-z0-9]{16}'''\nkeywords = [\"" + prefix + "_\"]\n"
}

type cfgReport struct {
	Findings []struct{ RuleID string }
	Warnings []string
	Errors   []struct{ Check, Message string }
}

func (r cfgReport) rules() []string {
	var out []string
	for _, f := range r.Findings {
		if !slices.Contains(out, f.RuleID) {
			out = append(out, f.RuleID)
		}
	}
	slices.Sort(out)
	return out
}

// TestFaultGitleaksConfigPrecedence: launchready read only the root's
// .gitleaks.toml; a repository set up for gitleaks (GITLEAKS_CONFIG,
// GITLEAKS_CONFIG_TOML, .github/.gitleaks.toml, a --config naming the
// gitleaks file) got other rules than gitleaks runs. The sources apply in
// gitleaks' order, through run(...); a named path outside the repository,
// or a link out of it, is refused with a warning and the next source is
// used.
func TestFaultGitleaksConfigPrecedence(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "outside.toml")
	if err := os.WriteFile(outside, []byte(gitleaksRule("outside-rule", "envpathcfg")), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		".github/.gitleaks.toml": gitleaksRule("github-dir-rule", "ghdircfg"),
		"ci/gitleaks.toml":       gitleaksRule("env-path-rule", "envpathcfg"),
		"ci/flag.toml":           gitleaksRule("flag-rule", "flagcfg"),
		"deploy/tokens.sh":       strings.Join([]string{"A=" + cfgRootTok, "B=" + cfgGithubTok, "C=" + cfgEnvTok, "D=" + cfgTOMLTok, "E=" + cfgFlagTok}, "\n") + "\n",
	}
	noRoot := repoWith(t, files)
	files[".gitleaks.toml"] = gitleaksRule("root-rule", "rootcfg")
	r := repoWith(t, files)
	if err := os.Symlink(outside, filepath.Join(r.Dir, "ci", "linked.toml")); err != nil {
		t.Fatal(err)
	}
	tomlEnv := gitleaksRule("env-toml-rule", "envtomlcfg")
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		want  []string
		warn  string
		noDir bool // without the root's .gitleaks.toml
	}{
		{name: "root file", want: []string{"secrets/root-rule"}},
		{name: ".github/.gitleaks.toml when the root has none", noDir: true, want: []string{"secrets/github-dir-rule"}},
		{name: "GITLEAKS_CONFIG_TOML before the files", env: map[string]string{"GITLEAKS_CONFIG_TOML": tomlEnv}, want: []string{"secrets/env-toml-rule"}},
		{name: "GITLEAKS_CONFIG before GITLEAKS_CONFIG_TOML", env: map[string]string{"GITLEAKS_CONFIG": "ci/gitleaks.toml", "GITLEAKS_CONFIG_TOML": tomlEnv}, want: []string{"secrets/env-path-rule"}},
		{name: "GITLEAKS_CONFIG absolute inside the repository", env: map[string]string{"GITLEAKS_CONFIG": filepath.Join(r.Dir, "ci", "gitleaks.toml")}, want: []string{"secrets/env-path-rule"}},
		{name: "--config naming a .toml before GITLEAKS_CONFIG", env: map[string]string{"GITLEAKS_CONFIG": "ci/gitleaks.toml"}, args: []string{"--config", "ci/flag.toml"}, want: []string{"secrets/flag-rule"}},
		{name: "GITLEAKS_CONFIG_TOML extending a repository file", env: map[string]string{"GITLEAKS_CONFIG_TOML": "[extend]\npath = \"ci/gitleaks.toml\"\n\n" + tomlEnv}, want: []string{"secrets/env-path-rule", "secrets/env-toml-rule"}},
		{name: "GITLEAKS_CONFIG outside the repository", env: map[string]string{"GITLEAKS_CONFIG": outside}, want: []string{"secrets/root-rule"},
			warn: "GITLEAKS_CONFIG names the gitleaks config " + outside + ", which is refused"},
		{name: "GITLEAKS_CONFIG linking out of the repository", env: map[string]string{"GITLEAKS_CONFIG": "ci/linked.toml"}, want: []string{"secrets/root-rule"},
			warn: "GITLEAKS_CONFIG names the gitleaks config ci/linked.toml, which is refused"},
		{name: "GITLEAKS_CONFIG missing", env: map[string]string{"GITLEAKS_CONFIG": "ci/none.toml"}, want: []string{"secrets/root-rule"},
			warn: "GITLEAKS_CONFIG names the gitleaks config ci/none.toml, which is not in the work tree; the secret scan used .gitleaks.toml instead"},
	}
	for _, c := range cases {
		dir := r.Dir
		if c.noDir {
			dir = noRoot.Dir
		}
		res := runCLI(t, c.env, append([]string{"--repo", dir, "--check", "secrets", "--worktree", "--format", "json"}, c.args...)...)
		var rep cfgReport
		if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
			t.Fatalf("%s: exit %d, no JSON report: %v\n%s%s", c.name, res.code, err, res.stdout, res.stderr)
		}
		if got := rep.rules(); !slices.Equal(got, c.want) {
			t.Errorf("%s: rules %v, want %v (errors %+v, warnings %q)", c.name, got, c.want, rep.Errors, rep.Warnings)
		}
		if c.warn != "" && !slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, c.warn) }) {
			t.Errorf("%s: no warning %q in %q", c.name, c.warn, rep.Warnings)
		}
		if c.warn == "" && len(rep.Warnings) > 0 {
			t.Errorf("%s: warnings %q", c.name, rep.Warnings)
		}
		for _, tok := range []string{cfgRootTok, cfgGithubTok, cfgEnvTok, cfgTOMLTok, cfgFlagTok} {
			if strings.Contains(res.stdout+res.stderr, tok) {
				t.Errorf("%s: a token leaked", c.name)
			}
		}
	}
}

// TestFaultPRSwapsGitleaksConfig: the workflow names the gitleaks config
// (GITLEAKS_CONFIG, as gitleaks-action users set it); a pull request that
// rewrites that file, or adds a root .gitleaks.toml that would come before
// .github/.gitleaks.toml, must not choose the rules that judge it: the
// base commit's config applies, with the policy-change warning.
func TestFaultPRSwapsGitleaksConfig(t *testing.T) {
	t.Parallel()
	const rules = "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"acme-token\"\ndescription = \"ACME internal API token\"\nregex = '''acme_([a-z0-9]{32})'''\nsecretGroup = 1\nkeywords = [\"acme_\"]\n"
	const noop = "[[rules]]\nid = \"nothing\"\nregex = '''zzzz_never'''\nkeywords = [\"zzzz\"]\n"
	cases := []struct {
		name string
		env  map[string]string
		pr   map[string]string
		warn string
	}{
		{"GITLEAKS_CONFIG's file rewritten", map[string]string{"GITLEAKS_CONFIG": "security/gitleaks.toml"},
			map[string]string{"security/gitleaks.toml": noop}, "this pull request changes security/gitleaks.toml"},
		{"a root .gitleaks.toml before .github's", nil,
			map[string]string{".gitleaks.toml": noop}, "this pull request changes .gitleaks.toml"},
		{".github/.gitleaks.toml rewritten", nil,
			map[string]string{".github/.gitleaks.toml": noop}, "this pull request changes .github/.gitleaks.toml"},
	}
	for _, c := range cases {
		base := map[string]string{".github/.gitleaks.toml": rules}
		if c.env != nil {
			base = map[string]string{"security/gitleaks.toml": rules}
		}
		files := map[string]string{"deploy/prod.env.sh": "export ACME=" + acmeToken + "\n"}
		for k, v := range c.pr {
			files[k] = v
		}
		s := newPRBase(t, base, files)
		s.extraEnv = c.env
		s.run("pull_request", "false", nil)
		if s.code != exitFindings || !strings.Contains(s.stdout, "acme-token") {
			t.Errorf("%s: exit %d, want 1 with the base's acme-token rule\n%s", c.name, s.code, s.stdout)
		}
		if !strings.Contains(s.stdout, c.warn) {
			t.Errorf("%s: no warning %q\n%s", c.name, c.warn, s.stdout)
		}
		if strings.Contains(s.stdout, acmeToken) {
			t.Errorf("%s: the token leaked", c.name)
		}
	}
}
