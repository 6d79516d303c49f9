// class: cors
package main

import "net/http"

func publicFeed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*") // want code/cors-wildcard
	w.Write([]byte("[]"))
}

func embedded(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Access-Control-Allow-Origin", "null") // want code/cors-null-origin
}
