package frameworks

const fixDebug = "Read debug mode from the environment with a safe default (off), and never ship it on."

// Flask, Flask-CORS and Werkzeug's debugger.
// https://flask-cors.readthedocs.io/en/latest/api.html, https://flask.palletsprojects.com/en/stable/debugging/
func init() {
	var routes []Route
	routes = append(routes, Route{Call: Call{Func: "route", Recv: ".", Decorator: true}, Framework: "Flask", Path: 0, Method: "ANY", MethodOption: "methods"})
	for _, m := range []string{"get", "post", "put", "patch", "delete"} {
		routes = append(routes, Route{Call: Call{Func: m, Recv: ".", Decorator: true}, Framework: "Flask or FastAPI", Path: 0})
	}
	cors := CORS{
		Call: Call{Module: "flask_cors", Func: "CORS", Recv: "-"}, Label: "Flask-CORS", Options: Keywords,
		Origin: []string{"origins"}, Credentials: "supports_credentials", PerPath: "resources",
		// origins: "The origin, or list of origins to allow requests from.
		// ... Default : '*'"; with supports_credentials the extension
		// answers with the request's Origin rather than "*".
		DefaultWildcard: true, DefaultWhat: `no origins: the default is "*"`,
		WildcardCredsReflect: true, ReflectWhat: `no origins given, so the default "*", with supports_credentials=True: Flask-CORS then echoes the request's Origin`,
	}
	deco := cors
	deco.Call = Call{Module: "flask_cors", Func: "cross_origin", Recv: "-", Decorator: true}
	register(Library{
		Name: "flask", Lang: Python, Docs: "https://flask-cors.readthedocs.io/en/latest/api.html, https://flask.palletsprojects.com/en/stable/quickstart/#debug-mode",
		Reads: "Flask-CORS `CORS(app, origins=..., supports_credentials=...)` and `@cross_origin`, `app.run(debug=True)` (also under the main guard, and connexion's `App.run`), `app.debug = True`, `app.config[\"DEBUG\"] = True`, routes `@app.route`/`@bp.post`, `response.set_cookie(...)`, `response.headers[...] = ...`",
		CORS:  []CORS{cors, deco},
		Debug: []Debug{
			{
				Call: Call{Func: "run", Recv: "."}, Option: "debug", OptionsArg: Keywords, Unguarded: true, Facet: "debug.flask",
				// "Do not enable debug mode when deploying in production."
				Msg:      "app.run(debug=True) runs on import, not only as a script: the Werkzeug debugger lets anyone who triggers an error run Python code on the server.",
				Fix:      "Move it under if __name__ == \"__main__\": and read debug from the environment. " + fixDebug,
				Evidence: "run debug",
			},
			{
				// Under the main guard it still runs whenever the app is
				// started as a script (python app.py, a container's CMD).
				Call: Call{Func: "run", Recv: ".", FileImports: "flask|connexion|quart"}, Option: "debug", OptionsArg: Keywords, Guarded: true, Facet: "debug.flask",
				Msg:      "app.run(debug=True) under if __name__ == \"__main__\": whoever starts the app as a script (python app.py, a container's command) runs it with the Werkzeug debugger, which lets anyone who triggers an error run Python code on the server.",
				Fix:      "Read debug from the environment: app.run(debug=os.environ.get(\"FLASK_DEBUG\") == \"1\"), and serve production with a WSGI server. " + fixDebug,
				Evidence: "run debug",
			},
			{
				// Only on a Flask app object: self.debug = True in a parser
				// class is no Flask setting.
				Assign: []string{".debug", ".config[DEBUG]"}, Facet: "debug.flask",
				AssignOn: "Flask|Quart|App|FlaskApp|AsyncApp", AssignName: "app|application", AssignImports: "flask|quart|connexion",
				Msg:      "Flask debug mode is switched on in code: the Werkzeug debugger lets anyone who triggers an error run Python code on the server.",
				Fix:      fixDebug + " In Flask: app.config[\"DEBUG\"] = os.environ.get(\"FLASK_DEBUG\") == \"1\".",
				Evidence: "flask debug",
			},
		},
		Routes: routes,
		Cookies: []Cookie{{
			// Werkzeug Response.set_cookie(key, value='', max_age=None,
			// expires=None, path='/', domain=None, secure=False,
			// httponly=False, samesite=None, partitioned=False)
			Call: Call{Func: "set_cookie", Recv: ".", FileImports: "flask|werkzeug|quart|connexion"}, Label: "set_cookie(%q)", NameArg: 0, NameField: "key",
			Options: Keywords, Positional: map[string]int{"secure": 6, "httponly": 7, "samesite": 8},
			Secure: "secure", HTTPOnly: "httponly", SameSite: "samesite", SecureDefault: Off, HTTPOnlyDefault: Off,
			SecureFix: "In Flask: response.set_cookie(name, value, secure=True, httponly=True, samesite=\"Lax\").",
		}, {
			// app.config.update(SESSION_COOKIE_SECURE=..., ...): Flask's
			// session cookie. SESSION_COOKIE_SECURE "Default: False",
			// SESSION_COOKIE_HTTPONLY "Default: True"; configuration is
			// often split, so only an explicit False is judged.
			Call: Call{Func: "update", Recv: "*config", FileImports: "flask|quart"}, Label: "Flask session", NameArg: -1, Options: Keywords,
			Secure: "SESSION_COOKIE_SECURE", HTTPOnly: "SESSION_COOKIE_HTTPONLY", SameSite: "SESSION_COOKIE_SAMESITE", SecureDefault: Unset, HTTPOnlyDefault: Unset,
			InsecureMsg: "SESSION_COOKIE_SECURE=False: the Flask session cookie travels over plain HTTP.", SecureFix: "In Flask: app.config.update(SESSION_COOKIE_SECURE=True).",
			HTTPOnlyMsg: "SESSION_COOKIE_HTTPONLY=False: scripts can read the Flask session cookie.",
		}},
		// response.headers["Access-Control-Allow-Origin"] = ...
		Headers: []Header{{Call: Call{Func: "__setitem__", Recv: "*headers", FileImports: "flask|werkzeug|quart|connexion"}, Name: 0, Value: 1}},
	})
}
