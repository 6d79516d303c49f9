package main

import (
	"fmt"
	"strings"
	"testing"
)

// wiringCase is one attack on the code scan through the CLI: rule must be
// reported at file:line, or (line 0) not at all.
type wiringCase struct {
	name  string
	files map[string]string
	file  string
	rule  string
	line  int
}

func runWiringCases(t *testing.T, cases []wiringCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := repoWith(t, c.files)
			doc, res := runJSON(t, "--repo", r.Dir, "--check", "wiring")
			var got []string
			found := false
			for _, f := range doc.Findings {
				got = append(got, fmt.Sprintf("%s:%d %s", f.Location.Path, f.Location.StartLine, f.RuleID))
				if f.RuleID != c.rule {
					continue
				}
				if c.line == 0 {
					t.Errorf("%s at %s:%d, want none", c.rule, f.Location.Path, f.Location.StartLine)
					continue
				}
				if f.Location.Path == c.file && f.Location.StartLine == c.line {
					found = true
				}
			}
			if c.line > 0 && !found {
				t.Errorf("no %s at %s:%d; findings: %s\n%s", c.rule, c.file, c.line, strings.Join(got, ", "), res.stderr)
			}
		})
	}
}

// TestFaultWiringDevGuards: code that runs only in development (a guard
// kept in a variable, a negated production check, FLASK_ENV ==
// "development", app.debug, NODE_ENV !== 'production', a Spring dev
// profile file) was reported as if it ran in production, for every rule
// class but debug, and a braceless guarded call at the if's line. Each
// guard must silence the finding; its production twin must still give it,
// at the call's own line.
func TestFaultWiringDevGuards(t *testing.T) {
	t.Parallel()
	runWiringCases(t, []wiringCase{
		{"asp.net guard in a variable", map[string]string{"Program.cs": "var app = WebApplication.Create();\nvar isDev = app.Environment.IsDevelopment();\nif (isDev)\n    app.UseDeveloperExceptionPage();\napp.Run();\n"}, "Program.cs", "code/stack-trace-response", 0},
		{"asp.net production guard in a variable", map[string]string{"Program.cs": "var app = WebApplication.Create();\nvar isProd = app.Environment.IsProduction();\nif (isProd)\n    app.UseDeveloperExceptionPage();\napp.Run();\n"}, "Program.cs", "code/stack-trace-response", 4},
		{"asp.net negated production check", map[string]string{"Startup.cs": "class Startup {\n  void Configure(IApplicationBuilder app, IWebHostEnvironment env) {\n    if (!env.IsProduction()) app.UseDeveloperExceptionPage();\n    else app.UseExceptionHandler(\"/error\");\n  }\n}\n"}, "Startup.cs", "code/stack-trace-response", 0},
		{"asp.net negated development check", map[string]string{"Startup.cs": "class Startup {\n  void Configure(IApplicationBuilder app, IWebHostEnvironment env) {\n    if (!env.IsDevelopment())\n      app.UseDeveloperExceptionPage();\n  }\n}\n"}, "Startup.cs", "code/stack-trace-response", 4},
		{"flask debug when FLASK_ENV is development", map[string]string{"app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\nif os.environ.get(\"FLASK_ENV\") == \"development\":\n    app.debug = True\n"}, "app.py", "code/debug-mode", 0},
		{"flask debug when FLASK_ENV is production", map[string]string{"app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\nif os.environ.get(\"FLASK_ENV\") == \"production\":\n    app.debug = True\n"}, "app.py", "code/debug-mode", 5},
		{"flask wildcard header while app.debug", map[string]string{"app.py": "from flask import Flask\napp = Flask(__name__)\n@app.after_request\ndef h(resp):\n    if app.debug:\n        resp.headers[\"Access-Control-Allow-Origin\"] = \"*\"\n    return resp\n"}, "app.py", "code/cors-wildcard", 0},
		{"flask wildcard header outside the guard", map[string]string{"app.py": "from flask import Flask\napp = Flask(__name__)\n@app.after_request\ndef h(resp):\n    if app.debug:\n        pass\n    resp.headers[\"Access-Control-Allow-Origin\"] = \"*\"\n    return resp\n"}, "app.py", "code/cors-wildcard", 7},
		{"express cors outside production", map[string]string{"app.js": "const express = require('express');\nconst cors = require('cors');\nconst app = express();\nif (process.env.NODE_ENV !== 'production') {\n  app.use(cors());\n}\n"}, "app.js", "code/cors-wildcard", 0},
		{"express cors in production", map[string]string{"app.js": "const express = require('express');\nconst cors = require('cors');\nconst app = express();\nif (process.env.NODE_ENV === 'production') {\n  app.use(cors());\n}\n"}, "app.js", "code/cors-wildcard", 5},
		{"spring dev profile stack traces", map[string]string{"src/main/resources/application-dev.properties": "server.error.include-stacktrace=always\n"}, "src/main/resources/application-dev.properties", "code/stack-trace-response", 0},
		{"spring prod profile stack traces", map[string]string{"src/main/resources/application-prod.properties": "server.error.include-stacktrace=always\n"}, "src/main/resources/application-prod.properties", "code/stack-trace-response", 1},
	})
}

