// class: cors
// Spring: @RequestHeader binds the request's Origin; echoing it with
// credentials allows every site to read authenticated responses. Header
// names come as literals or as the HttpHeaders constants.
package b;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.cors.CorsConfiguration;

@RestController
public class Api {
    static final String ACAO = "Access-Control-Allow-Origin";

    @GetMapping("/me")
    public String me(@RequestHeader("Origin") String origin, HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Origin", origin); // want code/cors-any-origin-with-credentials
        response.setHeader("Access-Control-Allow-Credentials", "true");
        return "me";
    }

    @GetMapping("/a")
    public String a(HttpServletResponse response) {
        response.setHeader(ACAO, "*"); // want code/cors-wildcard
        return "a";
    }

    @GetMapping("/b")
    public String b(HttpServletResponse response) {
        response.addHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*"); // want code/cors-wildcard
        return "b";
    }

    @GetMapping("/c")
    public ResponseEntity<String> c() {
        // ResponseEntity.HeadersBuilder.header(name, values...)
        return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*").body("c"); // want code/cors-wildcard
    }

    public CorsConfiguration one() {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(List.of("*")); // want code/cors-wildcard
        return configuration;
    }

    public CorsConfiguration two() {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(Arrays.asList("*")); // want code/cors-wildcard
        return configuration;
    }

    public CorsConfiguration three() {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(Collections.singletonList("*")); // want code/cors-wildcard
        return configuration;
    }
}
