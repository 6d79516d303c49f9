// class: cookie, cors, ratelimit
package com.example

import jakarta.servlet.http.Cookie
import jakarta.servlet.http.HttpServletRequest
import jakarta.servlet.http.HttpServletResponse
import org.springframework.http.ResponseCookie
import org.springframework.web.bind.annotation.*

@RestController
@CrossOrigin(originPatterns = ["*"], allowCredentials = "true") // want code/cors-any-origin-with-credentials
class AuthController {

    @PostMapping("/auth/login") // want code/auth-route-without-rate-limit
    fun login(request: HttpServletRequest, response: HttpServletResponse): String {
        val session = Cookie("SESSION", "abc") // want code/session-cookie-insecure code/session-cookie-not-httponly
        session.path = "/"
        response.addCookie(session)

        val token = Cookie("access_token", "abc")
        token.secure = true
        token.isHttpOnly = true
        response.addCookie(token)

        val jwt = ResponseCookie.from("jwt", "abc").httpOnly(true).build() // want code/session-cookie-insecure
        response.addHeader("Set-Cookie", jwt.toString())
        response.setHeader("Access-Control-Allow-Origin", request.getHeader("Origin")) // want code/cors-reflected-origin
        return "ok"
    }
}
