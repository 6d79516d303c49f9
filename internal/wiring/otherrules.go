package wiring

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"

	"gopkg.in/yaml.v3"
)

// Rules for Java Spring, ASP.NET Core, Laravel and Rails. Java, C# and PHP
// are read with the shared lexer as whole statements (so builder chains
// over several lines are one text); Ruby config is read line by line;
// properties, YAML, XML and .env files with real parsers.

var (
	// ASP.NET Core
	aspInsecure   = regexp.MustCompile(`(?:\bSecure\s*=\s*false\b|SecurePolicy\s*=\s*CookieSecurePolicy\s*\.\s*None)`)
	aspNoHTTPOnly = regexp.MustCompile(`\bHttpOnly\s*=\s*false\b`)
	// Rails
	rbOrigins = regexp.MustCompile(`^\s*origins\s*\(?\s*(.+?)\s*\)?\s*$`)
	rbCreds   = regexp.MustCompile(`credentials:\s*true`)
	rbAllow   = regexp.MustCompile(`^\s*allow\s+do\b`)
	// a block allowing every origin: { |source, env| true }, { true }
	rbAllowAllBlock = regexp.MustCompile(`^\{\s*(?:\|[^|]*\|)?\s*true\s*\}$`)
)

// prop is one Spring property's value and line.
type prop struct {
	v    string
	line int
}

// springProps reads application.properties / application.yml into dotted
// keys.
func springProps(p string, src []byte) map[string]prop {
	props := map[string]prop{}
	if strings.HasSuffix(p, ".properties") {
		for i, l := range strings.Split(string(src), "\n") {
			l = strings.TrimSpace(l)
			if l == "" || l[0] == '#' || l[0] == '!' {
				continue
			}
			k, v, ok := strings.Cut(l, "=")
			if !ok {
				k, v, ok = strings.Cut(l, ":")
			}
			if ok {
				props[strings.TrimSpace(k)] = prop{strings.TrimSpace(v), i + 1}
			}
		}
	} else {
		var doc yaml.Node
		if yaml.Unmarshal(src, &doc) == nil && len(doc.Content) > 0 {
			var walk func(n *yaml.Node, prefix string, depth int)
			walk = func(n *yaml.Node, prefix string, depth int) {
				if n.Kind != yaml.MappingNode || depth > 64 {
					return
				}
				for i := 0; i+1 < len(n.Content); i += 2 {
					k, v := prefix+n.Content[i].Value, n.Content[i+1]
					if v.Kind == yaml.ScalarNode {
						props[k] = prop{v.Value, n.Content[i].Line}
					}
					walk(v, k+".", depth+1)
				}
			}
			walk(doc.Content[0], "", 0)
		}
	}
	return props
}

// springConfig judges application.properties / application.yml.
func springConfig(p string, src []byte) []codeFinding {
	props := springProps(p, src)
	var out []codeFinding
	if v, ok := props["management.endpoints.web.exposure.include"]; ok && strings.Contains(v.v, "*") {
		out = append(out, codeFinding{Rule: ruleDebugMode, Facet: "debug.actuator", Path: p, Line: v.line,
			Msg:      "Spring Boot Actuator exposes every endpoint over HTTP (management.endpoints.web.exposure.include=*): /actuator/env, /heapdump and /loggers reveal secrets and let callers change the app.",
			Fix:      "Expose only health and info (management.endpoints.web.exposure.include=health,info), on a separate management port behind the firewall.",
			Evidence: "actuator *"})
	}
	if v, ok := props["server.servlet.session.cookie.secure"]; ok && v.v == "false" {
		out = append(out, codeFinding{Rule: ruleSessionCookieInsecure, Facet: "cookie.secure", Path: p, Line: v.line,
			Msg: "server.servlet.session.cookie.secure=false: the Spring session cookie travels over plain HTTP.", Fix: fixCookieSecure, Evidence: "spring session secure"})
	}
	if v, ok := props["server.servlet.session.cookie.http-only"]; ok && v.v == "false" {
		out = append(out, codeFinding{Rule: ruleSessionCookieNotHttponly, Facet: "cookie.httponly", Path: p, Line: v.line,
			Msg: "server.servlet.session.cookie.http-only=false: scripts can read the Spring session cookie.", Fix: fixHTTPOnly, Evidence: "spring session httponly"})
	}
	return out
}

