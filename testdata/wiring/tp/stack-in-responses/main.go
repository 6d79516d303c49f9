package main

import (
	"fmt"
	"net/http"
	"runtime/debug"
)

// runtime/debug.Stack: "Stack returns a formatted stack trace of the
// goroutine that calls it" -- here written to the response.
func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprintf(w, "panic: %v\n%s", v, debug.Stack())
			}
		}()
		next.ServeHTTP(w, r)
	})
}
