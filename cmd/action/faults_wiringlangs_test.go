package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestFaultWiringPerCallOtherLanguages: in Python, Java/Kotlin/Scala, C#,
// PHP and Ruby the code scan read only framework-level settings (and most
// of those languages' files not at all): cookies set per call, hand-set
// CORS headers, debug switches and routes went unseen. Through the CLI,
// each case must give the rule at the line that causes it, and its
// known-safe twin nothing of it.
func TestFaultWiringPerCallOtherLanguages(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		files map[string]string
		file  string
		rule  string
		line  int // 0: the rule must be absent
	}{
		{"flask set_cookie without flags", map[string]string{"app.py": "from flask import Flask, make_response\napp = Flask(__name__)\n\n@app.get('/me')\ndef me():\n    r = make_response('ok')\n    r.set_cookie('session_id', 'x')\n    return r\n"}, "app.py", "code/session-cookie-insecure", 7},
		{"flask set_cookie with flags", map[string]string{"app.py": "from flask import Flask, make_response\napp = Flask(__name__)\n\n@app.get('/me')\ndef me():\n    r = make_response('ok')\n    r.set_cookie('session_id', 'x', secure=True, httponly=True)\n    return r\n"}, "app.py", "code/session-cookie-insecure", 0},
		{"flask debug under the main guard", map[string]string{"app.py": "from flask import Flask\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(debug=True)\n"}, "app.py", "code/debug-mode", 5},
		{"servlet cookie made insecure by its setter", map[string]string{"Login.java": "import javax.servlet.http.*;\n\nclass Login extends HttpServlet {\n  void doPost(HttpServletRequest q, HttpServletResponse r) {\n    Cookie c = new Cookie(\"JSESSIONID\", \"x\");\n    c.setHttpOnly(true);\n    c.setSecure(false);\n    r.addCookie(c);\n  }\n}\n"}, "Login.java", "code/session-cookie-insecure", 7},
		{"servlet cookie secured by its setters", map[string]string{"Login.java": "import javax.servlet.http.*;\n\nclass Login extends HttpServlet {\n  void doPost(HttpServletRequest q, HttpServletResponse r) {\n    Cookie c = new Cookie(\"JSESSIONID\", \"x\");\n    c.setHttpOnly(true);\n    c.setSecure(true);\n    r.addCookie(c);\n  }\n}\n"}, "Login.java", "code/session-cookie-insecure", 0},
		{"kotlin @CrossOrigin at its own line", map[string]string{"Api.kt": "import org.springframework.web.bind.annotation.*\n\n@RestController\n@CrossOrigin\nclass Api\n"}, "Api.kt", "code/cors-wildcard", 4},
		{"asp.net cookie options from a variable", map[string]string{"Program.cs": "var app = WebApplication.Create();\napp.MapGet(\"/me\", (HttpContext ctx) =>\n{\n    var o = new CookieOptions { HttpOnly = true };\n    ctx.Response.Cookies.Append(\"auth_token\", \"x\", o);\n});\n"}, "Program.cs", "code/session-cookie-insecure", 5},
		{"asp.net developer page in development only", map[string]string{"Program.cs": "var app = WebApplication.Create();\nif (app.Environment.IsDevelopment())\n{\n    app.UseDeveloperExceptionPage();\n}\n"}, "Program.cs", "code/stack-trace-response", 0},
		{"php setcookie positional httponly false", map[string]string{"login.php": "<?php\nsetcookie('auth_token', $t, time() + 60, '/', '', true, false);\n"}, "login.php", "code/session-cookie-not-httponly", 2},
		{"php reflected origin with credentials", map[string]string{"api.php": "<?php\nheader('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);\nheader('Access-Control-Allow-Credentials: true');\n"}, "api.php", "code/cors-any-origin-with-credentials", 2},
		{"php origin echoed after a check", map[string]string{"api.php": "<?php\nif (in_array($_SERVER['HTTP_ORIGIN'], $ok, true)) {\n    header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);\n    header('Access-Control-Allow-Credentials: true');\n}\n"}, "api.php", "code/cors-any-origin-with-credentials", 0},
		{"rails cookies jar without httponly", map[string]string{"app/controllers/s_controller.rb": "class SController < ApplicationController\n  def create\n    cookies[:remember_token] = { value: 'x', expires: 2.weeks }\n  end\nend\n"}, "app/controllers/s_controller.rb", "code/session-cookie-not-httponly", 3},
		{"rails resources :sessions without a limiter", map[string]string{"config/routes.rb": "Rails.application.routes.draw do\n  resources :sessions, only: [:create]\nend\n"}, "config/routes.rb", "code/auth-route-without-rate-limit", 2},
		{"rails production error pages", map[string]string{"config/environments/production.rb": "Rails.application.configure do\n  config.consider_all_requests_local = true\nend\n"}, "config/environments/production.rb", "code/debug-mode", 2},
		{"rails development error pages", map[string]string{"config/environments/development.rb": "Rails.application.configure do\n  config.consider_all_requests_local = true\nend\n"}, "config/environments/development.rb", "code/debug-mode", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := repoWith(t, c.files)
			doc, res := runJSON(t, "--repo", r.Dir, "--check", "wiring")
			var got []string
			found := false
			for _, f := range doc.Findings {
				got = append(got, fmt.Sprintf("%s:%d %s", f.Location.Path, f.Location.StartLine, f.RuleID))
				if f.RuleID == c.rule {
					found = true
					if c.line == 0 || f.Location.Path != c.file || f.Location.StartLine != c.line {
						t.Errorf("%s at %s:%d, want %s", c.rule, f.Location.Path, f.Location.StartLine, map[bool]string{true: "none", false: fmt.Sprintf("%s:%d", c.file, c.line)}[c.line == 0])
					}
				}
			}
			if c.line > 0 && !found {
				t.Errorf("no %s; findings: %s\n%s", c.rule, strings.Join(got, ", "), res.stderr)
			}
		})
	}
}
