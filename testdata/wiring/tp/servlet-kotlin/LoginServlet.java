// javax.servlet.http.Cookie: setSecure "The default value is false"; not
// HttpOnly unless setHttpOnly(true) is called.
import java.io.IOException;
import javax.servlet.http.*;

public class LoginServlet extends HttpServlet {
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Cookie c = new Cookie("JSESSIONID", "abc");
        c.setHttpOnly(true);
        resp.addCookie(c);
        resp.setHeader("Access-Control-Allow-Origin", req.getHeader("Origin"));
        resp.setHeader("Access-Control-Allow-Credentials", "true");
        try {
            work();
        } catch (Exception e) {
            e.printStackTrace(resp.getWriter());
        }
    }
}
