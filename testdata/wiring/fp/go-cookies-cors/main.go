package main

import (
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/handlers"
	"github.com/gorilla/sessions"
)

var allowed = map[string]bool{"https://app.example.com": true}

func prefs(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "session", Value: newToken(), Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	c := &http.Cookie{Name: "sid", Value: newToken()}
	c.Secure = true
	c.HttpOnly = true
	http.SetCookie(w, c)
	// Deleting a cookie: MaxAge < 0 means "delete cookie now".
	http.SetCookie(w, &http.Cookie{Name: "legacy_session", MaxAge: -1})
}

func api(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); allowed[origin] {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}
}

func login(c *gin.Context) {
	c.SetCookie("auth_token", issue(c), 3600, "/", "", true, true)
	c.SetCookie("auth_token", "", -1, "/", "", false, true)
}

func main() {
	h := handlers.CORS(handlers.AllowedOrigins([]string{"https://app.example.com"}), handlers.AllowCredentials())
	_ = h
}

var store = sessions.NewCookieStore([]byte(os.Getenv("SESSION_KEY")))

func init() {
	store.Options = &sessions.Options{Path: "/", MaxAge: 3600, Secure: true, HttpOnly: true}
}
