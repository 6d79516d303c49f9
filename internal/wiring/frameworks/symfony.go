package frameworks

// Symfony HttpFoundation cookies and headers, routes, framework.yaml and
// NelmioCorsBundle. https://symfony.com/doc/current/components/http_foundation.html#setting-cookies,
// https://symfony.com/bundles/NelmioCorsBundle/current/index.html
func init() {
	symfony := Call{Func: "symfony", Config: true}
	cookie := func(c Call) Cookie {
		// Cookie::create($name, $value = null, $expire = 0, $path = '/',
		// $domain = null, $secure = null, $httpOnly = true, $raw = false,
		// $sameSite = 'lax'): a null $secure means "secure when the
		// request is", so only an explicit false is judged.
		return Cookie{Call: c, Label: "Cookie(%q)", NameArg: 0, Options: Builder,
			Positional: map[string]int{"secure": 5, "httpOnly": 6, "sameSite": 8},
			Secure:     "secure|withSecure", HTTPOnly: "httpOnly|withHttpOnly", SameSite: "sameSite|withSameSite",
			SecureDefault: Unset, HTTPOnlyDefault: On}
	}
	register(Library{
		Name: "symfony", Lang: PHP, Docs: "https://symfony.com/doc/current/components/http_foundation.html#setting-cookies",
		Reads: "`Cookie::create(...)`/`new Cookie(...)` with `withSecure`/`withHttpOnly`, `$response->headers->set(...)`, `#[Route(...)]`, framework.yaml `session.cookie_secure`/`cookie_httponly`, NelmioCorsBundle `defaults.allow_origin`/`allow_credentials`",
		Cookies: []Cookie{
			cookie(Call{Func: "create", Recv: "Cookie", FileImports: "Symfony"}),
			cookie(Call{Func: "Cookie", New: true, FileImports: "Symfony"}),
			{
				// framework.session.cookie_secure: "auto" by default in
				// recipes; cookie_httponly: true by default.
				Call: symfony, Label: "Symfony session", NameArg: -1, Options: 0,
				Secure: "framework.session.cookie_secure", HTTPOnly: "framework.session.cookie_httponly", SameSite: "framework.session.cookie_samesite",
				SecureDefault: Unset, HTTPOnlyDefault: Unset,
				InsecureMsg: "framework.session.cookie_secure: false: the Symfony session cookie travels over plain HTTP.", SecureFix: "Set cookie_secure: auto (or true).",
				HTTPOnlyMsg: "framework.session.cookie_httponly: false: scripts can read the Symfony session cookie.",
			},
		},
		Headers: []Header{{Call: Call{Func: "set", Recv: "*headers", FileImports: "Symfony"}, Name: 0, Value: 1}},
		Routes:  []Route{{Call: Call{Func: "Route", Decorator: true, FileImports: "Symfony"}, Framework: "Symfony", Path: 0, PathOption: "path", Method: "ANY", MethodOption: "methods"}},
		CORS: []CORS{{
			// NelmioCorsBundle: allow_origin [] by default; with ['*'] and
			// allow_credentials the bundle answers with the request's Origin.
			Call: symfony, Label: "NelmioCorsBundle", Options: 0,
			Origin: []string{"nelmio_cors.defaults.allow_origin"}, Credentials: "nelmio_cors.defaults.allow_credentials",
			WildcardCredsReflect: true, ReflectWhat: "allow_origin ['*'] with allow_credentials: true: the bundle then echoes the request's Origin",
		}},
	})
}
