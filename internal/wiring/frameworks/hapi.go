package frameworks

// hapi: route and server cors options, cookies (server.state, h.state),
// server.route({method, path}). https://hapi.dev/api/#-routeoptionscors
func init() {
	cors := func(call Call, key string) CORS {
		return CORS{
			Call: call, Label: "hapi cors", Options: 0, OptionsKey: key,
			Origin: []string{"origin"}, Credentials: "credentials",
			// "origin - an array of allowed origin servers strings
			// ('Access-Control-Allow-Origin'). ... Defaults to any origin
			// ['*']." hapi answers an allowed origin with the request's own
			// Origin (a "*" config too), and "credentials ... Defaults to false."
			DefaultWildcard: true, DefaultWhat: `no origin option: the default is ['*']`, WildcardReflects: true,
			ReflectWhat: `origin ['*'] (the default): hapi answers with the request's Origin`,
			True:        OriginReflect, TrueLabel: "hapi cors", TrueWhat: `cors: true: the default origin ['*'], answered with the request's Origin`,
		}
	}
	state := Cookie{
		Secure: "isSecure", HTTPOnly: "isHttpOnly", SameSite: "isSameSite", SameSiteNone: "None",
		// "isSecure - sets the 'Secure' flag. Defaults to true."
		// "isHttpOnly - sets the 'HttpOnly' flag. Defaults to true."
		SecureDefault: On, HTTPOnlyDefault: On,
	}
	serverState, hState := state, state
	serverState.Call, serverState.Label, serverState.NameArg, serverState.Options = Call{Func: "state", Recv: "."}, "server.state(%q)", 0, 1
	hState.Call, hState.Label, hState.NameArg, hState.Options = Call{Func: "state", Recv: "."}, "h.state(%q)", 0, 2
	register(Library{
		Name: "hapi", Lang: JS, Docs: "https://hapi.dev/api/#-routeoptionscors, https://hapi.dev/api/#-serverstatename-options",
		Reads: "`Hapi.server({routes: {cors}})`, `server.route({method, path, options: {cors}})`, `server.state`/`h.state` cookie options",
		CORS: []CORS{
			cors(Call{Module: "@hapi/hapi", Func: "server"}, "routes.cors"),
			cors(Call{Module: "@hapi/hapi", Func: "Server"}, "routes.cors"),
			cors(Call{Func: "route", Recv: ".", Imports: "@hapi/hapi|hapi"}, "options.cors"),
			cors(Call{Func: "route", Recv: ".", Imports: "@hapi/hapi|hapi"}, "config.cors"),
		},
		Cookies: []Cookie{serverState, hState},
		Routes:  []Route{{Call: Call{Func: "route", Recv: ".", Imports: "@hapi/hapi|hapi"}, Framework: "hapi", Path: 0, PathField: "path", MethodField: "method", MinArgs: 1}},
		Limiter: &Limiter{Modules: []string{"hapi-rate-limit", "hapi-rate-limitor"}, GlobalText: []string{"hapi-rate-limit"}},
	})
}
