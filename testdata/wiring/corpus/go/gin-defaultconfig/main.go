// class: cors
// gin-contrib/cors: DefaultConfig() allows no origin until set;
// AllowAllOrigins = true or AllowOrigins = []string{"*"} allow every one.
package main

import (
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	cfg := cors.DefaultConfig()
	cfg.AllowAllOrigins = true // want code/cors-wildcard
	r.Use(cors.New(cfg))
	r.Run()
}

func api() {
	r := gin.New()
	cfg := cors.DefaultConfig()
	cfg.AllowOrigins = []string{"*"} // want code/cors-wildcard-with-credentials
	cfg.AllowCredentials = true
	r.Use(cors.New(cfg))
	r.Run()
}
