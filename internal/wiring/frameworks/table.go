// Package frameworks is the code scan's framework knowledge, as data: one
// file per library declares the calls that set CORS, cookies, limiters,
// routes, response headers, debug mode and security headers, their option
// names and argument positions, and the library's documented defaults
// (each default quotes the library's documentation in a comment).
//
// The language readers of package wiring turn source into facts (calls
// with resolved arguments); the judge there applies these tables to the
// facts. Adding a library is one file here that appends its Library to
// All in an init function, plus golden cases in testdata/wiring.
package frameworks

import "sort"

// Lang is the language family a library's calls are read in.
type Lang string

const (
	JS     Lang = "js" // JavaScript and TypeScript
	Go     Lang = "go"
	Python Lang = "py"
	Java   Lang = "java"
	CSharp Lang = "cs"
	PHP    Lang = "php"
	Ruby   Lang = "rb"
	Kotlin Lang = "kt"
	Scala  Lang = "scala"
)

// Call names a call (or a Go composite literal) a table entry applies to.
type Call struct {
	// Module is the import the callee is bound to: an npm package
	// ("cors"), a Go import path ("github.com/rs/cors", matched by suffix)
	// or a Python module. Empty: any.
	Module string
	// Func is the called name, the last element of the callee
	// (res.cookie -> "cookie"; cors.Options{} -> "Options").
	Func string
	// Recv constrains the receiver: "" any, "." any but there must be one
	// (a method: res.cookie), "-" none (the import binding itself is
	// called: cors(...)), "*.x" any ending in .x (ctx.cookies,
	// this.cookies), else the receiver's exact text ("NestFactory").
	Recv string
	// Imports: the file must import this module ("a|b" alternatives);
	// an entry with it satisfied wins over entries without it.
	Imports string
	// Literal: a Go composite literal T{...} (its fields are argument 0).
	Literal bool
	// Decorator: a decorator or annotation (@Post('login')).
	Decorator bool
	// New: a constructor call, new T(...) (Func is T).
	New bool
	// Config: a configuration file read as one call (a Django settings
	// module): its settings are argument 0's fields, and findings point at
	// the setting's line.
	Config bool
	// Arg0: the call's first argument must be this string (Sinatra
	// set :show_exceptions, true; set :sessions, ...), or this identifier
	// (Ktor install(CORS)).
	Arg0 string
	// FileImports: the entry applies only in files importing a module
	// named so or below it ("flask|werkzeug"): methods of response objects
	// (response.set_cookie) are told apart by what the file imports.
	FileImports string
	// Callee: the call's whole callee must be this (PHP chains take their
	// root: response('ok')->cookie(...) is "response.cookie").
	Callee string
}

// Keywords as an argument position means the call's keyword arguments
// (Python), read as one options object.
const Keywords = -2

// Builder as an argument position means the options a builder collects:
// the calls of the call's method chain (name -> first argument, true
// without one: ResponseCookie.from(n, v).secure(true)), then the setter
// calls and property assignments on the variable the result is assigned
// to (c.setSecure(true), c.secure = true, config.setAllowCredentials(true)),
// then the keyword arguments. Option names may list alternatives: "secure|setSecure".
const Builder = -3

// Flag is a cookie flag's value when the code does not set it.
type Flag uint8

const (
	Off  Flag = iota // the library leaves the flag off
	On               // the library sets it
	Auto             // the library sets it on HTTPS requests (cookie-session secure)
	// Unset: not judged when the code does not set it (a settings module
	// that others may complete), only an explicit false is.
	Unset
)

