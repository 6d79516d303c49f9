package frameworks

// echo middleware: CORS and rate limiting,
// https://echo.labstack.com/docs/middleware/cors
func init() {
	register(Library{
		Name: "echo", Lang: Go, Docs: "https://echo.labstack.com/docs/middleware/cors, https://echo.labstack.com/docs/middleware/rate-limiter",
		Reads: "`middleware.CORSConfig{AllowOrigins, AllowOriginFunc, AllowCredentials, UnsafeWildcardOriginWithAllowCredentials}`, `middleware.RateLimiter...`",
		CORS: []CORS{{
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
	})
}
