package wiring

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/wiring/lex"
)

// jsFile holds one JavaScript/TypeScript file's tokens and what the rules
// need to resolve names.
type jsFile struct {
	lex.Source
	// imports maps a local name to the module it was bound to:
	// const cors = require('cors'), import session from 'express-session'.
	imports map[string]string
}

func newJSFile(p string, src []byte) *jsFile {
	f := &jsFile{Source: lex.NewSource(p, src, lex.JS), imports: map[string]string{}}
	t := f.Toks
	for i := 0; i+2 < len(t); i++ {
		// const|let|var NAME = value
		if t[i].Kind == lex.Ident && (t[i].Text == "const" || t[i].Text == "let" || t[i].Text == "var") &&
			t[i+1].Kind == lex.Ident && i+3 < len(t) && t[i+2].Text == "=" {
			name, v := t[i+1].Text, i+3
			// require('mod') or require('mod').x
			if t[v].Text == "require" && v+2 < len(t) && t[v+1].Text == "(" && t[v+2].Kind == lex.String {
				f.imports[name] = t[v+2].Text
				continue
			}
			end := v + 1
			if t[v].Kind == lex.Punct && (t[v].Text == "{" || t[v].Text == "[") {
				end = lex.Closing(t, v) + 1
			} else if t[v].Kind == lex.Ident && v+1 < len(t) && t[v+1].Text == "(" {
				end = lex.Closing(t, v+1) + 1 // a call: rateLimit({...})
			}
			f.Consts[name] = lex.Span{From: v, To: min(end, len(t))}
		}
		// import NAME from 'mod'; import * as NAME from 'mod'; import { a as NAME } is skipped
		if t[i].Kind == lex.Ident && t[i].Text == "import" {
			j := i + 1
			if t[j].Text == "*" && j+2 < len(t) && t[j+1].Text == "as" {
				j += 2
			}
			if t[j].Kind == lex.Ident && j+2 < len(t) && t[j+1].Text == "from" && t[j+2].Kind == lex.String {
				f.imports[t[j].Text] = t[j+2].Text
			}
		}
	}
	return f
}

// localNames returns the names bound to module mod.
func (f *jsFile) localNames(mod string) map[string]bool {
	out := map[string]bool{}
	for n, m := range f.imports {
		if m == mod {
			out[n] = true
		}
	}
	return out
}

// object resolves a span to the index of an object literal's "{": inline,
// or through a const.
func (f *jsFile) object(sp lex.Span) int {
	if sp.To <= sp.From {
		return -1
	}
	t := f.Toks[sp.From]
	if t.Kind == lex.Punct && t.Text == "{" {
		return sp.From
	}
	if tk, ok := lex.Single(f.Toks, sp); ok && tk.Kind == lex.Ident {
		if v, ok := f.Consts[tk.Text]; ok && f.Toks[v.From].Text == "{" {
			return v.From
		}
	}
	return -1
}

// originKind classifies a CORS origin setting.
type originKind int

const (
	originUnknown originKind = iota
	originFixed
	originWildcard
	originReflect
	originNull
	originLooseRegex
)

// conditionWords in a callback's body mean it decides something.
var conditionWords = map[string]bool{"if": true, "?": true, "includes": true, "indexOf": true, "test": true, "match": true,
	"===": true, "==": true, "!==": true, "!=": true, "some": true, "has": true, "startsWith": true, "endsWith": true, "find": true, "switch": true, "&&": true, "||": true}

// allowsAll reports a function body in sp that allows every origin without
// looking at it: callback(null, true), cb(null, origin), return true.
func (f *jsFile) allowsAll(sp lex.Span) bool {
	t := f.Toks
	allow := false
	for j := sp.From; j < sp.To; j++ {
		if conditionWords[t[j].Text] {
			return false
		}
		// x(null, true) or x(null, origin)
		if t[j].Text == "null" && j+2 < sp.To && t[j+1].Text == "," && j > 0 && t[j-1].Text == "(" &&
			(t[j+2].Text == "true" || t[j+2].Text == "origin" || t[j+2].Text == "requestOrigin") {
			allow = true
		}
		if t[j].Text == "return" && j+1 < sp.To && (t[j+1].Text == "true" || t[j+1].Text == "origin") {
			allow = true
		}
		// (origin) => true
		if t[j].Text == "=>" && j+1 < sp.To && t[j+1].Text == "true" {
			allow = true
		}
	}
	return allow
}

