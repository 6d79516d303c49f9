package frameworks

// JavaScript rate limiters: middleware whose import makes a limiter.
func init() {
	register(Library{
		Name: "rate limiters (JavaScript)", Lang: JS, Docs: "https://github.com/express-rate-limit/express-rate-limit",
		Reads: "express-rate-limit, rate-limiter-flexible, express-slow-down, express-brute and koa-ratelimit middleware on routes, paths and routers",
		Limiter: &Limiter{Modules: []string{"express-rate-limit", "rate-limiter-flexible", "express-slow-down", "express-brute", "koa-ratelimit",
			"koa2-ratelimit", "express-limiter", "*rate-limit*", "*rate-limiter*", "*slow-down*", "*brute*"}},
	})
}
