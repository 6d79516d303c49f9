@Configuration
public class Security {
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.headers(h -> h.frameOptions(f -> f.sameOrigin()));
        http.csrf(c -> c.disable());
        return http.build();
    }
}
