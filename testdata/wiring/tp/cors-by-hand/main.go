package main

import "net/http"

// The caller chooses the allowed origin through the query string.
func widget(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", r.URL.Query().Get("site"))
}
