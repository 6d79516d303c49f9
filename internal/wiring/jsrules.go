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
	// picked maps a destructured name to the field it was taken from:
	// const { origin } = req.headers (Consts holds req.headers).
	picked map[string]string
}

func newJSFile(p string, src []byte) *jsFile {
	f := &jsFile{Source: lex.NewSource(p, src, lex.JS), imports: map[string]string{}, picked: map[string]string{}}
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
			fv := v
			if t[fv].Text == "async" && fv+1 < len(t) {
				fv++
			}
			if t[fv].Kind == lex.Punct && (t[fv].Text == "{" || t[fv].Text == "[") {
				end = lex.Closing(t, fv) + 1
			} else if t[fv].Text == "function" || t[fv].Text == "(" && lex.Closing(t, fv)+1 < len(t) && t[lex.Closing(t, fv)+1].Text == "=>" {
				// a function: const rl = (req, res, next) => limiter.consume(...)
				end = fv + 1
				for end < len(t) && f.Starts[end] == f.Starts[i] && t[end].Text != ";" {
					end++
				}
			} else if t[v].Kind == lex.Ident {
				// a call: rateLimit({...}), express.Router()
				k := v
				for {
					if k+2 < len(t) && t[k+1].Text == "." && t[k+2].Kind == lex.Ident {
						k += 2
						continue
					}
					if k+3 < len(t) && t[k+1].Text == "[" && t[k+2].Kind == lex.String && t[k+3].Text == "]" {
						k += 3 // req.headers['origin']
						continue
					}
					break
				}
				if k+1 < len(t) && t[k+1].Text == "(" {
					end = lex.Closing(t, k+1) + 1
				} else if k > v {
					end = k + 1 // a member: req.headers.origin
				}
			}
			f.Consts[name] = lex.Span{From: v, To: min(end, len(t))}
		}
		// import { a, b as c } from 'mod'; const { a, b } = require('mod')
		if t[i].Kind == lex.Punct && t[i].Text == "{" && i > 0 && (t[i-1].Text == "import" || t[i-1].Text == "," ||
			t[i-1].Text == "const" || t[i-1].Text == "let" || t[i-1].Text == "var") {
			end := lex.Closing(t, i)
			mod := ""
			if end+2 < len(t) && t[end+1].Text == "from" && t[end+2].Kind == lex.String {
				mod = t[end+2].Text
			} else if end+4 < len(t) && t[end+1].Text == "=" && t[end+2].Text == "require" && t[end+4].Kind == lex.String {
				mod = t[end+4].Text
			}
			if mod != "" {
				for _, a := range lex.Args(t, i) {
					if a.To > a.From && t[a.To-1].Kind == lex.Ident {
						f.imports[t[a.To-1].Text] = mod
					}
				}
			} else if end+2 < len(t) && t[end+1].Text == "=" && t[end+2].Kind == lex.Ident && t[i-1].Text != "import" && t[i-1].Text != "," {
				// const { origin } = req.headers: origin is req.headers.origin
				src := end + 2
				k := src
				for k+2 < len(t) && t[k+1].Text == "." && t[k+2].Kind == lex.Ident {
					k += 2
				}
				if k+1 >= len(t) || t[k+1].Text != "(" {
					for _, a := range lex.Args(t, i) {
						if a.To-a.From == 1 && t[a.From].Kind == lex.Ident {
							f.Consts[t[a.From].Text] = lex.Span{From: src, To: k + 1}
							f.picked[t[a.From].Text] = t[a.From].Text
						} else if a.To-a.From == 3 && t[a.From+1].Text == ":" && t[a.To-1].Kind == lex.Ident {
							f.Consts[t[a.To-1].Text] = lex.Span{From: src, To: k + 1}
							f.picked[t[a.To-1].Text] = t[a.From].Text
						}
					}
				}
			}
		}
		// import NAME from 'mod'; import * as NAME from 'mod'
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

// How a library applies an origin pattern: a search anywhere in the
// Origin (JS RegExp.test, PHP preg_match, Ruby =~), anchored at the start
// (Python re.match: django-cors-headers) or at both ends (re.fullmatch:
// Starlette/FastAPI allow_origin_regex).
type regexMatch int

