// class: cors
// Safe twins: an Origin echoed only after an allow-list check, fixed
// origins through constants, ResponseEntity and List.of.
package b;

import java.util.List;
import java.util.Set;
import javax.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.cors.CorsConfiguration;

@RestController
public class Api {
    static final String ACAO = "Access-Control-Allow-Origin";
    private static final Set<String> ALLOWED = Set.of("https://app.example.com");

    @GetMapping("/me")
    public String me(@RequestHeader("Origin") String origin, HttpServletResponse response) {
        if (ALLOWED.contains(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        return "me";
    }

    @GetMapping("/a")
    public String a(HttpServletResponse response) {
        response.setHeader(ACAO, "https://app.example.com");
        response.addHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com");
        return "a";
    }

    @GetMapping("/c")
    public ResponseEntity<String> c() {
        return ResponseEntity.ok().header("Access-Control-Allow-Origin", "https://app.example.com").body("c");
    }

    public CorsConfiguration one() {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(List.of("https://app.example.com"));
        return configuration;
    }
}