// classifyOrigin reads a cors/@fastify/cors/NestJS origin value.
func (f *jsFile) classifyOrigin(sp lex.Span) (originKind, string) {
	sp = f.Resolve(sp)
	t := f.Toks
	if sp.To <= sp.From {
		return originUnknown, ""
	}
	first := t[sp.From]
	if tk, ok := lex.Single(t, sp); ok {
		switch {
		case tk.Kind == lex.Ident && tk.Text == "true":
			return originReflect, "origin: true"
		case tk.Kind == lex.String && tk.Text == "*":
			return originWildcard, `origin: "*"`
		case tk.Kind == lex.String && tk.Text == "null", tk.Kind == lex.Ident && tk.Text == "null":
			return originNull, `origin: "null"`
		case tk.Kind == lex.String:
			return originFixed, ""
		case tk.Kind == lex.Regex:
			if loose, why := looseOriginRegex(tk.Text); loose {
				return originLooseRegex, fmt.Sprintf("origin: /%s/ (%s)", tk.Text, why)
			}
			return originFixed, ""
		}
	}
	switch {
	case first.Kind == lex.Punct && first.Text == "[":
		worst, what := originFixed, ""
		for _, a := range lex.Args(t, sp.From) {
			if k, w := f.classifyOrigin(a); k == originNull || k == originLooseRegex {
				worst, what = k, w
			}
		}
		return worst, what
	case first.Text == "function" || first.Text == "async" || first.Text == "(" || (first.Kind == lex.Ident && sp.To-sp.From > 2 && t[sp.From+1].Text == "=>"):
		if f.allowsAll(sp) {
			return originReflect, "an origin callback that allows every origin"
		}
	}
	return originUnknown, ""
}

// looseOriginRegex reports an origin pattern that matches more than its
// author meant: no ^ or $ anchor, or an unescaped dot in the host.
func looseOriginRegex(src string) (bool, string) {
	switch {
	case !strings.HasPrefix(src, "^"):
		return true, "no ^ anchor: https://evil.example matches if it contains the allowed text"
	case !strings.HasSuffix(src, "$"):
		return true, "no $ anchor: https://app.example.com.evil.example matches"
	}
	for i := 0; i < len(src); i++ {
		if src[i] == '\\' {
			i++
			continue
		}
		if src[i] == '.' && (i+1 >= len(src) || !strings.ContainsRune("*+?{", rune(src[i+1]))) {
			return true, "an unescaped dot matches any character, so look-alike domains match"
		}
	}
	return false, ""
}

