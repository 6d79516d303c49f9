package main

import (
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.Use(cors.New(cors.Config{
		AllowAllOrigins:  true,
		AllowCredentials: true,
		AllowMethods:     []string{"GET", "POST"},
	}))
	r.POST("/auth/login", loginHandler)
	r.GET("/members", listMembers)
	_ = r.Run(":8080")
}
