// class: cookie
// RFC 6265: a hand-built Set-Cookie header is judged like a cookie.
package a;

import javax.servlet.http.*;

public class S extends HttpServlet {
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        resp.addHeader("Set-Cookie", "SESSIONID=" + req.getSession().getId() + "; Path=/"); // want code/session-cookie-insecure code/session-cookie-not-httponly
        resp.addHeader("Set-Cookie", "SESSIONID=" + req.getSession().getId() + "; Path=/; Secure; HttpOnly");
    }
}
