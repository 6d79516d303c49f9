package frameworks

// Sinatra: settings, routes, headers and cookies.
// https://sinatrarb.com/configuration.html
func init() {
	register(Library{
		Name: "sinatra", Lang: Ruby, Docs: "https://sinatrarb.com/configuration.html",
		Reads: "`set :show_exceptions, true`, `set :sessions, {...}`, routes `post \"/login\" do`, `headers \"Name\" => value`, `response[\"Name\"] = value`, `response.set_cookie(name, {...})`",
		Debug: []Debug{{
			// show_exceptions: "Enable error pages that show backtrace and
			// environment information when an unhandled exception occurs.
			// Enabled in development environments by default."
			Call: Call{Func: "set", Recv: "-", Arg0: "show_exceptions", FileImports: "sinatra"}, TrueArg: 2, Unguarded: true, Stack: true,
			Facet: "debug.stack", Evidence: "show_exceptions",
			Msg: "set :show_exceptions, true outside a development block: error pages show backtraces and environment information to every client.",
			Fix: "Leave show_exceptions to Sinatra's default (development only), or set it inside configure :development.",
		}},
		Cookies: []Cookie{
			{
				// set :sessions, {...}: Rack::Session::Cookie options; secure
				// and httponly as given.
				Call: Call{Func: "set", Recv: "-", Arg0: "sessions", FileImports: "sinatra"}, Label: "Sinatra sessions", NameArg: -1, Options: Keywords,
				Secure: "secure", HTTPOnly: "httponly", SecureDefault: Unset, HTTPOnlyDefault: Unset,
			},
			{
				// Rack::Response#set_cookie(key, {value:, secure:, httponly:}):
				// neither flag is set unless given.
				Call: Call{Func: "set_cookie", Recv: ".", FileImports: "sinatra|rack"}, Label: "set_cookie(%q)", NameArg: 0, Options: Keywords,
				Secure: "secure", HTTPOnly: "httponly", SameSite: "same_site", SecureDefault: Off, HTTPOnlyDefault: Off,
			},
		},
		Headers: []Header{
			{Call: Call{Func: "headers", Recv: "-", FileImports: "sinatra"}, Object: 1},
			{Call: Call{Func: "__setitem__", Recv: "response", FileImports: "sinatra"}, Name: 0, Value: 1},
		},
		Routes: []Route{
			{Call: Call{Func: "post", Recv: "-", FileImports: "sinatra"}, Framework: "Sinatra", Path: 0, MinArgs: 1},
			{Call: Call{Func: "get", Recv: "-", FileImports: "sinatra"}, Framework: "Sinatra", Path: 0, MinArgs: 1},
		},
	})
}
