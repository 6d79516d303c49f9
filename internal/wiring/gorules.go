package wiring

import (
	"fmt"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"strconv"
	"strings"

	"github.com/launchready/launchready/internal/finding"
)

// scanGo runs the Go rules on one file, parsed with go/ast (a file that
// does not parse is skipped: the compiler will say why).
func scanGo(p string, src []byte) ([]codeFinding, rlFacts) {
	facts := rlFacts{family: "go"}
	fset := gotoken.NewFileSet()
	file, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, facts
	}
	// Import names: cors may be rs/cors, gin-contrib/cors or go-chi/cors.
	imports := map[string]string{}
	for _, im := range file.Imports {
		ip, _ := strconv.Unquote(im.Path.Value)
		name := ip[strings.LastIndex(ip, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		imports[name] = ip
		if ip == "net/http/pprof" {
			imports["net/http/pprof"] = ip // usually a blank import
		}
		if strings.Contains(ip, "httprate") || strings.Contains(ip, "golang.org/x/time/rate") || strings.Contains(ip, "limiter") ||
			strings.Contains(ip, "tollbooth") || strings.Contains(ip, "ratelimit") {
			facts.anyLimiter = true
		}
	}
	var out []codeFinding
	line := func(n ast.Node) int { return fset.Position(n.Pos()).Line }
	// stmt tracks the innermost statement, for positions.
	var stmts []ast.Stmt
	at := func(n ast.Node) int {
		if len(stmts) > 0 {
			return line(stmts[len(stmts)-1])
		}
		return line(n)
	}
	credsHeaderSet := false
	ast.Inspect(file, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Set" && len(c.Args) == 2 {
				if s, ok := stringLit(c.Args[0]); ok && strings.EqualFold(s, "Access-Control-Allow-Credentials") {
					credsHeaderSet = true
				}
			}
		}
		return true
	})
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case ast.Stmt:
			if _, block := x.(*ast.BlockStmt); !block {
				stmts = append(stmts, x)
				ast.Inspect(x, func(m ast.Node) bool {
					if m == x {
						return true
					}
					if m == nil {
						return false
					}
					return visit(m)
				})
				stmts = stmts[:len(stmts)-1]
				return false
			}
		case *ast.CompositeLit:
			sel, ok := x.Type.(*ast.SelectorExpr)
			if !ok {
				break
			}
			pkg, _ := sel.X.(*ast.Ident)
			if pkg == nil {
				break
			}
			ip := imports[pkg.Name]
			kv := keyValues(x)
			switch {
			case sel.Sel.Name == "Options" && (strings.HasSuffix(ip, "rs/cors") || strings.HasSuffix(ip, "go-chi/cors")):
				lib := "rs/cors"
				if strings.HasSuffix(ip, "go-chi/cors") {
					lib = "go-chi/cors"
				}
				creds := isTrueExpr(kv["AllowCredentials"])
				k, what := originWildcard, "no AllowedOrigins: the default is \"*\""
				if v, ok := kv["AllowedOrigins"]; ok {
					k, what = goOrigins(v)
				}
				for _, fn := range []string{"AllowOriginFunc", "AllowOriginRequestFunc", "AllowOriginVaryRequestFunc"} {
					if v, ok := kv[fn]; ok {
						if alwaysTrue(v) {
							k, what = originReflect, fn+" that returns true for every origin"
						} else {
							k = originUnknown
						}
					}
				}
				if c, ok := corsFinding(p, at(x), lib, k, what, creds); ok {
					out = append(out, c)
				}
			case sel.Sel.Name == "Config" && strings.HasSuffix(ip, "gin-contrib/cors"):
				creds := isTrueExpr(kv["AllowCredentials"])
				k, what := originFixed, ""
				if isTrueExpr(kv["AllowAllOrigins"]) {
					k, what = originWildcard, "AllowAllOrigins: true"
				} else if v, ok := kv["AllowOrigins"]; ok {
					k, what = goOrigins(v)
				}
				if v, ok := kv["AllowOriginFunc"]; ok && alwaysTrue(v) {
					k, what = originReflect, "AllowOriginFunc that returns true for every origin"
				}
				if c, ok := corsFinding(p, at(x), "gin-contrib/cors", k, what, creds); ok {
					out = append(out, c)
				}
			case sel.Sel.Name == "CORSConfig" && strings.HasSuffix(ip, "echo/v4/middleware"):
				creds := isTrueExpr(kv["AllowCredentials"])
				k, what := originWildcard, "no AllowOrigins: the default is \"*\""
				if v, ok := kv["AllowOrigins"]; ok {
					k, what = goOrigins(v)
				}
				if k == originWildcard && creds && isTrueExpr(kv["UnsafeWildcardOriginWithAllowCredentials"]) {
					k, what = originReflect, `AllowOrigins "*" with UnsafeWildcardOriginWithAllowCredentials: echo then echoes the request's Origin`
				}
				if v, ok := kv["AllowOriginFunc"]; ok && alwaysTrue(v) {
					k, what = originReflect, "AllowOriginFunc that allows every origin"
				}
				if c, ok := corsFinding(p, at(x), "echo CORS", k, what, creds); ok {
					out = append(out, c)
				}
			case sel.Sel.Name == "Config" && strings.Contains(ip, "gofiber/fiber") && strings.HasSuffix(ip, "middleware/cors"):
				creds := isTrueExpr(kv["AllowCredentials"])
				k, what := originWildcard, "no AllowOrigins: the default is \"*\""
				if v, ok := kv["AllowOrigins"]; ok {
					if s, ok := stringLit(v); ok && strings.TrimSpace(s) != "*" {
						k, what = originFixed, ""
					} else if ok {
						k, what = originWildcard, `AllowOrigins: "*"`
					} else {
						k = originUnknown
					}
				}
				if v, ok := kv["AllowOriginsFunc"]; ok && alwaysTrue(v) {
					k, what = originReflect, "AllowOriginsFunc that returns true for every origin"
				}
				if c, ok := corsFinding(p, at(x), "fiber cors", k, what, creds); ok {
					out = append(out, c)
				}
			case sel.Sel.Name == "Options" && strings.HasSuffix(ip, "gorilla/sessions"):
				where := "gorilla/sessions Options"
				if sec, ok := kv["Secure"]; !ok || isFalseExpr(sec) {
					out = append(out, codeFinding{Rule: ruleSessionCookieInsecure, Facet: "cookie.secure", Path: p, Line: at(x),
						Msg: where + " has no Secure: true (its default is false): the session travels over plain HTTP.", Fix: fixCookieSecure, Evidence: where + " secure"})
				}
				if ho, ok := kv["HttpOnly"]; !ok || isFalseExpr(ho) {
					out = append(out, codeFinding{Rule: ruleSessionCookieNotHttponly, Facet: "cookie.httponly", Path: p, Line: at(x),
						Msg: where + " has no HttpOnly: true (its default is false): any script injected into the page can read the session.", Fix: fixHTTPOnly, Evidence: where + " httponly"})
				}
			case sel.Sel.Name == "Cookie" && ip == "net/http":
				name, _ := stringLit(kv["Name"])
				if !finding.SessionCookie.MatchString(name) {
					break
				}
				where := fmt.Sprintf("http.Cookie %q", name)
				sec, hasSec := kv["Secure"]
				if !hasSec || isFalseExpr(sec) {
					out = append(out, codeFinding{Rule: ruleSessionCookieInsecure, Facet: "cookie.secure", Path: p, Line: at(x),
						Msg: where + " has no Secure: true: the session travels over plain HTTP.", Fix: fixCookieSecure, Evidence: where + " secure"})
				}
				if ho, ok := kv["HttpOnly"]; !ok || isFalseExpr(ho) {
					out = append(out, codeFinding{Rule: ruleSessionCookieNotHttponly, Facet: "cookie.httponly", Path: p, Line: at(x),
						Msg: where + " has no HttpOnly: true: any script injected into the page can read it.", Fix: fixHTTPOnly, Evidence: where + " httponly"})
				}
				if ss, ok := kv["SameSite"]; ok && exprText(ss) == "http.SameSiteNoneMode" && (!hasSec || !isTrueExpr(sec)) {
					out = append(out, codeFinding{Rule: ruleCookieSamesiteNoneInsecure, Facet: "cookie.samesite", Path: p, Line: at(x),
						Msg: where + " is SameSite=None without Secure: browsers reject it.", Fix: fixSameSiteNone, Evidence: where + " samesite"})
				}
			}
		case *ast.CallExpr:
			sel, ok := x.Fun.(*ast.SelectorExpr)
			if !ok {
				break
			}
			// w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
			if (sel.Sel.Name == "Set" || sel.Sel.Name == "Add") && len(x.Args) == 2 {
				if s, ok := stringLit(x.Args[0]); ok && strings.EqualFold(s, "Access-Control-Allow-Origin") {
					v := exprText(x.Args[1])
					switch {
					case strings.Contains(strings.ToLower(v), "origin") && strings.Contains(v, "Header") && !inIf(stmts):
						if c, ok := corsFinding(p, at(x), "The Access-Control-Allow-Origin header", originReflect, "it echoes the request's Origin", credsHeaderSet); ok {
							out = append(out, c)
						}
					case v == `"*"`:
						if c, ok := corsFinding(p, at(x), "The Access-Control-Allow-Origin header", originWildcard, `"*"`, credsHeaderSet); ok {
							out = append(out, c)
						}
					}
				}
			}
			if pkg, ok := sel.X.(*ast.Ident); ok {
				ip := imports[pkg.Name]
				if strings.HasSuffix(ip, "echo/v4/middleware") && strings.HasPrefix(sel.Sel.Name, "RateLimiter") {
					facts.anyLimiter = true
				}
				switch {
				case (strings.HasSuffix(ip, "rs/cors") && sel.Sel.Name == "AllowAll") || (strings.HasSuffix(ip, "gin-contrib/cors") && sel.Sel.Name == "Default"):
					if c, ok := corsFinding(p, at(x), ip[strings.LastIndex(ip[:strings.LastIndex(ip, "/")], "/")+1:]+"."+sel.Sel.Name+"()", originWildcard, "every origin", false); ok {
						out = append(out, c)
					}
				case ip == "net/http" && sel.Sel.Name == "ListenAndServe" && len(x.Args) == 2 && exprText(x.Args[1]) == "nil" && imports["net/http/pprof"] != "":
					if addr, ok := stringLit(x.Args[0]); ok && !strings.HasPrefix(addr, "127.0.0.1") && !strings.HasPrefix(addr, "localhost") {
						out = append(out, codeFinding{Rule: ruleDebugMode, Facet: "debug.pprof", Path: p, Line: at(x),
							Msg:      fmt.Sprintf("net/http/pprof is imported and http.ListenAndServe(%q, nil) serves the default mux, so /debug/pprof/ (profiles, goroutine dumps, command line) is public.", addr),
							Fix:      "Serve pprof on a separate listener bound to 127.0.0.1, or use your own ServeMux for the public server.",
							Evidence: "pprof " + addr})
					}
				}
			}
			// Route registration with a login-type path.
			switch sel.Sel.Name {
			case "HandleFunc", "Handle", "POST", "GET", "PUT", "PATCH", "Post", "Get", "Put", "Patch", "Any":
				if len(x.Args) == 0 {
					break
				}
				s, ok := stringLit(x.Args[0])
				if _, hp, cut := strings.Cut(s, " "); ok && (healthPath.MatchString(s) || cut && healthPath.MatchString(hp)) {
					facts.health = append(facts.health, fmt.Sprintf("%s (%s:%d)", s, p, at(x)))
				}
				if !ok || !authPath.MatchString(s) {
					break
				}
				method, pth := strings.ToUpper(sel.Sel.Name), s
				if m, rest, ok := strings.Cut(s, " "); ok && strings.HasPrefix(rest, "/") {
					method, pth = m, rest
				} else if method == "HANDLEFUNC" || method == "HANDLE" {
					method = "ANY"
				}
				if strings.HasPrefix(pth, "/") {
					facts.routes = append(facts.routes, route{path: pth, method: method, file: p, line: at(x), framework: "Go"})
				}
			}
		}
		return true
	}
	ast.Inspect(file, visit)
	return out, facts
}

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != gotoken.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

