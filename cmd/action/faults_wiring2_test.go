package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// wiringRun runs the code scan through the CLI on a repository holding
// files and returns its findings ("path:line rule") and warnings.
func wiringRun(t *testing.T, files map[string]string) (findings, warnings []string) {
	t.Helper()
	r := repoWith(t, files)
	res := runCLI(t, nil, "--repo", r.Dir, "--check", "wiring", "--format", "json")
	var doc struct {
		Findings []struct {
			RuleID   string
			Location struct {
				Path      string
				StartLine int
			}
		}
		Warnings []string
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("exit %d, not JSON: %v\n%s\n%s", res.code, err, res.stdout, res.stderr)
	}
	for _, f := range doc.Findings {
		if f.RuleID == "code/no-error-tracking" || f.RuleID == "code/no-rate-limit-library" {
			continue
		}
		findings = append(findings, fmt.Sprintf("%s:%d %s", f.Location.Path, f.Location.StartLine, f.RuleID))
	}
	return findings, doc.Warnings
}

func hasPrefixIn(xs []string, p string) bool {
	for _, x := range xs {
		if strings.HasPrefix(x, p) {
			return true
		}
	}
	return false
}

// TestFaultWiringDeepNesting: a literal nested tens of thousands of
// levels deep (Python, Ruby, PHP, C#) made the readers super-quadratic: a
// 100 KB file took 23-51 s, 200 KB more than 200 s, in the action and the
// hook. The readers now stop at lex.MaxDepth levels; the run must name the
// file it did not read in full (a warning, not silence), and still judge
// the rest of the file.
func TestFaultWiringDeepNesting(t *testing.T) {
	t.Parallel()
	const n = 20000
	deep := strings.Repeat("[", n) + strings.Repeat("]", n)
	for _, c := range []struct{ name, file, src, want string }{
		{"python", "app.py", "from flask import Flask\napp = Flask(__name__)\nx = " + deep + "\napp.run(debug=True)\n", "app.py:4 code/debug-mode"},
		{"ruby", "config/environments/production.rb", "X = " + deep + "\nRails.application.configure do\n  config.consider_all_requests_local = true\nend\n", "config/environments/production.rb:3 code/debug-mode"},
		{"php", "login.php", "<?php\n$x = " + deep + ";\nsetcookie('auth_token', $t, time() + 60, '/', '', true, false);\n", "login.php:3 code/session-cookie-not-httponly"},
		{"c#", "Program.cs", "var x = " + deep + ";\nvar app = WebApplication.Create();\napp.UseDeveloperExceptionPage();\n", "Program.cs:3 code/stack-trace-response"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fs, ws := wiringRun(t, map[string]string{c.file: c.src})
			if !hasPrefixIn(fs, c.want) {
				t.Errorf("no %s; findings %q", c.want, fs)
			}
			want := "wiring: not read: values nested more than 256 levels deep in 1 file(s) (" + c.file + ":"
			if !hasPrefixIn(ws, want) {
				t.Errorf("no warning %q; warnings %q", want, ws)
			}
		})
	}
}

// TestFaultWiringQuotedCode: code quoted in a PHP heredoc or nowdoc, a
// Ruby heredoc, a Java text block, a C# verbatim or raw string, or a
// Kotlin raw string was read as code and reported. Strings are strings
// now; the code after them is still read, at its own line.
func TestFaultWiringQuotedCode(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string // "" : no finding at all
	}{
		{"php heredoc", map[string]string{"doc.php": "<?php\n$help = <<<EOT\nNever call setcookie(\"PHPSESSID\", $v, 0, \"/\", \"\", false, false);\nheader(\"Access-Control-Allow-Origin: *\");\nini_set('display_errors', 1);\nEOT;\necho $help;\n"}, ""},
		{"php nowdoc, real call after", map[string]string{"a.php": "<?php\n$t = <<<'EOT'\nsome text\nEOT;\nsetcookie(\"PHPSESSID\", $v);\n"}, "a.php:5 code/session-cookie-"},
		{"ruby heredocs", map[string]string{"app/controllers/docs_controller.rb": "class DocsController < ApplicationController\n  HELP = <<~TEXT\n    cookies[:auth_token] = params[:t]\n    response.headers['Access-Control-Allow-Origin'] = request.headers['Origin']\n  TEXT\n  A, B = <<-X, <<Y\n    cookies[:remember_token] = { value: t, httponly: false }\n  X\nresponse.headers['Access-Control-Allow-Origin'] = '*'\nY\n  def show\n    render plain: HELP\n  end\nend\n"}, ""},
		{"java text block", map[string]string{"src/main/java/a/D.java": "package a;\npublic class D {\n    static final String HELP = \"\"\"\n        Cookie c = new Cookie(\"sessionid\", v);\n        resp.addCookie(c);\n        resp.setHeader(\"Access-Control-Allow-Origin\", \"*\");\n        \"\"\";\n}\n"}, ""},
		{"c# verbatim", map[string]string{"Doc.cs": "public class Doc {\n    const string Help = @\"\n        Response.Cookies.Append(\"\"auth\"\", \"\"v\"\", new CookieOptions { Secure = false });\n        app.UseDeveloperExceptionPage();\n    \";\n}\n"}, ""},
		{"c# raw string", map[string]string{"Doc.cs": "public class Doc {\n    const string Help = \"\"\"\n        app.UseDeveloperExceptionPage();\n        \"\"\";\n}\n"}, ""},
		{"kotlin raw string", map[string]string{"src/main/kotlin/D.kt": "package a\nval help = \"\"\"\n    val cookie = Cookie(\"session\", \"abc\")\n    response.addCookie(cookie)\n\"\"\"\n"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fs, _ := wiringRun(t, c.files)
			if c.want == "" && len(fs) > 0 {
				t.Errorf("quoted code reported: %q", fs)
			}
			if c.want != "" && (len(fs) == 0 || !hasPrefixIn(fs, c.want)) {
				t.Errorf("want %s..., got %q", c.want, fs)
			}
		})
	}
}

