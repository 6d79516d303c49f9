package frameworks

// fiber's CORS middleware, https://docs.gofiber.io/api/middleware/cors
func init() {
	register(Library{
		Name: "fiber", Lang: Go, Docs: "https://docs.gofiber.io/api/middleware/cors",
		Reads: "`cors.Config{AllowOrigins, AllowOriginsFunc, AllowCredentials}`",
		CORS: []CORS{{
			Call: Call{Module: "github.com/gofiber/fiber/middleware/cors", Func: "Config", Literal: true}, Label: "fiber cors", Options: 0,
			Origin: []string{"AllowOrigins"}, OriginFunc: []string{"AllowOriginsFunc"}, Credentials: "AllowCredentials",
			// AllowOrigins: "Default: "*""
			DefaultWildcard: true, DefaultWhat: `no AllowOrigins: the default is "*"`,
		}},
		Limiter: &Limiter{Modules: []string{"github.com/gofiber/fiber/middleware/limiter"}, AnyUse: true},
	})
}
