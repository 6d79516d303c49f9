package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/launchready/launchready/internal/finding"
)

func TestDecodeValid(t *testing.T) {
	t.Parallel()
	src := `version: 1
fail-on: medium
severity:
  secrets/generic-api-key: low
  "secrets/*": high
ignore:
  - rule: secrets/password-assignment
    path: "testdata/**"
    reason: fixtures for our own tests
  - fingerprint: abc123
    reason: rotated on 2026-11-01
    until: 2027-01-31
secrets:
  allow-paths: ["docs/**"]
  rules:
    - id: acme-token
      description: ACME internal token
      regex: 'acme_([a-z0-9]{32})'
      secret-group: 1
      keywords: [acme_]
      severity: critical
precommit:
  fail-on: critical
`
	c, err := Decode([]byte(src), ".launchready.yml")
	if err != nil {
		t.Fatal(err)
	}
	if *c.FailOn != finding.SeverityMedium || *c.Precommit.FailOn != finding.SeverityCritical {
		t.Errorf("fail-on decoded wrong: %v %v", *c.FailOn, *c.Precommit.FailOn)
	}
	if got := c.SeverityFor("secrets/generic-api-key", finding.SeverityCritical); got != finding.SeverityLow {
		t.Errorf("exact override: got %v", got)
	}
	if got := c.SeverityFor("secrets/github-pat", finding.SeverityCritical); got != finding.SeverityHigh {
		t.Errorf("glob override: got %v", got)
	}
	if got := c.SeverityFor("cors/x", finding.SeverityMedium); got != finding.SeverityMedium {
		t.Errorf("no override: got %v", got)
	}
	if diff := cmp.Diff([]int{7, 10}, []int{c.Ignore[0].Line, c.Ignore[1].Line}); diff != "" {
		t.Errorf("ignore lines (-want +got):\n%s", diff)
	}
	if c.Ignore[1].Until == nil || c.Ignore[1].Until.Format(time.DateOnly) != "2027-01-31" {
		t.Errorf("until decoded wrong: %+v", c.Ignore[1].Until)
	}
	if c.Secrets.Rules[0].Line != 16 || c.Secrets.Rules[0].Severity != finding.SeverityCritical {
		t.Errorf("secret rule decoded wrong: %+v", c.Secrets.Rules[0])
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, src, want string }{
		{"unknown top key", "fail-on: high\nignores: []\n",
			`.launchready.yml:2: unknown key "ignores" in the top level; valid keys: email, fail-on, ignore, openapi, precommit, probe, secrets, severity, version, waive (did you mean "ignore"?)`},
		{"unknown nested key", "secrets:\n  allow_paths: [x]\n",
			`.launchready.yml:2: unknown key "allow_pa…" in secrets; valid keys: allow-paths, rules (did you mean "allow-paths"?)`},
		{"bad severity", "fail-on: hihg\n",
			`.launchready.yml:1: fail-on: unknown severity "hihg"; valid values are critical, high, medium, low, info, none`},
		{"ignore without reason", "ignore:\n  - rule: secrets/x\n",
			`.launchready.yml:2: ignore entry has no reason; add reason: "why this finding is accepted" so reviewers can judge it`},
		{"ignore matching all", "ignore:\n  - reason: because\n",
			`.launchready.yml:2: ignore entry matches everything; give at least one of rule, path, fingerprint, operation or pointer`},
		{"bad date", "ignore:\n  - rule: x\n    reason: r\n    until: next week\n",
			`.launchready.yml:4: ignore[0].until: date "next wee…" is not of the form YYYY-MM-DD`},
		{"bad regex", "secrets:\n  rules:\n    - id: x\n      regex: '('\n",
			`.launchready.yml:3: secret rule "x" has an invalid regex (missing closing ))`},
		{"missing group", "secrets:\n  rules:\n    - id: x\n      regex: 'a'\n      secret-group: 2\n",
			`.launchready.yml:3: secret rule "x": secret-group 2 does not exist in its regex (it has 0 groups)`},
		{"not a mapping", "- a\n- b\n",
			`.launchready.yml:1: the config must be a mapping of keys (fail-on, ignore, secrets, ...)`},
		{"list expected", "ignore: yes\n",
			`.launchready.yml:1: ignore must be a list`},
		{"duplicate key", "fail-on: high\nfail-on: low\n",
			`.launchready.yml:2: key "fail-on" appears twice (first at line 1)`},
		{"syntax", "fail-on: [\n",
			`.launchready.yml:1: did not find expected node content`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode([]byte(tc.src), ".launchready.yml")
			if err == nil {
				t.Fatal("want an error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid: %v", err)
			}
			got := strings.TrimPrefix(err.Error(), "invalid config: ")
			if got != tc.want {
				t.Errorf("message:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestIgnoreMatchesAndExpiry(t *testing.T) {
	t.Parallel()
	f := &finding.Finding{RuleID: "secrets/github-pat", Fingerprint: "fp1", GitleaksFingerprint: "c:a.txt:github-pat:3",
		Location: finding.Location{Path: "testdata/keys/a.txt", StartLine: 3}}
	cases := []struct {
		ig   Ignore
		want bool
	}{
		{Ignore{Rule: "secrets/*"}, true},
		{Ignore{Rule: "cors/*"}, false},
		{Ignore{Path: "testdata/**"}, true},
		{Ignore{Path: "src/**"}, false},
		{Ignore{Fingerprint: "fp1"}, true},
		{Ignore{Fingerprint: "c:a.txt:github-pat:3"}, true},
		{Ignore{Rule: "secrets/github-pat", Path: "src/**"}, false},
	}
	for i, tc := range cases {
		if got := tc.ig.Matches(f); got != tc.want {
			t.Errorf("case %d %+v: got %v", i, tc.ig, got)
		}
	}
	until := &Date{time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	if until.Expired(time.Date(2026, 11, 28, 23, 0, 0, 0, time.UTC)) {
		t.Error("an ignore must work through its last day")
	}
	if !until.Expired(time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)) {
		t.Error("an ignore must stop the day after")
	}
}

func TestLoadAndFind(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if Find(dir) != "" {
		t.Fatal("found a config in an empty folder")
	}
	p := filepath.Join(dir, ".launchready.yaml")
	if err := os.WriteFile(p, []byte("fail-on: low\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if Find(dir) != ".launchready.yaml" {
		t.Fatalf("Find = %q", Find(dir))
	}
	for _, load := range []func() (*Config, error){
		func() (*Config, error) { return LoadRepo(dir, ".launchready.yaml") },
		func() (*Config, error) { return LoadFile(p, ".launchready.yaml") },
	} {
		c, err := load()
		if err != nil || *c.FailOn != finding.SeverityLow || c.Path != ".launchready.yaml" {
			t.Fatalf("Load = %+v, %v", c, err)
		}
	}
	if err := os.WriteFile(p, make([]byte, MaxSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadRepo(dir, ".launchready.yaml"); err == nil || !strings.Contains(err.Error(), ".launchready.yaml is too large") {
		t.Fatalf("oversized config: %v", err)
	}
	if _, err := LoadFile(p, ".launchready.yaml"); err == nil || !strings.Contains(err.Error(), ".launchready.yaml is too large") {
		t.Fatalf("oversized config: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("fail-on: high\nignore:\n  - rule: a\n    reason: b\n"))
	f.Add([]byte("secrets:\n  rules:\n    - id: x\n      regex: 'a(b)'\n      secret-group: 1\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte("severity: {\"secrets/*\": low}\n"))
	f.Add([]byte("waive:\n  email: \"no mail\"\n  latency: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data, "f.yml")
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
			return
		}
		for _, ig := range c.Ignore {
			if ig.Reason == "" {
				t.Fatal("accepted an ignore without a reason")
			}
		}
		rows := map[finding.Row]bool{}
		for _, r := range finding.Rows {
			rows[r.ID] = true
		}
		for row, reason := range c.Waivers() {
			if !rows[row] || reason == "" {
				t.Fatalf("accepted waiver %q: %q", row, reason)
			}
		}
	})
}

func TestIgnoresPath(t *testing.T) {
	t.Parallel()
	cfg, err := Decode([]byte("ignore:\n  - path: \"testdata/**\"\n    reason: fixtures\n  - path: \"api/**\"\n    rule: openapi/*\n    reason: one rule only\n  - path: \"old/**\"\n    reason: gone\n    until: 2020-01-01\n"), "cfg")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	for p, want := range map[string]bool{"testdata/openapi/tp/broken.yaml": true, "api/openapi.yaml": false, "old/spec.yaml": false, "openapi.yaml": false} {
		if got := cfg.IgnoresPath(p, now); got != want {
			t.Errorf("IgnoresPath(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestWaive(t *testing.T) {
	t.Parallel()
	c, err := Decode([]byte("fail-on: high\nwaive:\n  email: \"this app sends no mail\"\n  latency: no core flows yet\n"), ".launchready.yml")
	if err != nil {
		t.Fatal(err)
	}
	if w := c.Waivers(); len(w) != 2 || w[finding.RowEmail] != "this app sends no mail" {
		t.Errorf("waivers %v", w)
	}
	for src, want := range map[string]string{
		"fail-on: high\nwaive:\n  email: ok\n  mail: \"no mail\"\n": `.launchready.yml:4: waive: "mail" is not a scorecard row; valid rows: authentication, authorization, secrets, https, cdn, email, cors, input-validation, logging, deployment, latency`,
		"waive:\n  latency: \"  \"\n":                               `.launchready.yml:2: waive: row latency has no reason; give one, such as latency: "why this row need not be checked"`,
		"waive: [email]\n":                                          `.launchready.yml:1: waive must be a mapping`,
		"waive:\n  email: \"\\u200b\"\n":                            `.launchready.yml:2: waive: row email has no reason; give one, such as email: "why this row need not be checked" (spaces and invisible characters`,
		"waive:\n  email: \"\\u2060\\u00a0\\t\\u202e\\u3000\"\n":    `.launchready.yml:2: waive: row email has no reason`,
		"ignore:\n  - rule: x/y\n    reason: \"\\u200b\\ufeff\"\n":  `.launchready.yml:2: ignore entry has no reason`,
	} {
		_, err := Decode([]byte(src), ".launchready.yml")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %s", src, err, want)
		}
	}
}
