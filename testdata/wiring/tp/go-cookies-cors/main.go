package main

import (
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/handlers"
	"github.com/gorilla/sessions"
)

func prefs(w http.ResponseWriter, r *http.Request) {
	// http.Cookie is a plain struct: Secure and HttpOnly are false unless set.
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: r.URL.Query().Get("t")})
	c := new(http.Cookie)
	c.Name = "session_id"
	c.Value = newToken()
	c.HttpOnly = true
	http.SetCookie(w, c)
}

func api(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	w.Header().Set("Access-Control-Allow-Credentials", "true")
}

func login(c *gin.Context) {
	// SetCookie(name, value string, maxAge int, path, domain string, secure, httpOnly bool)
	c.SetCookie("auth_token", issue(c), 3600, "/", "", false, true)
}

func main() {
	// AllowedOrigins: "Passing in a []string{"*"} will allow any domain."
	h := handlers.CORS(handlers.AllowedOrigins([]string{"*"}), handlers.AllowCredentials())
	_ = h
}

// gorilla/sessions NewCookieStore: "The default Options ... Path: "/",
// MaxAge: 86400 * 30" -- neither Secure nor HttpOnly.
var store = sessions.NewCookieStore([]byte(os.Getenv("SESSION_KEY")))
