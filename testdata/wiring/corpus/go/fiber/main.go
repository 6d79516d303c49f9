// class: cors, cookie
package main

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/cors"
)

func main() {
	app := fiber.New()
	app.Use(cors.New()) // want code/cors-wildcard
	app.Get("/me", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session", Value: "abc"}) // want code/session-cookie-insecure code/session-cookie-not-httponly
		c.Cookie(&fiber.Cookie{Name: "jwt", Value: "abc", Secure: true, HTTPOnly: true, SameSite: "Lax"})
		return c.SendString("ok")
	})
	app.Listen(":3000")
}
