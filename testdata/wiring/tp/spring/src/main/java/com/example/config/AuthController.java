package com.example.config;

@RestController
@CrossOrigin
public class AuthController {
    @PostMapping("/login")
    public ResponseEntity<Void> login(@RequestBody Login body) {
        ResponseCookie cookie = ResponseCookie.from("SESSION", auth.login(body))
                .httpOnly(true)
                .path("/")
                .build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }
}
