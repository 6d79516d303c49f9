// Play Cookie: secure = false and httpOnly = true by default.
import play.api.mvc._

class Auth(cc: ControllerComponents) extends AbstractController(cc) {
  def login() = Action { implicit request =>
    Ok("ok").withCookies(Cookie("session", "abc")).withHeaders("Access-Control-Allow-Origin" -> "*")
  }
}
