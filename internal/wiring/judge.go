package wiring

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	fw "github.com/launchready/launchready/internal/wiring/frameworks"
)

// The judge: one place that applies the framework tables to the facts the
// language readers extracted, and makes the findings.

// project is what the judge needs across files: each file's exported
// value (for options imported from another file).
type project struct {
	exports map[string]*value // path without extension -> module.exports
}

func newProject(files []*fileFacts) *project {
	p := &project{exports: map[string]*value{}}
	for _, f := range files {
		p.add(f)
	}
	return p
}

func (p *project) add(f *fileFacts) {
	if f.exported != nil {
		p.exports[strings.TrimSuffix(f.path, path.Ext(f.path))] = f.exported
	}
}

// imported resolves a value bound to a relative module of the project
// (require('./config/cors')) to that file's export.
func (p *project) imported(file string, v *value) (*value, string, bool) {
	if p == nil || v == nil || !strings.HasPrefix(v.module, ".") {
		return nil, "", false
	}
	target := path.Join(path.Dir(file), v.module)
	target = strings.TrimSuffix(target, path.Ext(target))
	if e, ok := p.exports[target]; ok {
		return e, v.module, true
	}
	if e, ok := p.exports[path.Join(target, "index")]; ok {
		return e, v.module, true
	}
	return nil, "", false
}

// goPath drops major-version elements (echo/v4 -> echo) so tables name a
// Go module once.
var goMajor = regexp.MustCompile(`/v[0-9]+(/|$)`)

func goPath(p string) string { return goMajor.ReplaceAllString(p, "$1") }

// moduleIs reports whether an import matches a table's module: exactly
// (npm, Python), or as a path suffix (Go); "*x*" matches any import
// containing x.
func moduleIs(lang, have, want string) bool {
	if have == "" {
		return false
	}
	if strings.HasPrefix(want, "*") && strings.HasSuffix(want, "*") && len(want) > 2 {
		return strings.Contains(have, want[1:len(want)-1])
	}
	if lang == "go" {
		h := goPath(have)
		return h == want || strings.HasSuffix(h, "/"+want)
	}
	return have == want
}

// matches reports whether a call fact is the table's call.
func matches(ff *fileFacts, c *callFact, m fw.Call) bool {
	if c.literal != m.Literal || c.decorator != m.Decorator || c.config != m.Config || c.newExpr != m.New {
		return false
	}
	if m.Func != "" && c.name != m.Func {
		return false
	}
	if m.Callee != "" && c.callee != m.Callee {
		return false
	}
	if m.Arg0 != "" {
		s, ok := c.arg(0).str()
		if a := c.arg(0); !ok && a != nil && a.kind == vExpr && a.name == a.text {
			s, ok = a.name, true // an identifier: install(CORS)
		}
		if !ok || s != m.Arg0 {
			return false
		}
	}
	switch {
	case strings.HasPrefix(m.Recv, "*"): // a receiver ending so: *headers, *.cookies
		if !strings.HasSuffix(c.recv, m.Recv[1:]) {
			return false
		}
	case m.Recv == "":
		if m.Func == "" && c.recv != "" {
			return false
		}
	case m.Recv == "-":
		if c.recv != "" && !c.modRecv {
			return false
		}
	case m.Recv == ".":
		if c.recv == "" {
			return false
		}
	case c.recv != m.Recv:
		return false
	}
	if m.FileImports != "" && !importsAny(ff, m.FileImports) || m.Imports != "" && !importsAny(ff, m.Imports) {
		return false
	}
	return m.Module == "" || moduleIs(ff.lang, c.module, m.Module)
}

