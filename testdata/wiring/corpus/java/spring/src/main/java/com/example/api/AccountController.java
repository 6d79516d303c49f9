// class: cors, cookie, ratelimit
package com.example.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@CrossOrigin // want code/cors-wildcard
@RequestMapping("/account")
public class AccountController {

    @PostMapping("/login") // want code/auth-route-without-rate-limit
    public ResponseEntity<String> login() {
        // ResponseCookie: secure and httpOnly are false unless set.
        ResponseCookie cookie = ResponseCookie.from("session", "abc") // want code/session-cookie-insecure code/session-cookie-not-httponly
                .path("/")
                .maxAge(3600)
                .build();
        ResponseCookie pref = ResponseCookie.from("theme", "dark").build(); // want code/cookie-insecure code/cookie-not-httponly
        ResponseCookie ok = ResponseCookie.from("jwt", "abc").httpOnly(true).secure(true).sameSite("Strict").build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).body("ok");
    }

    @CrossOrigin(origins = "*", allowCredentials = "true") // want code/cors-wildcard-with-credentials
    @GetMapping("/profile")
    public String profile() {
        return "{}";
    }
}