// corsFinding turns an origin kind and the credentials flag into a finding.
func corsFinding(p string, line int, lib string, k originKind, what string, creds bool) (codeFinding, bool) {
	c := codeFinding{Path: p, Line: line, Evidence: lib + " " + what}
	switch {
	case k == originReflect && creds:
		c.Rule, c.Facet, c.Fix = ruleCorsAnyOriginWithCredentials, "cors.reflected", fixCORSList
		c.Msg = fmt.Sprintf("%s allows any origin with credentials (%s): it answers any site's Origin with Access-Control-Allow-Credentials: true, so any website a signed-in member visits can read their data through the API.", lib, what)
	case k == originReflect:
		c.Rule, c.Facet, c.Fix = ruleCorsReflectedOrigin, "cors.reflected", fixCORSList
		c.Msg = fmt.Sprintf("%s allows any origin (%s), without credentials: anything protected only by network location is exposed to every website.", lib, what)
	case k == originNull:
		c.Rule, c.Facet, c.Fix = ruleCorsNullOrigin, "cors.null", "Remove \"null\" from the allowed origins: sandboxed iframes and local files, which anyone can create, send it."
		c.Msg = fmt.Sprintf("%s allows the origin \"null\" (%s).", lib, what)
		if creds {
			c.Severity = finding.SeverityCritical
			c.Msg = fmt.Sprintf("%s allows the origin \"null\" with credentials (%s): sandboxed iframes and local files get a member's data.", lib, what)
		}
	case k == originLooseRegex:
		c.Rule, c.Facet, c.Fix = ruleCorsLooseRegex, "cors.regex", "Anchor the pattern (^...$), escape every dot (\\.), or list the origins exactly."
		c.Msg = fmt.Sprintf("%s allows origins matching a loose pattern: %s.", lib, what)
	case k == originWildcard && creds:
		c.Rule, c.Facet, c.Fix = ruleCorsWildcardWithCredentials, "cors.wildcard", fixCORSList
		c.Msg = fmt.Sprintf("%s sends Access-Control-Allow-Origin: * together with credentials (%s): browsers refuse that combination, and the usual \"fix\", reflecting the Origin, opens the API to every site.", lib, what)
	case k == originWildcard:
		c.Rule, c.Facet, c.Fix = ruleCorsWildcard, "cors.wildcard", fixCORSWildcard
		c.Msg = fmt.Sprintf("%s allows every origin (%s), without credentials.", lib, what)
	default:
		return c, false
	}
	return c, true
}

// authPath matches routes that need a rate limit.
var authPath = regexp.MustCompile(`(?i)(log-?in|sign-?in|sign-?up|register|token|password|passwd|forgot|reset|invite|otp|2fa|mfa|verify|magic|session)`)

// limiterName matches identifiers that are rate limiters by name.
var limiterName = regexp.MustCompile(`(?i)(limit|throttl|slowdown|brute)`)

// routeMethods are express/fastify/router route registrations.
var routeMethods = map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true, "all": true}

// route is a login-type route and whether a limiter covers it.
type route struct {
	path, method, file, framework string
	line                          int
	covered                       bool
}

// rlFacts is what one file says about rate limiting; the project-wide
// decision is made once every file has been read.
type rlFacts struct {
	routes   []route
	global   bool     // app.use(limiter) with no path; Limiter(default_limits=...)
	prefixes []string // app.use('/auth', limiter)
	mounted  []string // modules mounted behind a limiter: app.use('/auth', limiter, require('./routes/auth'))
	// anyLimiter: a limiter is referenced at all (Go: wrapping is too
	// varied to follow, so any limiter counts as covering).
	anyLimiter bool
	family     string   // js, py or go
	file       string   // the file these facts are about
	health     []string // health routes found: "GET /health (src/server.js:14)"
	loggedAuth int      // login-type handlers that log (JavaScript)
	helmet     string   // where helmet() is applied
	// exported classifies the file's module.exports / export default
	// object as CORS options; pending are cors() calls whose options come
	// from another file.
	exported *corsOptions
	pending  []pendingCORS
}

// corsOptions is an options object read as CORS settings.
type corsOptions struct {
	kind  originKind
	what  string
	creds bool
}

// pendingCORS is a cors(imported) call to resolve across files.
type pendingCORS struct {
	file, lib, module string
	line              int
}

// logCall matches loggers in a handler.
var logCall = regexp.MustCompile(`^(log|logger|console|audit|auditLog|winston|pino|bunyan|Sentry|captureException)$`)

// healthPath matches health-check routes.
var healthPath = regexp.MustCompile(`^/(api/)?(health|healthz|livez|readyz|ready|status|ping)/?$`)

