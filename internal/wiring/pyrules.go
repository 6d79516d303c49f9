package wiring

import (
	"fmt"
	"path"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/wiring/lex"
)

// pyFile is one Python file's tokens, statement starts and simple module
// constants (NAME = value at the top level).
type pyFile struct{ lex.Source }

func newPyFile(p string, src []byte) *pyFile {
	f := &pyFile{lex.NewSource(p, src, lex.Py)}
	t := f.Toks
	for i := 0; i+2 < len(t); i++ {
		if f.Starts[i] == i && t[i].Kind == lex.Ident && t[i+1].Text == "=" {
			v := i + 2
			end := v + 1
			if t[v].Kind == lex.Punct && (t[v].Text == "[" || t[v].Text == "(" || t[v].Text == "{") {
				end = lex.Closing(t, v) + 1
			} else if t[v].Kind == lex.Ident && v+1 < len(t) && t[v+1].Text == "(" {
				end = lex.Closing(t, v+1) + 1
			} else {
				for end < len(t) && f.Starts[end] == i {
					end++
				}
			}
			f.Consts[t[i].Text] = lex.Span{From: v, To: min(end, len(t))}
		}
	}
	return f
}

// origins classifies a list or string of allowed origins.
func (f *pyFile) origins(sp lex.Span) (originKind, string) {
	sp = f.Resolve(sp)
	t := f.Toks
	if sp.To <= sp.From {
		return originUnknown, ""
	}
	if tk, ok := lex.Single(t, sp); ok && tk.Kind == lex.String {
		switch {
		case tk.Text == "*":
			return originWildcard, `"*"`
		case tk.Text == "null":
			return originNull, `"null"`
		}
		return originFixed, ""
	}
	if t[sp.From].Text == "[" || t[sp.From].Text == "(" {
		worst, what := originFixed, ""
		for _, a := range lex.Args(t, sp.From) {
			k, w := f.origins(a)
			if k == originWildcard || k == originNull {
				worst, what = k, w
			}
		}
		return worst, what
	}
	return originUnknown, ""
}

// isSettings reports a Django settings module.
func isSettings(p string) bool {
	b := path.Base(p)
	return b == "settings.py" || strings.Contains(p, "/settings/") || strings.HasPrefix(p, "settings/") ||
		b == "production.py" && strings.Contains(p, "settings")
}

