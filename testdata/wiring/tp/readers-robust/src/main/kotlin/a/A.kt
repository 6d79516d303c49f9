package a
import org.springframework.http.ResponseCookie

// ResponseCookie: secure is false until .secure(true); reported at .secure(false)
fun makeCookie(token: String): ResponseCookie =
    ResponseCookie.from("refresh_token", token)
        .httpOnly(true)
        .secure(false)
        .path("/")
        .build()
