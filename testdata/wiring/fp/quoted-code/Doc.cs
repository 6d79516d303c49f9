// C# verbatim (@"...", "" is a quote) and raw ("""...""") string literals.
public class Doc {
    const string Help = @"
        Response.Cookies.Append(""auth"", ""v"", new CookieOptions { Secure = false });
        app.UseDeveloperExceptionPage();
    ";
    const string Raw = """
        app.UseDeveloperExceptionPage();
        """;
}
