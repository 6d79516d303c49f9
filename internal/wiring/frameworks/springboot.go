package frameworks

// Spring Boot application.properties / application.yml.
// https://docs.spring.io/spring-boot/appendix/application-properties/index.html
func init() {
	spring := Call{Func: "spring", Config: true}
	register(Library{
		Name: "spring-boot", Lang: Java, Docs: "https://docs.spring.io/spring-boot/appendix/application-properties/index.html#appendix.application-properties.server",
		Reads: "`server.error.include-stacktrace`",
		Debug: []Debug{{
			// server.error.include-stacktrace: "When to include the
			// "trace" attribute." Default: never.
			Call: spring, Option: "server.error.include-stacktrace", OptionValue: "always", Stack: true, Facet: "debug.stack", Evidence: "include-stacktrace",
			Msg: "server.error.include-stacktrace=always: every error response carries the Java stack trace.",
			Fix: "Leave server.error.include-stacktrace at its default (never), or on_param only in development.",
		}},
	})
}
