// class: cors, ratelimit, cookie
package main

import (
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.Use(cors.New(cors.Config{
		AllowOriginFunc:  func(origin string) bool { return true }, // want code/cors-any-origin-with-credentials
		AllowCredentials: true,
	}))
	r.POST("/api/login", func(c *gin.Context) { // want code/auth-route-without-rate-limit
		// gin: SetCookie(name, value, maxAge, path, domain, secure, httpOnly)
		c.SetCookie("session", "abc", 3600, "/", "", false, true) // want code/session-cookie-insecure
		c.SetCookie("token", "abc", 3600, "/", "", true, true)
		c.JSON(200, gin.H{"ok": true})
	})
	r.Run(":8080")
}
