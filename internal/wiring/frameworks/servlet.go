package frameworks

// Java servlets (javax.servlet / jakarta.servlet): cookies, response
// headers and stack traces written to the response.
// https://jakarta.ee/specifications/servlet/6.0/apidocs/jakarta.servlet/jakarta/servlet/http/cookie
func init() {
	cookie := func(isNew bool) Cookie {
		return Cookie{
			// "By default, cookies are created using Version 0"; setSecure:
			// "The default value is false"; setHttpOnly marks it HttpOnly
			// (not set unless called).
			Call: Call{Func: "Cookie", New: isNew, FileImports: "javax.servlet|jakarta.servlet"}, Label: "Cookie(%q)", NameArg: 0, Options: Builder,
			Secure: "secure|setSecure|isSecure", HTTPOnly: "httpOnly|setHttpOnly|isHttpOnly", SecureDefault: Off, HTTPOnlyDefault: Off,
			SecureFix: "In a servlet: cookie.setSecure(true) and cookie.setHttpOnly(true) before response.addCookie(cookie).",
		}
	}
	register(Library{
		Name: "servlet", Lang: Java, Docs: "https://jakarta.ee/specifications/servlet/6.0/apidocs/jakarta.servlet/jakarta/servlet/http/cookie",
		Reads: "`new Cookie(name, value)` with `setSecure`/`setHttpOnly` (Kotlin: `cookie.secure = ...`), `response.setHeader`/`addHeader`, `e.printStackTrace(response.getWriter())`",
		// Kotlin constructs without new.
		Cookies: []Cookie{cookie(true), cookie(false)},
		Headers: []Header{
			{Call: Call{Func: "setHeader", Recv: "."}, Name: 0, Value: 1},
			{Call: Call{Func: "addHeader", Recv: "."}, Name: 0, Value: 1},
		},
		Debug: []Debug{{
			// Throwable.printStackTrace(PrintWriter s): "Prints this
			// throwable and its backtrace to the specified print writer."
			Call: Call{Func: "printStackTrace", Recv: "."}, ArgContains: "getWriter", Stack: true, Facet: "debug.stack", Evidence: "printStackTrace(response.getWriter())",
			Msg: "The stack trace is printed into the response (printStackTrace(response.getWriter())): clients see class names, file paths and library versions.",
			Fix: "Log the exception on the server (logger.error(\"...\", e)) and answer with a generic error page or status.",
		}},
	})
}
