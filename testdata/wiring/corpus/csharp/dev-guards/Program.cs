// class: debug
// ASP.NET Core docs: "Run the Developer Exception Page only when the app
// is running in the Development environment." Guards in a variable and
// negated production checks are development guards too.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var isDev = app.Environment.IsDevelopment();
if (isDev)
    app.UseDeveloperExceptionPage();
if (!app.Environment.IsProduction()) app.UseDeveloperExceptionPage();
else app.UseExceptionHandler("/error");
var isProd = app.Environment.IsProduction();
if (isProd)
    app.UseDeveloperExceptionPage(); // want code/stack-trace-response
if (!app.Environment.IsDevelopment())
{
    app.UseDeveloperExceptionPage(); // want code/stack-trace-response
}
app.Run();
