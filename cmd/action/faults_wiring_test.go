package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestFaultWiringPerCallAPIs: the code scan knew framework-level settings
// but not the per-call APIs real code uses, and pointed at the statement,
// not the option. Through the CLI, each case must give exactly the rule at
// the line that causes it (and its false-positive twin nothing of it).
func TestFaultWiringPerCallAPIs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, file, src string
		rule            string
		line            int // 0: the rule must be absent
	}{
		{"express cookie without flags", "app.js", "const express = require('express');\nconst app = express();\napp.get('/p', (req, res) => {\n  res.cookie('theme', req.query.t);\n});\n", "code/cookie-insecure", 4},
		{"express cookie with flags", "app.js", "const express = require('express');\nconst app = express();\napp.get('/p', (req, res) => {\n  res.cookie('theme', req.query.t, { secure: true, httpOnly: true });\n});\n", "code/cookie-insecure", 0},
		{"koa session cookie switched off", "app.js", "const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => {\n  ctx.cookies.set('session', ctx.state.t, {\n    secure: false,\n  });\n});\n", "code/session-cookie-insecure", 5},
		{"koa default cookie", "app.js", "const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => {\n  ctx.cookies.set('session', ctx.state.t);\n});\n", "code/session-cookie-insecure", 0},
		{"reflected origin with credentials in one handler", "app.js", "const express = require('express');\nconst app = express();\napp.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});\n", "code/cors-any-origin-with-credentials", 4},
		{"origin echoed after an allow-list check", "app.js", "const express = require('express');\nconst app = express();\nconst ok = ['https://a.example'];\napp.use((req, res, next) => {\n  if (ok.includes(req.headers.origin)) {\n    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n    res.setHeader('Access-Control-Allow-Credentials', 'true');\n  }\n  next();\n});\n", "code/cors-any-origin-with-credentials", 0},
		{"helmet protection switched off", "app.js", "const express = require('express');\nconst helmet = require('helmet');\nconst app = express();\napp.use(helmet({\n  contentSecurityPolicy: false,\n}));\n", "code/security-header-disabled", 5},
		{"errorhandler in production", "app.js", "const express = require('express');\nconst errorhandler = require('errorhandler');\nconst app = express();\napp.use(errorhandler());\n", "code/stack-trace-response", 4},
		{"errorhandler in development", "app.js", "const express = require('express');\nconst errorhandler = require('errorhandler');\nconst app = express();\nif (process.env.NODE_ENV === 'development') {\n  app.use(errorhandler());\n}\n", "code/stack-trace-response", 0},
		{"router mounted at a login prefix", "app.js", "const express = require('express');\nconst app = express();\nconst r = express.Router();\nr.post('/', (req, res) => res.json({}));\napp.use('/api/login', r);\n", "code/auth-route-without-rate-limit", 4},
		{"go cookie completed by assignments", "main.go", "package main\n\nimport \"net/http\"\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tc := new(http.Cookie)\n\tc.Name = \"session_id\"\n\tc.HttpOnly = true\n\thttp.SetCookie(w, c)\n}\n", "code/session-cookie-insecure", 6},
		{"go cookie secured by assignments", "main.go", "package main\n\nimport \"net/http\"\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tc := &http.Cookie{Name: \"session_id\"}\n\tc.Secure = true\n\tc.HttpOnly = true\n\thttp.SetCookie(w, c)\n}\n", "code/session-cookie-insecure", 0},
		{"gin positional secure false", "main.go", "package main\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc login(c *gin.Context) {\n\tc.SetCookie(\"auth_token\", \"x\", 3600, \"/\", \"\", false, true)\n}\n", "code/session-cookie-insecure", 6},
		{"gorilla handlers CORS with credentials", "main.go", "package main\n\nimport \"github.com/gorilla/handlers\"\n\nvar h = handlers.CORS(\n\thandlers.AllowedOrigins([]string{\"*\"}),\n\thandlers.AllowCredentials(),\n)\n", "code/cors-wildcard-with-credentials", 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := repoWith(t, map[string]string{c.file: c.src})
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