// scanPython runs the Python rules on one file.
func scanPython(p string, src []byte) ([]codeFinding, rlFacts) {
	f := newPyFile(p, src)
	t := f.Toks
	var out []codeFinding
	facts := rlFacts{family: "py"}
	add := func(c codeFinding, ok bool) {
		if ok {
			out = append(out, c)
		}
	}
	settings := isSettings(p)
	mainGuard := -1 // token index of `if __name__ == "__main__":`
	for i := 0; i+1 < len(t); i++ {
		if t[i].Text == "__name__" && i > 0 && t[i-1].Text == "if" {
			mainGuard = i
		}
	}
	// Django settings: module-level assignments.
	if settings {
		get := func(name string) (lex.Span, int, bool) {
			v, ok := f.Consts[name]
			return v, v.From - 2, ok
		}
		if v, at, ok := get("DEBUG"); ok && f.IsTrue(v) {
			out = append(out, codeFinding{Rule: ruleDebugMode, Facet: "debug.django", Path: p, Line: t[at].Line,
				Msg:      "DEBUG = True in a Django settings module: error pages show source code, settings and SQL to anyone who triggers an error.",
				Fix:      "DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\" (off unless set), and a separate settings module for development. " + fixDebug,
				Evidence: "DEBUG"})
		}
		creds := false
		if v, _, ok := get("CORS_ALLOW_CREDENTIALS"); ok && f.IsTrue(v) {
			creds = true
		}
		for _, name := range []string{"CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"} {
			if v, at, ok := get(name); ok && f.IsTrue(v) {
				// django-cors-headers echoes the Origin when credentials are on.
				k := originWildcard
				if creds {
					k = originReflect
				}
				add(corsFinding(p, t[at].Line, "django-cors-headers", k, name+" = True", creds))
			}
		}
		if v, at, ok := get("CORS_ALLOWED_ORIGIN_REGEXES"); ok && v.To > v.From && (t[v.From].Text == "[" || t[v.From].Text == "(") {
			for _, a := range lex.Args(t, v.From) {
				if tk, ok := lex.Single(t, a); ok && tk.Kind == lex.String {
					if loose, why := looseOriginRegex(tk.Text); loose {
						add(corsFinding(p, t[at].Line, "django-cors-headers", originLooseRegex, fmt.Sprintf("CORS_ALLOWED_ORIGIN_REGEXES %q (%s)", tk.Text, why), creds))
						break
					}
				}
			}
		}
		for _, c := range []struct {
			name            string
			rule            check.Rule
			facet, msg, fix string
		}{
			{"SESSION_COOKIE_SECURE", ruleSessionCookieInsecure, "cookie.secure", "SESSION_COOKIE_SECURE = False: the Django session cookie travels over plain HTTP.", fixCookieSecure + " In Django: SESSION_COOKIE_SECURE = True."},
			{"SESSION_COOKIE_HTTPONLY", ruleSessionCookieNotHttponly, "cookie.httponly", "SESSION_COOKIE_HTTPONLY = False: scripts can read the Django session cookie.", fixHTTPOnly},
		} {
			if v, at, ok := get(c.name); ok && f.IsFalse(v) {
				out = append(out, codeFinding{Rule: c.rule, Facet: c.facet, Path: p, Line: t[at].Line, Msg: c.msg, Fix: c.fix, Evidence: c.name})
			}
		}
		if v, _, ok := get("REST_FRAMEWORK"); ok && strings.Contains(lex.Text(t, v), "DEFAULT_THROTTLE_CLASSES") {
			facts.global = true
		}
		if v, _, ok := get("INSTALLED_APPS"); ok && strings.Contains(lex.Text(t, v), "axes") {
			facts.global = true
		}
	}
	// Django URLconfs: path("login/", view) routes; a ratelimit(...) wrap
	// on the line covers one. @ratelimit decorators on views (another file)
	// are counted as covering, to stay precise.
	if path.Base(p) == "urls.py" {
		for i := 0; i+3 < len(t); i++ {
			if (t[i].Text == "path" || t[i].Text == "re_path") && t[i+1].Text == "(" && f.Starts[i] != i && t[i+2].Kind == lex.String && authPath.MatchString(t[i+2].Text) {
				end := lex.Closing(t, i+1)
				covered := strings.Contains(lex.Text(t, lex.Span{From: i, To: min(end, len(t))}), "ratelimit")
				facts.routes = append(facts.routes, route{path: "/" + strings.TrimPrefix(t[i+2].Text, "/"), method: "ANY", file: p, line: t[i].Line, framework: "Django", covered: covered})
			}
		}
	}
	for i := 0; i+1 < len(t); i++ {
		if t[i].Text == "@" && i+1 < len(t) && (t[i+1].Text == "ratelimit" || t[i+1].Text == "axes_dispatch") {
			facts.global = true
		}
	}
	var decorators []int // token indexes of the current function's decorators
	for i := 0; i+1 < len(t); i++ {
		tk := t[i]
		if tk.Kind == lex.Punct && tk.Text == "@" && f.Starts[i] == i {
			decorators = append(decorators, i)
			continue
		}
		if tk.Kind == lex.Ident && (tk.Text == "def" || tk.Text == "class") && f.Starts[i] == i {
			f.routeFromDecorators(decorators, &facts)
			decorators = decorators[:0]
			continue
		}
		if tk.Kind != lex.Ident || t[i+1].Text != "(" {
			continue
		}
		a := lex.Args(t, i+1)
		kw := lex.Fields(t, i+1)
		switch tk.Text {
		// Flask-CORS: CORS(app, supports_credentials=True) echoes any origin.
		case "CORS", "cross_origin":
			creds := kw["supports_credentials"].To > 0 && f.IsTrue(kw["supports_credentials"])
			k, what := originWildcard, "no origins: the default is \"*\""
			if o, ok := kw["origins"]; ok {
				k, what = f.origins(o)
			} else if _, ok := kw["resources"]; ok {
				k, what = originUnknown, "" // per-resource options: not followed
			}
			if k == originWildcard && creds {
				// Flask-CORS answers with the request's Origin, not "*", when
				// credentials are supported.
				k = originReflect
				what = "no origins given, so the default \"*\", with supports_credentials=True: Flask-CORS then echoes the request's Origin"
			}
			add(corsFinding(p, f.Line(i), "Flask-CORS", k, what, creds))
		// Starlette/FastAPI: app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
		case "add_middleware":
			if len(a) == 0 || lex.Text(t, a[0]) != "CORSMiddleware" {
				continue
			}
			creds := kw["allow_credentials"].To > 0 && f.IsTrue(kw["allow_credentials"])
			k, what := originFixed, ""
			if o, ok := kw["allow_origins"]; ok {
				k, what = f.origins(o)
			}
			if r, ok := kw["allow_origin_regex"]; ok {
				if s, ok := lex.Single(t, f.Resolve(r)); ok && s.Kind == lex.String {
					if loose, why := looseOriginRegex(s.Text); loose {
						k, what = originLooseRegex, fmt.Sprintf("allow_origin_regex=%q (%s)", s.Text, why)
						if s.Text == ".*" || s.Text == "^.*$" {
							k, what = originReflect, fmt.Sprintf("allow_origin_regex=%q", s.Text)
						}
					}
				}
			}
			if k == originWildcard && creds {
				// Starlette echoes the Origin for "*" when credentials are allowed.
				k = originReflect
				what = `allow_origins=["*"] with allow_credentials=True: Starlette then echoes the request's Origin`
			}
			add(corsFinding(p, f.Line(i), "CORSMiddleware", k, what, creds))
		// Flask: app.run(debug=True), outside if __name__ == "__main__".
		case "run":
			if i > 0 && t[i-1].Text == "." && kw["debug"].To > 0 && f.IsTrue(kw["debug"]) && (mainGuard < 0 || i < mainGuard) {
				out = append(out, codeFinding{Rule: ruleDebugMode, Facet: "debug.flask", Path: p, Line: f.Line(i),
					Msg:      "app.run(debug=True) runs on import, not only as a script: the Werkzeug debugger lets anyone who triggers an error run Python code on the server.",
					Fix:      "Move it under if __name__ == \"__main__\": and read debug from the environment. " + fixDebug,
					Evidence: "run debug"})
			}
		// Flask-Limiter / slowapi with default limits cover every route.
		case "Limiter":
			facts.anyLimiter = true
			if _, ok := kw["default_limits"]; ok {
				facts.global = true
			}
		}
	}
	// Flask: app.debug = True / app.config["DEBUG"] = True at module level.
	for i := 0; i+4 < len(t); i++ {
		if f.Starts[i] != i || (mainGuard >= 0 && i > mainGuard) {
			continue
		}
		if t[i+1].Text == "." && t[i+2].Text == "debug" && t[i+3].Text == "=" && t[i+4].Text == "True" ||
			t[i+1].Text == "." && t[i+2].Text == "config" && i+6 < len(t) && t[i+3].Text == "[" && t[i+4].Text == "DEBUG" && t[i+5].Text == "]" && t[i+6].Text == "=" && i+7 < len(t) && t[i+7].Text == "True" {
			out = append(out, codeFinding{Rule: ruleDebugMode, Facet: "debug.flask", Path: p, Line: t[i].Line,
				Msg:      "Flask debug mode is switched on in code: the Werkzeug debugger lets anyone who triggers an error run Python code on the server.",
				Fix:      fixDebug + " In Flask: app.config[\"DEBUG\"] = os.environ.get(\"FLASK_DEBUG\") == \"1\".",
				Evidence: "flask debug"})
		}
	}
	f.routeFromDecorators(decorators, &facts)
	return out, facts
}

