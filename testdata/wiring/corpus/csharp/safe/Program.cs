// class: cors, cookie, ratelimit, debug
// Known-safe: the idioms the ASP.NET Core docs recommend.
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCors(o => o.AddPolicy("app", p => p.WithOrigins("https://app.example.com").AllowCredentials()));
builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("login", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
builder.Services.ConfigureApplicationCookie(o =>
{
    o.Cookie.HttpOnly = true;
    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
});

var app = builder.Build();
if (app.Environment.IsDevelopment())
{
    app.UseDeveloperExceptionPage();
}
else
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}
app.UseRateLimiter();
app.UseCors("app");

app.MapPost("/login", (HttpContext ctx) =>
{
    ctx.Response.Cookies.Append("session_id", "abc", new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
    return Results.Ok();
}).RequireRateLimiting("login");

app.Run();
