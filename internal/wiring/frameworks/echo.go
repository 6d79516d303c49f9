package frameworks

// echo middleware: CORS and rate limiting,
// https://echo.labstack.com/docs/middleware/cors
func init() {
	register(Library{
		Name: "echo", Lang: Go, Docs: "https://echo.labstack.com/docs/middleware/cors, https://echo.labstack.com/docs/middleware/rate-limiter",
		Reads: "`middleware.CORS()`, `e.Debug = true`, `middleware.CORSConfig{AllowOrigins, AllowOriginFunc, AllowCredentials, UnsafeWildcardOriginWithAllowCredentials}`, `middleware.RateLimiter...`",
		CORS: []CORS{{
			// CORS(): "returns a Cross-Origin Resource Sharing (CORS)
			// middleware" with DefaultCORSConfig, AllowOrigins []string{"*"}.
			Call: Call{Module: "github.com/labstack/echo/middleware", Func: "CORS"}, Label: "echo middleware.CORS()", Always: true,
		}, {
			Call: Call{Module: "github.com/labstack/echo/middleware", Func: "CORSConfig", Literal: true}, Label: "echo CORS", Options: 0,
			Origin: []string{"AllowOrigins"}, OriginFunc: []string{"AllowOriginFunc"}, Credentials: "AllowCredentials",
			// AllowOrigins: "Optional. Default value []string{"*"}."
			DefaultWildcard: true, DefaultWhat: `no AllowOrigins: the default is "*"`,
			// "UnsafeWildcardOriginWithAllowCredentials UNSAFE/INSECURE:
			// allows wildcard '*' origin to be used with AllowCredentials
			// flag. In that case we consider any origin allowed and send it
			// back to the client with `Access-Control-Allow-Origin` header."
			UnsafeWildcard: "UnsafeWildcardOriginWithAllowCredentials",
		}},
		Limiter: &Limiter{Modules: []string{"github.com/labstack/echo/middleware"}, Funcs: []string{"RateLimiter"}},
		Debug: []Debug{{
			Call: Call{FileImports: "github.com/labstack/echo"}, Assign: []string{".Debug"}, Facet: "debug.echo",
			// "Echo#Debug can be used to enable / disable debug mode": the
			// default error handler then sends every error's text to the
			// client.
			Msg:      "echo's Debug is switched on in code: error responses carry the internal error text to every client.",
			Fix:      "Leave e.Debug off in production (read it from the environment, off by default).",
			Evidence: "echo debug",
		}},
	})
}
