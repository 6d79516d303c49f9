package com.example.config;

@Configuration
public class WebConfig implements WebMvcConfigurer {
    // Never "*" with credentials: allowedOriginPatterns("*") would echo any origin.
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/api/**")
                .allowedOrigins("https://app.example.com")
                .allowCredentials(true);
    }

    ResponseCookie session(String id) {
        return ResponseCookie.from("SESSION", id).secure(true).httpOnly(true).sameSite("Lax").build();
    }
}
