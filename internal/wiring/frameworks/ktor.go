package frameworks

// Ktor cookies, https://api.ktor.io/ktor-http/io.ktor.http/-cookie/index.html
func init() {
	register(Library{
		Name: "ktor", Lang: Java, Docs: "https://api.ktor.io/ktor-http/io.ktor.http/-cookie/index.html",
		Reads: "`Cookie(name, value, secure = ..., httpOnly = ...)` appended to responses",
		Cookies: []Cookie{{
			// Cookie(name, value, encoding, maxAge, expires, domain, path,
			// secure = false, httpOnly = false, extensions)
			Call: Call{Func: "Cookie", FileImports: "io.ktor"}, Label: "Cookie(%q)", NameArg: 0, Options: Keywords,
			Secure: "secure", HTTPOnly: "httpOnly", SecureDefault: Off, HTTPOnlyDefault: Off,
		}},
	})
}
