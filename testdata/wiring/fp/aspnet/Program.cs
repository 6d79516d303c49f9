var builder = WebApplication.CreateBuilder(args);

builder.Services.AddCors(options =>
{
    options.AddPolicy("spa", policy =>
        policy.WithOrigins("https://app.example.com")
              .AllowAnyHeader()
              .AllowCredentials());
});

builder.Services.ConfigureApplicationCookie(options =>
{
    options.Cookie.HttpOnly = true;
    options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
});
// AllowAnyOrigin() is only for the public status page, below, without credentials? No: not used.
var app = builder.Build();
app.UseRateLimiter();
app.MapPost("/auth/login", async (LoginRequest body, AuthService auth) => await auth.Login(body))
   .RequireRateLimiting("login");
app.Run();