// CORS is a call that configures CORS.
type CORS struct {
	Call  Call
	Label string // how findings name it: "cors", "@fastify/cors"
	// Options is the argument holding the options object (-1: the call
	// takes none; a Go literal's fields are argument 0). OptionsKey digs
	// into it: NestFactory.create(App, {cors: {...}}).
	Options    int
	OptionsKey string // dotted: "routes.cors"
	// PluginArg (1-based; 0 none) is the argument that must name the
	// library's module, Call.Module ("a|b" for alternatives), instead of
	// the callee (fastify.register(cors, {...})).
	PluginArg int
	// Origin are the option names holding the allowed origins, OriginFunc
	// those holding a function deciding them, AllowAll a boolean option
	// allowing every origin, Credentials the credentials option.
	Origin     []string
	OriginFunc []string
	// OriginRegex are options holding origin patterns (strings that are
	// regular expressions); Opaque options the judge does not follow: with
	// one present and no origin option, the origin is unknown.
	OriginRegex []string
	Opaque      []string
	// RegexMatch: how the library applies OriginRegex patterns:
	// "fullmatch" (anchored at both ends: Python re.fullmatch), "match"
	// (anchored at the start: re.match), "" a search (unanchored).
	RegexMatch string
	// PerPath is an option mapping paths to their own options (Flask-CORS
	// resources={r"/api/*": {"origins": "*"}}): each path's Origin options
	// are judged, the call's options standing for those a path leaves out;
	// a string or list of paths keeps the call's options.
	PerPath     string
	AllowAll    string
	Credentials string
	// DefaultWildcard: without an origin option the library allows "*"
	// (quote the documentation where the table sets it).
	DefaultWildcard bool
	// NullIsDefault: an origin option set to null means the default
	// (Play: allowedOrigins = null allows every origin), not "null".
	NullIsDefault bool
	// NoArgs is what a call without the options argument means ("" none:
	// unknown) and NoArgsWhat how findings describe it; True is the same
	// for an options argument of true (NestFactory {cors: true}).
	NoArgs, True                                 Origin
	NoArgsLabel, NoArgsWhat, TrueLabel, TrueWhat string
	// DefaultWhat describes the default in findings.
	DefaultWhat string
	// WildcardReflects: the library answers "*" (and its default) with
	// the request's Origin, credentials or not (hapi).
	WildcardReflects bool
	// WildcardCredsReflect: "*" with credentials makes the library echo
	// the request's Origin (Flask-CORS, Starlette, django-cors-headers).
	// UnsafeWildcard names an option with the same effect (echo's
	// UnsafeWildcardOriginWithAllowCredentials).
	WildcardCredsReflect bool
	UnsafeWildcard       string
	// ReflectWhat describes the WildcardCredsReflect case in findings.
	ReflectWhat string
	// Enabled: the option (field) that must mention this text for the
	// entry to apply, as "field:text" (Play: play.filters.enabled holds
	// play.filters.cors.CORSFilter); CredsDefault: credentials are on
	// unless the Credentials option says otherwise (Play's
	// supportsCredentials = true).
	Enabled      string
	CredsDefault bool
	// PatternReflect are origin-pattern options where "*" makes the
	// library answer with the request's Origin (Spring
	// allowedOriginPatterns("*")); PatternWhat describes it.
	PatternReflect []string
	PatternWhat    string
	// Always: calling it at all allows every origin (rs/cors AllowAll()).
	Always bool
	// Args: the options are calls passed as arguments
	// (gorilla handlers.CORS(handlers.AllowedOrigins(...), ...)); Origin
	// and Credentials then name those calls.
	Args bool
}

// Origin is a kind of allowed origin, as the tables declare defaults.
type Origin uint8

const (
	OriginNone Origin = iota
	OriginWildcard
	OriginReflect
)

