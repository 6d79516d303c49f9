// class: ratelimit
// An Echo group's limiter covers that group's routes only.
package main

import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func main() {
	e := echo.New()
	g := e.Group("/auth", middleware.RateLimiter(middleware.NewRateLimiterMemoryStore(5)))
	g.POST("/login", func(c echo.Context) error { return nil })
	e.POST("/signin", func(c echo.Context) error { return nil }) // want code/auth-route-without-rate-limit
	e.Logger.Fatal(e.Start(":1323"))
}