// scanCSharp reads ASP.NET Core cookie options set in configuration callbacks.
func scanCSharp(p string, src []byte) ([]codeFinding, rlFacts) {
	sts := cStatements(src)
	// The lines of AddAntiforgery(o => { o.Cookie... }) calls: the
	// antiforgery cookie is a CSRF cookie whatever its name, so it is not
	// asked for HttpOnly, and it is no session cookie.
	toks := lex.Lex(src, lex.C)
	type span struct{ from, to int }
	var anti []span
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Text == "AddAntiforgery" && toks[i+1].Text == "(" {
			if end := lex.Closing(toks, i+1); end > i {
				anti = append(anti, span{toks[i].Line, toks[end].Line})
			}
		}
	}
	inAnti := func(line int) bool {
		for _, a := range anti {
			if line >= a.from && line <= a.to {
				return true
			}
		}
		return false
	}
	var out []codeFinding
	for _, st := range sts {
		t := st.Text
		if inAnti(st.Line) {
			if strings.Contains(t, "Cookie") && aspInsecure.MatchString(t) {
				out = append(out, codeFinding{Rule: ruleCookieInsecure, Facet: "cookie.secure", Path: p, Line: st.Line,
					Msg: "The antiforgery cookie options set Secure = false (or CookieSecurePolicy.None): the CSRF cookie also travels over plain HTTP, where anyone on the network can read or change it.", Fix: "Set Secure on every cookie of an HTTPS site: o.Cookie.SecurePolicy = CookieSecurePolicy.Always.", Evidence: "aspnet antiforgery secure"})
			}
			continue
		}
		// CORS policies, per-call cookies (Response.Cookies.Append with
		// CookieOptions) and routes are judged from the tables
		// (frameworks/aspnet.go); the cookie options set on options.Cookie
		// in a configuration callback are read here.
		if strings.Contains(t, "Cookies . Append") || strings.Contains(t, "new CookieOptions") {
			continue
		}
		if strings.Contains(t, "Cookie") && aspInsecure.MatchString(t) {
			out = append(out, codeFinding{Rule: ruleSessionCookieInsecure, Facet: "cookie.secure", Path: p, Line: st.Line,
				Msg: "Cookie options set Secure = false (or CookieSecurePolicy.None): the cookie travels over plain HTTP.", Fix: fixCookieSecure + " In ASP.NET Core: CookieSecurePolicy.Always.", Evidence: "aspnet secure"})
		}
		if strings.Contains(t, "Cookie") && aspNoHTTPOnly.MatchString(t) {
			out = append(out, codeFinding{Rule: ruleSessionCookieNotHttponly, Facet: "cookie.httponly", Path: p, Line: st.Line,
				Msg: "Cookie options set HttpOnly = false: scripts can read the cookie.", Fix: fixHTTPOnly, Evidence: "aspnet httponly"})
		}
	}
	return out, rlFacts{family: "cs"}
}

// webConfig reads an ASP.NET web.config with encoding/xml.
func webConfig(p string, src []byte) []codeFinding {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = false
	var out []codeFinding
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || !strings.EqualFold(se.Name.Local, "compilation") {
			continue
		}
		for _, a := range se.Attr {
			if strings.EqualFold(a.Name.Local, "debug") && strings.EqualFold(a.Value, "true") {
				line, _ := dec.InputPos()
				out = append(out, codeFinding{Rule: ruleDebugMode, Facet: "debug.aspnet", Path: p, Line: line,
					Msg:      `web.config compiles with debug="true": slower pages, longer timeouts and detailed errors in production.`,
					Fix:      `Set <compilation debug="false"> (a Web.Release.config transform does it on publish).`,
					Evidence: "compilation debug"})
			}
		}
	}
	return out
}

