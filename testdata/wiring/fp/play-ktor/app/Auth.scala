import play.api.mvc._

class Auth(cc: ControllerComponents) extends AbstractController(cc) {
  def me() = Action { implicit request =>
    Ok("ok").withCookies(Cookie("session", "abc", secure = true))
  }
}