// judgeFile applies the tables of the file's language to its facts.
func judgeFile(pr *project, ff *fileFacts) ([]codeFinding, rlFacts) {
	j := &judgeRun{pr: pr, ff: ff, rl: rlFacts{family: ff.lang, file: ff.path}}
	libs := fw.For(fw.Lang(ff.lang))
	j.routers, j.apps, j.limitedRecv, j.routerPrefix = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]string{}
	j.limiters(libs)
	for _, c := range ff.calls {
		switch {
		case c.assigned == "":
		case c.name == "Router" || strings.HasSuffix(c.callee, "Router") || c.module == "@koa/router" || c.module == "koa-router":
			j.routers[c.assigned] = true
		case c.recv == "" && (c.module == "express" || c.module == "koa" || c.module == "fastify") || c.name == "server" && c.module == "@hapi/hapi":
			j.apps[c.assigned] = true
		}
	}
	var hdrs []headerSet
	for _, c := range ff.calls {
		for _, lib := range libs {
			if c.dev {
				// development-only code: nothing it sets runs in
				// production (routes and mounts still count)
				goto wiring
			}
			for _, e := range lib.CORS {
				if e.PluginArg == 0 && matches(ff, c, e.Call) || e.PluginArg > 0 && matches(ff, c, fw.Call{Func: e.Call.Func, Recv: e.Call.Recv}) && j.isModule(c.arg(e.PluginArg-1), e.Call.Module) {
					if f, ok := j.cors(c, e); ok {
						j.out = append(j.out, f)
					}
				}
			}
			for _, e := range lib.Cookies {
				if matches(ff, c, e.Call) && (e.Call.Imports != "" || !specificCookie(ff, c, libs)) {
					j.out = append(j.out, j.cookie(c, e)...)
				}
			}
			for _, e := range lib.Headers {
				if matches(ff, c, e.Call) && e.Object > 0 {
					if o := c.arg(e.Object - 1); o != nil && o.kind == vObject {
						for _, k := range o.keys {
							hdrs = append(hdrs, headerSet{name: k, val: o.fields[k], line: o.fields[k].line, scope: c.scope, cond: c.guarded || c.inCond})
						}
					}
					continue
				}
				if e.Dict != "" || e.Joined {
					if matches(ff, c, e.Call) && e.Dict != "" {
						hdrs = append(hdrs, dictHeaders(c, e.Dict)...)
					} else if matches(ff, c, e.Call) {
						if h, ok := joinedHeader(c, e.Name); ok {
							hdrs = append(hdrs, h)
						}
					}
					continue
				}
				if matches(ff, c, e.Call) {
					if n, ok := c.arg(e.Name).str(); ok {
						hdrs = append(hdrs, headerSet{name: n, val: c.arg(e.Value), line: c.line, scope: c.scope, cond: c.guarded || c.inCond, label: "The " + n + " header"})
					}
				}
			}
			for _, e := range lib.Debug {
				if len(e.Assign) == 0 && matches(ff, c, e.Call) {
					j.debug(c, e)
				}
			}
			for _, e := range lib.Security {
				if matches(ff, c, e.Call) {
					j.security(c, e)
				}
			}
		wiring:
			for _, e := range lib.SpecBinders {
				if matches(ff, c, e) && j.rl.specBinder == "" {
					j.rl.specBinder = lib.Name
				}
			}
			for _, e := range lib.Mounts {
				if matches(ff, c, e.Call) {
					j.mount(c)
				}
			}
		}
		j.route(libs, c)
	}
	for _, a := range ff.assigns {
		// Go: assignments inside functions too (e.Debug = true in main).
		if !a.top && ff.lang != "go" || a.guarded || a.dev || !a.val.isTrue() {
			continue
		}
		for _, lib := range libs {
			for _, e := range lib.Debug {
				if e.Call.FileImports != "" && !importsAny(ff, e.Call.FileImports) {
					continue
				}
				if !inPaths(ff.path, e.OnlyPaths, e.SkipPaths) {
					continue
				}
				if e.AssignOn != "" && !assignedApp(ff, a.target, e) {
					continue
				}
				for _, suffix := range e.Assign {
					if strings.HasSuffix(a.target, suffix) && a.target != suffix {
						j.out = append(j.out, codeFinding{Rule: ruleDebugMode, Facet: e.Facet, Path: ff.path, Line: a.line, Msg: e.Msg, Fix: e.Fix, Evidence: e.Evidence})
					}
				}
			}
		}
	}
	for _, h := range ff.headers {
		if h.dev {
			continue
		}
		hdrs = append(hdrs, headerSet{name: h.name, val: h.val, line: h.line, scope: h.scope, label: h.label, config: !h.code, cond: h.cond})
	}
	j.finishRoutes()
	// A security-headers middleware left in a comment: `// app.use(helmet())`.
	for _, lib := range libs {
		for _, e := range lib.Security {
			for _, cl := range ff.commented {
				// Applied to the whole app in the same file, the comment is
				// only a leftover.
				if !j.rl.helmetApp && strings.Contains(cl.text, e.Label+"(") && (strings.Contains(cl.text, ".use(") || strings.HasPrefix(cl.text, e.Label+"(")) {
					j.rl.commented = append(j.rl.commented, commentedHeaders{label: e.Label, file: ff.path, line: cl.line})
					j.out = append(j.out, codeFinding{Rule: ruleSecurityHeaderDisabled, Facet: "headers.commented", Path: ff.path, Line: cl.line,
						Msg:      fmt.Sprintf("%s() is commented out, and this file does not apply it to the whole app: responses go out without its security headers (CSP, HSTS, X-Frame-Options, nosniff).", e.Label),
						Fix:      fmt.Sprintf("Restore app.use(%s()) (switch off single protections in its options if one breaks the app) or set the headers at the proxy/CDN.", e.Label),
						Evidence: e.Label + " commented"})
				}
			}
		}
	}
	j.headers(hdrs)
	for _, l := range ff.leaks {
		j.out = append(j.out, codeFinding{Rule: ruleStackTraceResponse, Facet: "debug.stack", Path: ff.path, Line: l.line,
			Msg:      fmt.Sprintf("%s sends %s to the client: the response reveals file paths, library versions and code structure.", map[bool]string{true: "An Express error handler", false: "An error response"}[l.handler], l.what),
			Fix:      "Log the stack on the server and answer with a generic message and status; if you want stacks in development, check process.env.NODE_ENV !== 'production' explicitly.",
			Evidence: "err.stack"})
	}
	return j.out, j.rl
}

// assignedApp reports whether target's root object is an app of e's
// library: a name assigned from one of e.AssignOn's constructors in the
// file, or e.AssignName in a file importing e.AssignImports.
func assignedApp(ff *fileFacts, target string, e fw.Debug) bool {
	root, _, _ := strings.Cut(target, ".")
	root, _, _ = strings.Cut(root, "[")
	for _, a := range ff.assigns {
		if a.target != root || a.val == nil || a.val.kind != vCall {
			continue
		}
		callee := a.val.text
		if i := strings.LastIndex(callee, "."); i >= 0 {
			callee = callee[i+1:]
		}
		if slices.Contains(strings.Split(e.AssignOn, "|"), callee) {
			return true
		}
	}
	return e.AssignName != "" && slices.Contains(strings.Split(e.AssignName, "|"), root) && importsAny(ff, e.AssignImports)
}

// specificCookie reports a cookie entry with an Imports condition that
// matches the call: it wins over the general entries.
func specificCookie(ff *fileFacts, c *callFact, libs []fw.Library) bool {
	for _, lib := range libs {
		for _, e := range lib.Cookies {
			if e.Call.Imports != "" && matches(ff, c, e.Call) {
				return true
			}
		}
	}
	return false
}

type judgeRun struct {
	pr      *project
	ff      *fileFacts
	rl      rlFacts
	out     []codeFinding
	limMods []string
	pending []pendingRoute
	// routers are the file's variables holding a router
	// (express.Router(), new Router()), apps those holding the app;
	// routerPrefix the path a router is mounted at, limitedRecv the
	// routers (and apps) a limiter is mounted on.
	routers, apps, limitedRecv map[string]bool
	routerPrefix               map[string]string
	limFuncs                   map[string][]string // module -> limiter function prefixes
	plugins                    []fw.Limiter
}

// limiters collects the file's limiter modules and app-wide limiters.
func (j *judgeRun) limiters(libs []fw.Library) {
	j.limFuncs = map[string][]string{}
	for _, lib := range libs {
		l := lib.Limiter
		if l == nil {
			continue
		}
		for _, m := range l.Modules {
			j.limMods = append(j.limMods, m)
			if len(l.Funcs) > 0 {
				j.limFuncs[m] = l.Funcs
			}
			if l.AnyUse {
				for _, im := range j.ff.imports {
					if moduleIs(j.ff.lang, im, m) {
						j.rl.anyLimiter = true
					}
				}
			}
		}
		if l.Plugin {
			j.plugins = append(j.plugins, *l)
		}
		for _, c := range j.ff.calls {
			if l.Ctor != nil && matches(j.ff, c, *l.Ctor) {
				j.rl.anyLimiter = true
				if _, ok := c.arg(fw.Keywords).field(l.CtorGlobal); ok && l.CtorGlobal != "" {
					j.rl.global = true
				}
			}
			if c.config {
				for _, st := range l.Settings {
					name, text, _ := strings.Cut(st, ":")
					if v, ok := c.arg(0).field(name); ok && strings.Contains(v.text, text) {
						j.rl.global = true
					}
				}
			}
			if c.decorator && contains(l.Decorators, c.callee) {
				j.rl.global = true
			}
		}
		if len(l.GlobalText) > 0 {
			all := true
			for _, s := range l.GlobalText {
				all = all && strings.Contains(string(j.ff.raw), s)
			}
			if all {
				j.rl.global = true
			}
		}
	}
	for _, c := range j.ff.calls {
		for m, fs := range j.limFuncs {
			if moduleIs(j.ff.lang, c.module, m) {
				for _, p := range fs {
					if !strings.HasPrefix(c.name, p) {
						continue
					}
					// g := e.Group("/auth", middleware.RateLimiter(...)):
					// that group's routes only.
					if g := j.groupOf(c); g != "" {
						j.limitedRecv[g] = true
						continue
					}
					j.rl.anyLimiter = true
				}
			}
		}
		// fastify.register(rateLimit, {...}): global unless global: false.
		if c.name == "register" && len(c.args) >= 2 && j.isLimiter(c.args[0]) {
			for _, l := range j.plugins {
				if g, ok := c.args[1].field(l.GlobalOff); !ok || !g.isFalse() {
					j.rl.global = true
				}
			}
		}
	}
}

