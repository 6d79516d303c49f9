package frameworks

// fastify, @fastify/cors and @fastify/rate-limit.
func init() {
	register(Library{
		Name: "fastify", Lang: JS, Docs: "https://github.com/fastify/fastify-cors#options, https://github.com/fastify/fastify-rate-limit#options",
		Reads: "`fastify.register(@fastify/cors, options)`, `fastify.register(@fastify/rate-limit, options)`, routes `fastify.post(path, ...)`",
		CORS: []CORS{{
			Call: Call{Module: "@fastify/cors|fastify-cors", Func: "register"}, PluginArg: 1, Label: "@fastify/cors", Options: 1,
			Origin: []string{"origin"}, Credentials: "credentials",
			// "origin: ... Default: '*'"? The README lists the defaults:
			// "{ origin: '*', methods: 'GET,HEAD,POST', ... }".
			DefaultWildcard: true, DefaultWhat: `no origin option: the default is "*"`,
		}},
		Limiter: &Limiter{
			Modules: []string{"@fastify/rate-limit", "fastify-rate-limit"},
			// "global: to use the rate limit on all routes (default true)"
			Plugin: true, GlobalOff: "global",
		},
		Routes: routeMethods("fastify", "fastify"),
	})
}

// routeMethods are the Express-style route registrations
// (router.post(path, ...handlers)).
func routeMethods(framework, ifImported string) []Route {
	var out []Route
	for _, m := range []string{"get", "post", "put", "patch", "delete", "all"} {
		out = append(out, Route{Call: Call{Func: m, Recv: "."}, Framework: framework, Path: 0, MinArgs: 2, IfImported: ifImported})
	}
	return out
}
