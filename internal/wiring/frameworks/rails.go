package frameworks

// Rails: the cookies jar, session_store, response headers, resource
// routes and production error pages (rack-cors, force_ssl, session_store
// secure and post "login" routes are read by the Rails config scanner).
// https://api.rubyonrails.org/classes/ActionDispatch/Cookies.html
func init() {
	jar := func(recv string) Cookie {
		// "cookies[:name] = { value: ..., httponly: true, secure: true }":
		// :httponly "Whether this cookie is accessible via scripting or only
		// HTTP. Defaults to false." :secure defaults to false, but
		// config.force_ssl marks every cookie Secure, so only an explicit
		// false is judged.
		return Cookie{Call: Call{Func: "__setitem__", Recv: recv}, Label: recv + "[%q]", NameArg: 0, Options: Keywords,
			Secure: "secure", HTTPOnly: "httponly", SameSite: "same_site", SecureDefault: Unset, HTTPOnlyDefault: Off}
	}
	var jars []Cookie
	for _, r := range []string{"cookies", "cookies.permanent", "cookies.signed", "cookies.encrypted", "cookies.permanent.signed", "cookies.permanent.encrypted"} {
		jars = append(jars, jar(r))
	}
	register(Library{
		Name: "rails", Lang: Ruby, Docs: "https://api.rubyonrails.org/classes/ActionDispatch/Cookies.html, https://guides.rubyonrails.org/configuring.html",
		Reads: "`cookies[:name] = {...}` (also `cookies.permanent`/`signed`/`encrypted`), `session_store ..., httponly: false`, `response.headers[...] = ...`, `resources :sessions`-style routes, `config.consider_all_requests_local = true` in production",
		Cookies: append(jars, Cookie{
			// session_store :cookie_store, httponly: true by default.
			Call: Call{Func: "session_store", Recv: "."}, Label: "Rails session_store", NameArg: -1, Options: Keywords,
			Secure: "secure", HTTPOnly: "httponly", SecureDefault: Unset, HTTPOnlyDefault: Unset,
			InsecureMsg: "The Rails session_store sets secure: false: the session travels over plain HTTP.",
			HTTPOnlyMsg: "The Rails session_store sets httponly: false: scripts can read the session cookie.",
		}),
		Headers: []Header{{Call: Call{Func: "__setitem__", Recv: "*headers"}, Name: 0, Value: 1}},
		Routes: []Route{
			{Call: Call{Func: "resources", Recv: "-"}, Framework: "Rails", Path: 0, Method: "ANY", Slash: true, MinArgs: 1},
			{Call: Call{Func: "resource", Recv: "-"}, Framework: "Rails", Path: 0, Method: "ANY", Slash: true, MinArgs: 1},
		},
		Debug: []Debug{{
			// consider_all_requests_local: "true by default in development
			// and test, false in production"; true shows full error
			// reports, with backtraces, to every client.
			Assign: []string{".consider_all_requests_local"}, OnlyPaths: []string{"production"}, Facet: "debug.rails", Evidence: "consider_all_requests_local",
			Msg: "config.consider_all_requests_local = true in production: every client gets Rails' detailed error pages, with backtraces and request data.",
			Fix: "Set config.consider_all_requests_local = false in config/environments/production.rb.",
		}},
	})
}
