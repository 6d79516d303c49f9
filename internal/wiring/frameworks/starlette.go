package frameworks

// Starlette's (and FastAPI's) CORSMiddleware,
// https://www.starlette.io/middleware/#corsmiddleware
func init() {
	register(Library{
		Name: "starlette/fastapi", Lang: Python, Docs: "https://www.starlette.io/middleware/#corsmiddleware",
		Reads: "`app.add_middleware(CORSMiddleware, allow_origins=..., allow_origin_regex=..., allow_credentials=...)`",
		CORS: []CORS{{
			Call: Call{Module: "starlette.middleware.cors|fastapi.middleware.cors", Func: "add_middleware", Recv: "."}, PluginArg: 1,
			Label: "CORSMiddleware", Options: Keywords,
			// "allow_origins - A list of origins that should be permitted
			// to make cross-origin requests." Default: none (an empty list).
			Origin: []string{"allow_origins"}, OriginRegex: []string{"allow_origin_regex"}, Credentials: "allow_credentials",
			// With allow_credentials, Starlette answers a "*" configuration
			// with the request's Origin.
			WildcardCredsReflect: true, ReflectWhat: `allow_origins=["*"] with allow_credentials=True: Starlette then echoes the request's Origin`,
		}},
	})
}