// groupOf names the route group a Go limiter call is passed to
// (g := e.Group("/auth", middleware.RateLimiter(...))), "" when it is not
// an argument of a Group call assigned to a variable.
func (j *judgeRun) groupOf(lc *callFact) string {
	if j.ff.lang != "go" {
		return ""
	}
	for _, c := range j.ff.calls {
		if c.name != "Group" || c.assigned == "" || c.tokLine > lc.tokLine || c.scope != lc.scope {
			continue
		}
		for _, a := range c.args {
			if a.kind == vCall && (a.text == lc.callee || strings.HasSuffix(a.text, "."+lc.name)) && a.line == lc.tokLine {
				return c.assigned
			}
		}
	}
	return ""
}

func (j *judgeRun) isLimiterModule(m string) bool {
	for _, lm := range j.limMods {
		if moduleIs(j.ff.lang, m, lm) {
			return true
		}
	}
	return false
}

// isLimiter reports a middleware value that is a rate limiter: bound to
// a limiter module, built by one, or named like one (authLimiter).
func (j *judgeRun) isLimiter(v *value) bool {
	if v == nil {
		return false
	}
	if j.isLimiterModule(v.module) || v.name != "" && limiterName.MatchString(v.name) {
		return true
	}
	switch v.kind {
	case vCall:
		return limiterName.MatchString(v.text) || v.text == "require" && j.isLimiterModule(v.module)
	case vExpr:
		return v.name != "" && limiterName.MatchString(v.name)
	case vFunc:
		// a middleware whose body calls a limiter:
		// (req, res, next) => limiter.consume(req.ip).then(() => next())
		for _, x := range v.items {
			if x.kind != vFunc && j.isLimiter(x) {
				return true
			}
		}
	}
	return false
}

// isModule reports a value bound to module m (an import or an inline
// require), or to any module named like it ("@fastify/cors|fastify-cors").
func (j *judgeRun) isModule(v *value, m string) bool {
	if v == nil {
		return false
	}
	for _, alt := range strings.Split(m, "|") {
		if moduleIs(j.ff.lang, v.module, alt) {
			return true
		}
	}
	return false
}

// cors judges one CORS call.
func (j *judgeRun) cors(c *callFact, e fw.CORS) (codeFinding, bool) {
	p, line := j.ff.path, c.line
	if e.Always {
		return corsFinding(p, line, e.Label, originWildcard, "every origin", false)
	}
	if e.Args {
		return j.corsArgs(c, e)
	}
	opts := j.optionsOf(c, e.Options)
	label := e.Label
	if opts == nil || e.Options == -1 {
		if e.NoArgs == fw.OriginWildcard {
			return corsFinding(p, line, e.NoArgsLabel, originWildcard, e.NoArgsWhat, false)
		}
		return codeFinding{}, false
	}
	for _, k := range strings.Split(e.OptionsKey, ".") {
		if k == "" {
			continue
		}
		o, ok := opts.field(k)
		if !ok {
			return codeFinding{}, false
		}
		opts = o
		line = o.line
	}
	if opts.isTrue() && e.True == fw.OriginReflect {
		return corsFinding(p, line, e.TrueLabel, originReflect, e.TrueWhat, false)
	}
	if c.config || e.Options == fw.Builder {
		line = 0 // the deciding setting's line, below
	}
	if opts.isTrue() && e.True == fw.OriginWildcard {
		return corsFinding(p, line, e.TrueLabel, originWildcard, e.TrueWhat, false)
	}
	from := ""
	if opts.kind != vObject {
		o, mod, ok := j.pr.imported(p, opts)
		if !ok || o.kind != vObject {
			return codeFinding{}, false
		}
		opts, from = o, ", from "+mod
	}
	local := from == "" // options from another file: point at the call
	callLine := line
	k, what := originFixed, ""
	if e.DefaultWildcard {
		k, what = originWildcard, e.DefaultWhat
	}
	// The finding points at the option that decides it.
	at := func(v *value) {
		if v.line > 0 {
			line = v.line
		}
	}
	creds := e.CredsDefault
	if v, ok := fieldAlt(opts, e.Credentials); ok && e.Credentials != "" {
		creds = v.isTrue()
	}
	if f, text, ok := strings.Cut(e.Enabled, ":"); ok {
		v, found := opts.field(f)
		if !found || !strings.Contains(v.text, text) {
			return codeFinding{}, false
		}
		at(v)
	}
	for _, o := range e.Opaque {
		if _, ok := opts.field(o); ok {
			k, what = originUnknown, ""
		}
	}
	for _, o := range e.Origin {
		if v, ok := fieldAlt(opts, o); ok {
			if e.NullIsDefault && (v.kind == vNull || c.config && v.kind == vString && v.text == "null") {
				at(v) // the default, set out loud
				continue
			}
			k, what = classifyOrigin(j.ff.lang, firstAlt(o), v)
			at(v)
		}
	}
	if pp, ok := opts.field(e.PerPath); ok && e.PerPath != "" {
		switch pp.kind {
		case vString, vList:
			// paths only: the call's options apply to them
		case vObject:
			base, baseWhat := k, what
			worst := originUnknown
			for _, key := range pp.keys {
				ro := pp.fields[key]
				if ro == nil || ro.kind != vObject {
					k, what = originUnknown, ""
					worst = -1
					break
				}
				rk, rw := base, baseWhat
				for _, o := range e.Origin {
					if v, ok := fieldAlt(ro, o); ok {
						rk, rw = classifyOrigin(j.ff.lang, firstAlt(o), v)
						if rk != originFixed {
							at(v)
						}
					}
				}
				if worst != -1 && (rk > worst || worst == originUnknown) {
					worst, k, what = rk, rk, rw
				}
			}
		default:
			k, what = originUnknown, ""
		}
	}
	for _, o := range e.PatternReflect {
		if v, ok := fieldAlt(opts, o); ok {
			if pk, pw := classifyOrigin(j.ff.lang, firstAlt(o), v); pk == originWildcard {
				k, what = originReflect, e.PatternWhat
				if what == "" {
					what = pw
				}
			} else {
				k, what = pk, pw
			}
			at(v)
		}
	}
	for _, o := range e.OriginRegex {
		if v, ok := opts.field(o); ok {
			if rk, rw := classifyRegexes(j.ff.lang, o, v, regexMatchOf(e.RegexMatch)); rk != originFixed {
				k, what = rk, rw
				at(v)
			}
		}
	}
	for _, name := range strings.Split(e.AllowAll, "|") {
		if v, ok := opts.field(name); ok && name != "" && v.isTrue() {
			k, what = originWildcard, name+": true"
			if c.config {
				what = name + " = True"
			}
			at(v)
		}
	}
	if e.UnsafeWildcard != "" && k == originWildcard && creds {
		if v, ok := opts.field(e.UnsafeWildcard); ok && v.isTrue() {
			k, what = originReflect, fmt.Sprintf(`%s "*" with %s: %s then echoes the request's Origin`, e.Origin[0], e.UnsafeWildcard, strings.Fields(e.Label)[0])
		}
	}
	if e.WildcardCredsReflect && k == originWildcard && creds || e.WildcardReflects && k == originWildcard {
		k = originReflect
		if e.ReflectWhat != "" {
			what = e.ReflectWhat
		}
	}
	for _, fn := range e.OriginFunc {
		if v, ok := fieldAlt(opts, fn); ok {
			at(v)
			if v.kind == vFunc && v.allowsAll {
				k, what = originReflect, funcWhat(j.ff.lang, firstAlt(fn))
			} else {
				k = originUnknown
			}
		}
	}
	if line == 0 || !local {
		line = max(callLine, 1)
	}
	return corsFinding(p, line, label, k, what+from, creds)
}