// TestFaultWiringNotAppCode: examples, documentation, samples, built
// bundles and test fakes outside test directories counted as the app's
// code (an OAuth test server's CORS wildcard, a quickstart's debug mode).
// They are skipped like tests; a Java package named com/example and a
// demo app at the repository root are still read.
func TestFaultWiringNotAppCode(t *testing.T) {
	t.Parallel()
	fs, _ := wiringRun(t, map[string]string{
		"examples/quickstart/app.py":                      "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
		"docs/conf_sample/settings.py":                    "DEBUG = True\n",
		"samples/api/server.js":                           "const cors = require('cors');\napp.use(cors({ origin: true, credentials: true }));\n",
		"public/assets/app-3f2a1b.js":                     "res.cookie('token', t);\n",
		"static/js/main.8c1d2e4f.chunk.js":                "res.cookie('token', t);\n",
		"internal/oauthtest/fake_authorization_server.go": "package oauthtest\n\nimport \"net/http\"\n\nfunc h(w http.ResponseWriter) { w.Header().Set(\"Access-Control-Allow-Origin\", \"*\") }\n",
		"internal/api/mock_server.go":                     "package api\n\nimport \"net/http\"\n\nfunc h(w http.ResponseWriter) { w.Header().Set(\"Access-Control-Allow-Origin\", \"*\") }\n",
		"src/main/java/com/example/web/Feed.java":         "package com.example.web;\nimport javax.servlet.http.*;\nclass Feed extends HttpServlet {\n  void doGet(HttpServletRequest q, HttpServletResponse r) {\n    r.setHeader(\"Access-Control-Allow-Origin\", \"*\");\n  }\n}\n",
		"demo.py": "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
	})
	want := []string{"demo.py:3 code/debug-mode", "src/main/java/com/example/web/Feed.java:5 code/cors-wildcard"}
	slices.Sort(fs)
	if strings.Join(fs, ", ") != strings.Join(want, ", ") {
		t.Errorf("findings %q, want %q", fs, want)
	}
}

// TestFaultWiringUnreadFilesNamed: source files of 1 MiB or more and
// minified bundles were skipped in silence, and the clean result read as
// "all code read". The report's warnings name them now.
func TestFaultWiringUnreadFilesNamed(t *testing.T) {
	t.Parallel()
	big := "const cors = require('cors');\napp.use(cors());\n" + strings.Repeat("// padding padding padding padding\n", 31000)
	_, ws := wiringRun(t, map[string]string{"server.js": big, "public/app.min.js": "app.use(cors())\n", "ok.js": "module.exports = 1;\n"})
	for _, want := range []string{"wiring: not read: 2 source file(s): ", "public/app.min.js (minified)", "server.js (over the 1 MiB cap)"} {
		if !hasPrefixIn(ws, want) && !strings.Contains(strings.Join(ws, "\n"), want) {
			t.Errorf("warnings lack %q: %q", want, ws)
		}
	}
}

// TestFaultWiringPositionsAndEncodings: a Kotlin expression-bodied
// function's builder was reported at the fun line, a file with CR-only
// line endings at line 1, a UTF-16 file not at all, and a capitalised
// Web.config (Visual Studio's default name) was not read.
func TestFaultWiringPositionsAndEncodings(t *testing.T) {
	t.Parallel()
	utf16js := func(s string) string {
		u := utf16.Encode([]rune(s))
		b := []byte{0xFF, 0xFE}
		for _, x := range u {
			b = append(b, byte(x), byte(x>>8))
		}
		return string(b)
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"kotlin expression body", map[string]string{"src/main/kotlin/a/A.kt": "package a\nimport org.springframework.http.ResponseCookie\n\nfun makeCookie(token: String): ResponseCookie =\n    ResponseCookie.from(\"refresh_token\", token)\n        .httpOnly(true)\n        .secure(false)\n        .path(\"/\")\n        .build()\n"}, "src/main/kotlin/a/A.kt:7 code/session-cookie-insecure"},
		{"CR line endings", map[string]string{"app.py": "from flask import Flask\rapp = Flask(__name__)\r\rapp.run(debug=True)\r"}, "app.py:4 code/debug-mode"},
		{"UTF-16 with BOM", map[string]string{"app.js": utf16js("const cors = require('cors');\nconst app = require('express')();\napp.use(cors({ origin: true, credentials: true }));\n")}, "app.js:3 code/cors-"},
		{"Web.config", map[string]string{"Web.config": "<?xml version=\"1.0\"?>\n<configuration>\n  <system.web>\n    <compilation debug=\"true\" targetFramework=\"4.8\" />\n  </system.web>\n</configuration>\n"}, "Web.config:4 code/debug-mode"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fs, _ := wiringRun(t, c.files)
			if !hasPrefixIn(fs, c.want) {
				t.Errorf("want %s..., got %q", c.want, fs)
			}
		})
	}
}
