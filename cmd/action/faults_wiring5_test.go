package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestFaultWiringDebugAttributeOnPlainObject: any `x.debug = True` gave
// the high code/debug-mode as Flask's debug switch (pyparsing's
// `self.debug = True`). It counts only on a Flask app object.
func TestFaultWiringDebugAttributeOnPlainObject(t *testing.T) {
	t.Parallel()
	runWiringCases(t, []wiringCase{
		{"self.debug in a plain class", map[string]string{"core.py": "class ParserElement:\n    def __init__(self):\n        self.debug = True\n"}, "", "code/debug-mode", 0},
		{"app.debug without flask", map[string]string{"tool.py": "import argparse\napp = Tool()\napp.debug = True\n"}, "", "code/debug-mode", 0},
		{"flask app object", map[string]string{"app.py": "from flask import Flask\nweb = Flask(__name__)\nweb.debug = True\n"}, "app.py", "code/debug-mode", 3},
		{"app.debug in a flask file", map[string]string{"wsgi.py": "import flask\nfrom factory import create_app\napp = create_app()\napp.config['DEBUG'] = True\n"}, "wsgi.py", "code/debug-mode", 4},
	})
}

// TestFaultWiringCORSRegexAnchors: an origin pattern without ^ was loose
// whatever it ended with (/\.example\.com$/ admits only subdomains), and
// Starlette's allow_origin_regex (re.fullmatch) was judged as a search.
// Loose is what can match an origin outside the domain, per the
// library's match function.
func TestFaultWiringCORSRegexAnchors(t *testing.T) {
	t.Parallel()
	const js = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors({ origin: %s }));\n"
	const py = "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origin_regex=r\"%s\", allow_credentials=True)\n"
	runWiringCases(t, []wiringCase{
		{"js subdomains only", map[string]string{"a.js": fmt.Sprintf(js, `/\.example\.com$/`)}, "", "code/cors-loose-regex", 0},
		{"js no dot before the domain", map[string]string{"a.js": fmt.Sprintf(js, `/example\.com$/`)}, "a.js", "code/cors-loose-regex", 4},
		{"js open end", map[string]string{"a.js": fmt.Sprintf(js, `/^https:\/\/app\.example\.com/`)}, "a.js", "code/cors-loose-regex", 4},
		{"js unescaped dot", map[string]string{"a.js": fmt.Sprintf(js, `/^https:\/\/app\.example.com$/`)}, "a.js", "code/cors-loose-regex", 4},
		{"starlette fullmatch", map[string]string{"app.py": fmt.Sprintf(py, `https://.*\.example\.com`)}, "", "code/cors-loose-regex", 0},
		{"starlette wildcard before the domain", map[string]string{"app.py": fmt.Sprintf(py, `https://.*example\.com`)}, "app.py", "code/cors-loose-regex", 4},
	})
}

// TestFaultWiringCookieSpreadOptions: JS cookie options built by spread
// ({...opts, maxAge}) or completed after the literal (o.secure = true)
// were judged as if the flags were missing. Spreads of constant objects
// and later property assignments are followed; a spread of an import is
// unknown and its missing flags are not judged.
func TestFaultWiringCookieSpreadOptions(t *testing.T) {
	t.Parallel()
	const head = "const express = require('express');\nconst { shared } = require('./shared');\nconst app = express();\nconst opts = { httpOnly: true, secure: true };\n"
	runWiringCases(t, []wiringCase{
		{"spread of a constant", map[string]string{"a.js": head + "app.get('/t', (req, res) => { res.cookie('token', 'x', { ...opts, maxAge: 3600 }); res.end(); });\n"}, "", "code/session-cookie-insecure", 0},
		{"spread of an import", map[string]string{"a.js": head + "app.get('/t', (req, res) => { res.cookie('token', 'x', { ...shared }); res.end(); });\n"}, "", "code/session-cookie-insecure", 0},
		{"spread overridden", map[string]string{"a.js": head + "app.get('/t', (req, res) => { res.cookie('token', 'x', { ...opts, secure: false }); res.end(); });\n"}, "a.js", "code/session-cookie-insecure", 5},
		{"flag set after the literal", map[string]string{"a.js": head + "function setAuth(res, t) {\n  const o = { httpOnly: true };\n  o.secure = true;\n  res.cookie('auth', t, o);\n}\n"}, "", "code/session-cookie-insecure", 0},
		{"flag cleared after the literal", map[string]string{"a.js": head + "function setAuth(res, t) {\n  const o = { ...opts };\n  o.httpOnly = false;\n  res.cookie('auth', t, o);\n}\n"}, "a.js", "code/session-cookie-not-httponly", 7},
		{"spread of a constant without secure", map[string]string{"a.js": head + "const lax = { sameSite: 'lax' };\napp.get('/t', (req, res) => { res.cookie('token', 'x', { ...lax }); res.end(); });\n"}, "a.js", "code/session-cookie-insecure", 6},
	})
}

