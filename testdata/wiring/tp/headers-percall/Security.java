// Spring Security writes X-Frame-Options: DENY by default; disable() removes it.
@Configuration
public class Security {
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.headers(h -> h.frameOptions(f -> f.disable()));
        http.headers().contentTypeOptions().disable();
        return http.build();
    }
}
