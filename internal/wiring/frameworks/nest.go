package frameworks

// NestJS: enableCors, NestFactory.create({cors}), @Header, route
// decorators and @nestjs/throttler. https://docs.nestjs.com/security/cors
func init() {
	var routes []Route
	for _, m := range []string{"Post", "Get", "Put", "Patch", "All"} {
		routes = append(routes, Route{Call: Call{Func: m, Decorator: true}, Framework: "NestJS", Path: 0, Prefix: "Controller", Guards: []string{"Throttle", "ThrottlerGuard"}})
	}
	register(Library{
		Name: "nestjs", Lang: JS, Docs: "https://docs.nestjs.com/security/cors, https://docs.nestjs.com/security/rate-limiting",
		Reads: "`app.enableCors(options)`, `NestFactory.create(App, {cors})`, `@Header(...)`, `@Post(path)` in `@Controller(prefix)`, `@Throttle`/`ThrottlerGuard`",
		CORS: []CORS{
			{
				Call: Call{Func: "enableCors", Recv: "."}, Label: "NestJS enableCors", Options: 0,
				Origin: []string{"origin"}, Credentials: "credentials",
				// "Under the hood, Nest makes use of the Express cors or Fastify
				// @fastify/cors package": their default origin is "*".
				DefaultWildcard: true, DefaultWhat: `no origin option: the default is "*"`,
				NoArgs: OriginWildcard, NoArgsLabel: "NestJS enableCors()", NoArgsWhat: `no options: the default is "*"`,
			},
			{
				Call: Call{Func: "create", Recv: "NestFactory"}, Label: "NestFactory.create cors", Options: 1, OptionsKey: "cors",
				Origin: []string{"origin"}, Credentials: "credentials",
				DefaultWildcard: true, DefaultWhat: `no origin option: the default is "*"`,
				True: OriginWildcard, TrueLabel: "NestFactory.create", TrueWhat: `cors: true: the default is "*"`,
			},
		},
		Headers: []Header{{Call: Call{Func: "Header", Decorator: true}, Name: 0, Value: 1}},
		Routes:  routes,
		Limiter: &Limiter{Modules: []string{"@nestjs/throttler"}, GlobalText: []string{"APP_GUARD", "ThrottlerGuard"}},
	})
}
