package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/probe/flasktwin"
)

// The Flask twin through the CLI with allow-post: a second stack (Python,
// Werkzeug, SQLite) whose write endpoints really insert, change and delete
// rows. The vulnerable twin's findings of today's detectors are reported;
// on both twins the data digest (which the app writes itself, read here
// directly) is unchanged after the run, the twin received no PUT, PATCH or
// DELETE, and POSTs went only to the spec's POST operations.
func TestFaultFlaskTwinAllowPostThroughTheCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("starts python3")
	}
	t.Parallel()
	python := flasktwin.Need(t)
	files := map[string]string{}
	for src, dst := range map[string]string{"openapi.yaml": "openapi.yaml", "launchready.yml": ".launchready.yml"} {
		b, err := os.ReadFile(filepath.Join(flasktwin.Dir(), src))
		if err != nil {
			t.Fatal(err)
		}
		files[dst] = string(b)
	}
	if !strings.Contains(files[".launchready.yml"], "allow-post: true") {
		t.Fatal("the twin's config no longer sets allow-post")
	}
	secret := "jwt-" + tokenFor("flask-cli")
	member := flasktwin.Token(secret, "1", "member", time.Hour)
	admin := flasktwin.Token(secret, "9", "admin", time.Hour)
	for _, mode := range []string{"vulnerable", "hardened"} {
		t.Run(mode, func(t *testing.T) {
			repo := repoWith(t, files)
			tw := flasktwin.Start(t, python, flasktwin.Options{Mode: mode, JWTSecret: secret, ClientKey: tokenFor("flask-bundle")})
			base := "http://127.0.0.1:" + tw.Port
			before := tw.State(t)
			res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", base, "--allow-loopback",
				"--member-token", member, "--admin-token", admin, "--format", "json")
			if res.code != exitFindings {
				t.Errorf("exit %d, want 1 (plain HTTP fails HTTPS even when hardened); stderr:\n%s", res.code, res.stderr)
			}
			if after := tw.State(t); after.Digest != before.Digest {
				t.Errorf("the probe run changed the twin's data: before %+v, after %+v", before, after)
			}
			posts := map[string]int{}
			for _, r := range tw.Requests(t) {
				switch r.Method {
				case "GET", "HEAD", "OPTIONS":
				case "POST":
					posts[r.Path]++
				default:
					t.Errorf("the twin received %s %s", r.Method, r.Path)
				}
			}
			if posts["/api/notes"] == 0 {
				t.Errorf("no invalid POST to /api/notes: allow-post was not exercised (%v)", posts)
			}
			for p := range posts {
				if p != "/api/notes" && p != "/users/v1/login" {
					t.Errorf("a POST went to %s, which the spec does not declare as a POST", p)
				}
			}
			var doc deployReport
			if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
				t.Fatalf("JSON report: %v\n%s", err, res.stdout)
			}
			for _, s := range []string{member, admin} {
				if strings.Contains(res.stdout+res.stderr, s) {
					t.Error("a token reached the report")
				}
			}
			live := map[string]bool{}
			for _, f := range doc.Findings {
				if strings.HasPrefix(f.RuleID, "live/") {
					live[f.RuleID+" "+strings.TrimPrefix(f.Location.URL, base)] = true
				}
			}
			if mode == "vulnerable" {
				for _, want := range []string{"live/unauthenticated-access /api/invoices", "live/bola /api/members/2", "live/member-reaches-admin /api/admin/users",
					"live/member-reaches-admin /api/reports/summary", "live/exposed-file /.env", "live/server-error-on-bad-input /api/notes", "live/stack-trace-exposed /api/notes",
					"live/debug-endpoint-exposed /metrics", "live/directory-listing /static/", "live/version-disclosed /version",
					"live/jwt-alg-none-accepted /api/feed", "live/login-enumeration /users/v1/login", "live/no-rate-limit /users/v1/login"} {
					if !live[want] {
						t.Errorf("no %s finding; live findings: %v", want, live)
					}
				}
				return
			}
			// Hardened over plain HTTP: only the transport is wrong.
			for k := range live {
				if !strings.HasPrefix(k, "live/no-https ") && !strings.HasPrefix(k, "live/http-not-redirected ") {
					t.Errorf("the hardened twin has %s", k)
				}
			}
		})
	}
}
