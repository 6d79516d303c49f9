package frameworks

// socket.io's server cors option, https://socket.io/docs/v4/handling-cors/
func init() {
	cors := func(call Call) CORS {
		return CORS{
			Call: call, Label: "socket.io cors", Options: 1, OptionsKey: "cors",
			Origin: []string{"origin"}, Credentials: "credentials",
			// "cors: the list of options that will be forwarded to the cors
			// module": its default origin is "*". Without the cors option
			// (v3+) no CORS header is sent.
			DefaultWildcard: true, DefaultWhat: `no origin option: the cors module's default is "*"`,
		}
	}
	register(Library{
		Name: "socket.io", Lang: JS, Docs: "https://socket.io/docs/v4/server-options/#cors",
		Reads: "`new Server(httpServer, {cors: {origin, credentials}})`",
		CORS:  []CORS{cors(Call{Module: "socket.io", Func: "Server"})},
	})
}
