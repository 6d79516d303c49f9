// class: cors
package main

import (
	"net/http"

	"github.com/gorilla/handlers"
)

func partnerAPI(h http.Handler) http.Handler {
	return handlers.CORS(handlers.AllowedOriginValidator(func(origin string) bool { return true }))(h) // want code/cors-reflected-origin
}

func publicAPI(h http.Handler) http.Handler {
	return handlers.CORS()(h) // want code/cors-wildcard
}

func appAPI(h http.Handler) http.Handler {
	return handlers.CORS(handlers.AllowedOrigins([]string{"https://app.example.com"}), handlers.AllowCredentials())(h)
}
