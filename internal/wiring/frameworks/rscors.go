package frameworks

// rs/cors and its fork go-chi/cors, https://pkg.go.dev/github.com/rs/cors#Options
func init() {
	for _, lib := range []struct{ name, module string }{{"rs/cors", "github.com/rs/cors"}, {"go-chi/cors", "github.com/go-chi/cors"}} {
		l := Library{
			Name: lib.name, Lang: Go, Docs: "https://pkg.go.dev/" + lib.module + "#Options",
			Reads: "`cors.Options{AllowedOrigins, AllowOriginFunc, AllowCredentials}`",
			CORS: []CORS{{
				Call: Call{Module: lib.module, Func: "Options", Literal: true}, Label: lib.name, Options: 0,
				Origin:      []string{"AllowedOrigins"},
				OriginFunc:  []string{"AllowOriginFunc", "AllowOriginRequestFunc", "AllowOriginVaryRequestFunc"},
				Credentials: "AllowCredentials",
				// AllowedOrigins: "If the special "*" value is present in the
				// list, all origins will be allowed. ... Default value is ["*"]"
				DefaultWildcard: true, DefaultWhat: `no AllowedOrigins: the default is "*"`,
			}},
		}
		if lib.name == "rs/cors" {
			// AllowAll: "create a new Cors handler with permissive
			// configuration allowing all origins with all standard methods"
			l.CORS = append(l.CORS, CORS{Call: Call{Module: lib.module, Func: "AllowAll"}, Label: "rs/cors.AllowAll()", Always: true})
			l.Reads += ", `cors.AllowAll()`"
		}
		register(l)
	}
}
