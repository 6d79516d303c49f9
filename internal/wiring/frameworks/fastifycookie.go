package frameworks

// @fastify/cookie: reply.setCookie, https://github.com/fastify/fastify-cookie#sending
func init() {
	register(Library{
		Name: "@fastify/cookie", Lang: JS, Docs: "https://github.com/fastify/fastify-cookie#options",
		Reads: "`reply.setCookie(name, value, options)`, `reply.header(...)` headers",
		Cookies: []Cookie{{
			Call: Call{Func: "setCookie", Recv: "."}, Label: "reply.setCookie(%q)", NameArg: 0, Options: 2,
			Secure: "secure", HTTPOnly: "httpOnly", SameSite: "sameSite",
			// The options are the cookie serializer's: "secure ... By
			// default, the Secure attribute is not set." "httpOnly ... By
			// default, the HttpOnly attribute is not set."
			SecureDefault: Off, HTTPOnlyDefault: Off,
		}},
	})
}
