package frameworks

// Ktor cookies, the CORS plugin and session cookies.
// https://api.ktor.io/ktor-http/io.ktor.http/-cookie/index.html,
// https://ktor.io/docs/server-cors.html, https://ktor.io/docs/server-sessions.html
func init() {
	register(Library{
		Name: "ktor", Lang: Java, Docs: "https://api.ktor.io/ktor-http/io.ktor.http/-cookie/index.html",
		Reads: "`Cookie(name, value, secure = ..., httpOnly = ...)` appended to responses, `install(CORS) { anyHost(); allowHost(...); allowCredentials = ... }`, `install(Sessions) { cookie<S>(name) { cookie.secure/httpOnly } }`",
		CORS: []CORS{{
			// install(CORS) { anyHost() }: "To allow any host, use the
			// anyHost function"; with allowCredentials = true the plugin
			// answers with the request's Origin instead of "*".
			Call: Call{Func: "install", Arg0: "CORS", FileImports: "io.ktor"}, Label: "Ktor CORS", Options: Keywords,
			Origin: []string{"allowHost"}, AllowAll: "anyHost", Credentials: "allowCredentials", WildcardCredsReflect: true,
			ReflectWhat: "anyHost() with allowCredentials = true: the plugin then echoes the request's Origin",
		}},
		Cookies: []Cookie{
			{
				// Cookie(name, value, encoding, maxAge, expires, domain, path,
				// secure = false, httpOnly = false, extensions)
				Call: Call{Func: "Cookie", FileImports: "io.ktor"}, Label: "Cookie(%q)", NameArg: 0, Options: Keywords,
				Secure: "secure", HTTPOnly: "httpOnly", SecureDefault: Off, HTTPOnlyDefault: Off,
			},
			{
				// cookie<S>(name) { cookie.secure = ...; cookie.httpOnly = ... }:
				// CookieConfiguration's secure defaults to false, httpOnly
				// to true.
				Call: Call{Func: "cookie", Recv: "-", FileImports: "io.ktor"}, Label: "Ktor session cookie %q", NameArg: 0, Options: Keywords,
				Secure: "cookie.secure", HTTPOnly: "cookie.httpOnly", SecureDefault: Off, HTTPOnlyDefault: On,
				SecureFix: "In Ktor: cookie<S>(name) { cookie.secure = true } (behind a proxy, also install XForwardedHeaders).",
			},
		},
	})
}