// Cookie is a call that sets a cookie.
type Cookie struct {
	Call  Call
	Label string // "res.cookie(%q)" (formatted with the cookie's name), "express-session"
	// NameArg is the argument with the cookie's name, NameField the option
	// holding it (http.Cookie{Name: ...}); both unset (-1, ""): the
	// library's own session cookie, always judged as one.
	NameArg   int
	NameField string
	// Name is the cookie's fixed name when the entry configures one
	// cookie of the library (Django's CSRF cookie, "csrftoken").
	Name string
	// Options is the argument holding the options (-1: none; a Go
	// literal's fields are argument 0); Nested the key of the cookie
	// options inside it (express-session {cookie: {...}}).
	Options int
	Nested  string
	// Positional maps a flag ("secure", "httpOnly") to its argument
	// position (gin c.SetCookie(name, value, maxAge, path, domain, secure,
	// httpOnly)).
	Positional map[string]int
	// Option names of the flags.
	Secure, HTTPOnly, SameSite string
	// Documented defaults of the flags when the code does not set them.
	SecureDefault, HTTPOnlyDefault Flag
	// RequireOptions: a call without the options argument is not judged.
	RequireOptions bool
	// SecureFix is added to the fix of a missing Secure flag; DefaultNote
	// to Go messages (" (its default is false)"); It names the cookie in
	// them ("the session").
	SecureFix, DefaultNote, It string
	// OverriddenBy: the entry judges the library's default options, unless
	// the file sets them: builds a literal of this type of the same module
	// or assigns to a field of this name (store.Options = ...).
	OverriddenBy string
	// InsecureMsg and HTTPOnlyMsg replace the findings' messages.
	InsecureMsg, HTTPOnlyMsg string
	// SameSiteNone is the value meaning SameSite=None ("none",
	// "http.SameSiteNoneMode").
	SameSiteNone string
}

// Header is a call that sets a response header: Name and Value are the
// argument positions.
type Header struct {
	Call        Call
	Name, Value int
	// Object (1-based, 0 none): the argument holding {name: value} pairs
	// (res.set({...}), res.writeHead(200, {...})).
	Object int
	// Joined: argument Name holds "Name: value" (PHP header("X: v"),
	// also concatenated: 'X: ' . $_SERVER['HTTP_ORIGIN']).
	Joined bool
	// Dict is the keyword or option holding a name -> value mapping of
	// headers (JSONResponse(content, headers={...})); Name and Value are
	// then unused.
	Dict string
}

// Route is a call that declares a route.
type Route struct {
	Call      Call
	Framework string // "Express", "Go"
	Path      int    // the argument holding the path
	// Method is the HTTP method ("" from Func, upper-cased; "ANY").
	Method string
	// PathMethod: the path may start with the method ("POST /login", Go 1.22 ServeMux).
	PathMethod bool
	// PathField and MethodField: the route is an object argument
	// (hapi server.route({method, path})), or a list of them.
	PathField, MethodField string
	// MethodOption is the option listing the methods (Flask methods=[...]).
	MethodOption string
	// Slash: the path is written without its leading slash (Django path("login/")).
	Slash bool
	// ChainGuards are calls chained on the registration that rate-limit
	// it (app.MapPost(...).RequireRateLimiting("login")).
	ChainGuards []string
	// PathOption names the keyword options holding the path when it is not
	// passed by position ("value|path": @PostMapping(path = "/login")).
	PathOption string
	// Prefix is the decorator giving a class-level prefix (@Controller).
	Prefix string
	// IfImported: the entry applies when the file imports this module or
	// the receiver is named so (fastify routes), and then wins over
	// entries without it.
	IfImported string
	// MinArgs is the fewest arguments a route registration has.
	MinArgs int
	// Guards are decorators (or their arguments) in the same declaration
	// that rate-limit the route (@Throttle, @UseGuards(ThrottlerGuard)).
	Guards []string
}

// Limiter says what makes a rate limiter.
type Limiter struct {
	// Modules whose import is a limiter (middleware values).
	Modules []string
	// Plugin: registering the module as a plugin limits the whole app
	// unless GlobalOff is set false in its options.
	Plugin    bool
	GlobalOff string
	// AnyUse: importing it at all counts as covering the app (Go: wrapping
	// is too varied to follow).
	AnyUse bool
	// GlobalText: a file containing all of these strings limits the whole
	// app (NestJS APP_GUARD with ThrottlerGuard).
	GlobalText []string
	// Ctor is the call making the limiter, CtorGlobal its option that
	// limits every route (Flask-Limiter Limiter(default_limits=[...])).
	Ctor       *Call
	CtorGlobal string
	// Settings: a config setting whose value mentions the text limits the
	// app ("REST_FRAMEWORK:DEFAULT_THROTTLE_CLASSES").
	Settings []string
	// Decorators anywhere in a file that count as limiting the app
	// (@ratelimit on views whose routes are declared elsewhere).
	Decorators []string
	// Funcs: calls of the module's functions with these name prefixes are
	// limiters (echo middleware.RateLimiter...).
	Funcs []string
}

