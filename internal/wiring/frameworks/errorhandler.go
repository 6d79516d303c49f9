package frameworks

// errorhandler, https://github.com/expressjs/errorhandler
func init() {
	register(Library{
		Name: "errorhandler", Lang: JS, Docs: "https://github.com/expressjs/errorhandler",
		Reads: "`errorhandler()` and Express 3's `express.errorHandler()` outside a development guard (`NODE_ENV`, `app.get('env')`)",
		Debug: []Debug{{
			Call: Call{Module: "errorhandler", Recv: "-"}, Unguarded: true, Stack: true, Facet: "debug.errorhandler",
			// "This middleware is only intended to be used in a development
			// environment, as the full error stack traces and internal
			// details of any object passed to this module will be sent back
			// to the client when an error occurs."
			Msg:      "errorhandler() is mounted outside a development guard: it sends the full stack trace and error details to the client on every error (its documentation: \"only intended to be used in a development environment\").",
			Fix:      "Mount it only under if (process.env.NODE_ENV === 'development'), and answer production errors with a generic message.",
			Evidence: "errorhandler",
		}, {
			// Express 2/3's bundled express.errorHandler({showStack: true}),
			// the same middleware.
			Call: Call{Func: "errorHandler", Recv: "express"}, Unguarded: true, Stack: true, Facet: "debug.errorhandler",
			Msg:      "express.errorHandler() is mounted outside a development guard: it sends the stack trace and error details to the client on every error.",
			Fix:      "Mount it only under if (process.env.NODE_ENV === 'development'), and answer production errors with a generic message.",
			Evidence: "errorhandler",
		}},
	})
}