// scanJS runs the JavaScript/TypeScript rules on one file.
func scanJS(p string, src []byte) ([]codeFinding, rlFacts) {
	f := newJSFile(p, src)
	t := f.Toks
	var out []codeFinding
	facts := rlFacts{family: "js", file: p}
	add := func(c codeFinding, ok bool) {
		if ok {
			out = append(out, c)
		}
	}
	corsNames := f.localNames("cors")
	fastifyCors := f.localNames("@fastify/cors")
	sessionNames := f.localNames("express-session")
	cookieSessionNames := f.localNames("cookie-session")
	limiters := map[string]bool{}
	if strings.Contains(string(src), "APP_GUARD") && strings.Contains(string(src), "ThrottlerGuard") {
		facts.global = true // ThrottlerModule with a global guard
	}
	for n, m := range f.imports {
		if strings.Contains(m, "rate-limit") || strings.Contains(m, "rate-limiter") || strings.Contains(m, "slow-down") || strings.Contains(m, "brute") {
			limiters[n] = true
		}
	}
	for n, v := range f.Consts {
		if v.To > v.From && (limiters[t[v.From].Text] || limiterName.MatchString(t[v.From].Text) || (t[v.From].Text == "new" && v.To-v.From > 1 && limiterName.MatchString(t[v.From+1].Text))) {
			limiters[n] = true
		}
		if limiterName.MatchString(n) {
			limiters[n] = true
		}
	}
	isLimiter := func(sp lex.Span) bool {
		if sp.To <= sp.From {
			return false
		}
		tk := t[sp.From]
		return tk.Kind == lex.Ident && (limiters[tk.Text] || limiterName.MatchString(tk.Text))
	}
	credsHeader := false
	for i := 0; i+2 < len(t); i++ {
		if t[i].Kind == lex.String && strings.EqualFold(t[i].Text, "Access-Control-Allow-Credentials") && t[i+1].Text == "," &&
			(t[i+2].Text == "true" || (t[i+2].Kind == lex.String && t[i+2].Text == "true")) {
			credsHeader = true
		}
	}
	for i := 0; i+1 < len(t); i++ {
		tk := t[i]
		if tk.Kind != lex.Ident {
			continue
		}
		call := t[i+1].Text == "("
		member := i > 0 && t[i-1].Text == "."
		switch {
		// cors({...}) from the cors package
		case call && !member && corsNames[tk.Text]:
			a := lex.Args(t, i+1)
			o := defaultCORS // cors() without options
			if len(a) > 0 {
				o = f.corsOptions(f.object(a[0]))
				// Imported from another file of the project: resolved
				// once every file has been read.
				if m := f.moduleOf(a[0]); strings.HasPrefix(m, ".") {
					facts.pending = append(facts.pending, pendingCORS{file: p, line: f.Line(i), lib: "cors", module: m})
				}
			}
			add(corsFinding(p, f.Line(i), "cors", o.kind, o.what, o.creds))
		// fastify.register(cors, {...}) or register(require('@fastify/cors'), {...})
		case call && tk.Text == "register":
			a := lex.Args(t, i+1)
			if len(a) < 2 {
				continue
			}
			first := lex.Text(t, a[0])
			// fastify.register(rateLimit, {...}): @fastify/rate-limit is
			// global unless told otherwise.
			if limiters[first] || strings.Contains(first, "@fastify/rate-limit") {
				if obj := f.object(a[1]); obj < 0 || !f.IsFalse(lex.Fields(t, obj)["global"]) {
					facts.global = true
				}
				continue
			}
			if !fastifyCors[first] && !strings.Contains(first, "@fastify/cors") && !strings.Contains(first, "fastify-cors") {
				continue
			}
			o := f.corsOptions(f.object(a[1]))
			add(corsFinding(p, f.Line(i), "@fastify/cors", o.kind, o.what, o.creds))
		// NestJS: app.enableCors({...}) or enableCors()
		case call && member && tk.Text == "enableCors":
			a := lex.Args(t, i+1)
			if len(a) == 0 {
				add(corsFinding(p, f.Line(i), "NestJS enableCors()", originWildcard, "no options: the default is \"*\"", false))
				continue
			}
			o := f.corsOptions(f.object(a[0]))
			add(corsFinding(p, f.Line(i), "NestJS enableCors", o.kind, o.what, o.creds))
		// NestFactory.create(AppModule, { cors: true | {...} })
		case call && member && tk.Text == "create" && i >= 2 && t[i-2].Text == "NestFactory":
			a := lex.Args(t, i+1)
			if len(a) < 2 {
				continue
			}
			obj := f.object(a[1])
			if obj < 0 {
				continue
			}
			c, ok := lex.Fields(t, obj)["cors"]
			if !ok {
				continue
			}
			if f.IsTrue(c) {
				add(corsFinding(p, f.Line(i), "NestFactory.create", originWildcard, "cors: true: the default is \"*\"", false))
			} else if obj := f.object(c); obj >= 0 {
				o := f.corsOptions(obj)
				add(corsFinding(p, f.Line(i), "NestFactory.create cors", o.kind, o.what, o.creds))
			}
		// Next.js headers(): { key: 'Access-Control-Allow-Origin', value: '*' }
		case tk.Text == "key" && i+3 < len(t) && t[i+1].Text == ":" && t[i+2].Kind == lex.String && strings.EqualFold(t[i+2].Text, "Access-Control-Allow-Origin"):
			for j := i + 3; j+2 < len(t) && j < i+8; j++ {
				if t[j].Text == "value" && t[j+1].Text == ":" && t[j+2].Kind == lex.String {
					switch v := t[j+2].Text; {
					case v == "*":
						add(corsFinding(p, t[i].Line, "The Next.js headers() entry", originWildcard, `Access-Control-Allow-Origin: "*"`, credsHeader || nextCreds(t)))
					case strings.EqualFold(v, "null"):
						add(corsFinding(p, t[i].Line, "The Next.js headers() entry", originNull, `Access-Control-Allow-Origin: "null"`, credsHeader || nextCreds(t)))
					}
					break
				}
			}
		// res.setHeader('Access-Control-Allow-Origin', req.headers.origin); NestJS @Header(...)
		case call && (member && (tk.Text == "setHeader" || tk.Text == "header" || tk.Text == "set" || tk.Text == "append") || tk.Text == "Header" && i > 0 && t[i-1].Text == "@"):
			a := lex.Args(t, i+1)
			if len(a) < 2 {
				continue
			}
			name, ok := lex.Single(t, a[0])
			if !ok || name.Kind != lex.String || !strings.EqualFold(name.Text, "Access-Control-Allow-Origin") {
				continue
			}
			v := lex.Text(t, a[1])
			lv := strings.ToLower(v)
			switch {
			case strings.Contains(lv, "origin") && (strings.Contains(lv, "req") || strings.Contains(lv, "request") || strings.Contains(lv, "headers")):
				if !f.guarded(i) {
					add(corsFinding(p, f.Line(i), "The Access-Control-Allow-Origin header", originReflect, "it echoes the request's Origin", credsHeader))
				}
			case v == "*":
				add(corsFinding(p, f.Line(i), "The Access-Control-Allow-Origin header", originWildcard, `"*"`, credsHeader))
			case strings.EqualFold(v, "null"):
				add(corsFinding(p, f.Line(i), "The Access-Control-Allow-Origin header", originNull, `"null"`, credsHeader))
			}
		// session({...}) from express-session
		case call && !member && sessionNames[tk.Text]:
			a := lex.Args(t, i+1)
			if len(a) == 0 {
				continue
			}
			obj := f.object(a[0])
			if obj < 0 {
				continue
			}
			cookie, ok := lex.Fields(t, obj)["cookie"]
			var cf map[string]lex.Span
			if ok {
				if co := f.object(cookie); co >= 0 {
					cf = lex.Fields(t, co)
				} else {
					continue // cookie options from elsewhere
				}
			}
			out = append(out, f.cookieRules(i, "express-session", cf, false, true)...)
		// cookieSession({...}): Secure follows the request unless set
		case call && !member && cookieSessionNames[tk.Text]:
			a := lex.Args(t, i+1)
			if len(a) == 0 {
				continue
			}
			if obj := f.object(a[0]); obj >= 0 {
				out = append(out, f.cookieRules(i, "cookie-session", lex.Fields(t, obj), true, true)...)
			}
		// res.cookie('session', value, {...}): Express defaults are neither Secure nor HttpOnly
		case call && member && tk.Text == "cookie":
			a := lex.Args(t, i+1)
			if len(a) < 2 {
				continue
			}
			name, ok := lex.Single(t, a[0])
			if !ok || name.Kind != lex.String || !finding.SessionCookie.MatchString(name.Text) {
				continue
			}
			var opts map[string]lex.Span
			if len(a) >= 3 {
				obj := f.object(a[2])
				if obj < 0 {
					continue
				}
				opts = lex.Fields(t, obj)
			}
			out = append(out, f.cookieRules(i, fmt.Sprintf("res.cookie(%q)", name.Text), opts, false, false)...)
		// error handlers: (err, req, res, next) => res.send(err.stack)
		case tk.Text == "stack" && member && i >= 2 && (t[i-2].Text == "err" || t[i-2].Text == "error" || t[i-2].Text == "e"):
			if f.inErrorHandler(i) && !f.guarded(i) {
				out = append(out, codeFinding{Rule: ruleStackTraceResponse, Facet: "debug.stack", Path: p, Line: f.Line(i),
					Msg:      fmt.Sprintf("An Express error handler sends %s.stack to the client: the response reveals file paths, library versions and code structure.", t[i-2].Text),
					Fix:      "Log the stack on the server and answer with a generic message and status; if you want stacks in development, check process.env.NODE_ENV !== 'production' explicitly.",
					Evidence: "err.stack"})
			}
		// app.use([path,] limiter [, router])
		case call && member && tk.Text == "use":
			a := lex.Args(t, i+1)
			if len(a) == 0 {
				continue
			}
			if h := t[a[0].From]; h.Kind == lex.Ident && (f.imports[h.Text] == "helmet" || h.Text == "helmet") && facts.helmet == "" {
				facts.helmet = fmt.Sprintf("helmet (%s:%d)", p, f.Line(i))
			}
			prefix := ""
			rest := a
			if s, ok := lex.Single(t, a[0]); ok && s.Kind == lex.String {
				prefix, rest = s.Text, a[1:]
			}
			lim := false
			for _, x := range rest {
				if isLimiter(x) {
					lim = true
				} else if lim {
					// a router mounted after the limiter
					if tk, ok := lex.Single(t, x); ok {
						if m, ok := f.imports[tk.Text]; ok {
							facts.mounted = append(facts.mounted, moduleBase(m))
						}
					} else if t[x.From].Text == "require" && x.From+2 < x.To && t[x.From+2].Kind == lex.String {
						facts.mounted = append(facts.mounted, moduleBase(t[x.From+2].Text))
					}
				}
			}
			if lim && prefix == "" {
				facts.global = true
			} else if lim {
				facts.prefixes = append(facts.prefixes, prefix)
			}
		// NestJS: @Post('login') in a @Controller('auth'); @Throttle or
		// @UseGuards(ThrottlerGuard) on it, or a global ThrottlerGuard.
		case call && i > 0 && t[i-1].Text == "@" && nestMethods[tk.Text]:
			a := lex.Args(t, i+1)
			sub := ""
			if len(a) > 0 {
				if s, ok := lex.Single(t, a[0]); ok && s.Kind == lex.String {
					sub = s.Text
				}
			}
			full := strings.TrimSuffix("/"+strings.Trim(nestPrefix(t, i), "/"), "/") + "/" + strings.Trim(sub, "/")
			if !authPath.MatchString(full) {
				continue
			}
			r := route{path: full, method: strings.ToUpper(tk.Text), file: p, line: t[i].Line, framework: "NestJS"}
			// Decorators of the same method sit in the same statement.
			for j := f.Starts[i]; j < len(t) && f.Starts[j] == f.Starts[i]; j++ {
				if t[j].Text == "Throttle" || t[j].Text == "ThrottlerGuard" {
					r.covered = true
				}
			}
			facts.routes = append(facts.routes, r)
		// router.post('/login', [limiter,] handler)
		case call && member && routeMethods[tk.Text]:
			a := lex.Args(t, i+1)
			if len(a) < 2 {
				continue
			}
			s, ok := lex.Single(t, a[0])
			if ok && s.Kind == lex.String && healthPath.MatchString(s.Text) {
				facts.health = append(facts.health, fmt.Sprintf("%s %s (%s:%d)", strings.ToUpper(tk.Text), s.Text, p, f.Line(i)))
			}
			if !ok || s.Kind != lex.String || !strings.HasPrefix(s.Text, "/") || !authPath.MatchString(s.Text) {
				continue
			}
			framework := "Express"
			if i >= 2 && t[i-2].Text == "fastify" || len(f.localNames("fastify")) > 0 {
				framework = "fastify"
			}
			r := route{path: s.Text, method: strings.ToUpper(tk.Text), file: p, line: f.Line(i), framework: framework}
			for _, x := range a[1:] {
				if isLimiter(x) {
					r.covered = true
				}
			}
			// Evidence for the Logging row: does the handler log failures?
			for j := a[0].To; j < lex.Closing(t, i+1); j++ {
				if t[j].Kind == lex.Ident && logCall.MatchString(t[j].Text) {
					facts.loggedAuth++
					break
				}
			}
			facts.routes = append(facts.routes, r)
		}
	}
	// module.exports = {...} / export default {...}: its CORS reading, for
	// files that import it.
	for i := 0; i+2 < len(t); i++ {
		obj := -1
		if t[i].Text == "module" && t[i+1].Text == "." && i+4 < len(t) && t[i+2].Text == "exports" && t[i+3].Text == "=" {
			obj = f.object(lex.Span{From: i + 4, To: i + 5}) // inline, or a const
		} else if t[i].Text == "export" && t[i+1].Text == "default" {
			obj = f.object(lex.Span{From: i + 2, To: i + 3})
		}
		if obj >= 0 {
			o := f.corsOptions(obj)
			facts.exported = &o
		}
	}
	return out, facts
}