// TestFaultWiringCookieNames: cookie names were matched by substring, so
// sidebar_collapsed ("sid") and consent_tokenized_banner ("token") were
// graded as session cookies, and the CSRF double-submit cookies that
// scripts must read (XSRF-TOKEN, csrftoken) were told to set HttpOnly.
// Session words must be whole tokens of the name; CSRF cookies get no
// HttpOnly finding, but still need Secure.
func TestFaultWiringCookieNames(t *testing.T) {
	t.Parallel()
	js := func(name, opts string) map[string]string {
		return map[string]string{"app.js": "const express = require('express');\nconst app = express();\napp.get('/ui', (req, res) => {\n  res.cookie('" + name + "', 'v', " + opts + ");\n  res.end();\n});\n"}
	}
	runWiringCases(t, []wiringCase{
		{"sidebar_collapsed is no session cookie", js("sidebar_collapsed", "{ secure: true }"), "app.js", "code/session-cookie-not-httponly", 0},
		{"consent_tokenized_banner is no session cookie", js("consent_tokenized_banner", "{ secure: true }"), "app.js", "code/session-cookie-not-httponly", 0},
		{"refreshToken is a session cookie", js("refreshToken", "{ secure: true }"), "app.js", "code/session-cookie-not-httponly", 4},
		{"user_sid is a session cookie", js("user_sid", "{ httpOnly: true }"), "app.js", "code/session-cookie-insecure", 4},
		{"XSRF-TOKEN may be read by scripts", js("XSRF-TOKEN", "{ secure: true }"), "app.js", "code/session-cookie-not-httponly", 0},
		{"XSRF-TOKEN gets no low httponly either", js("XSRF-TOKEN", "{ secure: true }"), "app.js", "code/cookie-not-httponly", 0},
		{"XSRF-TOKEN still needs Secure", js("XSRF-TOKEN", "{}"), "app.js", "code/cookie-insecure", 4},
		{"django csrftoken may be read by scripts", map[string]string{"views.py": "from django.http import HttpResponse\n\ndef v(request):\n    r = HttpResponse('ok')\n    r.set_cookie('csrftoken', 'x', secure=True)\n    return r\n"}, "views.py", "code/session-cookie-not-httponly", 0},
	})
}

