// class: cookie, cors, debug
package com.example.web;

import java.io.IOException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/login")
public class LoginServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Access-Control-Allow-Origin", request.getHeader("Origin")); // want code/cors-any-origin-with-credentials
        response.setHeader("Access-Control-Allow-Credentials", "true");
        try {
            String token = authenticate(request);
            // javax.servlet.http.Cookie: not Secure and not HttpOnly unless set.
            Cookie session = new Cookie("SESSIONID", token); // want code/session-cookie-insecure code/session-cookie-not-httponly
            session.setPath("/");
            response.addCookie(session);

            Cookie remember = new Cookie("remember_me", token);
            remember.setHttpOnly(true);
            remember.setSecure(false); // want code/session-cookie-insecure
            response.addCookie(remember);

            Cookie auth = new Cookie("auth_token", token);
            auth.setSecure(true);
            auth.setHttpOnly(true);
            response.addCookie(auth);

            Cookie lang = new Cookie("lang", "en"); // want code/cookie-insecure code/cookie-not-httponly
            response.addCookie(lang);
        } catch (Exception e) {
            e.printStackTrace(response.getWriter()); // want code/stack-trace-response
        }
    }

    private String authenticate(HttpServletRequest request) {
        return "t";
    }
}
