package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The speed of the history scan (issue 16) rests on three shortcuts that
// must not change what it finds: keywords derived for rules that have none,
// hunks scanned once when the same text comes back in another commit, and
// git log split over workers on larger machines. These faults attack them
// through run(...); internal/secrets' TestHistoryPassIsTheSameEveryWay
// runs the same history every way (workers, cache) and compares.

type speedReport struct {
	Findings []struct {
		RuleID      string
		Occurrences int
		Message     string
		Location    struct {
			Path      string
			StartLine int
			Commit    string
		}
	}
}

func scanSpeed(t *testing.T, dir string) speedReport {
	t.Helper()
	rep, res := scanSecrets(t, dir)
	if status, reason, _ := rep.row(t); status != "pass" && status != "fail" {
		t.Fatalf("secrets row %s: %s\n%s", status, reason, res.stderr)
	}
	var sr speedReport
	if err := json.Unmarshal([]byte(res.stdout), &sr); err != nil {
		t.Fatal(err)
	}
	return sr
}

// A token cherry-picked to a second branch is the same hunk in two
// commits: scanned once, it must still be reported in both (two
// occurrences, attributed to the commit that introduced it), and a token
// that differs by one character on the same line is a finding of its own.
func TestFaultSecretsRepeatedHunkCountsEveryCommit(t *testing.T) {
	r := secretsRepo(t)
	tok := "glpat-" + "Xq7Lm2Pz9Kd4Rt8WvB3n"
	r.Write("deploy/env.yml", "token: "+tok+"\n")
	first := r.Commit("deploy token")
	r.Checkout("release", true)
	r.Write("deploy/env.yml", "")
	r.Commit("drop the token on release")
	r.Write("deploy/env.yml", "token: "+tok+"\n")
	r.Commit("cherry-pick the deploy token")
	// The same line with one character changed: not the same hunk.
	r.Write("deploy/env.yml", "")
	r.Commit("drop it again")
	other := tok[:len(tok)-1] + "m"
	r.Write("deploy/env.yml", "token: "+other+"\n")
	r.Commit("another token")
	secretsOK(t, r)

	rep := scanSpeed(t, r.Dir)
	var got []string
	for _, f := range rep.Findings {
		if f.Location.Path != "deploy/env.yml" {
			continue
		}
		got = append(got, f.RuleID)
		switch {
		case strings.Contains(f.Message, "glpa"):
			if f.Occurrences == 2 && f.Location.Commit != first {
				t.Errorf("the cherry-picked token is attributed to %s, want %s, the commit that introduced it", f.Location.Commit, first)
			}
		}
	}
	occ := map[int]int{}
	for _, f := range rep.Findings {
		if f.Location.Path == "deploy/env.yml" {
			occ[f.Occurrences]++
		}
	}
	if len(got) != 2 || occ[2] != 1 || occ[1] != 1 {
		t.Fatalf("want two findings in deploy/env.yml, the cherry-picked token in 2 commits and the other in 1; got %+v", rep.Findings)
	}
}

// A rule of .launchready.yml without keywords gets keywords from its
// regex: it must still find its secret wherever the history holds it, in
// a file and in a commit message, and where (?i) folds a letter to one
// beyond ASCII: (?i)s also matches the long s (U+017F), which gitleaks'
// lower-casing leaves as it is, so "sk_" cannot be the keyword of
// (?i)sk_acme_ (the finding is the regex engine's to make, as before).
func TestFaultSecretsKeywordlessRuleFindsEverywhere(t *testing.T) {
	r := secretsRepo(t)
	r.Write(".launchready.yml", "secrets:\n  rules:\n"+
		"    - id: acme-token\n      description: ACME deploy token\n      regex: '(?i)acme_deploy_([a-z0-9]{24})'\n      secret-group: 1\n"+
		"    - id: acme-key\n      description: ACME signing key\n      regex: '(?i)sk_acme_([0-9]{24})'\n      secret-group: 1\n")
	r.Commit("policy")
	r.Write("ci/deploy.sh", "export T=ACME_DEPLOY_k3j9x0q2m8v7b6n5c4z1a2s3\n")
	r.Commit("deploy script")
	r.Write("README.md", "# app\n\nsee the runbook\n")
	r.Commit("docs\n\ntemporary token acme_deploy_p0o9i8u7y6t5r4e3w2q1a2s3")
	r.Write("keys.txt", "signing = \u017fk_acme_302918475610293847561029\n")
	r.Commit("keys")
	secretsOK(t, r)

	rep := scanSpeed(t, r.Dir)
	found := map[string]bool{}
	for _, f := range rep.Findings {
		found[f.RuleID+" "+f.Location.Path] = true
	}
	for _, want := range []string{"secrets/acme-token ci/deploy.sh", "secrets/acme-token commit message", "secrets/acme-key keys.txt"} {
		if !found[want] {
			t.Errorf("no %s finding; findings: %+v", want, rep.Findings)
		}
	}
}