// scanPHPConfig reads Laravel's config/cors.php and config/session.php.
func scanPHPConfig(p string, src []byte) []codeFinding {
	toks := lex.Lex(src, lex.C)
	vals := map[string]lex.Span{}
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].Kind == lex.String && toks[i+1].Text == "=>" {
			end := i + 2
			if toks[end].Kind == lex.Punct && (toks[end].Text == "[" || toks[end].Text == "(") {
				end = lex.Closing(toks, end) + 1
			} else {
				for end < len(toks) && toks[end].Text != "," && toks[end].Text != "]" {
					if toks[end].Match > end {
						end = toks[end].Match
					}
					end++
				}
			}
			vals[toks[i].Text] = lex.Span{From: i + 2, To: min(end, len(toks))}
		}
	}
	txt := func(k string) string { return lex.Text(toks, vals[k]) }
	line := func(k string) int { return toks[max(0, vals[k].From-2)].Line }
	var out []codeFinding
	add := func(c codeFinding, ok bool) {
		if ok {
			out = append(out, c)
		}
	}
	switch path.Base(p) {
	case "cors.php":
		creds := txt("supports_credentials") == "true"
		origins := txt("allowed_origins")
		switch {
		case strings.Contains(origins, `*`) && creds:
			// fruitcake/php-cors echoes the Origin when credentials are on.
			add(corsFinding(p, line("allowed_origins"), "Laravel CORS", originReflect, "'allowed_origins' => ['*'] with 'supports_credentials' => true: it then echoes the request's Origin", true))
		case strings.Contains(origins, `*`):
			add(corsFinding(p, line("allowed_origins"), "Laravel CORS", originWildcard, "'allowed_origins' => ['*']", false))
		}
		if pats := vals["allowed_origins_patterns"]; pats.To > pats.From {
			for j := pats.From; j < pats.To; j++ {
				if toks[j].Kind == lex.String {
					re := strings.Trim(toks[j].Text, "/#~")
					if loose, why := looseOriginRegex(re, matchSearch); loose {
						add(corsFinding(p, line("allowed_origins_patterns"), "Laravel CORS", originLooseRegex, fmt.Sprintf("'allowed_origins_patterns' %q (%s)", toks[j].Text, why), creds))
						break
					}
				}
			}
		}
	case "session.php":
		sec := txt("secure")
		if sec == "false" || strings.HasSuffix(sec, ", false )") {
			out = append(out, codeFinding{Rule: ruleSessionCookieInsecure, Facet: "cookie.secure", Path: p, Line: line("secure"),
				Msg: "config/session.php sets 'secure' to false: the Laravel session cookie travels over plain HTTP.", Fix: fixCookieSecure + " In Laravel: SESSION_SECURE_COOKIE=true.", Evidence: "laravel secure"})
		}
		if txt("http_only") == "false" {
			out = append(out, codeFinding{Rule: ruleSessionCookieNotHttponly, Facet: "cookie.httponly", Path: p, Line: line("http_only"),
				Msg: "config/session.php sets 'http_only' to false: scripts can read the Laravel session cookie.", Fix: fixHTTPOnly, Evidence: "laravel httponly"})
		}
	}
	return out
}

// laravelEnv reports APP_DEBUG=true in a committed Laravel .env.
func laravelEnv(p string, src []byte) []codeFinding {
	for i, l := range strings.Split(string(src), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(l), "=")
		if ok && k == "APP_DEBUG" && strings.EqualFold(strings.Trim(strings.TrimSpace(v), `"'`), "true") {
			return []codeFinding{{Rule: ruleDebugMode, Facet: "debug.laravel", Path: p, Line: i + 1,
				Msg:      "APP_DEBUG=true in a committed .env: Laravel's error pages (Ignition) show code, environment variables and queries.",
				Fix:      "Keep .env out of git, set APP_DEBUG=false in production, and keep only .env.example in the repository.",
				Evidence: "APP_DEBUG"}}
		}
	}
	return nil
}

// scanRailsConfig reads rack-cors, session_store and force_ssl settings.
func scanRailsConfig(p string, src []byte) []codeFinding {
	var out []codeFinding
	lines := strings.Split(string(src), "\n")
	fileCreds := rbCreds.Match(src)
	// credentials are per allow block: from an `allow do` line to the next
	blockCreds := map[int]bool{} // line index -> its block allows credentials
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		c := rbCreds.MatchString(strings.Join(lines[start:end], "\n"))
		for k := start; k < end; k++ {
			blockCreds[k] = c
		}
	}
	for i, l := range lines {
		if rbAllow.MatchString(l) {
			flush(i)
			start = i
		}
	}
	flush(len(lines))
	for i, raw := range lines {
		l := rbStripComment(raw)
		creds := fileCreds
		if c, ok := blockCreds[i]; ok {
			creds = c
		}
		if m := rbOrigins.FindStringSubmatch(l); m != nil {
			v := strings.TrimSpace(m[1])
			var k originKind
			var what string
			switch {
			case v == "'*'" || v == `"*"`:
				// rack-cors refuses credentials with '*' at boot.
				k, what = originWildcard, "origins '*'"
				if creds {
					k, what = originUnknown, ""
				}
			case strings.HasPrefix(v, "/") && strings.LastIndex(v, "/") > 0:
				re := v[1:strings.LastIndex(v, "/")]
				if re == ".*" || re == ".+" {
					k, what = originReflect, "origins "+v
				} else if loose, why := looseOriginRegex(re, matchSearch); loose {
					k, what = originLooseRegex, fmt.Sprintf("origins %s (%s)", v, why)
				}
			case v == "'null'" || v == `"null"`:
				k, what = originNull, "origins 'null'"
			case rbAllowAllBlock.MatchString(v):
				// origins { |source, env| true }: every origin
				k, what = originReflect, "origins "+v
			}
			if c, ok := corsFinding(p, i+1, "rack-cors", k, what, creds); ok {
				out = append(out, c)
			}
		}
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "config.force_ssl") && strings.Contains(t, "false") && strings.Contains(p, "production") {
			out = append(out, codeFinding{Rule: ruleSessionCookieInsecure, Facet: "cookie.secure", Path: p, Line: i + 1,
				Msg:      "config.force_ssl = false in production: Rails neither redirects to HTTPS nor marks its cookies Secure.",
				Fix:      "Set config.force_ssl = true (and config.assume_ssl = true behind a TLS-terminating proxy).",
				Evidence: "force_ssl"})
		}
	}
	return out
}