// Mount is a call that mounts middleware and routers: app.use([path,] ...mw).
type Mount struct {
	Call Call
}

// Debug is a call that switches on debug or verbose errors.
type Debug struct {
	Call Call
	// Facet and Message of the finding.
	Facet, Msg, Fix, Evidence string
	// SkipPaths: files whose path contains one of these are not judged
	// (development settings modules, where DEBUG = True belongs);
	// OnlyPaths: only files whose path contains one of these are
	// (config/environments/production.rb).
	SkipPaths, OnlyPaths []string
	// TrueArg (1-based, 0 none): the argument that must be true
	// (set :show_exceptions, true).
	TrueArg int
	// Unguarded: only outside a development guard (NODE_ENV checks);
	// Guarded: only inside one (Python: under if __name__ == "__main__").
	Unguarded, Guarded bool
	// Option must be true in the call's options (OptionsArg; Keywords for
	// Python): app.run(debug=True), DEBUG = True in settings.
	Option     string
	OptionsArg int
	// Assign: an assignment to a target ending so, of true, at the top
	// level outside a main guard (app.debug = True).
	Assign []string
	// AssignOn: the assigned object must be an app of the library: the
	// target's root is a name assigned from a call to one of these ("a|b",
	// the callee's last element), or is AssignName in a file importing
	// AssignImports (app.debug in a Flask file). Empty: any object.
	AssignOn, AssignName, AssignImports string
	// NilArg (1-based, 0 none): the argument that must be nil, and
	// Imported an import the file must have: net/http ListenAndServe(addr,
	// nil) with net/http/pprof imported.
	NilArg   int
	Imported string
	// OptionValue: the Option must have this value instead of true
	// (server.error.include-stacktrace=always); case does not matter.
	OptionValue string
	// Stack: the finding is code/stack-trace-response (error details in
	// responses) rather than code/debug-mode; ArgContains: argument 0's
	// text must contain it (e.printStackTrace(response.getWriter())).
	Stack       bool
	ArgContains string
	// AnyArgContains: some argument's text must contain it, and, with
	// FirstArg, argument 0 must be one of these names (w, rw: a response
	// writer, not os.Stderr).
	AnyArgContains string
	FirstArg       []string
	// AddrArg (1-based, 0 none): the argument holding the listen address,
	// which must not be loopback ({addr} in Msg is replaced by it).
	AddrArg int
}

// Headers is a security-headers middleware (helmet): Protections are its
// option names that switch one protection off when set to false.
type Headers struct {
	Call        Call
	Label       string
	Protections []string
	// Options is the argument holding the protections (0 by default;
	// Keywords for Python); NullIsOff: None also switches one off
	// (Talisman(content_security_policy=None)).
	Options   int
	NullIsOff bool
	// Disables: the call (a disable()) switches off the protection named
	// by the call it sits in or is chained after (Spring Security
	// headers(h -> h.frameOptions(f -> f.disable()))).
	Disables []string
}

// Library is one library's table.
type Library struct {
	Name string // "express", "rs/cors"
	Lang Lang
	Docs string // the documentation the defaults are quoted from
	// What the code scan reads of it, for README (one line).
	Reads    string
	CORS     []CORS
	Cookies  []Cookie
	Headers  []Header
	Routes   []Route
	Mounts   []Mount
	Limiter  *Limiter
	Debug    []Debug
	Security []Headers
	// SpecBinders are calls that serve the routes of an OpenAPI document,
	// binding handlers by operationId (express-openapi initialize,
	// connexion add_api): the document's operations are then routes.
	SpecBinders []Call
}

var all []Library

func register(l Library) { all = append(all, l) }

// All returns every library's table, by language then name.
func All() []Library {
	out := append([]Library(nil), all...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Lang != out[j].Lang {
			return out[i].Lang < out[j].Lang
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// For returns the libraries of one language.
func For(l Lang) []Library {
	var out []Library
	for _, lib := range All() {
		if lib.Lang == l {
			out = append(out, lib)
		}
	}
	return out
}
