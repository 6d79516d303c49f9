package frameworks

// Koa: ctx.cookies.set, koa-session, @koa/cors and @koa/router.
// https://koajs.com/#context, https://github.com/koajs/cors
func init() {
	register(Library{
		Name: "koa", Lang: JS, Docs: "https://github.com/pillarjs/cookies#cookiesset-name--value---options--, https://github.com/koajs/cors#corsoptions",
		Reads: "`ctx.cookies.set(name, value, options)`, `session(options, app)` (koa-session), `cors(options)` (@koa/cors), `ctx.set(...)` headers, @koa/router routes",
		Cookies: []Cookie{
			{
				// ctx.cookies.set, and the cookies module itself:
				// const cookies = new Cookies(req, res); cookies.set(...)
				Call: Call{Func: "set", Recv: "*cookies"}, Label: "cookies.set(%q)", NameArg: 0, Options: 2,
				Secure: "secure", HTTPOnly: "httpOnly", SameSite: "sameSite",
				// "secure: a boolean indicating whether the cookie is only to
				// be sent over HTTPS (false by default for HTTP, true by
				// default for HTTPS)"; "httpOnly: ... (true by default)".
				SecureDefault: Auto, HTTPOnlyDefault: On,
			},
			{
				Call: Call{Module: "koa-session", Recv: "-"}, Label: "koa-session", NameArg: -1, Options: 0, RequireOptions: true,
				Secure: "secure", HTTPOnly: "httpOnly", SameSite: "sameSite",
				// "httpOnly: true, /** (boolean) httpOnly or not (default
				// true) */"; the cookie is set through ctx.cookies, whose
				// secure follows the request.
				SecureDefault: Auto, HTTPOnlyDefault: On,
			},
		},
		CORS: []CORS{{
			Call: Call{Module: "@koa/cors", Recv: "-"}, Label: "@koa/cors", Options: 0,
			Origin: []string{"origin"}, Credentials: "credentials",
			// "origin `Access-Control-Allow-Origin`, default is '*'. If
			// `credentials` set and return `true`, the `origin` default value
			// will set to the request `Origin` header" (v4 and before: the
			// request's Origin always).
			DefaultWildcard: true, DefaultWhat: `no origin option: the default is "*"`,
			NoArgs: OriginWildcard, NoArgsLabel: "@koa/cors", NoArgsWhat: `no origin option: the default is "*"`,
			WildcardCredsReflect: true, ReflectWhat: `"*" (the default) with credentials: true: @koa/cors then sends the request's Origin`,
		}},
		Routes: routeMethods("Koa", "@koa/router"),
	})
}
