// class: cors, cookie, ratelimit, debug
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddCors(options =>
{
    options.AddPolicy("open", policy => policy.SetIsOriginAllowed(_ => true).AllowCredentials().AllowAnyHeader()); // want code/cors-any-origin-with-credentials
    options.AddPolicy("public", policy => policy.AllowAnyOrigin()); // want code/cors-wildcard
});

var app = builder.Build();

app.UseDeveloperExceptionPage(); // want code/stack-trace-response
app.UseCors("open");

app.MapPost("/login", (HttpContext ctx) => // want code/auth-route-without-rate-limit
{
    // CookieOptions: Secure and HttpOnly are false unless set.
    ctx.Response.Cookies.Append("session_id", "abc"); // want code/session-cookie-insecure code/session-cookie-not-httponly
    ctx.Response.Cookies.Append("auth_token", "abc", new CookieOptions { HttpOnly = true }); // want code/session-cookie-insecure
    ctx.Response.Cookies.Append("theme", "dark", new CookieOptions { Secure = false }); // want code/cookie-insecure code/cookie-not-httponly
    ctx.Response.Cookies.Append("jwt", "abc", new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
    return Results.Ok();
});

app.MapGet("/feed", (HttpContext ctx) =>
{
    ctx.Response.Headers.Append("Access-Control-Allow-Origin", "*"); // want code/cors-wildcard
    return Results.Ok();
});

app.MapGet("/partner", (HttpContext ctx) =>
{
    ctx.Response.Headers["Access-Control-Allow-Origin"] = ctx.Request.Headers["Origin"].ToString(); // want code/cors-any-origin-with-credentials
    ctx.Response.Headers["Access-Control-Allow-Credentials"] = "true";
    return Results.Ok();
});

app.Run();
