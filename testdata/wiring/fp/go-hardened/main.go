package main

import (
	"log"
	"net/http"
	_ "net/http/pprof"

	"github.com/go-chi/httprate"
	"github.com/rs/cors"
)

func login(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     "session_id",
		Value:    newSession(r),
		Path:     "/",
		Secure:   true,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
}

func main() {
	mux := http.NewServeMux()
	mux.Handle("POST /login", httprate.LimitByIP(5, time.Minute)(http.HandlerFunc(login)))
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
	})
	go func() {
		log.Println(http.ListenAndServe("127.0.0.1:6060", nil))
	}()
	log.Fatal(http.ListenAndServe(":8080", c.Handler(mux)))
}
