// class: cors
// Safe twin: DefaultConfig() with the app's own origin.
package main

import (
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	cfg := cors.DefaultConfig()
	cfg.AllowOrigins = []string{"https://app.example.com"}
	cfg.AllowCredentials = true
	r.Use(cors.New(cfg))
	r.Run()
}