// defaultCORS is what cors(), @fastify/cors and NestJS do without an
// origin option: allow "*".
var defaultCORS = corsOptions{kind: originWildcard, what: "no origin option: the default is \"*\""}

// corsOptions reads the cors/@fastify/cors/NestJS options object opening at
// toks[obj]: origin (default "*") and credentials. obj < 0 (options this
// file does not show) reads as unknown.
func (f *jsFile) corsOptions(obj int) corsOptions {
	if obj < 0 {
		return corsOptions{kind: originUnknown}
	}
	o := defaultCORS
	fs := lex.Fields(f.Toks, obj)
	o.creds = fs["credentials"].To > 0 && f.IsTrue(fs["credentials"])
	if or, ok := fs["origin"]; ok {
		o.kind, o.what = f.classifyOrigin(or)
	}
	return o
}

// moduleOf returns the module a span refers to: an identifier bound by
// require/import, or an inline require('...').
func (f *jsFile) moduleOf(sp lex.Span) string {
	t := f.Toks
	if tk, ok := lex.Single(t, sp); ok && tk.Kind == lex.Ident {
		return f.imports[tk.Text]
	}
	if sp.To-sp.From >= 4 && t[sp.From].Text == "require" && t[sp.From+2].Kind == lex.String {
		return t[sp.From+2].Text
	}
	return ""
}

