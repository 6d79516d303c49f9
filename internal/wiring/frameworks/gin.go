package frameworks

// gin-contrib/cors, https://pkg.go.dev/github.com/gin-contrib/cors#Config
func init() {
	register(Library{
		Name: "gin-contrib/cors", Lang: Go, Docs: "https://pkg.go.dev/github.com/gin-contrib/cors#Config",
		Reads: "`cors.Config{AllowAllOrigins, AllowOrigins, AllowOriginFunc, AllowCredentials}` (also set on `cors.DefaultConfig()`), `cors.Default()`",
		CORS: []CORS{
			{
				Call: Call{Module: "github.com/gin-contrib/cors", Func: "Config", Literal: true}, Label: "gin-contrib/cors", Options: 0,
				Origin: []string{"AllowOrigins"}, AllowAll: "AllowAllOrigins", Credentials: "AllowCredentials",
				// AllowOriginFunc: "If this option is set, the content of
				// AllowOrigins is ignored."
				OriginFunc: []string{"AllowOriginFunc"},
				// No default origin: a Config without AllowOrigins fails
				// validation ("conflict settings: all origins disabled").
			},
			// DefaultConfig(): "returns a generic default configuration
			// mapped to localhost" (no origin allowed), completed by field
			// assignments: cfg.AllowAllOrigins = true.
			{
				Call: Call{Module: "github.com/gin-contrib/cors", Func: "DefaultConfig"}, Label: "gin-contrib/cors", Options: Builder,
				Origin: []string{"AllowOrigins"}, AllowAll: "AllowAllOrigins", Credentials: "AllowCredentials", OriginFunc: []string{"AllowOriginFunc"},
			},
			// Default(): "returns the generic default middleware: allows
			// all origins" (DefaultConfig with AllowAllOrigins = true).
			{Call: Call{Module: "github.com/gin-contrib/cors", Func: "Default"}, Label: "gin-contrib/cors.Default()", Always: true},
		},
	})
}

// gin's Context.SetCookie, https://pkg.go.dev/github.com/gin-gonic/gin#Context.SetCookie
func init() {
	register(Library{
		Name: "gin", Lang: Go, Docs: "https://pkg.go.dev/github.com/gin-gonic/gin#Context.SetCookie",
		Reads: "`c.SetCookie(name, value, maxAge, path, domain, secure, httpOnly)`",
		Cookies: []Cookie{{
			// func (c *Context) SetCookie(name, value string, maxAge int,
			// path, domain string, secure, httpOnly bool): both flags are
			// positional, there is no default.
			Call: Call{Func: "SetCookie", Recv: "."}, Label: "c.SetCookie(%q)", NameArg: 0, Options: -1,
			Positional: map[string]int{"secure": 5, "httpOnly": 6, "maxAge": 2},
			Secure:     "secure", HTTPOnly: "httpOnly", SecureDefault: Off, HTTPOnlyDefault: Off, It: "it",
		}},
	})
}
