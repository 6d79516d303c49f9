package frameworks

// cors (expressjs/cors), https://github.com/expressjs/cors#configuration-options
func init() {
	register(Library{
		Name: "cors", Lang: JS, Docs: "https://github.com/expressjs/cors#configuration-options",
		Reads: "`cors(options)`: origin, credentials (also options imported from another file)",
		CORS: []CORS{{
			Call: Call{Module: "cors", Recv: "-"}, Label: "cors", Options: 0,
			Origin: []string{"origin"}, Credentials: "credentials",
			// "The default configuration is the equivalent of:
			// { "origin": "*", "methods": "GET,HEAD,PUT,PATCH,POST,DELETE", ... }"
			DefaultWildcard: true, DefaultWhat: `no origin option: the default is "*"`,
			NoArgs: OriginWildcard, NoArgsLabel: "cors", NoArgsWhat: `no origin option: the default is "*"`,
		}},
	})
}
