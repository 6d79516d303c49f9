package a;

// A Java text block (JEP 378) is one string.
public class Doc {
    static final String HELP = """
        Cookie c = new Cookie("sessionid", v);
        resp.addCookie(c);
        resp.setHeader("Access-Control-Allow-Origin", "*");
        """;
}
