package frameworks

// cookie-session, https://github.com/expressjs/cookie-session#cookie-options
func init() {
	register(Library{
		Name: "cookie-session", Lang: JS, Docs: "https://github.com/expressjs/cookie-session#cookie-options",
		Reads: "`cookieSession({secure, httpOnly, sameSite})`",
		Cookies: []Cookie{{
			Call: Call{Module: "cookie-session", Recv: "-"}, Label: "cookie-session", NameArg: -1, Options: 0, RequireOptions: true,
			Secure: "secure", HTTPOnly: "httpOnly", SameSite: "sameSite",
			// "secure: a boolean indicating whether the cookie is only to be
			// sent over HTTPS (false by default for HTTP, true by default
			// for HTTPS)." "httpOnly: ... (true by default)."
			SecureDefault: Auto, HTTPOnlyDefault: On,
			SecureFix: "In Express: cookie: {secure: true} with app.set('trust proxy', 1).",
		}},
	})
}
