// Known-safe: fixed origins, cookie flags set, a rate limiter on the login.
import io.github.resilience4j.ratelimiter.annotation.RateLimiter
import jakarta.servlet.http.Cookie
import org.springframework.http.ResponseCookie
import org.springframework.web.bind.annotation.*

@RestController
@CrossOrigin(origins = ["https://app.example.com"], allowCredentials = "true")
class Auth {
    @RateLimiter(name = "login")
    @PostMapping("/auth/token")
    fun token(response: jakarta.servlet.http.HttpServletResponse) {
        val c = Cookie("session", "abc")
        c.isHttpOnly = true
        c.secure = true
        response.addCookie(c)
        val r = ResponseCookie.from("jwt", "abc").secure(true).httpOnly(true).build()
    }
}
