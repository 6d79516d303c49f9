package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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

// TestFaultClientBundlePathRules: a client bundle was scanned as a bare
// text, so a rule gated by a path (the repository's rule for its built
// bundles, password-assignment for a served .json) never applied to it,
// while the same file in the repository was found. Bundles are scanned as
// the file their URL names; and the gitleaks config named by the
// environment (GITLEAKS_CONFIG_TOML) is the one every text is scanned with:
// the work tree, spec examples and bundles.
func TestFaultClientBundlePathRules(t *testing.T) {
	t.Parallel()
	const bundlePass = "Kx8wQz4MaBcQ7mZk2Lr9"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><script src="/static/js/app.js"></script><script src="/static/js/keys.js"></script></html>`)
		case "/static/js/app.js":
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprintf(w, "var cfg={};cfg.password = %q;\n", bundlePass)
		case "/static/js/keys.js":
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprintf(w, "var acme=%q;\n", acmeToken)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	// The bundle rule is the repository's; the acme rule comes only from
	// the environment.
	gl := "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"bundle-password\"\ndescription = \"Password in a built bundle\"\n" +
		"path = '''(?:^|/)static/js/[^/]+\\.js$'''\nregex = '''password\\s*=\\s*\"([^\"]{8,})\"'''\nsecretGroup = 1\nkeywords = [\"password\"]\n"
	spec := "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\nsecurity: [{key: []}]\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      parameters:\n        - {name: k, in: query, schema: {type: string, maxLength: 64}, example: " + acmeToken + "}\n      responses:\n        \"200\": {description: ok}\n"
	r := repoWith(t, map[string]string{
		"ci/gitleaks.toml":     gl,
		"openapi.yaml":         spec,
		"static/js/app.js":     fmt.Sprintf("var cfg={};cfg.password = %q;\n", bundlePass),
		"deploy/acme.env.sh":   "export ACME=" + acmeToken + "\n",
		".gitleaks.toml":       "title = \"not this one\"\n[extend]\nuseDefault = true\n",
		"docs/placeholder.txt": "nothing\n",
	})
	env := map[string]string{"GITLEAKS_CONFIG_TOML": "[extend]\npath = \"ci/gitleaks.toml\"\n\n[[rules]]\nid = \"acme-token\"\ndescription = \"ACME internal API token\"\nregex = '''acme_([a-z0-9]{32})'''\nsecretGroup = 1\nkeywords = [\"acme_\"]\n"}
	res := runCLI(t, env, "--repo", r.Dir, "--worktree", "--url", srv.URL, "--allow-loopback", "--check", "probe-client", "--check", "openapi", "--check", "secrets", "--format", "json")
	var doc struct {
		Findings []struct{ RuleID, Message string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("exit %d, no JSON: %v\n%s%s", res.code, err, res.stdout, res.stderr)
	}
	has := func(rule, in string) bool {
		for _, f := range doc.Findings {
			if f.RuleID == rule && strings.Contains(f.Message, in) {
				return true
			}
		}
		return false
	}
	for _, c := range []struct{ rule, in, what string }{
		{"live/secret-in-client", "Password in a built bundle", "the bundle's password (a path-gated rule)"},
		{"live/secret-in-client", "ACME internal API token", "the bundle's acme token (GITLEAKS_CONFIG_TOML)"},
		{"openapi/secret-in-example", "ACME internal API token", "the spec example's acme token (GITLEAKS_CONFIG_TOML)"},
		{"secrets/bundle-password", "", "the work tree's bundle password"},
		{"secrets/acme-token", "", "the work tree's acme token"},
	} {
		if !has(c.rule, c.in) {
			t.Errorf("not found: %s\n%s", c.what, res.stdout)
		}
	}
	if strings.Contains(res.stdout+res.stderr, bundlePass) || strings.Contains(res.stdout+res.stderr, acmeToken[5:]) {
		t.Errorf("a raw secret was printed")
	}
}

// TestFaultGitleaksSuppressionsCounted: findings dropped by the
// repository's .gitleaksignore and by its .gitleaks.toml allowlists (a
// global one and a rule's) were dropped inside gitleaks, uncounted: the
// report said nothing was suppressed. They are counted in suppressed, in
// the work tree and the history; gitleaks' own defaults' allowlist drops
// (placeholder-like values) are not the repository's suppressions and stay
// uncounted.
func TestFaultGitleaksSuppressionsCounted(t *testing.T) {
	t.Parallel()
	gl := "[extend]\nuseDefault = true\n\n" +
		"[[allowlists]]\ndescription = \"test fixtures\"\nregexTarget = \"line\"\nregexes = ['''FIXTURE-TOKEN''']\n\n" +
		"[[allowlists]]\ndescription = \"the staging key in the docs\"\ncondition = \"AND\"\npaths = ['''^docs/''']\nstopwords = [\"stagingkey\"]\n\n" +
		"[[rules]]\nid = \"acme-token\"\ndescription = \"ACME internal API token\"\nregex = '''acme_([a-z0-9]{32})'''\nsecretGroup = 1\nkeywords = [\"acme_\"]\n" +
		"[[rules.allowlists]]\nstopwords = [\"k3j9x0\"]\n"
	const staging = "stagingkey_Vq8mZ2kLw9pXr4Tb"
	r := repoWith(t, map[string]string{
		".gitleaks.toml":   gl,
		"fixtures/a.sh":    "T=" + tokenFor("fixture-allow") + " # FIXTURE-TOKEN\n",
		"deploy/acme.sh":   "export ACME=" + acmeToken + "\n",
		"ignored.sh":       "T=" + tokenFor("ignore-file") + "\n",
		"docs/staging.env": "API_SECRET=" + staging + "\n",
		"kept.sh":          "T=" + tokenFor("kept") + "\n",
		".gitleaksignore":  "# accepted\nignored.sh:github-pat:1\n",
	})
	for _, mode := range []string{"--worktree", "--history"} {
		res := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", mode, "--format", "json")
		var rep struct {
			secretsReport
			Suppressed int
		}
		if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
			t.Fatalf("%s: exit %d, no JSON report: %v\n%s%s", mode, res.code, err, res.stdout, res.stderr)
		}
		var paths []string
		for _, f := range rep.Findings {
			paths = append(paths, f.Location.Path+" "+f.RuleID)
		}
		if !slices.Equal(paths, []string{"kept.sh secrets/github-pat"}) {
			t.Errorf("%s: findings %q, want only kept.sh's", mode, paths)
		}
		// The fixture line (global allowlist), the acme token (the
		// rule's stopword), the docs' staging key (an AND allowlist) and
		// the ignored file.
		if rep.Suppressed != 4 {
			t.Errorf("%s: suppressed = %d, want 4", mode, rep.Suppressed)
		}
	}
}