// routeFromDecorators records a Flask or FastAPI route from a function's
// decorators, and whether a limiter decorator covers it.
func (f *pyFile) routeFromDecorators(decs []int, facts *rlFacts) {
	t := f.Toks
	var r *route
	limited := false
	for _, d := range decs {
		// @app.route("/login", methods=["POST"]) / @bp.post("/login") / @router.post("/token")
		if d+4 >= len(t) || t[d+2].Text != "." {
			if d+1 < len(t) && limiterName.MatchString(t[d+1].Text) {
				limited = true
			}
			continue
		}
		obj, meth := t[d+1].Text, t[d+3].Text
		if limiterName.MatchString(obj) || limiterName.MatchString(meth) {
			limited = true
			continue
		}
		if t[d+4].Text != "(" {
			continue
		}
		a := lex.Args(t, d+4)
		if len(a) == 0 {
			continue
		}
		s, ok := lex.Single(t, a[0])
		if ok && s.Kind == lex.String && healthPath.MatchString(s.Text) {
			facts.health = append(facts.health, fmt.Sprintf("%s (%s:%d)", s.Text, f.Path, t[d].Line))
		}
		if !ok || s.Kind != lex.String || !authPath.MatchString(s.Text) {
			continue
		}
		method := strings.ToUpper(meth)
		framework := "Flask or FastAPI"
		if meth == "route" {
			method, framework = "ANY", "Flask"
			if m, ok := lex.Fields(t, d+4)["methods"]; ok {
				method = strings.ToUpper(strings.Trim(strings.ReplaceAll(lex.Text(t, m), " , ", ","), "[] "))
			}
		} else if !routeMethods[meth] {
			continue
		}
		r = &route{path: s.Text, method: method, file: f.Path, line: t[d].Line, framework: framework}
	}
	if r != nil {
		r.covered = limited
		facts.routes = append(facts.routes, *r)
	}
}
