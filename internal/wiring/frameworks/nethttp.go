package frameworks

// net/http: cookies, response headers, ServeMux routes and pprof,
// https://pkg.go.dev/net/http#Cookie
func init() {
	var routes []Route
	for _, m := range []string{"HandleFunc", "Handle"} {
		routes = append(routes, Route{Call: Call{Func: m}, Framework: "Go", Path: 0, Method: "ANY", PathMethod: true, MinArgs: 1})
	}
	// gin, echo, chi, gorilla/mux and fiber route methods.
	for _, m := range []string{"POST", "GET", "PUT", "PATCH", "Post", "Get", "Put", "Patch", "Any"} {
		routes = append(routes, Route{Call: Call{Func: m, Recv: "."}, Framework: "Go", Path: 0, PathMethod: true, MinArgs: 1})
	}
	register(Library{
		Name: "net/http", Lang: Go, Docs: "https://pkg.go.dev/net/http#Cookie, https://pkg.go.dev/net/http/pprof",
		Reads: "`http.Cookie{Name, Secure, HttpOnly, SameSite}`, `w.Header().Set/Add`, routes `HandleFunc`/`Handle` and the gin, echo, chi and fiber route methods, `http.ListenAndServe(addr, nil)` with net/http/pprof, `debug.Stack()` written to the response",
		Cookies: []Cookie{{
			Call: Call{Module: "net/http", Func: "Cookie", Literal: true}, Label: "http.Cookie %q", NameArg: -1, NameField: "Name", Options: 0,
			Secure: "Secure", HTTPOnly: "HttpOnly", SameSite: "SameSite", SameSiteNone: "http.SameSiteNoneMode",
			// Cookie is a plain struct: Secure and HttpOnly are false
			// unless set.
			SecureDefault: Off, HTTPOnlyDefault: Off, It: "it",
		}},
		Headers: []Header{
			{Call: Call{Func: "Set", Recv: "."}, Name: 0, Value: 1},
			{Call: Call{Func: "Add", Recv: "."}, Name: 0, Value: 1},
		},
		Routes: routes,
		Debug: []Debug{
			// runtime/debug.Stack: "Stack returns a formatted stack trace of
			// the goroutine that calls it" -- written to the response.
			{Call: Call{Func: "Write", Recv: "w"}, AnyArgContains: "debug.Stack", Stack: true, Facet: "debug.stack", Msg: goStackMsg, Fix: goStackFix, Evidence: "debug.Stack"},
			{Call: Call{Func: "Write", Recv: "rw"}, AnyArgContains: "debug.Stack", Stack: true, Facet: "debug.stack", Msg: goStackMsg, Fix: goStackFix, Evidence: "debug.Stack"},
			{Call: Call{Func: "Write", Recv: "c.Writer"}, AnyArgContains: "debug.Stack", Stack: true, Facet: "debug.stack", Msg: goStackMsg, Fix: goStackFix, Evidence: "debug.Stack"},
			{Call: Call{Module: "fmt", Func: "Fprintf"}, AnyArgContains: "debug.Stack", FirstArg: goWriters, Stack: true, Facet: "debug.stack", Msg: goStackMsg, Fix: goStackFix, Evidence: "debug.Stack"},
			{Call: Call{Module: "fmt", Func: "Fprint"}, AnyArgContains: "debug.Stack", FirstArg: goWriters, Stack: true, Facet: "debug.stack", Msg: goStackMsg, Fix: goStackFix, Evidence: "debug.Stack"},
			{Call: Call{Module: "fmt", Func: "Fprintln"}, AnyArgContains: "debug.Stack", FirstArg: goWriters, Stack: true, Facet: "debug.stack", Msg: goStackMsg, Fix: goStackFix, Evidence: "debug.Stack"},
			{
				Call: Call{Module: "net/http", Func: "ListenAndServe"}, NilArg: 2, AddrArg: 1, Imported: "net/http/pprof",
				// "The package is typically only imported for the side effect
				// of registering its HTTP handlers" on http.DefaultServeMux.
				Facet:    "debug.pprof",
				Msg:      "net/http/pprof is imported and http.ListenAndServe({addr}, nil) serves the default mux, so /debug/pprof/ (profiles, goroutine dumps, command line) is public.",
				Fix:      "Serve pprof on a separate listener bound to 127.0.0.1, or use your own ServeMux for the public server.",
				Evidence: "pprof",
			}},
	})
}

// goWriters are the usual names of an http.ResponseWriter.
var goWriters = []string{"w", "rw", "resp", "writer", "c.Writer", "ctx.Writer"}

const (
	goStackMsg = "A handler writes debug.Stack() to the response: the client sees file paths, package versions and code structure."
	goStackFix = "Log the stack on the server (log/slog) and answer with a generic message and status."
)
