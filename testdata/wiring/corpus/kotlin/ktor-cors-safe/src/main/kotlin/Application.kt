// class: cors, cookie
// Safe twins: Ktor CORS for one host with credentials; a session cookie
// with cookie.secure = true (httpOnly defaults to true).
import io.ktor.server.application.*
import io.ktor.server.plugins.cors.routing.*
import io.ktor.server.sessions.*

data class UserSession(val id: String)

fun Application.module() {
    install(CORS) {
        allowHost("app.example.com", schemes = listOf("https"))
        allowCredentials = true
    }
    install(Sessions) {
        cookie<UserSession>("user_session") {
            cookie.secure = true
        }
    }
}