// cookieRules judges a session cookie's options. autoSecure: the library
// sets Secure itself on HTTPS requests unless told otherwise;
// httpOnlyDefault: HttpOnly is on unless switched off.
func (f *jsFile) cookieRules(i int, lib string, opts map[string]lex.Span, autoSecure, httpOnlyDefault bool) []codeFinding {
	var out []codeFinding
	line := f.Line(i)
	sec, hasSec := opts["secure"]
	insecure := (!hasSec && !autoSecure) || (hasSec && f.IsFalse(sec))
	if insecure {
		why := "sets no secure option (its default is false)"
		if hasSec {
			why = "sets secure: false"
		}
		out = append(out, codeFinding{Rule: ruleSessionCookieInsecure, Facet: "cookie.secure", Path: f.Path, Line: line,
			Msg: fmt.Sprintf("The %s cookie %s: the session travels over plain HTTP, where anyone on the network can take it.", lib, why),
			Fix: fixCookieSecure + " In Express: cookie: {secure: true} with app.set('trust proxy', 1).", Evidence: lib + " secure"})
	}
	ho, hasHO := opts["httpOnly"]
	if (hasHO && f.IsFalse(ho)) || (!hasHO && !httpOnlyDefault) {
		why := "sets httpOnly: false"
		if !hasHO {
			why = "does not set httpOnly (its default is false)"
		}
		out = append(out, codeFinding{Rule: ruleSessionCookieNotHttponly, Facet: "cookie.httponly", Path: f.Path, Line: line,
			Msg: fmt.Sprintf("The %s cookie %s: any script injected into the page can read and steal it.", lib, why),
			Fix: fixHTTPOnly, Evidence: lib + " httpOnly"})
	}
	if ss, ok := opts["sameSite"]; ok {
		v := strings.ToLower(lex.Text(f.Toks, f.Resolve(ss)))
		if v == "none" && (insecure || (hasSec && !f.IsTrue(sec))) {
			out = append(out, codeFinding{Rule: ruleCookieSamesiteNoneInsecure, Facet: "cookie.samesite", Path: f.Path, Line: line,
				Msg: fmt.Sprintf("The %s cookie sets sameSite: 'none' without secure: true; browsers reject it, or send it cross-site over HTTP.", lib),
				Fix: fixSameSiteNone, Evidence: lib + " samesite"})
		}
	}
	return out
}

