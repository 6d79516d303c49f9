//go:build tools

// Command github-api-subset extracts, from GitHub's published REST API
// description, the operations launchready calls, with their parameters and
// their request and success-response schemas ($refs resolved, OpenAPI 3.0
// "nullable" turned into JSON Schema type lists). The fake GitHub API of the
// tests validates every request against it.
//
//	go run -tags tools ./scripts/github-api-subset api.github.com.json > subset.json
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// operations are the calls launchready makes (internal/annotate/ghreport).
var operations = [][2]string{
	{"get", "/user"},
	{"get", "/repos/{owner}/{repo}/pulls/{pull_number}/files"},
	{"get", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"},
	{"post", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"},
	{"delete", "/repos/{owner}/{repo}/pulls/comments/{comment_id}"},
	{"get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"},
	{"post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"},
	{"patch", "/repos/{owner}/{repo}/issues/comments/{comment_id}"},
	// deployment_status events: the pull request of the deployed commit.
	{"get", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls"},
}

type spec map[string]any

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: github-api-subset api.github.com.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var doc spec
	if err := json.Unmarshal(raw, &doc); err != nil {
		fail(err)
	}
	sum := sha256.Sum256(raw)
	out := map[string]any{
		"source": map[string]any{
			"package":     "@octokit/openapi",
			"version":     os.Getenv("OCTOKIT_OPENAPI_VERSION"),
			"file":        "generated/api.github.com.json",
			"sha256":      hex.EncodeToString(sum[:]),
			"openapi":     doc["openapi"],
			"generatedBy": "scripts/github-api-subset.sh",
		},
	}
	paths := doc["paths"].(map[string]any)
	var ops []any
	for _, o := range operations {
		method, path := o[0], o[1]
		op, ok := paths[path].(map[string]any)[method].(map[string]any)
		if !ok {
			fail(fmt.Errorf("%s %s is not in the description", method, path))
		}
		entry := map[string]any{"method": strings.ToUpper(method), "path": path, "operationId": op["operationId"]}
		var params []any
		for _, p := range op["parameters"].([]any) {
			p = resolve(doc, p, 0)
			pm := p.(map[string]any)
			params = append(params, map[string]any{"name": pm["name"], "in": pm["in"], "required": pm["required"] == true, "schema": clean(pm["schema"])})
		}
		entry["parameters"] = params
		if rb, ok := op["requestBody"].(map[string]any); ok {
			rb = resolve(doc, rb, 0).(map[string]any)
			schema := rb["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
			entry["requestBody"] = map[string]any{"required": rb["required"] == true, "schema": clean(resolve(doc, schema, 0))}
		}
		for code, r := range op["responses"].(map[string]any) {
			if !strings.HasPrefix(code, "2") {
				continue
			}
			r = resolve(doc, r, 0)
			entry["successCode"] = code
			if c, ok := r.(map[string]any)["content"].(map[string]any); ok {
				if j, ok := c["application/json"].(map[string]any); ok {
					entry["responseSchema"] = clean(resolve(doc, j["schema"], 0))
				}
			}
		}
		ops = append(ops, entry)
	}
	out["operations"] = ops
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

// resolve replaces every {"$ref": "#/..."} under v with its target.
func resolve(doc spec, v any, depth int) any {
	if depth > 40 {
		return map[string]any{} // recursive schema: accept anything deeper
	}
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			var cur any = map[string]any(doc)
			for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				cur = cur.(map[string]any)[part]
			}
			return resolve(doc, cur, depth+1)
		}
		m := map[string]any{}
		for k, e := range x {
			m[k] = resolve(doc, e, depth+1)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = resolve(doc, e, depth+1)
		}
		return s
	}
	return v
}

// clean keeps validation keywords, drops prose, and turns OpenAPI 3.0's
// nullable into a JSON Schema type list.
func clean(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			switch k {
			case "description", "example", "examples", "title", "externalDocs", "nullable", "x-github", "deprecated", "format":
				continue
			case "properties":
				props := map[string]any{}
				for name, p := range e.(map[string]any) {
					props[name] = clean(p)
				}
				m[k] = props
				continue
			}
			m[k] = clean(e)
		}
		if x["nullable"] == true {
			if t, ok := m["type"].(string); ok {
				m["type"] = []any{t, "null"}
			} else if _, ok := m["type"]; !ok {
				m = map[string]any{"anyOf": []any{m, map[string]any{"type": "null"}}}
			}
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = clean(e)
		}
		return s
	}
	return v
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "github-api-subset:", err)
	os.Exit(1)
}
