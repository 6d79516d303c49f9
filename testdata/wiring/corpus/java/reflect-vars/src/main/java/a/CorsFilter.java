// class: cors
// Fetch standard: echoing the request's Origin, even through a local
// variable, allows every site; a checked echo is an allow-list.
package a;

import java.io.IOException;
import java.util.Set;
import javax.servlet.*;
import javax.servlet.http.*;

public class CorsFilter implements Filter {
    private static final Set<String> ALLOWED = Set.of("https://app.example.com");

    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String origin = request.getHeader("Origin");
        response.addHeader("Access-Control-Allow-Origin", origin); // want code/cors-reflected-origin
        chain.doFilter(req, res);
    }
}

class CheckedCorsFilter implements Filter {
    private static final Set<String> ALLOWED = Set.of("https://app.example.com");

    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String allowed = request.getHeader("Origin");
        if (ALLOWED.contains(allowed)) {
            response.addHeader("Access-Control-Allow-Origin", allowed);
        }
        chain.doFilter(req, res);
    }
}