// TestFaultWiringRateLimitCoverage: a limiter was assumed to cover routes
// it does not: a path prefix matched as text (/api/auth covered
// /api/authz/login), an app.use(limiter) below the route (Express runs
// middleware in registration order), a Flask route under @limiter.exempt,
// and a Laravel throttle group covering the whole file. Each must leave
// the route reported; the covered twin must not be.
func TestFaultWiringRateLimitCoverage(t *testing.T) {
	t.Parallel()
	pkg := `{"dependencies": {"express": "^4.19.2", "express-rate-limit": "^7.2.0", "@sentry/node": "^8.0.0"}}`
	js := func(body string) map[string]string {
		return map[string]string{"package.json": pkg, "app.js": "const express = require('express');\nconst rateLimit = require('express-rate-limit');\nconst app = express();\nconst limiter = rateLimit({ limit: 5 });\n" + body}
	}
	flask := func(exempt string) map[string]string {
		return map[string]string{"requirements.txt": "flask\nflask-limiter\nsentry-sdk\n", "app.py": "from flask import Flask\nfrom flask_limiter import Limiter\nfrom flask_limiter.util import get_remote_address\napp = Flask(__name__)\nlimiter = Limiter(get_remote_address, app=app, default_limits=['50 per hour'])\n\n@app.route('/login', methods=['POST'])\n" + exempt + "def login():\n    return 'ok'\n"}
	}
	laravel := "<?php\nuse Illuminate\\Support\\Facades\\Route;\nRoute::middleware(['throttle:api'])->group(function () {\n    Route::post('/login', [A::class, 'login']);\n});\nRoute::post('/password/reset', [A::class, 'reset']);\n"
	runWiringCases(t, []wiringCase{
		{"prefix matched by segments", js("app.use('/api/auth', limiter);\napp.post('/api/authz/login', (q, s) => s.end());\n"), "app.js", "code/auth-route-without-rate-limit", 6},
		{"prefix covers the routes below it", js("app.use('/api/auth', limiter);\napp.post('/api/auth/login', (q, s) => s.end());\n"), "app.js", "code/auth-route-without-rate-limit", 0},
		{"limiter registered after the route", js("app.post('/login', (q, s) => s.end());\napp.use(limiter);\n"), "app.js", "code/auth-route-without-rate-limit", 5},
		{"limiter registered before the route", js("app.use(limiter);\napp.post('/login', (q, s) => s.end());\n"), "app.js", "code/auth-route-without-rate-limit", 0},
		{"flask route exempt from default limits", flask("@limiter.exempt\n"), "app.py", "code/auth-route-without-rate-limit", 7},
		{"flask route under default limits", flask(""), "app.py", "code/auth-route-without-rate-limit", 0},
		{"laravel throttle group covers only its routes", map[string]string{"routes/web.php": laravel}, "routes/web.php", "code/auth-route-without-rate-limit", 6},
	})
}

