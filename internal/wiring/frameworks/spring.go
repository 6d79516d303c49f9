package frameworks

// Spring MVC / Spring Web: @CrossOrigin, CorsRegistry, CorsConfiguration,
// ResponseCookie and request mappings.
// https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html
func init() {
	patternWhat := `allowedOriginPatterns("*"), which Spring accepts with credentials and answers with the request's Origin`
	var routes []Route
	for _, m := range []struct{ ann, method string }{{"PostMapping", "POST"}, {"GetMapping", "GET"}, {"PutMapping", "PUT"}, {"PatchMapping", "PATCH"}, {"RequestMapping", "ANY"}} {
		routes = append(routes, Route{Call: Call{Func: m.ann, Decorator: true}, Framework: "Spring", Path: 0, PathOption: "value|path", Method: m.method,
			// resilience4j @RateLimiter and bucket4j annotations on the method
			Guards: []string{"RateLimiter", "RateLimit"}})
	}
	register(Library{
		Name: "spring", Lang: Java, Docs: "https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html, https://docs.spring.io/spring-framework/docs/current/javadoc-api/org/springframework/http/ResponseCookie.html",
		Reads: "`@CrossOrigin(...)`, `registry.addMapping(...).allowedOrigins/allowedOriginPatterns/allowCredentials`, `CorsConfiguration` setters and `applyPermitDefaultValues()`, `ResponseCookie.from(...).secure/httpOnly/sameSite`, `ResponseEntity...header(name, value)`, `@PostMapping`-style routes",
		CORS: []CORS{
			{
				// @CrossOrigin: "By default all origins and headers are
				// permitted", credentials "not supported by default".
				Call: Call{Func: "CrossOrigin", Decorator: true}, Label: "Spring @CrossOrigin", Options: Keywords,
				Origin: []string{"origins|value"}, PatternReflect: []string{"originPatterns"}, PatternWhat: `originPatterns "*", which Spring accepts with credentials and answers with the request's Origin`,
				Credentials: "allowCredentials", DefaultWildcard: true, DefaultWhat: `no origins given, and the default is "*"`,
			},
			{
				// CorsRegistry.addMapping: "By default, all origins ... are
				// allowed" (the registration starts from
				// applyPermitDefaultValues()).
				Call: Call{Func: "addMapping", Recv: "."}, Label: "Spring CORS", Options: Builder,
				Origin: []string{"allowedOrigins"}, PatternReflect: []string{"allowedOriginPatterns"}, PatternWhat: patternWhat,
				Credentials: "allowCredentials", DefaultWildcard: true, DefaultWhat: `addMapping(...) without allowedOrigins: the default is "*"`,
			},
			{
				// new CorsConfiguration(): nothing allowed until set;
				// applyPermitDefaultValues() allows all origins.
				Call: Call{Func: "CorsConfiguration", New: true}, Label: "Spring CORS", Options: Builder,
				Origin: []string{"setAllowedOrigins|addAllowedOrigin"}, PatternReflect: []string{"setAllowedOriginPatterns|addAllowedOriginPattern"}, PatternWhat: patternWhat,
				AllowAll: "applyPermitDefaultValues", Credentials: "setAllowCredentials",
			},
		},
		Cookies: []Cookie{{
			// ResponseCookie.from(name, value): secure and httpOnly are false
			// until .secure(true) / .httpOnly(true).
			Call: Call{Func: "from", Recv: "ResponseCookie"}, Label: "ResponseCookie(%q)", NameArg: 0, Options: Builder,
			Secure: "secure", HTTPOnly: "httpOnly", SameSite: "sameSite", SecureDefault: Off, HTTPOnlyDefault: Off,
			InsecureMsg: "A session ResponseCookie is built without .secure(true): it travels over plain HTTP.",
		}},
		// ResponseEntity.ok().header(name, values...): "Add the given,
		// single header value under the given name."
		Headers: []Header{{Call: Call{Func: "header", FileImports: "org.springframework"}, Name: 0, Value: 1}},
		Routes:  routes,
	})
	register(Library{
		Name: "bucket4j", Lang: Java, Docs: "https://bucket4j.com/",
		Reads:   "a Bucket4j filter (every route)",
		Limiter: &Limiter{GlobalText: []string{"Bucket4j"}},
	})
}
