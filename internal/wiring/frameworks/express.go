package frameworks

// express: routes, app.use mounts, res.cookie and response headers.
// https://expressjs.com/en/api.html
func init() {
	register(Library{
		Name: "express", Lang: JS, Docs: "https://expressjs.com/en/api.html#res.cookie",
		Reads:  "routes `app.post(path, ...)`/`router.post(...)` (with the prefix a router of the file is mounted at), `app.use([path,] ...middleware)`, `res.cookie(name, value, options)`, headers set with `res.setHeader`/`res.header`/`res.set`/`res.append`/`res.writeHead` (Access-Control-Allow-Origin, Access-Control-Allow-Credentials, Set-Cookie)",
		Routes: routeMethods("Express", ""),
		Mounts: []Mount{{Call: Call{Func: "use", Recv: "."}}},
		Cookies: []Cookie{{
			Call: Call{Func: "cookie", Recv: "."}, Label: "res.cookie(%q)", NameArg: 0, Options: 2,
			Secure: "secure", HTTPOnly: "httpOnly", SameSite: "sameSite",
			// res.cookie options: "secure: Marks the cookie to be used with
			// HTTPS only." and "httpOnly: Flags the cookie to be accessible
			// only by the web server." Neither is set unless given.
			SecureDefault: Off, HTTPOnlyDefault: Off,
			SecureFix: "In Express: cookie: {secure: true} with app.set('trust proxy', 1).",
		}},
		Headers: []Header{
			{Call: Call{Func: "setHeader", Recv: "."}, Name: 0, Value: 1},
			{Call: Call{Func: "header", Recv: "."}, Name: 0, Value: 1},
			{Call: Call{Func: "set", Recv: "."}, Name: 0, Value: 1},
			{Call: Call{Func: "append", Recv: "."}, Name: 0, Value: 1},
			// Header maps ({'Access-Control-Allow-Origin': v} in res.set({...}),
			// res.writeHead(200, {...}) or any response object) are read by
			// the JavaScript reader as header facts.
		},
	})
}
