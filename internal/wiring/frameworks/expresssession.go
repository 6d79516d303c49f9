package frameworks

// express-session, https://github.com/expressjs/session#options
func init() {
	register(Library{
		Name: "express-session", Lang: JS, Docs: "https://github.com/expressjs/session#cookie",
		Reads: "`session({cookie: {secure, httpOnly, sameSite}})`",
		Cookies: []Cookie{{
			Call: Call{Module: "express-session", Recv: "-"}, Label: "express-session", NameArg: -1, Options: 0, Nested: "cookie", RequireOptions: true,
			Secure: "secure", HTTPOnly: "httpOnly", SameSite: "sameSite",
			// "The default value is { path: '/', httpOnly: true, secure:
			// false, maxAge: null }." "By default, the Secure attribute is
			// not set." "By default, the HttpOnly attribute is set."
			SecureDefault: Off, HTTPOnlyDefault: On,
			SecureFix: "In Express: cookie: {secure: true} with app.set('trust proxy', 1).",
		}},
	})
}