const (
	matchSearch regexMatch = iota
	matchStart
	matchFull
)

// regexMatchOf reads the CORS table's RegexMatch.
func regexMatchOf(s string) regexMatch {
	switch s {
	case "fullmatch":
		return matchFull
	case "match":
		return matchStart
	}
	return matchSearch
}

// domainTail is the pattern's last host: labels joined by escaped dots,
// an optional port after it.
var domainTail = regexp.MustCompile(`([A-Za-z0-9-]+(?:\\\.[A-Za-z0-9-]+)+)(?:\(?:(?:\\d|\[0-9\])[+*]\)?\??|:[0-9]+)?$`)

// looseOriginRegex reports an origin pattern that can match an origin
// outside the intended domain, the way m applies it: open at the end
// (example\.com.evil.net), an unescaped dot in the host (exampleXcom), or
// no dot or scheme boundary before the domain when the start is open or
// a wildcard precedes it (evilexample.com). A pattern ending in
// \.domain\.tld$ without ^ only admits subdomains: not loose.
func looseOriginRegex(src string, m regexMatch) (bool, string) {
	body := src
	startAnchored := m >= matchStart
	if strings.HasPrefix(body, "^") || strings.HasPrefix(body, `\A`) {
		startAnchored = true
		body = strings.TrimPrefix(strings.TrimPrefix(body, "^"), `\A`)
	}
	endAnchored := m == matchFull
	for _, a := range []string{"$", `\Z`, `\z`} {
		if strings.HasSuffix(body, a) && !strings.HasSuffix(body, `\`+a) {
			endAnchored = true
			body = strings.TrimSuffix(body, a)
			break
		}
	}
	if !endAnchored {
		return true, "no $ anchor: https://app.example.com.evil.example matches"
	}
	for i := 0; i < len(body); i++ {
		if body[i] == '\\' {
			i++
			continue
		}
		if body[i] == '.' && (i+1 >= len(body) || !strings.ContainsRune("*+?{", rune(body[i+1]))) {
			return true, "an unescaped dot matches any character, so look-alike domains match"
		}
	}
	loc := domainTail.FindStringSubmatchIndex(body)
	if loc == nil {
		if !startAnchored {
			return true, "no ^ anchor: https://evil.example matches if it contains the allowed text"
		}
		return false, ""
	}
	before := body[:loc[2]]
	bounded := before == "" && startAnchored || strings.HasSuffix(before, "//") ||
		strings.HasSuffix(before, `\.`) || strings.HasSuffix(before, `\/\/`)
	for _, g := range []string{`\.)`, `\.)*`, `\.)?`, `\.)+`} {
		bounded = bounded || strings.HasSuffix(before, g)
	}
	if !bounded {
		if !startAnchored {
			return true, "no ^ anchor and no dot before the domain: https://evil" + strings.ReplaceAll(body[loc[2]:loc[3]], `\.`, ".") + " matches"
		}
		if strings.ContainsAny(before, "*+?") {
			return true, "no dot before the domain: https://evil" + strings.ReplaceAll(body[loc[2]:loc[3]], `\.`, ".") + " matches"
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
	// exempt: taken out of the app-wide limits (@limiter.exempt);
	// beforeGlobal: declared above the app.use(limiter) of its file, which
	// Express applies only to routes registered after it.
	exempt, beforeGlobal bool
}

// prefixMount is a limiter mounted on a path prefix: app.use('/auth', limiter).
type prefixMount struct {
	path, file string
	line       int
}

// pathUnder reports whether a route's path is the prefix or below it, by
// whole segments: /api/auth covers /api/auth/login, not /api/authz/login.
func pathUnder(p, prefix string) bool {
	prefix = strings.TrimRight(strings.TrimSuffix(prefix, "*"), "/")
	if prefix == "" {
		return true
	}
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

// rlFacts is what one file says about rate limiting; the project-wide
// decision is made once every file has been read.
type rlFacts struct {
	routes   []route
	global   bool          // app.use(limiter) with no path; Limiter(default_limits=...)
	prefixes []prefixMount // app.use('/auth', limiter)
	// globalLine: the line of the file's first app.use(limiter) when that
	// is its only app-wide limiter (routes above it are not covered).
	globalLine int
	mounted    []string // modules mounted behind a limiter: app.use('/auth', limiter, require('./routes/auth'))
	// anyLimiter: a limiter is referenced at all (Go: wrapping is too
	// varied to follow, so any limiter counts as covering).
	anyLimiter bool
	family     string   // js, py or go
	file       string   // the file these facts are about
	health     []string // health routes found: "GET /health (src/server.js:14)"
	loggedAuth int      // login-type handlers that log (JavaScript)
	helmet     string   // where helmet() is applied
	// commented are security-headers middleware calls left in comments;
	// helmetApp: one is applied to the whole app (app.use(helmet())).
	commented []commentedHeaders
	helmetApp bool
	// specBinder names the library serving an OpenAPI document's routes
	// (express-openapi), "" none.
	specBinder string
}

type commentedHeaders struct {
	label, file string
	line        int
}

// logCall matches loggers in a handler.
var logCall = regexp.MustCompile(`^(log|logger|console|audit|auditLog|winston|pino|bunyan|Sentry|captureException)$`)

// healthPath matches health-check routes.
var healthPath = regexp.MustCompile(`^/(api/)?(health|healthz|livez|readyz|ready|status|ping)/?$`)

// guarded reports whether the statement at token i sits in a block that
// checks the environment (NODE_ENV, 'development'): debug-only code.
func (f *jsFile) guarded(i int) bool {
	from := max(0, i-60)
	for j := from; j < i; j++ {
		tk := f.Toks[j]
		if tk.Text == "NODE_ENV" || (tk.Kind == lex.String && (tk.Text == "development" || tk.Text == "dev" || tk.Text == "env" && j > 1 && f.Toks[j-2].Text == "get")) {
			// the check must decide the statement at i: the same
			// statement (a ternary, &&), or the condition of an if whose
			// block (or else block) holds it; a guarded call above does
			// not guard the next one.
			if f.Starts[j] == f.Starts[i] || f.ifHolds(j, i) {
				return true
			}
		}
		// a development flag deciding the statement: dev ? err.stack : undefined
		if f.Starts[j] == f.Starts[i] && tk.Kind == lex.Ident && j+1 < len(f.Toks) && (f.Toks[j+1].Text == "?" || f.Toks[j+1].Text == "&&") && f.devConst(tk.Text) {
			return true
		}
	}
	return false
}

// devConst reports a constant of the file whose value checks the
// environment: const dev = app.get('env') === 'development'.
func (f *jsFile) devConst(name string) bool {
	sp, ok := f.Consts[name]
	if !ok {
		return false
	}
	for k := sp.From; k < sp.To && k < len(f.Toks); k++ {
		tk := f.Toks[k]
		if tk.Text == "NODE_ENV" || tk.Kind == lex.String && (tk.Text == "development" || tk.Text == "dev" || tk.Text == "env" && k > 1 && f.Toks[k-2].Text == "get") {
			return true
		}
	}
	return false
}

// ifHolds reports whether token j sits in the condition of an if whose
// then or else branch holds token i.
func (f *jsFile) ifHolds(j, i int) bool {
	t := f.Toks
	for k := j - 1; k >= 0 && k >= j-40; k-- {
		if t[k].Text != "if" || k+1 >= len(t) || t[k+1].Text != "(" {
			continue
		}
		end := lex.Closing(t, k+1)
		if end < j || end+1 >= len(t) {
			continue
		}
		b := end + 1
		for {
			if t[b].Text == "{" && t[b].Kind == lex.Punct {
				close := lex.Closing(t, b)
				if i > b && i < close {
					return true
				}
				b = close + 1
			} else {
				// one statement: if (dev) app.use(errorhandler());
				s := f.Starts[b]
				e := b
				for e < len(t) && f.Starts[e] == s && t[e].Text != ";" {
					e++
				}
				if i >= b && i < e {
					return true
				}
				b = e
				if b < len(t) && t[b].Text == ";" {
					b++
				}
			}
			if b >= len(t) || t[b].Text != "else" || b+1 >= len(t) || t[b+1].Text == "if" {
				return false
			}
			b++
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
