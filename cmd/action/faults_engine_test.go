package main

import (
	"slices"
	"strings"
	"testing"
)

// TestFaultEngineCasesThroughTheCLI: the detection engine (issue 16's
// speed work) decides which rules can match a fragment and hands gitleaks
// windows of it. An outside attacker found cases where it missed what
// gitleaks reports, or reported what gitleaks does not; each is committed
// here to a repository whose .gitleaks.toml holds the attacker's rules
// (gitleaks' defaults extended), far down a long file so that the engine
// reads windows, and scanned through run(...) in history mode: every
// secret gitleaks reports is reported, at its line, and nothing else.
func TestFaultEngineCasesThroughTheCLI(t *testing.T) {
	t.Parallel()
	filler := strings.Repeat("\tx := compute(value, other)\n", 300)
	files := map[string]string{
		".gitleaks.toml": `[extend]
useDefault = true

# An assertion before the pivot, inside a group: the check read the text
# cut at the pivot, so \b saw its start.
[[rules]]
id = "grouped-boundary"
regex = '''(\b)-token[0-9]{4}'''
keywords = ["-token"]

# A keyword the engine cannot look for: gitleaks runs the rule only when
# it occurs.
[[rules]]
id = "accented-keyword"
regex = '''cle_[0-9]{8}'''
keywords = ["clé"]

# A line allowlist anchored at ^ on a last line without a final newline
# (gitleaks' Line then starts at the fragment's start).
[[rules]]
id = "last-line"
regex = '''tok_[0-9]{8}'''
keywords = ["tok_"]
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''^\tx :=''']
`,
		"src/boundary.go": filler + "\tv := \"a-token1234\"\n" + filler,
		"src/keyword.go":  filler + "\tv := \"cle_12345678\"\n" + filler,
		"src/last.go":     "package src\n" + filler + "v = tok_12345678",
		"src/aws.go":      "package src\n" + filler + "\tconst k = \"AKIA" + "QYLPMN5HHHFPZAM2\"\n" + filler,
	}
	r := repoWith(t, files)
	rep, res := secrets3Scan(t, r.Dir, "--history")
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Location.Path+":"+itoa(f.Location.StartLine)+" "+f.RuleID)
	}
	slices.Sort(got)
	want := []string{
		"src/aws.go:302 secrets/aws-access-token",
		"src/boundary.go:301 secrets/grouped-boundary",
		"src/last.go:302 secrets/last-line",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), res.stderr)
	}
}

// TestFaultEngineDecodedOnlyKeyword: a second outside attack found that a
// rule whose keyword occurs only in decoded text (gitleaks' airtable rule:
// keyword "airtable", not part of its regex) was run over the raw text
// without its keyword test, once decoding passes were split by rule. In a
// shell script that decodes an Airtable URL and exports a token, gitleaks
// reports the generic rule's finding; the engine reported the airtable
// rule's instead (which also dropped the generic one). Through run(...),
// in history mode, with the default config.
func TestFaultEngineDecodedOnlyKeyword(t *testing.T) {
	t.Parallel()
	url := "aHR0cHM6Ly9hcGkuYWlydGFibGUuY29tL3YwL2FwcFh5WjEyMy9UYWJsZQ==" // https://api.airtable.com/v0/appXyZ123/Table
	r := repoWith(t, map[string]string{
		"scripts/sync.sh": "#!/bin/sh\n# nightly sync\nexport SYNC_TOKEN=patR8xK2mQ9vL4tW7.3f9c2e7a1b4d5c6e8f0a9b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4\nENDPOINT=$(echo " + url + " | base64 -d)\n",
	})
	rep, res := secrets3Scan(t, r.Dir, "--history")
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Location.Path+":"+itoa(f.Location.StartLine)+" "+f.RuleID)
	}
	want := []string{"scripts/sync.sh:3 secrets/generic-api-key"}
	if !slices.Equal(got, want) {
		t.Errorf("findings\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), res.stderr)
	}
}