// guarded reports whether the statement at token i sits in a block that
// checks the environment (NODE_ENV, 'development'): debug-only code.
func (f *jsFile) guarded(i int) bool {
	from := max(0, i-60)
	for j := from; j < i; j++ {
		tk := f.Toks[j]
		if tk.Text == "NODE_ENV" || (tk.Kind == lex.String && (tk.Text == "development" || tk.Text == "dev")) {
			return true
		}
	}
	return false
}

// inErrorHandler reports whether token i is inside a function with four
// parameters (err, req, res, next): Express's error-handler signature.
func (f *jsFile) inErrorHandler(i int) bool {
	t := f.Toks
	for j := i - 1; j >= 0 && j > i-400; j-- {
		if t[j].Text != "(" {
			continue
		}
		end := lex.Closing(t, j)
		if end <= j || end >= i {
			continue
		}
		a := lex.Args(t, j)
		if len(a) == 4 && end+1 < len(t) && (t[end+1].Text == "=>" || t[end+1].Text == "{") {
			if n, ok := lex.Single(t, a[0]); ok && (n.Text == "err" || n.Text == "error" || n.Text == "e") {
				return true
			}
		}
	}
	return false
}

// moduleBase is a module path's last element without extension:
// './routes/auth.js' -> 'auth'.
func moduleBase(m string) string {
	b := path.Base(m)
	return strings.TrimSuffix(b, path.Ext(b))
}

// nextCreds reports a Next.js headers() entry allowing credentials.
func nextCreds(t []lex.Token) bool {
	for i := 0; i+3 < len(t); i++ {
		if t[i].Text == "key" && t[i+2].Kind == lex.String && strings.EqualFold(t[i+2].Text, "Access-Control-Allow-Credentials") {
			for j := i + 3; j+2 < len(t) && j < i+8; j++ {
				if t[j].Text == "value" && t[j+2].Kind == lex.String && t[j+2].Text == "true" {
					return true
				}
			}
		}
	}
	return false
}

// nestMethods are NestJS route decorators.
var nestMethods = map[string]bool{"Post": true, "Get": true, "Put": true, "Patch": true, "All": true}

// nestPrefix returns the path of the @Controller('...') before token i.
func nestPrefix(t []lex.Token, i int) string {
	for j := i - 1; j >= 2; j-- {
		if t[j].Text == "Controller" && t[j-1].Text == "@" && j+2 < len(t) && t[j+1].Text == "(" {
			if t[j+2].Kind == lex.String {
				return t[j+2].Text
			}
			return ""
		}
	}
	return ""
}
