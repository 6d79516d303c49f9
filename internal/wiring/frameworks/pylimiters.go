package frameworks

// Flask-Limiter and slowapi: Limiter(default_limits=[...]) limits every route,
// https://flask-limiter.readthedocs.io/en/stable/
func init() {
	register(Library{
		Name: "Flask-Limiter/slowapi", Lang: Python, Docs: "https://flask-limiter.readthedocs.io/en/stable/, https://slowapi.readthedocs.io/",
		Reads: "`Limiter(default_limits=...)`, `@limiter.limit(...)` on routes",
		// "default_limits: a variable list of strings ... for limits that
		// are applied to all routes"
		Limiter: &Limiter{Ctor: &Call{Func: "Limiter", Recv: "-"}, CtorGlobal: "default_limits"},
	})
}
