package frameworks

// express-openapi: routes come from the OpenAPI document, handlers are bound
// by operationId. https://github.com/kogosoftwarellc/open-api/tree/main/packages/express-openapi
func init() {
	register(Library{
		Name: "express-openapi", Lang: JS, Docs: "https://github.com/kogosoftwarellc/open-api/tree/main/packages/express-openapi#initializeargs",
		Reads: "`initialize({app, apiDoc, operations})`: the OpenAPI document's operations are routes, judged at their method's line",
		// "initialize(args): ... apiDoc: the api document ... operations:
		// an object of operationId -> handler"
		SpecBinders: []Call{{Module: "express-openapi", Func: "initialize"}, {Module: "openapi-backend", Func: "OpenAPIBackend"}},
	})
}
