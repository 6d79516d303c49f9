package frameworks

// Werkzeug's development server and debugger,
// https://werkzeug.palletsprojects.com/en/stable/serving/,
// https://werkzeug.palletsprojects.com/en/stable/debug/
func init() {
	register(Library{
		Name: "werkzeug", Lang: Python, Docs: "https://werkzeug.palletsprojects.com/en/stable/serving/#werkzeug.serving.run_simple",
		Reads: "`run_simple(..., use_debugger=True)`, `DebuggedApplication(app)`",
		Debug: []Debug{
			{
				// run_simple(hostname, port, application, use_reloader=False,
				// use_debugger=False, use_evalex=True, ...): "use_debugger –
				// Use Werkzeug's debugger, which will show formatted
				// tracebacks on unhandled exceptions."
				Call: Call{Module: "werkzeug.serving", Func: "run_simple"}, Option: "use_debugger", OptionsArg: Keywords,
				Facet: "debug.werkzeug", Evidence: "run_simple use_debugger",
				Msg: "run_simple(..., use_debugger=True) serves the Werkzeug debugger: anyone who triggers an error gets tracebacks and an interactive Python console on the server.",
				Fix: "Never enable the debugger outside a developer's machine; serve production with a WSGI server (gunicorn, uwsgi). " + fixDebug,
			},
			{
				// DebuggedApplication(app, evalex=False, ...): "Enables
				// debugging support for a given application"; with evalex
				// "the interactive console".
				Call:  Call{Module: "werkzeug.debug", Func: "DebuggedApplication"},
				Facet: "debug.werkzeug", Evidence: "DebuggedApplication",
				Msg: "The app is wrapped in Werkzeug's DebuggedApplication: error pages show tracebacks and, with evalex, an interactive console on the server.",
				Fix: "Wrap the app in DebuggedApplication only in a development entry point, never in the one production imports. " + fixDebug,
			},
		},
	})
}
