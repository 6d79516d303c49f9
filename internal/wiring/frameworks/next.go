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
		Cookies: []Cookie{
			opts(Call{Func: "set", Recv: "cookies()", Imports: "next/headers"}, "cookies().set(%q)", 0, "", 2),
			opts(Call{Func: "set", Recv: "cookies()", Imports: "next/headers"}, "cookies().set(%q)", -1, "name", 0),
			opts(Call{Func: "set", Recv: "*.cookies", Imports: "next/server"}, "response.cookies.set(%q)", 0, "", 2),
			opts(Call{Func: "set", Recv: "*.cookies", Imports: "next/server"}, "response.cookies.set(%q)", -1, "name", 0),
		},
	})
}
