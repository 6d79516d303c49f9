package main

import (
	"log"
	"net/http"
	_ "net/http/pprof"

	"github.com/rs/cors"
)

func login(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:  "session_id",
		Value: newSession(r),
		Path:  "/",
	})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", login)
	c := cors.New(cors.Options{
		AllowOriginFunc: func(origin string) bool {
			return true
		},
		AllowCredentials: true,
	})
	go func() {
		log.Println(http.ListenAndServe(":6060", nil))
	}()
	log.Fatal(http.ListenAndServe(":8080", c.Handler(mux)))
}
