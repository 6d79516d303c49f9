// class: cors, debug, ratelimit
package main

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func main() {
	e := echo.New()
	e.Debug = true // want code/debug-mode
	// echo's CORS() allows every origin ("*").
	e.Use(middleware.CORS())                       // want code/cors-wildcard
	e.POST("/signin", func(c echo.Context) error { // want code/auth-route-without-rate-limit
		return c.NoContent(http.StatusNoContent)
	})
	e.Logger.Fatal(e.Start(":1323"))
}