// TestFaultWiringMissedAPIs: APIs real code uses that the scan did not
// read: Flask-CORS through the module (flask_cors.CORS), under an alias
// (CORS as Cors), with per-path resources; Flask's
// app.config.update(SESSION_COOKIE_*=False); Django CSRF_COOKIE_SECURE =
// False. Each must be reported where it is set; its safe twin must not.
func TestFaultWiringMissedAPIs(t *testing.T) {
	t.Parallel()
	py := func(body string) map[string]string {
		return map[string]string{"app.py": "import flask_cors\nfrom flask import Flask\nfrom flask_cors import CORS as Cors\napp = Flask(__name__)\n" + body}
	}
	runWiringCases(t, []wiringCase{
		{"flask_cors.CORS through the module", py("flask_cors.CORS(app)\n"), "app.py", "code/cors-wildcard", 5},
		{"flask_cors.CORS with a fixed origin", py("flask_cors.CORS(app, origins=['https://app.example.com'])\n"), "app.py", "code/cors-wildcard", 0},
		{"CORS imported as Cors with credentials", py("Cors(app, supports_credentials=True)\n"), "app.py", "code/cors-any-origin-with-credentials", 5},
		{"resources allowing every origin", py("Cors(app, resources={r'/api/*': {'origins': '*'}})\n"), "app.py", "code/cors-wildcard", 5},
		{"resources with a fixed origin", py("Cors(app, resources={r'/api/*': {'origins': ['https://app.example.com']}})\n"), "app.py", "code/cors-wildcard", 0},
		{"flask config.update insecure session cookie", py("app.config.update(\n    SESSION_COOKIE_SECURE=False,\n    SESSION_COOKIE_HTTPONLY=False,\n)\n"), "app.py", "code/session-cookie-insecure", 6},
		{"flask config.update scripts read the session", py("app.config.update(\n    SESSION_COOKIE_SECURE=False,\n    SESSION_COOKIE_HTTPONLY=False,\n)\n"), "app.py", "code/session-cookie-not-httponly", 7},
		{"flask config.update secure session cookie", py("app.config.update(SESSION_COOKIE_SECURE=True)\n"), "app.py", "code/session-cookie-insecure", 0},
		{"django CSRF cookie without Secure", map[string]string{"proj/settings.py": "SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = False\nCSRF_COOKIE_HTTPONLY = False\n"}, "proj/settings.py", "code/cookie-insecure", 2},
		{"express origin read into a variable", map[string]string{"app.js": "const http = require('http');\nhttp.createServer((req, res) => {\n  const origin = req.headers['origin'];\n  res.setHeader('Access-Control-Allow-Origin', origin);\n  res.end();\n}).listen(8080);\n"}, "app.js", "code/cors-reflected-origin", 4},
		{"express origin destructured with credentials", map[string]string{"app.js": "const express = require('express');\nconst app = express();\napp.use((req, res, next) => {\n  const { origin } = req.headers;\n  res.header('Access-Control-Allow-Origin', origin);\n  res.header('Access-Control-Allow-Credentials', true);\n  next();\n});\n"}, "app.js", "code/cors-any-origin-with-credentials", 5},
		{"express destructured origin checked first", map[string]string{"app.js": "const express = require('express');\nconst app = express();\nconst ok = ['https://a.example'];\napp.use((req, res, next) => {\n  const { origin } = req.headers;\n  if (ok.includes(origin)) {\n    res.header('Access-Control-Allow-Origin', origin);\n  }\n  next();\n});\n"}, "app.js", "code/cors-reflected-origin", 0},
		{"servlet origin read into a variable", map[string]string{"F.java": "import javax.servlet.*;\nimport javax.servlet.http.*;\nclass F implements Filter {\n  public void doFilter(ServletRequest q, ServletResponse s, FilterChain c) {\n    HttpServletRequest request = (HttpServletRequest) q;\n    HttpServletResponse response = (HttpServletResponse) s;\n    String origin = request.getHeader(\"Origin\");\n    response.addHeader(\"Access-Control-Allow-Origin\", origin);\n  }\n}\n"}, "F.java", "code/cors-reflected-origin", 8},
		{"set-cookie header built by concatenation", map[string]string{"app.js": "const http = require('http');\nhttp.createServer((req, res) => {\n  res.setHeader('Set-Cookie', 'session=' + req.url + '; Path=/');\n  res.end();\n}).listen(3000);\n"}, "app.js", "code/session-cookie-insecure", 3},
		{"set-cookie header built with its flags", map[string]string{"app.js": "const http = require('http');\nhttp.createServer((req, res) => {\n  res.setHeader('Set-Cookie', 'session=' + req.url + '; Path=/; Secure; HttpOnly');\n  res.end();\n}).listen(3000);\n"}, "app.js", "code/session-cookie-insecure", 0},
		{"asp.net cookie options filled in after new", map[string]string{"C.cs": "public class C : Controller {\n  public IActionResult Set() {\n    var o = new CookieOptions();\n    o.HttpOnly = false;\n    Response.Cookies.Append(\"session_id\", \"v\", o);\n    return Ok();\n  }\n}\n"}, "C.cs", "code/session-cookie-not-httponly", 4},
		{"asp.net cookie options secured after new", map[string]string{"C.cs": "public class C : Controller {\n  public IActionResult Set() {\n    var o = new CookieOptions();\n    o.HttpOnly = true;\n    o.Secure = true;\n    Response.Cookies.Append(\"session_id\", \"v\", o);\n    return Ok();\n  }\n}\n"}, "C.cs", "code/session-cookie-not-httponly", 0},
		{"django CSRF cookie readable by scripts by design", map[string]string{"proj/settings.py": "CSRF_COOKIE_SECURE = True\nCSRF_COOKIE_HTTPONLY = False\n"}, "proj/settings.py", "code/cookie-not-httponly", 0},
	})
}
