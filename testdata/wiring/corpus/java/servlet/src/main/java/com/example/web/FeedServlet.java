// class: cors
package com.example.web;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class FeedServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.addHeader("Access-Control-Allow-Origin", "*"); // want code/cors-wildcard
        resp.getWriter().write("[]");
    }

    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
        String origin = req.getHeader("Origin");
        if ("https://app.example.com".equals(origin)) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
        }
    }
}