// TestFaultWiringCookieKwargsUnknown: set_cookie(..., **settings.X) was
// judged as if it set no flag. An unknown **mapping leaves the missing
// flags unjudged; a module-level dict literal is followed.
func TestFaultWiringCookieKwargsUnknown(t *testing.T) {
	t.Parallel()
	const head = "from django.conf import settings\nfrom django.http import HttpResponse\nOK = {'secure': True, 'httponly': True}\nLAX = {'samesite': 'Lax'}\n"
	runWiringCases(t, []wiringCase{
		{"mapping from settings", map[string]string{"views.py": head + "def v(request):\n    r = HttpResponse('ok')\n    r.set_cookie('sessionid', 'x', **settings.AUTH_COOKIE_KWARGS)\n    return r\n"}, "", "code/session-cookie-insecure", 0},
		{"dict literal with the flags", map[string]string{"views.py": head + "def v(request):\n    r = HttpResponse('ok')\n    r.set_cookie('sessionid', 'x', **OK)\n    return r\n"}, "", "code/session-cookie-insecure", 0},
		{"dict literal without secure", map[string]string{"views.py": head + "def v(request):\n    r = HttpResponse('ok')\n    r.set_cookie('sessionid', 'x', **LAX)\n    return r\n"}, "views.py", "code/session-cookie-insecure", 7},
	})
}

// TestFaultWiringLimiterScope: a middleware wrapping a limiter
// (limiter.consume(req.ip)) did not cover its route, and a project-level
// limiter (DRF DEFAULT_THROTTLE_CLASSES) covered the routes of every other
// app of the repository. A wrapper calling a limiter covers its routes;
// an app-wide limiter covers only its own project (the nearest directory
// with a manifest or manage.py).
func TestFaultWiringLimiterScope(t *testing.T) {
	t.Parallel()
	const js = "const express = require('express');\nconst { RateLimiterMemory } = require('rate-limiter-flexible');\nconst limiter = new RateLimiterMemory({ points: 5, duration: 60 });\nconst app = express();\nconst rl = (req, res, next) => %s.then(() => next()).catch(() => res.status(429).end());\napp.post('/login', rl, (req, res) => res.end());\n"
	manage := "import sys\nif __name__ == '__main__':\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n"
	urls := "from django.urls import path\nfrom rest_framework.authtoken.views import obtain_auth_token\n\nurlpatterns = [\n    path('api/login/', obtain_auth_token),\n]\n"
	throttled := "REST_FRAMEWORK = {\n    'DEFAULT_THROTTLE_CLASSES': ['rest_framework.throttling.AnonRateThrottle'],\n}\n"
	runWiringCases(t, []wiringCase{
		{"wrapper calling the limiter", map[string]string{"a.js": fmt.Sprintf(js, "limiter.consume(req.ip)")}, "", "code/auth-route-without-rate-limit", 0},
		{"wrapper calling no limiter", map[string]string{"a.js": fmt.Sprintf(js, "Promise.resolve(req.ip)")}, "a.js", "code/auth-route-without-rate-limit", 6},
		{"throttles of another django project", map[string]string{
			"shop/manage.py": manage, "shop/shop/settings.py": throttled, "shop/shop/urls.py": urls,
			"blog/manage.py": manage, "blog/blog/settings.py": "REST_FRAMEWORK = {}\n", "blog/blog/urls.py": urls,
		}, "blog/blog/urls.py", "code/auth-route-without-rate-limit", 5},
		{"throttles of the same django project", map[string]string{
			"shop/manage.py": manage, "shop/shop/settings.py": throttled, "shop/shop/urls.py": urls,
		}, "", "code/auth-route-without-rate-limit", 0},
	})
}

// TestFaultWiringEchoGroupLimiter: a limiter passed to an Echo group
// (e.Group("/auth", middleware.RateLimiter(...))) counted for every route
// of the module, e.POST("/signin") outside the group included.
func TestFaultWiringEchoGroupLimiter(t *testing.T) {
	t.Parallel()
	const src = "package main\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n\t\"github.com/labstack/echo/v4/middleware\"\n)\n\nfunc main() {\n\te := echo.New()\n\tg := e.Group(\"/auth\", middleware.RateLimiter(middleware.NewRateLimiterMemoryStore(5)))\n\tg.POST(\"/login\", func(c echo.Context) error { return nil })\n\te.POST(\"/signin\", func(c echo.Context) error { return nil })\n}\n"
	gomod := "module example.com/app\n\ngo 1.22\n"
	runWiringCases(t, []wiringCase{
		{"route outside the group", map[string]string{"go.mod": gomod, "main.go": src}, "main.go", "code/auth-route-without-rate-limit", 12},
		{"route inside the group", map[string]string{"go.mod": gomod, "main.go": strings.Replace(src, "\te.POST(\"/signin\", func(c echo.Context) error { return nil })\n", "", 1)}, "", "code/auth-route-without-rate-limit", 0},
	})
}

