package main

import (
	"net/http"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

var store = sessions.NewCookieStore([]byte("key-from-env"))

func setup(e *echo.Echo) {
	store.Options = &sessions.Options{Path: "/", MaxAge: 86400, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins:     []string{"https://app.example.com"},
		AllowCredentials: true,
	}))
	e.Use(middleware.RateLimiter(middleware.NewRateLimiterMemoryStore(rate.Limit(10))))
	e.POST("/login", login)
}

var allowed = map[string]bool{"https://app.example.com": true}

func export(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); allowed[o] {
		w.Header().Set("Access-Control-Allow-Origin", o)
	}
	w.Write(exportAll())
}

func exportChecked(w http.ResponseWriter, r *http.Request) {
	if allowed[r.Header.Get("Origin")] {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}
}
