// class: cors, cookie, ratelimit
// Known-safe: fixed origins, flagged cookies, a rate-limited login.
package com.example.api;

import io.github.resilience4j.ratelimiter.annotation.RateLimiter;
import org.springframework.http.ResponseCookie;
import org.springframework.web.bind.annotation.*;

@RestController
@CrossOrigin(origins = "https://app.example.com", allowCredentials = "true")
public class ApiController {

    @RateLimiter(name = "login")
    @PostMapping("/login")
    public String login() {
        ResponseCookie c = ResponseCookie.from("session", "abc").secure(true).httpOnly(true).sameSite("Lax").build();
        return c.toString();
    }
}
