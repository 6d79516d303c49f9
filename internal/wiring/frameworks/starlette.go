package frameworks

// Starlette's (and FastAPI's) CORSMiddleware,
// https://www.starlette.io/middleware/#corsmiddleware
func init() {
	register(Library{
		Name: "starlette/fastapi", Lang: Python, Docs: "https://www.starlette.io/middleware/#corsmiddleware",
		Reads: "`app.add_middleware(CORSMiddleware, allow_origins=..., allow_origin_regex=..., allow_credentials=...)` and `Middleware(CORSMiddleware, ...)`, `response.set_cookie(...)`, `headers={...}` of responses, `response.headers[...] = ...`",
		Cookies: []Cookie{{
			// Response.set_cookie(key, value="", max_age=None, expires=None,
			// path="/", domain=None, secure=False, httponly=False,
			// samesite="lax")
			Call: Call{Func: "set_cookie", Recv: ".", FileImports: "starlette|fastapi"}, Label: "set_cookie(%q)", NameArg: 0, NameField: "key",
			Options: Keywords, Positional: map[string]int{"secure": 6, "httponly": 7, "samesite": 8},
			Secure: "secure", HTTPOnly: "httponly", SameSite: "samesite", SecureDefault: Off, HTTPOnlyDefault: Off,
			SecureFix: "In Starlette/FastAPI: response.set_cookie(key, value, secure=True, httponly=True).",
		}},
		// Response(content, status_code=200, headers=None, ...) and its
		// subclasses take a mapping of headers; response.headers[...] = ...
		Headers: []Header{
			{Call: Call{Func: "JSONResponse", FileImports: "starlette|fastapi"}, Dict: "headers"},
			{Call: Call{Func: "Response", FileImports: "starlette|fastapi"}, Dict: "headers"},
			{Call: Call{Func: "PlainTextResponse", FileImports: "starlette|fastapi"}, Dict: "headers"},
			{Call: Call{Func: "__setitem__", Recv: "*headers", FileImports: "starlette|fastapi"}, Name: 0, Value: 1},
		},
		CORS: []CORS{{
			Call: Call{Module: "starlette.middleware.cors|fastapi.middleware.cors", Func: "add_middleware", Recv: "."}, PluginArg: 1,
			Label: "CORSMiddleware", Options: Keywords,
			// "allow_origins - A list of origins that should be permitted
			// to make cross-origin requests." Default: none (an empty list).
			Origin: []string{"allow_origins"}, OriginRegex: []string{"allow_origin_regex"}, Credentials: "allow_credentials",
			// starlette/middleware/cors.py: self.allow_origin_regex.fullmatch(origin)
			RegexMatch: "fullmatch",
			// With allow_credentials, Starlette answers a "*" configuration
			// with the request's Origin.
			WildcardCredsReflect: true, ReflectWhat: `allow_origins=["*"] with allow_credentials=True: Starlette then echoes the request's Origin`,
		}, {
			Call: Call{Module: "starlette.middleware.cors|fastapi.middleware.cors", Func: "Middleware", Recv: "-"}, PluginArg: 1,
			Label: "CORSMiddleware", Options: Keywords,
			// "allow_origins - A list of origins that should be permitted
			// to make cross-origin requests." Default: none (an empty list).
			Origin: []string{"allow_origins"}, OriginRegex: []string{"allow_origin_regex"}, Credentials: "allow_credentials",
			// starlette/middleware/cors.py: self.allow_origin_regex.fullmatch(origin)
			RegexMatch: "fullmatch",
			// With allow_credentials, Starlette answers a "*" configuration
			// with the request's Origin.
			WildcardCredsReflect: true, ReflectWhat: `allow_origins=["*"] with allow_credentials=True: Starlette then echoes the request's Origin`,
		}},
	})
}
