package frameworks

// Next.js: cookies().set and response.cookies.set, and headers() entries
// (read by the JavaScript reader). https://nextjs.org/docs/app/api-reference/functions/cookies
func init() {
	opts := func(call Call, label string, nameArg int, nameField string, options int) Cookie {
		return Cookie{
			Call: call, Label: label, NameArg: nameArg, NameField: nameField, Options: options,
			Secure: "secure", HTTPOnly: "httpOnly", SameSite: "sameSite",
			// The options are the Set-Cookie attributes; none is set
			// unless given ("secure", "httpOnly": booleans, no default).
			SecureDefault: Off, HTTPOnlyDefault: Off,
		}
	}
	register(Library{
		Name: "next.js", Lang: JS, Docs: "https://nextjs.org/docs/app/api-reference/functions/cookies, https://nextjs.org/docs/app/api-reference/config/next-config-js/headers",
		Reads: "`cookies().set(name, value, options)` and `cookies().set({name, ...})`, `response.cookies.set(...)`, `headers()` entries in next.config.js, `headers` of `NextResponse.json`/`new Response(...)`",
		// NextResponse.json(body, {headers: {...}}), new Response(body, {headers}).
		Headers: []Header{
			{Call: Call{Func: "json", Recv: "NextResponse"}, Dict: "headers"},
			{Call: Call{Func: "next", Recv: "NextResponse"}, Dict: "headers"},
			{Call: Call{Func: "json", Recv: "Response"}, Dict: "headers"},
			{Call: Call{Func: "Response", Recv: "-"}, Dict: "headers"},
			{Call: Call{Func: "NextResponse", Recv: "-"}, Dict: "headers"},
		},
		Cookies: []Cookie{
			opts(Call{Func: "set", Recv: "cookies()", Imports: "next/headers"}, "cookies().set(%q)", 0, "", 2),
			opts(Call{Func: "set", Recv: "cookies()", Imports: "next/headers"}, "cookies().set(%q)", -1, "name", 0),
			opts(Call{Func: "set", Recv: "*.cookies", Imports: "next/server"}, "response.cookies.set(%q)", 0, "", 2),
			opts(Call{Func: "set", Recv: "*.cookies", Imports: "next/server"}, "response.cookies.set(%q)", -1, "name", 0),
		},
	})
}
