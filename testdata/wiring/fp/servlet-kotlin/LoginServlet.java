// Known-safe: flags set, the Origin checked against a list, errors logged.
import java.io.IOException;
import java.util.Set;
import javax.servlet.http.*;

public class LoginServlet extends HttpServlet {
    private static final Set<String> ALLOWED = Set.of("https://app.example.com");

    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Cookie c = new Cookie("JSESSIONID", "abc");
        c.setHttpOnly(true);
        c.setSecure(true);
        resp.addCookie(c);
        String origin = req.getHeader("Origin");
        if (ALLOWED.contains(origin)) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
        }
        try {
            work();
        } catch (Exception e) {
            log.error("login failed", e);
        }
    }
}