// classifyRegexes reads origin patterns: a string or a list of them.
func classifyRegexes(lang, opt string, v *value, m regexMatch) (originKind, string) {
	if v.kind == vList {
		for _, it := range v.items {
			if k, w := classifyRegexes(lang, opt, it, m); k != originFixed {
				return k, w
			}
		}
		return originFixed, ""
	}
	s, ok := v.str()
	if !ok {
		return originFixed, ""
	}
	switch s {
	case ".*", "^.*$", ".+", "^.+$", "(.*)":
		if lang == "py" {
			return originReflect, fmt.Sprintf("%s=%q", opt, s)
		}
		return originReflect, fmt.Sprintf("%s %q", opt, s)
	}
	if loose, why := looseOriginRegex(s, m); loose {
		if lang == "py" && !strings.HasPrefix(opt, "CORS_") {
			return originLooseRegex, fmt.Sprintf("%s=%q (%s)", opt, s, why)
		}
		return originLooseRegex, fmt.Sprintf("%s %q (%s)", opt, s, why)
	}
	return originFixed, ""
}

// corsArgs judges a CORS call configured by option calls passed to it
// (gorilla handlers.CORS(handlers.AllowedOrigins(...), handlers.AllowCredentials())).
func (j *judgeRun) corsArgs(c *callFact, e fw.CORS) (codeFinding, bool) {
	k, what := originWildcard, e.DefaultWhat
	if !e.DefaultWildcard {
		k, what = originFixed, ""
	}
	creds := false
	for _, a := range c.args {
		if a.kind != vCall {
			return codeFinding{}, false // options built elsewhere
		}
		switch {
		case a.name == e.Credentials:
			creds = true
		case contains(e.Origin, a.name) && len(a.items) == 1:
			k, what = classifyOrigin(j.ff.lang, a.name, a.items[0])
		case contains(e.OriginFunc, a.name) && len(a.items) == 1:
			if a.items[0].kind == vFunc && a.items[0].allowsAll {
				k, what = originReflect, funcWhat(j.ff.lang, a.name)
			} else {
				k = originUnknown
			}
		}
	}
	if e.WildcardCredsReflect && k == originWildcard && creds {
		k, what = originReflect, what+", with credentials: "+e.Label+" then echoes the request's Origin"
	}
	return corsFinding(j.ff.path, c.line, e.Label, k, what, creds)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func funcWhat(lang, opt string) string {
	if lang == "js" {
		return "an origin callback that allows every origin"
	}
	return opt + " that returns true for every origin"
}

// classifyOrigin reads an allowed-origins value.
func classifyOrigin(lang, opt string, v *value) (originKind, string) {
	q := func(s string) string {
		if lang == "py" {
			return fmt.Sprintf("%q", s)
		}
		return fmt.Sprintf("%s: %q", opt, s)
	}
	switch v.kind {
	case vTrue:
		return originReflect, opt + ": true"
	case vNull:
		return originNull, q("null")
	case vString:
		worst, what := originFixed, ""
		for _, s := range strings.Split(v.text, ",") {
			switch s = strings.TrimSpace(s); {
			case s == "*":
				worst, what = originWildcard, q("*")
			case strings.EqualFold(s, "null") && worst != originWildcard:
				worst, what = originNull, q("null")
			}
		}
		return worst, what
	case vRegex:
		// RegExp.test searches the whole Origin.
		if loose, why := looseOriginRegex(v.text, matchSearch); loose {
			return originLooseRegex, fmt.Sprintf("%s: /%s/ (%s)", opt, v.text, why)
		}
		return originFixed, ""
	case vList:
		worst, what := originFixed, ""
		for _, it := range v.items {
			k, w := classifyOrigin(lang, opt, it)
			switch {
			case k == originUnknown && lang == "go":
				return originUnknown, ""
			case k == originWildcard && lang == "go":
				worst, what = k, fmt.Sprintf(`%s: []string{"*"}`, opt)
			case k == originNull && worst != originWildcard && lang == "go":
				worst, what = k, `"null" in the allowed origins`
			case (k == originNull || k == originLooseRegex) && lang == "js":
				worst, what = k, w
			case lang == "py" && (k == originWildcard || k == originNull):
				worst, what = k, w
			case lang != "py" && lang != "js" && lang != "go" && (k == originWildcard || k == originNull && worst != originWildcard):
				worst, what = k, w // Java, C#, PHP, Ruby lists: "*" anywhere allows all
			}
		}
		return worst, what
	case vFunc:
		if v.allowsAll {
			return originReflect, funcWhat(lang, opt)
		}
	}
	return originUnknown, ""
}

// cookie judges one cookie-setting call.
func (j *judgeRun) cookie(c *callFact, e fw.Cookie) []codeFinding {
	if e.OverriddenBy != "" && j.overridden(e) {
		return nil
	}
	label := e.Label
	var name string
	session := true
	// Go: fields assigned after the literal (c.Secure = true), in the
	// same function.
	lit := c.arg(e.Options)
	merged := false
	if c.literal && c.assigned != "" && lit != nil && lit.kind == vObject {
		m := &value{kind: vObject, fields: map[string]*value{}, line: lit.line, keys: lit.keys}
		for k, v := range lit.fields {
			m.fields[k] = v
		}
		for _, a := range j.ff.assigns {
			if f, ok := strings.CutPrefix(a.target, c.assigned+"."); ok && a.scope == c.scope && a.line >= c.tokLine {
				m.fields[f] = a.val
			}
		}
		lit, merged = m, true
	}
	switch {
	case e.Name != "":
		name, session = e.Name, isSessionCookie(e.Name)
	case e.NameArg >= 0:
		nv := c.arg(e.NameArg)
		if nv == nil && e.Options == fw.Keywords && e.NameField != "" {
			nv = c.kw[e.NameField] // set_cookie(key="session", ...)
		}
		s, ok := nv.str()
		if !ok {
			return nil // a name the file does not show
		}
		name = s
		session = isSessionCookie(s)
	case e.NameField != "":
		s, _ := lit.field(e.NameField)
		n, ok := s.str()
		if !ok {
			return nil
		}
		name = n
		session = isSessionCookie(n)
	}
	if strings.Contains(label, "%q") {
		label = fmt.Sprintf(label, name)
	}
	opts := &value{kind: vObject, fields: map[string]*value{}}
	if e.Options == fw.Keywords {
		opts = keywordCookieOptions(c, e)
	} else if e.Options == fw.Builder {
		opts = j.optionsOf(c, fw.Builder)
	} else if e.Options >= 0 {
		o := j.optionsOf(c, e.Options)
		if merged {
			o = lit
		}
		if len(e.Positional) > 0 && (o == nil || o.kind != vObject) {
			o = nil // flags passed by position: setcookie(n, v, 0, '/', '', true, true)
		}
		switch {
		case o == nil && e.RequireOptions:
			return nil
		case o == nil:
		case o.kind != vObject:
			return nil // options from elsewhere
		default:
			opts = o
		}
		if e.Nested != "" {
			if n, ok := opts.field(e.Nested); ok {
				if n.kind != vObject {
					return nil
				}
				opts = n
			} else {
				opts = &value{kind: vObject, fields: map[string]*value{}}
			}
		}
	}
	// flags passed by position: gin c.SetCookie(name, value, maxAge, path,
	// domain, secure, httpOnly), PHP setcookie(n, v, 0, '/', '', true, true)
	for flag, at := range e.Positional {
		if a := c.arg(at); a != nil {
			if _, ok := opts.fields[flag]; !ok {
				if len(opts.fields) == 0 {
					opts = &value{kind: vObject, fields: map[string]*value{}, partial: opts.partial}
				}
				opts.fields[flag] = a
			}
		}
	}
	line := c.line
	if c.config {
		line = 0
	}
	if cleared(c, e, opts) {
		return nil
	}
	return cookieFindings(j.ff.lang, j.ff.path, line, label, e, opts, session, isCSRFCookie(name))
}

// overridden reports a file that sets the options the entry's defaults
// are about (a sessions.Options literal, store.Options.Secure = true).
func (j *judgeRun) overridden(e fw.Cookie) bool {
	for _, c := range j.ff.calls {
		if c.literal && c.name == e.OverriddenBy && moduleIs(j.ff.lang, c.module, e.Call.Module) {
			return true
		}
	}
	for _, a := range j.ff.assigns {
		if strings.HasSuffix(a.target, "."+e.OverriddenBy) || strings.Contains(a.target, "."+e.OverriddenBy+".") {
			return true
		}
	}
	return false
}

// cleared reports a cookie being deleted: an empty value, or a max age of
// zero or less (flags do not matter on a cookie the browser drops).
func cleared(c *callFact, e fw.Cookie, opts *value) bool {
	if e.NameArg >= 0 {
		if v, ok := c.arg(e.NameArg + 1).str(); ok && v == "" {
			return true
		}
	}
	for _, k := range []string{"maxAge", "MaxAge", "max_age"} {
		if v, ok := opts.field(k); ok && v.kind == vNumber && (strings.HasPrefix(v.text, "-") || v.text == "0") {
			return true
		}
	}
	if v, ok := opts.field("Value"); ok && v.kind == vString && v.text == "" && e.NameField != "" {
		return true
	}
	return false
}

// setCookie judges a Set-Cookie header value: "name=v; Secure; HttpOnly".
func (j *judgeRun) setCookie(h headerSet) {
	var vals []*value
	if h.val.kind == vList {
		vals = h.val.items
	} else {
		vals = []*value{h.val}
	}
	for _, v := range vals {
		s, ok := v.str()
		if !ok && v.concat != "" {
			s, ok = v.concat, true // 'session=' + id + '; Path=/'
		}
		if !ok {
			continue
		}
		parts := strings.Split(s, ";")
		name, val, _ := strings.Cut(strings.TrimSpace(parts[0]), "=")
		name = strings.TrimSpace(name)
		if name == "" || strings.ContainsAny(name, "${}") {
			continue
		}
		opts := &value{kind: vObject, fields: map[string]*value{}}
		for _, a := range parts[1:] {
			k, av, _ := strings.Cut(strings.TrimSpace(a), "=")
			k = strings.ToLower(strings.TrimSpace(k))
			switch k {
			case "secure", "httponly":
				opts.fields[k] = &value{kind: vTrue, line: v.line}
			case "samesite":
				opts.fields[k] = &value{kind: vString, text: strings.ToLower(strings.TrimSpace(av)), line: v.line}
			case "max-age":
				if n := strings.TrimSpace(av); strings.HasPrefix(n, "-") || n == "0" {
					val = ""
				}
			}
		}
		if strings.TrimSpace(val) == "" {
			continue
		}
		e := fw.Cookie{Secure: "secure", HTTPOnly: "httponly", SameSite: "samesite", SameSiteNone: "none"}
		label := fmt.Sprintf("Set-Cookie %q", name)
		j.out = append(j.out, cookieFindings("js", j.ff.path, v.line, label, e, opts, isSessionCookie(name), isCSRFCookie(name))...)
	}
}

// cookieFindings judges a cookie's flags against the library's defaults.
// csrf: a double-submit CSRF cookie (XSRF-TOKEN): scripts must read it,
// so only Secure is judged.
func cookieFindings(lang, p string, line int, label string, e fw.Cookie, opts *value, session, csrf bool) []codeFinding {
	// option names may list alternatives (secure|setSecure): messages name the first
	alts := e
	e.Secure, e.HTTPOnly, e.SameSite = firstAlt(e.Secure), firstAlt(e.HTTPOnly), firstAlt(e.SameSite)
	var out []codeFinding
	js := lang != "go"
	// The finding points at the flag's option when the code sets it.
	lineOf := func(v *value) int {
		if v != nil && v.line > 0 {
			return v.line
		}
		return max(line, 1)
	}
	sec, hasSec := fieldAlt(opts, alts.Secure)
	// A flag an unknown part of the options (a spread of an import,
	// **kwargs) may set is not judged missing.
	unknown := opts != nil && opts.partial
	insecure := (!hasSec && e.SecureDefault == fw.Off && !unknown) || (hasSec && sec.isFalse())
	if insecure && !session {
		why := "sets no " + e.Secure + " option (its default is false)"
		if hasSec {
			why = "sets " + e.Secure + ": false"
		}
		if !js {
			why = "has no " + e.Secure + ": true"
		}
		out = append(out, codeFinding{Rule: ruleCookieInsecure, Facet: "cookie.secure", Path: p, Line: lineOf(sec),
			Msg: fmt.Sprintf("The %s cookie %s: it also travels over plain HTTP, where anyone on the network can read or change it; its name does not mark it as a session or auth cookie, so this is low.", label, why),
			Fix: "Set Secure on every cookie of an HTTPS site (" + strings.TrimSpace(e.Secure+": true") + ").", Evidence: label + " secure"})
	}
	if insecure && session {
		var msg string
		if js {
			why := "sets no " + e.Secure + " option (its default is false)"
			if hasSec {
				why = "sets " + e.Secure + ": false"
			}
			msg = fmt.Sprintf("The %s cookie %s: the session travels over plain HTTP, where anyone on the network can take it.", label, why)
		} else {
			msg = fmt.Sprintf("%s has no %s: true%s: the session travels over plain HTTP.", label, e.Secure, e.DefaultNote)
		}
		ev := label + " " + strings.ToLower(e.Secure)
		if e.InsecureMsg != "" {
			msg, ev = e.InsecureMsg, e.Secure
		}
		out = append(out, codeFinding{Rule: ruleSessionCookieInsecure, Facet: "cookie.secure", Path: p, Line: lineOf(sec),
			Msg: msg, Fix: strings.TrimSpace(fixCookieSecure + " " + e.SecureFix), Evidence: ev})
	}
	ho, hasHO := fieldAlt(opts, alts.HTTPOnly)
	notHO := ((hasHO && ho.isFalse()) || (!hasHO && e.HTTPOnlyDefault == fw.Off && !unknown)) && !csrf
	if notHO && !session {
		why := "does not set " + e.HTTPOnly + " (its default is false)"
		if hasHO {
			why = "sets " + e.HTTPOnly + ": false"
		}
		if !js {
			why = "has no " + e.HTTPOnly + ": true"
		}
		out = append(out, codeFinding{Rule: ruleCookieNotHttponly, Facet: "cookie.httponly", Path: p, Line: lineOf(ho),
			Msg: fmt.Sprintf("The %s cookie %s: scripts on the page can read it; its name does not mark it as a session or auth cookie, so this is low.", label, why),
			Fix: "Set HttpOnly unless the browser's JavaScript must read this cookie.", Evidence: label + " httponly"})
	}
	if notHO && session {
		var msg string
		if js {
			why := "sets " + e.HTTPOnly + ": false"
			if !hasHO {
				why = "does not set " + e.HTTPOnly + " (its default is false)"
			}
			msg = fmt.Sprintf("The %s cookie %s: any script injected into the page can read and steal it.", label, why)
		} else {
			msg = fmt.Sprintf("%s has no %s: true%s: any script injected into the page can read %s.", label, e.HTTPOnly, e.DefaultNote, e.It)
		}
		ev := label + " " + strings.ToLower(e.HTTPOnly)
		if e.HTTPOnlyMsg != "" {
			msg, ev = e.HTTPOnlyMsg, e.HTTPOnly
		}
		out = append(out, codeFinding{Rule: ruleSessionCookieNotHttponly, Facet: "cookie.httponly", Path: p, Line: lineOf(ho),
			Msg: msg, Fix: fixHTTPOnly, Evidence: ev})
	}
	if ss, ok := fieldAlt(opts, alts.SameSite); ok && e.SameSite != "" {
		v := ss.text
		if v == e.SameSiteNone || strings.EqualFold(v, "none") && js {
			if insecure || hasSec && !sec.isTrue() || !hasSec && e.SecureDefault != fw.On && !unknown {
				msg := fmt.Sprintf("The %s cookie sets sameSite: 'none' without secure: true; browsers reject it, or send it cross-site over HTTP.", label)
				if !js {
					msg = label + " is SameSite=None without Secure: browsers reject it."
				}
				out = append(out, codeFinding{Rule: ruleCookieSamesiteNoneInsecure, Facet: "cookie.samesite", Path: p, Line: lineOf(ss),
					Msg: msg, Fix: fixSameSiteNone, Evidence: label + " samesite"})
			}
		}
	}
	return out
}

// headerSet is a response header set by a call or in configuration.
type headerSet struct {
	name, label  string
	val          *value
	line, scope  int
	cond, config bool
}

// headers judges hand-set CORS and Set-Cookie headers. Credentials
// count for the Access-Control-Allow-Origin set in the same handler
// (function), or anywhere for configuration entries (Next.js headers()).
func (j *judgeRun) headers(hs []headerSet) {
	creds := map[int]bool{}
	configCreds := false
	for _, h := range hs {
		if strings.EqualFold(h.name, "Access-Control-Allow-Credentials") && h.val.isTrue() {
			creds[h.scope] = true
			if h.config {
				configCreds = true
			}
		}
	}
	for _, h := range hs {
		if strings.EqualFold(h.name, "Set-Cookie") && h.val != nil && !h.config {
			j.setCookie(h)
		}
		if !strings.EqualFold(h.name, "Access-Control-Allow-Origin") || h.val == nil {
			continue
		}
		hcreds := creds[h.scope] || h.config && configCreds
		if j.ff.blocks != nil {
			// C-syntax readers know their blocks: credentials set in an
			// enclosing or nested block count, a sibling handler's do not
			hcreds = hcreds || j.credsFor(hs, h.scope)
		}
		label := "The Access-Control-Allow-Origin header"
		if h.config {
			label = h.label
		}
		v := h.val
		var k originKind
		var what string
		switch {
		case v.kind == vString && v.text == "*":
			k, what = originWildcard, `"*"`
			if h.config {
				what = `Access-Control-Allow-Origin: "*"`
			}
		case v.kind == vString && strings.EqualFold(v.text, "null"):
			k, what = originNull, `"null"`
			if h.config {
				what = `Access-Control-Allow-Origin: "null"`
			}
		case !h.config && v.kind != vString && v.request && (v.origin || requestInput(j.ff.lang, v.text)) && !h.cond && !decides(v.text):
			k, what = originReflect, "it echoes the request's Origin"
			if !v.origin {
				what = "it echoes a value of the request, so the caller picks the allowed origin"
			}
		default:
			continue
		}
		if c, ok := corsFinding(j.ff.path, h.line, label, k, what, hcreds); ok {
			j.out = append(j.out, c)
		}
	}
}

// security judges a security-headers middleware call: each protection
// switched off is a low finding, and the call is evidence for the headers
// grade (a note).
func (j *judgeRun) security(c *callFact, e fw.Headers) {
	var off []string
	line := 0
	if len(e.Disables) > 0 {
		j.disabled(c, e)
		return
	}
	if o := c.arg(e.Options); o != nil && o.kind == vObject {
		keys := o.keys
		if len(keys) == 0 { // keyword arguments
			keys = slices.Sorted(maps.Keys(o.fields))
		}
		for _, k := range keys {
			if v := o.fields[k]; contains(e.Protections, k) && (v.isFalse() || e.NullIsOff && v.kind == vNull) {
				off = append(off, k+": false")
				if line == 0 {
					line = v.line
				}
			}
		}
	}
	if len(off) > 0 {
		j.out = append(j.out, codeFinding{Rule: ruleSecurityHeaderDisabled, Facet: "headers.disabled", Path: j.ff.path, Line: max(line, 1),
			Msg:      fmt.Sprintf("%s is applied with %s: the responses go out without those protection headers.", e.Label, strings.Join(off, ", ")),
			Fix:      "Configure each header instead of switching it off (a CSP with the sources the page needs, frameguard: {action: 'deny'}), or set it at the proxy/CDN.",
			Evidence: e.Label + " " + strings.Join(off, " ")})
	}
	if j.rl.helmet == "" && !c.config { // a settings file is no headers middleware
		j.rl.helmet = fmt.Sprintf("%s (%s:%d)", e.Label, j.ff.path, c.line)
		if len(off) > 0 {
			j.rl.helmet = fmt.Sprintf("%s (%s:%d, with %s)", e.Label, j.ff.path, c.line, strings.Join(off, ", "))
		}
	}
}

// isSecurity reports a value built by a security-headers middleware (helmet()).
func (j *judgeRun) isSecurity(v *value) bool {
	for _, lib := range fw.For(fw.Lang(j.ff.lang)) {
		for _, e := range lib.Security {
			if e.Call.Module != "" && v.module == e.Call.Module {
				return true
			}
		}
	}
	return false
}

// anyItemContains reports a call value with an argument whose text
// contains s: string(debug.Stack()).
func anyItemContains(v *value, s string) bool {
	for _, it := range v.items {
		if strings.Contains(it.text, s) || it.kind == vCall && anyItemContains(it, s) {
			return true
		}
	}
	return false
}

// requestInput reports a value read from the request's input
// (req.query.site, req.params.x, req.body.origin, req.get('X-Site')):
// echoing it into Access-Control-Allow-Origin lets the caller pick the
// allowed origin.
func requestInput(lang, text string) bool {
	words := []string{"query .", "params .", "body .", "get (", "header (", "headers ."}
	if lang == "go" {
		words = []string{".Query()", ".FormValue(", ".PostFormValue(", "Header.Get(", ".Param(", ".QueryParam("}
	}
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// decides reports an expression that chooses between values (an
// allow-list check): allowed.includes(origin) ? origin : "".
func decides(text string) bool {
	// a ?? b and a?.b are fallbacks and member access, not choices
	t := strings.NewReplacer("? ?", " ", "? .", ".", "??", " ", "?.", ".").Replace(text)
	for _, w := range []string{"?", "&&", "includes", "indexOf", "has (", "test (", "match (", "find (", "some ("} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// debug judges a call that may switch on debug mode.
func (j *judgeRun) debug(c *callFact, e fw.Debug) {
	if e.Unguarded && c.guarded || e.Guarded && !c.guarded {
		return
	}
	if !inPaths(j.ff.path, e.OnlyPaths, e.SkipPaths) {
		return
	}
	if e.TrueArg > 0 && !c.arg(e.TrueArg-1).isTrue() {
		return
	}
	line := c.line
	if e.ArgContains != "" && (c.arg(0) == nil || !strings.Contains(c.arg(0).text, e.ArgContains)) {
		return
	}
	if e.AnyArgContains != "" {
		found := false
		for _, a := range c.args {
			found = found || strings.Contains(a.text, e.AnyArgContains) || a.kind == vCall && anyItemContains(a, e.AnyArgContains)
		}
		if !found || len(e.FirstArg) > 0 && (c.arg(0) == nil || !contains(e.FirstArg, c.arg(0).text)) {
			return
		}
	}
	if e.Option != "" {
		v, ok := c.arg(e.OptionsArg).field(e.Option)
		if !ok || e.OptionValue == "" && !v.isTrue() || e.OptionValue != "" && !strings.EqualFold(v.text, e.OptionValue) {
			return
		}
		if c.config {
			line = v.line
		}
	}
	if e.Imported != "" && !j.ff.hasImport(e.Imported) {
		return
	}
	if e.NilArg > 0 && (c.arg(e.NilArg-1) == nil || c.arg(e.NilArg-1).kind != vNull) {
		return
	}
	addr := ""
	if e.AddrArg > 0 {
		s, ok := c.arg(e.AddrArg - 1).str()
		if !ok || strings.HasPrefix(s, "127.0.0.1") || strings.HasPrefix(s, "localhost") || strings.HasPrefix(s, "[::1]") {
			return
		}
		addr = s
	}
	rule := ruleDebugMode
	if e.Stack {
		rule = ruleStackTraceResponse
	}
	j.out = append(j.out, codeFinding{Rule: rule, Facet: e.Facet, Path: j.ff.path, Line: line,
		Msg: strings.ReplaceAll(e.Msg, "{addr}", fmt.Sprintf("%q", addr)), Fix: e.Fix, Evidence: strings.TrimSpace(e.Evidence + " " + addr)})
}

// mount reads app.use([path,] ...middleware): limiters for the whole app,
// a path prefix, a router of this file (its routes get the prefix and the
// limiter), or routers of other files mounted after a limiter.
func (j *judgeRun) mount(c *callFact) {
	if len(c.args) == 0 {
		return
	}
	prefix, rest := "", c.args
	if s, ok := c.args[0].str(); ok {
		prefix, rest = s, c.args[1:]
	}
	if pre, ok := j.routerPrefix[c.recv]; ok && prefix != "" {
		prefix = strings.TrimSuffix(pre, "/") + "/" + strings.TrimPrefix(prefix, "/")
	}
	lim := false
	for _, x := range rest {
		if prefix == "" && x.kind == vCall && j.isSecurity(x) {
			j.rl.helmetApp = true
		}
		switch {
		case j.isLimiter(x):
			lim = true
		case x.name != "" && j.routers[x.name]:
			if prefix != "" {
				j.routerPrefix[x.name] = prefix
			}
			if lim {
				j.limitedRecv[x.name] = true
			}
		case lim && x.module != "":
			j.rl.mounted = append(j.rl.mounted, moduleBase(x.module))
		}
	}
	switch {
	case lim && prefix == "" && (j.apps[c.recv] || !j.routers[c.recv]):
		if !j.rl.global {
			j.rl.globalLine = c.line
		}
		j.rl.global = true
	case lim && prefix == "":
		j.limitedRecv[c.recv] = true // router.use(limiter): its routes
	case lim:
		j.rl.prefixes = append(j.rl.prefixes, prefixMount{prefix, j.ff.path, c.line})
	}
}

// route records the routes a call declares; finishRoutes judges them
// once the file's mounts are known.
func (j *judgeRun) route(libs []fw.Library, c *callFact) {
	var e *fw.Route
	var fwName string
	for _, lib := range libs {
		for i := range lib.Routes {
			r := &lib.Routes[i]
			if !matches(j.ff, c, r.Call) {
				continue
			}
			if r.IfImported != "" && len(j.ff.importedBy(r.IfImported)) == 0 && c.recv != r.IfImported {
				continue
			}
			if e == nil || r.IfImported != "" {
				e, fwName = r, r.Framework
			}
		}
	}
	if e == nil || len(c.args) < e.MinArgs {
		return
	}
	if e.PathField != "" {
		// server.route({method: 'POST', path: '/login', ...}) or a list of them
		objs := []*value{c.arg(e.Path)}
		if objs[0] != nil && objs[0].kind == vList {
			objs = objs[0].items
		}
		for _, o := range objs {
			pv, _ := o.field(e.PathField)
			pth, ok := pv.str()
			if !ok {
				continue
			}
			method := "ANY"
			if m, ok := o.field(e.MethodField); ok {
				if s, ok := m.str(); ok {
					method = strings.ToUpper(s)
				}
			}
			j.pending = append(j.pending, pendingRoute{route{path: pth, method: method, file: j.ff.path, line: pv.line, framework: fwName}, c, e})
		}
		return
	}
	var pth string
	if e.Prefix != "" {
		sub := ""
		if s, ok := c.arg(e.Path).str(); ok {
			sub = s
		}
		pth = strings.TrimSuffix("/"+strings.Trim(j.prefix(c, e.Prefix), "/"), "/") + "/" + strings.Trim(sub, "/")
	} else {
		s, ok := c.arg(e.Path).str()
		for _, k := range strings.Split(e.PathOption, "|") {
			if v, found := c.kw[k]; !ok && found && k != "" {
				s, ok = v.str() // @PostMapping(path = "/login")
			}
		}
		if !ok {
			return
		}
		pth = s
	}
	if e.Slash && !strings.HasPrefix(pth, "/") {
		pth = "/" + pth
	}
	method := e.Method
	if method == "" {
		method = strings.ToUpper(c.name)
	}
	if m, ok := c.arg(fw.Keywords).field(e.MethodOption); ok && e.MethodOption != "" && m.kind == vList {
		var ms []string
		for _, it := range m.items {
			if s, ok := it.str(); ok {
				ms = append(ms, strings.ToUpper(s))
			}
		}
		method = strings.Join(ms, ",")
	}
	if e.PathMethod {
		if m, rest, ok := strings.Cut(pth, " "); ok && strings.HasPrefix(rest, "/") {
			method, pth = m, rest
		}
	}
	// The route's line is its path's (the declaration that names it).
	r := route{path: pth, method: method, file: j.ff.path, line: c.tokLine, framework: fwName}
	if a := c.arg(e.Path); a != nil && a.line > 0 {
		r.line = a.line
	}
	j.pending = append(j.pending, pendingRoute{r, c, e})
}

type pendingRoute struct {
	r route
	c *callFact
	e *fw.Route
}

// finishRoutes prefixes routes of routers mounted in this file
// (app.use('/auth', router)), applies limiters on the route, on its
// router (router.use(limiter)) and decorators, and keeps the login-type
// and health routes.
func (j *judgeRun) finishRoutes() {
	for _, p := range j.pending {
		r, c, e := p.r, p.c, p.e
		if pre, ok := j.routerPrefix[c.recv]; ok && c.recv != "" {
			r.path = strings.TrimSuffix(pre, "/") + "/" + strings.TrimPrefix(r.path, "/")
		}
		if healthPath.MatchString(r.path) {
			j.rl.health = append(j.rl.health, fmt.Sprintf("%s %s (%s:%d)", r.method, r.path, j.ff.path, r.line))
		}
		if !strings.HasPrefix(r.path, "/") || !authPath.MatchString(r.path) {
			continue
		}
		if j.limitedRecv[c.recv] && c.recv != "" {
			r.covered = true
		}
		if j.rl.globalLine > 0 && r.line < j.rl.globalLine && !c.decorator {
			r.beforeGlobal = true
		}
		for _, x := range c.args[min(len(c.args), e.Path+1):] {
			if j.isLimiter(x) {
				r.covered = true
			}
		}
		for _, g := range c.tail {
			if contains(e.ChainGuards, g) {
				r.covered = true // app.MapPost(...).RequireRateLimiting("login")
			}
		}
		for _, d := range j.ff.calls {
			if !c.decorator {
				break
			}
			if d.decorator && d != c && d.stmt == c.stmt && d.name == "exempt" && limiterName.MatchString(d.recv) {
				r.exempt = true // @limiter.exempt: out of the default limits
				continue
			}
			if d.decorator && d != c && d.stmt == c.stmt && (contains(e.Guards, d.name) || anyArgNamed(d, e.Guards) || limiterName.MatchString(d.callee)) {
				r.covered = true
			}
		}
		if c.logs != nil && c.logs() {
			j.rl.loggedAuth++
		}
		j.rl.routes = append(j.rl.routes, r)
	}
}

func anyArgNamed(c *callFact, names []string) bool {
	for _, a := range c.args {
		if contains(names, a.name) || contains(names, a.text) {
			return true
		}
	}
	return false
}

// prefix is the path of the last class-level decorator (@Controller('auth'))
// before the call.
func (j *judgeRun) prefix(c *callFact, name string) string {
	out := ""
	for _, d := range j.ff.calls {
		if d == c {
			break
		}
		if d.decorator && d.name == name {
			out, _ = d.arg(0).str()
		}
	}
	return out
}
