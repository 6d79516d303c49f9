package oauthtest

import "net/http"

// A test OAuth server outside a test directory.
func h(w http.ResponseWriter) { w.Header().Set("Access-Control-Allow-Origin", "*") }