// TestFaultWiringErrorhandlerOwnGuard: a development guard above one
// errorhandler() call hid an unguarded errorhandler() a few lines below
// (the guard was looked for in the 60 tokens before a call). Each call is
// judged on the guard that holds it.
func TestFaultWiringErrorhandlerOwnGuard(t *testing.T) {
	t.Parallel()
	const head = "const express = require('express');\nconst errorhandler = require('errorhandler');\nconst app = express();\n"
	runWiringCases(t, []wiringCase{
		{"guarded then unguarded", map[string]string{"a.js": head + "if (process.env.NODE_ENV === 'development') {\n  app.use(errorhandler());\n}\napp.use(errorhandler());\n"}, "a.js", "code/stack-trace-response", 7},
		{"guarded only", map[string]string{"a.js": head + "if (process.env.NODE_ENV === 'development') {\n  app.use(errorhandler());\n}\napp.use((err, req, res, next) => {\n  console.error(err.stack);\n  res.status(500).end();\n});\n"}, "", "code/stack-trace-response", 0},
		{"else branch of a production check", map[string]string{"a.js": head + "if (process.env.NODE_ENV === 'production') {\n  app.use(express.static('dist'));\n} else {\n  app.use(errorhandler());\n}\n"}, "", "code/stack-trace-response", 0},
		{"development flag in a ternary", map[string]string{"a.js": head + "const dev = app.get('env') === 'development';\napp.use((err, req, res, next) => {\n  res.status(500).json({ stack: dev ? err.stack : undefined });\n});\n"}, "", "code/stack-trace-response", 0},
		{"single-statement guard", map[string]string{"a.js": head + "if (process.env.NODE_ENV === 'development') app.use(errorhandler());\n"}, "", "code/stack-trace-response", 0},
	})
}

// TestFaultWiringAntiforgeryCookie: AddAntiforgery(o => { o.Cookie.HttpOnly
// = false; ... }) gave the medium session-cookie rule: the antiforgery
// cookie is a CSRF cookie whatever its name (the page's script sends its
// token back), so it is not asked for HttpOnly.
func TestFaultWiringAntiforgeryCookie(t *testing.T) {
	t.Parallel()
	const head = "var builder = WebApplication.CreateBuilder(args);\n"
	runWiringCases(t, []wiringCase{
		{"antiforgery cookie readable by scripts", map[string]string{"Program.cs": head + "builder.Services.AddAntiforgery(o => { o.Cookie.Name = \"X-CSRF\"; o.Cookie.HttpOnly = false; o.Cookie.SecurePolicy = CookieSecurePolicy.Always; });\n"}, "", "code/session-cookie-not-httponly", 0},
		{"antiforgery cookie over http", map[string]string{"Program.cs": head + "builder.Services.AddAntiforgery(o =>\n{\n    o.Cookie.SecurePolicy = CookieSecurePolicy.None;\n});\n"}, "Program.cs", "code/cookie-insecure", 4},
		{"application cookie readable by scripts", map[string]string{"Program.cs": head + "builder.Services.ConfigureApplicationCookie(o => { o.Cookie.HttpOnly = false; });\n"}, "Program.cs", "code/session-cookie-not-httponly", 2},
	})
}

// TestFaultWiringVendoredPythonLibraries: a committed virtualenv or
// Debian dist-packages gave findings on the libraries' own code
// (Starlette's middleware/cors.py, Django's contrib/auth/urls.py). Those
// directories are skipped like node_modules; the same code in the app
// still counts.
func TestFaultWiringVendoredPythonLibraries(t *testing.T) {
	t.Parallel()
	urls := "from django.urls import path\nfrom . import views\n\nurlpatterns = [\n    path('login/', views.LoginView.as_view(), name='login'),\n]\n"
	core := "class ParserElement:\n    def __init__(self):\n        self.debug = True\n"
	debugApp := "from flask import Flask\napp = Flask(__name__)\napp.debug = True\n"
	runWiringCases(t, []wiringCase{
		{"django in a virtualenv", map[string]string{"venv311/lib/python3.11/django/contrib/auth/urls.py": urls}, "", "code/auth-route-without-rate-limit", 0},
		{"dist-packages", map[string]string{"usr/lib/python3/dist-packages/pyparsing/core.py": core, "usr/lib/python3/dist-packages/flaskapp/app.py": debugApp}, "", "code/debug-mode", 0},
		{"the same route in the app", map[string]string{"accounts/urls.py": urls}, "accounts/urls.py", "code/auth-route-without-rate-limit", 5},
		{"the same debug switch in the app", map[string]string{"flaskapp/app.py": debugApp}, "flaskapp/app.py", "code/debug-mode", 3},
	})
}
