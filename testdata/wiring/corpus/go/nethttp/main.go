// class: cors, cookie, ratelimit, debug
package main

import (
	"net/http"
	_ "net/http/pprof"
)

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin")) // want code/cors-any-origin-with-credentials
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		next.ServeHTTP(w, r)
	})
}

func login(w http.ResponseWriter, r *http.Request) {
	// http.Cookie: Secure and HttpOnly are false unless set.
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "abc", Path: "/"}) // want code/session-cookie-insecure code/session-cookie-not-httponly
	c := &http.Cookie{                                                           // want code/session-cookie-insecure
		Name:     "refresh_token",
		Value:    "abc",
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
	http.SetCookie(w, c)
	http.SetCookie(w, &http.Cookie{Name: "prefs", Value: "compact"}) // want code/cookie-insecure code/cookie-not-httponly
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	mux := http.DefaultServeMux
	mux.HandleFunc("/login", login)               // want code/auth-route-without-rate-limit
	mux.HandleFunc("POST /password/reset", login) // want code/auth-route-without-rate-limit
	http.ListenAndServe(":8080", nil)             // want code/debug-mode
}
