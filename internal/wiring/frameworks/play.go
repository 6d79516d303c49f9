package frameworks

// Play Framework (Scala): the CORS filter, session cookie settings,
// conf/routes, Cookie(...) and withHeaders(...).
// https://www.playframework.com/documentation/latest/CorsFilter,
// https://www.playframework.com/documentation/latest/SettingsSession
func init() {
	play := Call{Func: "play", Config: true}
	var routes []Route
	for _, m := range []string{"POST", "GET", "PUT", "PATCH"} {
		routes = append(routes, Route{Call: Call{Func: m, Recv: "-", FileImports: "play"}, Framework: "Play", Path: 0, MinArgs: 1})
	}
	register(Library{
		Name: "play", Lang: Java, Docs: "https://www.playframework.com/documentation/latest/CorsFilter",
		Reads: "application.conf `play.filters.cors.*` with the CORSFilter enabled and `play.http.session.secure`/`httpOnly`, conf/routes, `Cookie(name, value, secure = ..., httpOnly = ...)`, `withHeaders(name -> value)`",
		CORS: []CORS{{
			// allowedOrigins: "By default the value is null, which means
			// allow all origins"; supportsCredentials defaults to true, and
			// the filter then answers with the request's Origin.
			Call: play, Label: "Play CORSFilter", Options: 0, Enabled: "play.filters.enabled:CORSFilter",
			Origin: []string{"play.filters.cors.allowedOrigins"}, Credentials: "play.filters.cors.supportsCredentials", CredsDefault: true,
			DefaultWildcard: true, NullIsDefault: true, DefaultWhat: "no allowedOrigins: the default null allows every origin", WildcardCredsReflect: true,
			ReflectWhat: "allowedOrigins left at null with supportsCredentials (default true): the filter echoes the request's Origin",
		}},
		Cookies: []Cookie{
			{
				// play.http.session.secure: "default false";
				// play.http.session.httpOnly: "default true".
				Call: play, Label: "Play session", NameArg: -1, Options: 0,
				Secure: "play.http.session.secure", HTTPOnly: "play.http.session.httpOnly", SecureDefault: Unset, HTTPOnlyDefault: Unset,
				InsecureMsg: "play.http.session.secure = false: the Play session cookie travels over plain HTTP.",
				HTTPOnlyMsg: "play.http.session.httpOnly = false: scripts can read the Play session cookie.",
			},
			{
				// Cookie(name, value, maxAge = None, path = "/", domain = None,
				// secure = false, httpOnly = true, sameSite = None)
				Call: Call{Func: "Cookie", FileImports: "play.api"}, Label: "Cookie(%q)", NameArg: 0, Options: Keywords,
				Positional: map[string]int{"secure": 5, "httpOnly": 6},
				Secure:     "secure", HTTPOnly: "httpOnly", SameSite: "sameSite", SecureDefault: Off, HTTPOnlyDefault: On,
			},
		},
		Headers: []Header{{Call: Call{Func: "withHeaders", Recv: ".", FileImports: "play.api"}, Dict: "*"}},
		Routes:  routes,
	})
}
