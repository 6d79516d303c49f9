// class: cookie
// The antiforgery (CSRF) cookie is read by the page's script on purpose:
// no HttpOnly asked, whatever its name.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAntiforgery(o =>
{
    o.Cookie.Name = "X-CSRF";
    o.Cookie.HttpOnly = false;
    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
    o.HeaderName = "X-CSRF-TOKEN";
});
builder.Services.ConfigureApplicationCookie(o =>
{
    o.Cookie.HttpOnly = false; // want code/session-cookie-not-httponly
});
var app = builder.Build();
app.Run();
