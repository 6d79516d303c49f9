package frameworks

// Go rate limiters: wrapping handlers is too varied to follow, so importing
// one counts as covering the app.
func init() {
	register(Library{
		Name: "rate limiters (Go)", Lang: Go, Docs: "https://pkg.go.dev/golang.org/x/time/rate",
		Reads:   "httprate, golang.org/x/time/rate, tollbooth, ulule/limiter and other limiter imports",
		Limiter: &Limiter{Modules: []string{"*httprate*", "golang.org/x/time/rate", "*limiter*", "*tollbooth*", "*ratelimit*"}, AnyUse: true},
	})
}
