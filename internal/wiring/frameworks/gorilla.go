package frameworks

// gorilla/sessions, https://pkg.go.dev/github.com/gorilla/sessions#Options
func init() {
	register(Library{
		Name: "gorilla/sessions", Lang: Go, Docs: "https://pkg.go.dev/github.com/gorilla/sessions#Options",
		Reads: "`sessions.Options{Secure, HttpOnly, SameSite}`, `sessions.NewCookieStore`/`NewFilesystemStore` with their default Options",
		Cookies: []Cookie{{
			Call: Call{Module: "github.com/gorilla/sessions", Func: "Options", Literal: true}, Label: "gorilla/sessions Options", NameArg: -1, Options: 0,
			Secure: "Secure", HTTPOnly: "HttpOnly", SameSite: "SameSite", SameSiteNone: "http.SameSiteNoneMode",
			// Options is a plain struct: its zero Secure and HttpOnly are
			// false, and NewCookieStore sets only "Path: "/", MaxAge:
			// 86400 * 30".
			SecureDefault: Off, HTTPOnlyDefault: Off, DefaultNote: " (its default is false)", It: "the session",
		}, {
			// NewCookieStore: "The default Options ... Path: "/", MaxAge:
			// 86400 * 30" -- neither Secure nor HttpOnly, unless the file
			// sets store.Options.
			Call: Call{Module: "github.com/gorilla/sessions", Func: "NewCookieStore"}, Label: "gorilla/sessions NewCookieStore (default Options)", NameArg: -1, Options: -1,
			OverriddenBy: "Options", Secure: "Secure", HTTPOnly: "HttpOnly",
			SecureDefault: Off, HTTPOnlyDefault: Off, DefaultNote: " (its default is false)", It: "the session",
		}, {
			Call: Call{Module: "github.com/gorilla/sessions", Func: "NewFilesystemStore"}, Label: "gorilla/sessions NewFilesystemStore (default Options)", NameArg: -1, Options: -1,
			OverriddenBy: "Options", Secure: "Secure", HTTPOnly: "HttpOnly",
			SecureDefault: Off, HTTPOnlyDefault: Off, DefaultNote: " (its default is false)", It: "the session",
		}},
	})
}

// gorilla/handlers CORS, https://pkg.go.dev/github.com/gorilla/handlers#CORS
func init() {
	register(Library{
		Name: "gorilla/handlers", Lang: Go, Docs: "https://pkg.go.dev/github.com/gorilla/handlers#CORS",
		Reads: "`handlers.CORS(handlers.AllowedOrigins(...), handlers.AllowedOriginValidator(...), handlers.AllowCredentials())`",
		CORS: []CORS{{
			Call: Call{Module: "github.com/gorilla/handlers", Func: "CORS"}, Label: "gorilla/handlers CORS", Args: true,
			Origin: []string{"AllowedOrigins"}, OriginFunc: []string{"AllowedOriginValidator"}, Credentials: "AllowCredentials",
			// AllowedOrigins: "Passing in a []string{"*"} will allow any
			// domain"; with no AllowedOrigins every origin is allowed and
			// "*" is sent (it never echoes the Origin for "*" since 1.3.0).
			DefaultWildcard: true, DefaultWhat: `no AllowedOrigins: the default is "*"`,
		}},
	})
}
