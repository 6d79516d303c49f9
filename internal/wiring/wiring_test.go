package wiring

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/testutil"
	"github.com/launchready/launchready/internal/wiring/lex"
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
		"<?php\n$a = <<<EOT\nsetcookie('sid', $v);\nEOT;\nsetcookie('sid', $v);\n",
		"X = <<~A\n  cookies[:sid] = 1\nA\nconfig.force_ssl = false\n",
		"String s = \"\"\"\nnew Cookie(\"sid\", v);\n\"\"\"; var t = @\"a\"\"b\";",
		"x = [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]\rapp.run(debug=True)\r",
		"\xff\xfea\x00p\x00p\x00",
		"install(CORS) {\n anyHost()\n allowCredentials = true\n}\ninstall(Sessions) { cookie<S>(\"sid\") { cookie.secure = false } }\nf<A.B,>(",
		"<?php\n$origin = $_SERVER['HTTP_ORIGIN'] ?? '';\nheader(\"Access-Control-Allow-Origin: {$origin}\");\n$origin = \"${origin}\";",
		"void x(@RequestHeader(\"Origin\") String o) { r.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, List.of(o)); @RequestHeader(",
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
		// the readers see lone CRs as line breaks and UTF-16 decoded
		lines = max(lines, 1+strings.Count(string(readable(src)), "\n"))
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

// TestNestingCap: the readers stop at lex.MaxDepth levels (recursing
// through every level, and copying each level's span, was quadratic), and
// say so; a value just under the cap is read whole.
func TestNestingCap(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ kind, pre, suf string }{
		{"Python", "x = f(", ")\n"}, {"Ruby", "x = f(", ")\n"}, {"PHP", "<?php\n$x = f(", ");\n"},
		{"C#", "var x = f(", ");\n"}, {"Java", "Object x = f(", ");\n"}, {"JavaScript/TypeScript", "const x = f(", ");\n"},
	} {
		for _, n := range []int{lex.MaxDepth - 2, 50000} {
			src := c.pre + strings.Repeat("[", n) + strings.Repeat("]", n) + c.suf
			ff := readFacts(c.kind, "f", []byte(src))
			if over := n > lex.MaxDepth; (ff.nest.skipped > 0) != over || ff.nest.depth != 0 {
				t.Errorf("%s depth %d: skipped %d, depth left %d", c.kind, n, ff.nest.skipped, ff.nest.depth)
			}
		}
	}
}

// TestNotAppCode: the paths skipped as not the application's code.
func TestNotAppCode(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"examples/quickstart/app.py": true, "docs/conf.py": true, "a/samples/x.js": true, "demo/app.js": true,
		"internal/oauthtest/fake_authorization_server.go": true, "pkg/testutil/srv.go": true, "x/fake_srv.go": true, "x/mock_api.py": true, "x/api_mock.ts": true,
		"public/assets/app-3f2a1b.js": true, "static/js/main.8c1d2e4f.chunk.js": true, "web/app-0123abcd.js": true, "public/assets/index-Bx3a9Zq1.js": true,
		"src/main/java/com/example/web/A.java": false, "demo.py": false, "latest/app.js": false, "src/user-service.js": false,
		"src/app-settings1.js": false, "docsite.js": false, "src/contest/app.py": false,
		"usr/lib/python3/dist-packages/pyparsing/core.py": true, "env/lib/python3.12/site-packages/starlette/middleware/cors.py": true,
		"venv2/lib/python3.11/django/contrib/auth/urls.py": true, "__pypackages__/3.12/lib/rest_framework/urls.py": true,
		"src/lib/python_utils.py": false, "app/lib/auth.py": false,
	} {
		if got := notAppCode(p); got != want {
			t.Errorf("notAppCode(%q) = %v, want %v", p, got, want)
		}
	}
}
