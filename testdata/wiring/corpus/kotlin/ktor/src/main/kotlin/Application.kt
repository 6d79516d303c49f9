// class: cors, cookie
import io.ktor.http.*
import io.ktor.server.application.*
import io.ktor.server.plugins.cors.routing.*
import io.ktor.server.response.*
import io.ktor.server.routing.*
import io.ktor.server.sessions.*

data class UserSession(val id: String)

fun Application.module() {
    install(CORS) {
        anyHost() // want code/cors-any-origin-with-credentials
        allowCredentials = true
    }
    install(Sessions) {
        cookie<UserSession>("user_session") { // want code/session-cookie-insecure
            cookie.path = "/"
            cookie.httpOnly = true
        }
    }
    routing {
        get("/prefs") {
            call.response.cookies.append(Cookie("layout", "grid")) // want code/cookie-insecure code/cookie-not-httponly
            call.respondText("ok")
        }
    }
}
