// class: cors, cookie
package controllers

import javax.inject._
import play.api.mvc._

@Singleton
class AuthController @Inject()(cc: ControllerComponents) extends AbstractController(cc) {

  def login() = Action { implicit request =>
    Ok("ok")
      .withCookies(Cookie("remember_token", "abc", secure = false)) // want code/session-cookie-insecure
      .withCookies(Cookie("auth", "abc", secure = true, httpOnly = true))
  }

  def feed() = Action { implicit request =>
    Ok("[]").withHeaders("Access-Control-Allow-Origin" -> "*") // want code/cors-wildcard
  }

  def partner() = Action { implicit request =>
    Ok("{}").withHeaders(
      "Access-Control-Allow-Origin" -> request.headers.get("Origin").getOrElse(""), // want code/cors-any-origin-with-credentials
      "Access-Control-Allow-Credentials" -> "true")
  }
}
