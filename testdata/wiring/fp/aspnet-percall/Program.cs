// Known-safe: the developer page only in Development, flags set, a limiter.
var app = WebApplication.CreateBuilder(args).Build();
if (app.Environment.IsDevelopment())
{
    app.UseDeveloperExceptionPage();
}

app.MapPost("/signin", (HttpContext ctx) =>
{
    ctx.Response.Cookies.Append("auth_token", "abc", new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
    ctx.Response.Headers["Access-Control-Allow-Origin"] = "https://app.example.com";
    return Results.Ok();
}).RequireRateLimiting("login");
app.Run();
