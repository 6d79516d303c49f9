// Spring @CrossOrigin: "By default all origins and headers are permitted";
// ResponseCookie: secure and httpOnly false until set.
import jakarta.servlet.http.Cookie
import org.springframework.http.ResponseCookie
import org.springframework.web.bind.annotation.*

@RestController
@CrossOrigin
class Auth {
    @PostMapping("/auth/token")
    fun token(response: jakarta.servlet.http.HttpServletResponse) {
        val c = Cookie("session", "abc")
        c.isHttpOnly = true
        response.addCookie(c)
        val r = ResponseCookie.from("jwt", "abc").secure(true).build()
    }
}