func keyValues(c *ast.CompositeLit) map[string]ast.Expr {
	out := map[string]ast.Expr{}
	for _, e := range c.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok {
				out[k.Name] = kv.Value
			}
		}
	}
	return out
}

func isTrueExpr(e ast.Expr) bool  { id, ok := e.(*ast.Ident); return ok && id.Name == "true" }
func isFalseExpr(e ast.Expr) bool { id, ok := e.(*ast.Ident); return ok && id.Name == "false" }

// exprText renders simple expressions (selectors, calls, literals).
func exprText(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.BasicLit:
		return x.Value
	case *ast.SelectorExpr:
		return exprText(x.X) + "." + x.Sel.Name
	case *ast.CallExpr:
		var a []string
		for _, y := range x.Args {
			a = append(a, exprText(y))
		}
		return exprText(x.Fun) + "(" + strings.Join(a, ", ") + ")"
	}
	return "?"
}

// goOrigins classifies a []string{...} of origins.
func goOrigins(e ast.Expr) (originKind, string) {
	c, ok := e.(*ast.CompositeLit)
	if !ok {
		return originUnknown, ""
	}
	k, what := originFixed, ""
	for _, el := range c.Elts {
		s, ok := stringLit(el)
		switch {
		case !ok:
			return originUnknown, ""
		case s == "*":
			k, what = originWildcard, `AllowedOrigins: []string{"*"}`
		case s == "null" && k != originWildcard:
			k, what = originNull, `"null" in the allowed origins`
		}
	}
	return k, what
}

// alwaysTrue reports a func literal whose body is only `return true` (or,
// for echo's AllowOriginFunc, `return true, nil`).
func alwaysTrue(e ast.Expr) bool {
	fn, ok := e.(*ast.FuncLit)
	if !ok || len(fn.Body.List) != 1 {
		return false
	}
	r, ok := fn.Body.List[0].(*ast.ReturnStmt)
	return ok && len(r.Results) >= 1 && isTrueExpr(r.Results[0])
}

// inIf reports a statement nested in an if or switch: an echoed Origin
// there is usually checked against an allow-list first.
func inIf(stmts []ast.Stmt) bool {
	for _, s := range stmts {
		switch s.(type) {
		case *ast.IfStmt, *ast.SwitchStmt:
			return true
		}
	}
	return false
}
