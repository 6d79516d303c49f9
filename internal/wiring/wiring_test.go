package wiring

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

func runWiring(t *testing.T, caseDir string) check.Result {
	t.Helper()
	res := testutil.RunCase(t, Wiring{}, caseDir)
	if res.Status != check.StatusRan {
		t.Fatalf("%s: status %s: %s", caseDir, res.Status, res.Reason)
	}
	return res
}

func TestWiringGolden(t *testing.T) {
	t.Parallel()
	testutil.GoldenCases(t, Wiring{}, *update, func(t *testing.T, res check.Result) {
		for _, f := range res.Findings {
			if f.Facet == "" || f.Fingerprint == "" || f.Remediation == "" || !strings.HasPrefix(f.RuleID, "code/") {
				t.Errorf("incomplete finding: %+v", f)
			}
		}
	})
}

// FuzzWiringParsers feeds arbitrary bytes to the JavaScript, Python and Go
// readers: they must never panic, and every finding must point at a line
// of the input.
func FuzzWiringParsers(f *testing.F) {
	for _, seed := range []string{
		"app.use(cors({origin: true, credentials: true}))",
		"const o = {origin(origin, cb) { cb(null, true) }}; app.use(cors(o))",
		"x = /[/]/g; y = `a${b}`; z = 'unterminated",
		"CORS(app, supports_credentials=True)\n@app.route(\"/login\")\ndef f(): pass",
		"s = r'''x\n''' + f\"{y}\"",
		"package main\nimport \"github.com/rs/cors\"\nvar c = cors.Options{AllowedOrigins: []string{\"*\"}}",
		"(((((", "}}}}", "a.b(", "@", "app.post('/login'",
		"registry.addMapping(\"/**\").allowedOriginPatterns(\"*\").allowCredentials(true);",
		"<configuration><compilation debug=\"true\"/></configuration>",
		"<?php return ['allowed_origins' => ['*'], 'supports_credentials' => true];",
		"  origins /.*/\n  resource '*', credentials: true\n",
		"management:\n  endpoints: {web: {exposure: {include: '*'}}}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Add([]byte("openapi: 3.0.0\npaths:\n  /login:\n    post: {operationId: login}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := 1 + strings.Count(string(src), "\n")
		for _, r := range specRoutes("openapi.yaml", src, "OpenAPI") {
			if r.line < 1 || r.line > lines {
				t.Fatalf("spec route at line %d of %d", r.line, lines)
			}
		}
		for _, kind := range []string{"JavaScript/TypeScript", "Python", "Go", "Java", "Kotlin", "Scala", "PHP", "Symfony config", "Ruby", "Play config", "Play routes", "C#", "web.config", "Spring config", "Laravel config", "Rails config", "Laravel routes", "Rails routes"} {
			fs, facts := scanSource(kind, "f", src)
			for _, c := range fs {
				if c.Line < 1 || c.Line > lines {
					t.Fatalf("%s: finding at line %d of %d", kind, c.Line, lines)
				}
			}
			for _, r := range facts.routes {
				if r.line < 1 || r.line > lines {
					t.Fatalf("%s: route at line %d of %d", kind, r.line, lines)
				}
			}
		}
	})
}

// TestWiringNotes: what the scan found that is not a finding is evidence
// in the notes: helmet, health routes, handlers that log failures.
func TestWiringNotes(t *testing.T) {
	t.Parallel()
	res := runWiring(t, filepath.Join(testutil.GoldenDir("wiring"), "fp", "express-hardened"))
	notes := strings.Join(res.Notes, "; ")
	for _, want := range []string{"security headers: helmet (app.js:10)", "0 of 2 login-type JavaScript handlers log failures", "code read: 2 JavaScript/TypeScript files"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q: %s", want, notes)
		}
	}
	res = runWiring(t, filepath.Join(testutil.GoldenDir("wiring"), "fp", "fastify-limited"))
	if notes := strings.Join(res.Notes, "; "); !strings.Contains(notes, "1 of 1 login-type JavaScript handlers log failures") {
		t.Errorf("notes: %s", notes)
	}
}
