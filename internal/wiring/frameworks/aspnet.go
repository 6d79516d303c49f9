package frameworks

// ASP.NET Core: CORS policy builders, Response.Cookies.Append with
// CookieOptions, response headers, the developer exception page, minimal
// API and controller routes, and web.config.
// https://learn.microsoft.com/aspnet/core/security/cors,
// https://learn.microsoft.com/dotnet/api/microsoft.aspnetcore.http.cookieoptions
func init() {
	policy := func(fn string) CORS {
		return CORS{
			Call: Call{Func: fn, Recv: "."}, Label: "ASP.NET Core CORS", Options: Builder,
			Origin: []string{"WithOrigins"}, OriginFunc: []string{"SetIsOriginAllowed"}, AllowAll: "AllowAnyOrigin", Credentials: "AllowCredentials",
		}
	}
	var routes []Route
	for _, m := range []string{"MapPost", "MapGet", "MapPut", "MapPatch"} {
		routes = append(routes, Route{Call: Call{Func: m, Recv: "."}, Framework: "ASP.NET Core", Path: 0, Method: m[3:], MinArgs: 1,
			ChainGuards: []string{"RequireRateLimiting"}})
	}
	for _, m := range []string{"HttpPost", "HttpGet", "HttpPut", "HttpPatch"} {
		routes = append(routes, Route{Call: Call{Func: m, Decorator: true}, Framework: "ASP.NET Core", Path: 0, Method: m[4:], Slash: true,
			Guards: []string{"EnableRateLimiting"}})
	}
	for i := range routes {
		routes[i].Method = upper(routes[i].Method)
	}
	webConfig := Call{Func: "web.config", Config: true}
	register(Library{
		Name: "aspnetcore", Lang: CSharp, Docs: "https://learn.microsoft.com/aspnet/core/security/cors, https://learn.microsoft.com/dotnet/api/microsoft.aspnetcore.http.cookieoptions",
		Reads: "CORS policies `WithOrigins`/`AllowAnyOrigin`/`SetIsOriginAllowed`/`AllowCredentials`, `Response.Cookies.Append(name, value, new CookieOptions {...})`, `Response.Headers.Append`/`[...] =`, `UseDeveloperExceptionPage()` outside `IsDevelopment()`, `MapPost`/`[HttpPost]` routes with `RequireRateLimiting`/`[EnableRateLimiting]`, web.config `customErrors` and `httpCookies`",
		// "AllowAnyOrigin: Allows CORS requests from all origins";
		// "Specifying AllowAnyOrigin and AllowCredentials is an insecure
		// configuration" (and refused); SetIsOriginAllowed(_ => true)
		// allows every origin, with credentials too.
		CORS: []CORS{policy("WithOrigins"), policy("AllowAnyOrigin"), policy("SetIsOriginAllowed")},
		Cookies: []Cookie{
			{
				// CookieOptions: Secure "The default value is false";
				// HttpOnly "The default value is false".
				Call: Call{Func: "Append", Recv: "*Cookies"}, Label: "Response.Cookies.Append(%q)", NameArg: 0, Options: 2,
				Secure: "Secure", HTTPOnly: "HttpOnly", SameSite: "SameSite", SameSiteNone: "SameSiteMode . None", SecureDefault: Off, HTTPOnlyDefault: Off,
				SecureFix: "In ASP.NET Core: new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax }.",
			},
			{
				// <httpCookies httpOnlyCookies="false" requireSSL="false">:
				// both default to false.
				Call: webConfig, Label: "web.config httpCookies", NameArg: -1, Options: 0,
				Secure: "configuration.system.web.httpCookies.requireSSL", HTTPOnly: "configuration.system.web.httpCookies.httpOnlyCookies",
				SecureDefault: Unset, HTTPOnlyDefault: Unset,
				InsecureMsg: "web.config sets httpCookies requireSSL=\"false\": the session and forms cookies travel over plain HTTP.",
				HTTPOnlyMsg: "web.config sets httpCookies httpOnlyCookies=\"false\": scripts can read the session and forms cookies.",
			},
		},
		Headers: []Header{
			{Call: Call{Func: "Append", Recv: "*Headers"}, Name: 0, Value: 1},
			{Call: Call{Func: "Add", Recv: "*Headers"}, Name: 0, Value: 1},
			{Call: Call{Func: "__setitem__", Recv: "*Headers"}, Name: 0, Value: 1},
		},
		Debug: []Debug{
			{
				// "Don't enable the Developer Exception Page unless the app is
				// running in the Development environment."
				Call: Call{Func: "UseDeveloperExceptionPage", Recv: "."}, Unguarded: true, Stack: true, Facet: "debug.stack", Evidence: "UseDeveloperExceptionPage",
				Msg: "UseDeveloperExceptionPage() runs outside an IsDevelopment() check: in production, error pages show stack traces, source lines and request details.",
				Fix: "Call it only inside if (app.Environment.IsDevelopment()), and use UseExceptionHandler(\"/error\") otherwise.",
			},
			{
				// customErrors mode: "RemoteOnly" is the default; "Off" shows
				// detailed errors to every client.
				Call: webConfig, Option: "configuration.system.web.customErrors.mode", OptionValue: "Off", Stack: true, Facet: "debug.stack", Evidence: "customErrors Off",
				Msg: "web.config sets <customErrors mode=\"Off\">: every client gets detailed ASP.NET error pages with stack traces.",
				Fix: "Use mode=\"RemoteOnly\" (the default) or \"On\" with a defaultRedirect error page.",
			},
		},
		Routes:  routes,
		Limiter: &Limiter{GlobalText: []string{"GlobalLimiter"}},
	})
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
