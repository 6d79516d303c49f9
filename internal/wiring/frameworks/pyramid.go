package frameworks

// Pyramid session and auth-ticket cookies, and WebOb's Response.
// https://docs.pylonsproject.org/projects/pyramid/en/latest/api/session.html,
// https://docs.pylonsproject.org/projects/webob/en/stable/api/response.html
func init() {
	factory := func(fn string) Cookie {
		// SignedCookieSessionFactory(secret, cookie_name='session',
		// max_age=None, path='/', domain=None, secure=False,
		// httponly=False, samesite='Lax', ...)
		return Cookie{Call: Call{Module: "pyramid.session", Func: fn}, Label: fn, NameArg: -1, Options: Keywords,
			Positional: map[string]int{"secure": 5, "httponly": 6},
			Secure:     "secure", HTTPOnly: "httponly", SameSite: "samesite", SecureDefault: Off, HTTPOnlyDefault: Off,
			SecureFix: "In Pyramid: " + fn + "(secret, secure=True, httponly=True)."}
	}
	register(Library{
		Name: "pyramid", Lang: Python, Docs: "https://docs.pylonsproject.org/projects/pyramid/en/latest/api/session.html#pyramid.session.SignedCookieSessionFactory",
		Reads: "`SignedCookieSessionFactory(...)`/`BaseCookieSessionFactory(...)`, `AuthTktCookieHelper(...)`, WebOb `response.set_cookie(...)`, `response.headers[...] = ...`",
		Cookies: []Cookie{
			factory("SignedCookieSessionFactory"),
			factory("BaseCookieSessionFactory"),
			{
				// AuthTktCookieHelper(secret, cookie_name='auth_tkt',
				// secure=False, ..., http_only=False, ...)
				Call: Call{Module: "pyramid.authentication", Func: "AuthTktCookieHelper"}, Label: "AuthTktCookieHelper", NameArg: -1, Options: Keywords,
				Secure: "secure", HTTPOnly: "http_only", SecureDefault: Off, HTTPOnlyDefault: Off,
			},
			{
				// WebOb Response.set_cookie(name, value='', max_age=None,
				// path='/', domain=None, secure=False, httponly=False,
				// comment=None, overwrite=False, samesite=None)
				Call: Call{Func: "set_cookie", Recv: ".", FileImports: "pyramid|webob"}, Label: "set_cookie(%q)", NameArg: 0, NameField: "name",
				Options: Keywords, Positional: map[string]int{"secure": 5, "httponly": 6},
				Secure: "secure", HTTPOnly: "httponly", SameSite: "samesite", SecureDefault: Off, HTTPOnlyDefault: Off,
			},
		},
		Headers: []Header{{Call: Call{Func: "__setitem__", Recv: "*headers", FileImports: "pyramid|webob"}, Name: 0, Value: 1}},
	})
}
