// CookieOptions: Secure and HttpOnly "The default value is false".
var app = WebApplication.CreateBuilder(args).Build();
app.UseDeveloperExceptionPage();

app.MapPost("/signin", (HttpContext ctx) =>
{
    var options = new CookieOptions
    {
        HttpOnly = true,
        SameSite = SameSiteMode.None,
    };
    ctx.Response.Cookies.Append("auth_token", "abc", options);
    ctx.Response.Headers["Access-Control-Allow-Origin"] = ctx.Request.Headers["Origin"].ToString();
    return Results.Ok();
});
app.Run();
