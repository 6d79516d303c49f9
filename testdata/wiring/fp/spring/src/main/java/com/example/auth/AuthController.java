package com.example.auth;

@RestController
@CrossOrigin(origins = "https://app.example.com")
public class AuthController {
    @RateLimiter(name = "login")
    @PostMapping("/login")
    public ResponseEntity<Void> login(@RequestBody Login body) {
        return ResponseEntity.ok().build();
    }
}