func joinText(sts []lex.Statement) string {
	var b strings.Builder
	for _, s := range sts {
		b.WriteString(s.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

var (
	csRoute  = regexp.MustCompile(`(?:\bMap(Post|Get|Put|Patch)\s*\(\s*"([^"]+)"|\[ Http(Post|Get|Put|Patch) \( "([^"]+)" \) \])`)
	phpRoute = regexp.MustCompile(`Route : : (post|get|put|patch|any|match) \( "([^"]+)"`)
	rbRoute  = regexp.MustCompile(`^\s*(post|get|put|patch|match)\s+["']([^"']+)["']`)
)

// phpRoutes records Laravel login-type routes; ->middleware('throttle...')
// covers one, and a throttle group in the file covers its routes.
func phpRoutes(p string, src []byte) rlFacts {
	facts := rlFacts{family: "php"}
	toks := lex.Lex(src, lex.C)
	starts := lex.StmtStarts(toks, lex.C)
	sts := lex.Statements(toks, starts)
	// Route::middleware(['throttle:api'])->group(function () { ... }) and
	// Route::group(['middleware' => 'throttle:5,1'], function () { ... })
	// cover the routes inside the group's closure only: their lines.
	type span struct{ from, to int }
	var groups []span
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Text != "group" || toks[i+1].Text != "(" {
			continue
		}
		end := lex.Closing(toks, i+1)
		head := i + 2 // the group's own arguments up to its closure
		for head < end && head < len(toks) && toks[head].Text != "function" && toks[head].Text != "fn" {
			head++
		}
		text := lex.Text(toks, lex.Span{From: starts[i], To: head})
		if strings.Contains(text, "throttle") && end < len(toks) {
			groups = append(groups, span{toks[i].Line, toks[end].Line})
		}
	}
	inGroup := func(line int) bool {
		for _, g := range groups {
			if line >= g.from && line <= g.to {
				return true
			}
		}
		return false
	}
	for _, st := range sts {
		group := inGroup(st.Line)
		for _, m := range phpRoute.FindAllStringSubmatch(st.Text, -1) {
			if authPath.MatchString(m[2]) {
				pth := m[2]
				if !strings.HasPrefix(pth, "/") {
					pth = "/" + pth
				}
				facts.routes = append(facts.routes, route{path: pth, method: strings.ToUpper(m[1]), file: p, line: st.Line, framework: "Laravel",
					covered: group || strings.Contains(st.Text, "throttle")})
			}
		}
	}
	return facts
}

// rbRoutes records Rails login-type routes (config/routes.rb); rack-attack
// throttles and controller rate_limit calls (Rails 7.2+) are recorded as
// app-wide limiters.
func rbRoutes(p string, src []byte) rlFacts {
	facts := rlFacts{family: "rb"}
	s := string(src)
	if strings.Contains(s, "Rack::Attack") && strings.Contains(s, "throttle") || strings.Contains(s, "rate_limit to:") {
		facts.global = true
	}
	if !strings.HasSuffix(p, "config/routes.rb") {
		return facts
	}
	for i, l := range strings.Split(s, "\n") {
		if m := rbRoute.FindStringSubmatch(l); m != nil && authPath.MatchString(m[2]) {
			pth := m[2]
			if !strings.HasPrefix(pth, "/") {
				pth = "/" + pth
			}
			facts.routes = append(facts.routes, route{path: pth, method: strings.ToUpper(m[1]), file: p, line: i + 1, framework: "Rails"})
		}
	}
	return facts
}

// cStatements lexes Java, C# or PHP source into whole statements.
func cStatements(src []byte) []lex.Statement {
	toks := lex.Lex(src, lex.C)
	return lex.Statements(toks, lex.StmtStarts(toks, lex.C))
}

// rbStripComment drops a Ruby line's # comment (a # outside quotes).
func rbStripComment(l string) string {
	var q byte
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case q != 0 && c == '\\':
			i++
		case q != 0 && c == q:
			q = 0
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case q == 0 && c == '#':
			return l[:i]
		}
	}
	return l
}
