package frameworks

// Spring Security's header writers,
// https://docs.spring.io/spring-security/reference/servlet/exploits/headers.html
func init() {
	register(Library{
		Name: "spring-security", Lang: Java, Docs: "https://docs.spring.io/spring-security/reference/servlet/exploits/headers.html",
		Reads: "`http.headers(h -> h.frameOptions(f -> f.disable()))` and `.headers().frameOptions().disable()`-style switches",
		Security: []Headers{{
			// "Spring Security provides a default set of security related
			// HTTP response headers" (X-Frame-Options DENY, nosniff, HSTS,
			// Cache-Control); each writer's disable() removes its header.
			Call: Call{Func: "disable", Recv: "."}, Label: "Spring Security",
			Disables: []string{"frameOptions", "contentTypeOptions", "httpStrictTransportSecurity", "xssProtection", "contentSecurityPolicy", "cacheControl", "headers"},
		}},
	})
}
