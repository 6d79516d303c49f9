package frameworks

// fiber's CORS middleware, https://docs.gofiber.io/api/middleware/cors
func init() {
	register(Library{
		Name: "fiber", Lang: Go, Docs: "https://docs.gofiber.io/api/middleware/cors",
		Reads: "`cors.New()`, `fiber.Cookie{Name, Secure, HTTPOnly, SameSite}`, `cors.Config{AllowOrigins, AllowOriginsFunc, AllowCredentials}`",
		CORS: []CORS{{
			// cors.New() without a Config: ConfigDefault, AllowOrigins "*".
			// With one, the Config literal below is judged.
			Call: Call{Module: "github.com/gofiber/fiber/middleware/cors", Func: "New"}, Label: "fiber cors", Options: 0,
			NoArgs: OriginWildcard, NoArgsLabel: "fiber cors.New()", NoArgsWhat: `no Config: the default AllowOrigins is "*"`,
		}, {
			Call: Call{Module: "github.com/gofiber/fiber/middleware/cors", Func: "Config", Literal: true}, Label: "fiber cors", Options: 0,
			Origin: []string{"AllowOrigins"}, OriginFunc: []string{"AllowOriginsFunc"}, Credentials: "AllowCredentials",
			// AllowOrigins: "Default: "*""
			DefaultWildcard: true, DefaultWhat: `no AllowOrigins: the default is "*"`,
		}},
		Limiter: &Limiter{Modules: []string{"github.com/gofiber/fiber/middleware/limiter"}, AnyUse: true},
		Cookies: []Cookie{{
			Call: Call{Module: "github.com/gofiber/fiber", Func: "Cookie", Literal: true}, Label: "fiber.Cookie %q", NameArg: -1, NameField: "Name", Options: 0,
			Secure: "Secure", HTTPOnly: "HTTPOnly", SameSite: "SameSite", SameSiteNone: "None",
			// fiber.Cookie is a plain struct: Secure and HTTPOnly are
			// false unless set.
			SecureDefault: Off, HTTPOnlyDefault: Off, It: "it",
		}},
	})
}
