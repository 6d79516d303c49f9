// class: cors, cookie, ratelimit
package main

import (
	"net/http"

	"github.com/gorilla/handlers"
	"github.com/gorilla/mux"
	"github.com/gorilla/sessions"
)

var store = sessions.NewCookieStore([]byte("key"))

func init() {
	store.Options = &sessions.Options{Path: "/", MaxAge: 86400, HttpOnly: true} // want code/session-cookie-insecure
}

func main() {
	r := mux.NewRouter()
	r.HandleFunc("/register", func(w http.ResponseWriter, r *http.Request) {}).Methods("POST") // want code/auth-route-without-rate-limit
	cors := handlers.CORS(                                                                     // want code/cors-wildcard-with-credentials
		handlers.AllowedOrigins([]string{"*"}),
		handlers.AllowCredentials(),
	)
	http.ListenAndServe(":8080", cors(r))
}
