package frameworks

// Laravel cookies and response headers (the config files, .env and
// routes are read elsewhere). https://laravel.com/docs/responses#attaching-cookies-to-responses
func init() {
	cookie := func(fn, recv string, imports ...string) Cookie {
		call := Call{Func: fn, Recv: recv, FileImports: "Illuminate"}
		if len(imports) > 0 { // the global response() helper needs no use
			call = Call{Func: fn, Callee: imports[0]}
		}
		// cookie($name, $value, $minutes = 0, $path = null, $domain = null,
		// $secure = null, $httpOnly = true, ...): a null $secure follows
		// config('session.secure'), so only an explicit false is judged.
		return Cookie{Call: call, Label: "cookie(%q)", NameArg: 0, Options: -1,
			Positional: map[string]int{"secure": 5, "httpOnly": 6}, Secure: "secure", HTTPOnly: "httpOnly",
			SecureDefault: Unset, HTTPOnlyDefault: On,
			SecureFix: "In Laravel: pass $secure = true, or set SESSION_SECURE_COOKIE=true."}
	}
	register(Library{
		Name: "laravel", Lang: PHP, Docs: "https://laravel.com/docs/responses#attaching-cookies-to-responses",
		Reads:   "`response()->cookie(...)`, `cookie(...)`, `Cookie::queue/make(...)` (positional $secure/$httpOnly), `->header(name, value)`",
		Cookies: []Cookie{cookie("cookie", "."), cookie("cookie", "-"), cookie("queue", "Cookie"), cookie("make", "Cookie"), cookie("forever", "Cookie"), cookie("cookie", "", "response.cookie")},
		Headers: []Header{{Call: Call{Func: "header", Recv: ".", FileImports: "Illuminate"}, Name: 0, Value: 1}},
	})
}
