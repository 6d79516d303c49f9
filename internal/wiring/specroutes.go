package wiring

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// Routes declared in an OpenAPI (or Swagger) document and served by a
// library that binds handlers by operationId (express-openapi's
// initialize, connexion's add_api): the tables name the binding calls
// (frameworks.Library.SpecBinders); the routes are judged like code
// routes, at their method's line in the document.

// isSpecFile reports a file that may be an OpenAPI document.
func isSpecFile(p string) bool {
	b := strings.ToLower(path.Base(p))
	ext := path.Ext(b)
	if ext != ".yaml" && ext != ".yml" && ext != ".json" {
		return false
	}
	return strings.Contains(b, "openapi") || strings.Contains(b, "swagger") || strings.HasPrefix(b, "api.") || strings.HasPrefix(b, "api-")
}

var specMethods = map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true}

// specRoutes reads a document's login-type and health operations.
func specRoutes(p string, src []byte, framework string) []route {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	root := doc.Content[0]
	isSpec, base := false, ""
	var paths *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch k, v := root.Content[i].Value, root.Content[i+1]; k {
		case "openapi", "swagger":
			isSpec = true
		case "paths":
			paths = v
		case "basePath":
			base = strings.TrimSuffix(v.Value, "/")
		}
	}
	if !isSpec || paths == nil || paths.Kind != yaml.MappingNode {
		return nil
	}
	var out []route
	for i := 0; i+1 < len(paths.Content); i += 2 {
		pth, item := base+paths.Content[i].Value, paths.Content[i+1]
		if item.Kind != yaml.MappingNode || !strings.HasPrefix(pth, "/") {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			m := strings.ToLower(item.Content[j].Value)
			if !specMethods[m] {
				continue
			}
			out = append(out, route{path: pth, method: strings.ToUpper(m), file: p, line: item.Content[j].Line, framework: framework})
		}
	}
	return out
}
