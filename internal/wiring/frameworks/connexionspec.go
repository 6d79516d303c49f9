package frameworks

// connexion: routes come from the OpenAPI document given to add_api, handlers
// are bound by operationId. https://connexion.readthedocs.io/en/latest/routing.html
func init() {
	register(Library{
		Name: "connexion (OpenAPI routes)", Lang: Python, Docs: "https://connexion.readthedocs.io/en/latest/routing.html",
		Reads: "`app.add_api(\"openapi.yaml\")`: the document's operations are routes, judged at their method's line",
		// "Connexion uses the OpenAPI specification to route requests:
		// operationId ... the function to call"
		SpecBinders: []Call{{Func: "add_api", Recv: ".", FileImports: "connexion"}},
	})
}
