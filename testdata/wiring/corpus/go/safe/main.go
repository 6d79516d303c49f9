// class: cors, cookie, ratelimit, debug
// Known-safe: an allow-list, cookie flags, a limiter, pprof on loopback.
package main

import (
	"net/http"
	_ "net/http/pprof"
	"slices"
	"time"

	"github.com/go-chi/httprate"
)

var allowed = []string{"https://app.example.com"}

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); slices.Contains(allowed, o) {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		next.ServeHTTP(w, r)
	})
}

func login(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "abc", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

func main() {
	go http.ListenAndServe("127.0.0.1:6060", nil)
	mux := http.NewServeMux()
	mux.Handle("/login", httprate.LimitByIP(5, time.Minute)(http.HandlerFunc(login)))
	http.ListenAndServe(":8080", withCORS(mux))
}
