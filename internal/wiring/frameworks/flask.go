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
		Origin: []string{"origins"}, Credentials: "supports_credentials", Opaque: []string{"resources"},
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
		Reads: "Flask-CORS `CORS(app, origins=..., supports_credentials=...)` and `@cross_origin`, `app.run(debug=True)` outside the main guard, `app.debug = True`, `app.config[\"DEBUG\"] = True`, routes `@app.route`/`@bp.post`",
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
				Assign: []string{".debug", ".config[DEBUG]"}, Facet: "debug.flask",
				Msg:      "Flask debug mode is switched on in code: the Werkzeug debugger lets anyone who triggers an error run Python code on the server.",
				Fix:      fixDebug + " In Flask: app.config[\"DEBUG\"] = os.environ.get(\"FLASK_DEBUG\") == \"1\".",
				Evidence: "flask debug",
			},
		},
		Routes: routes,
	})
}
