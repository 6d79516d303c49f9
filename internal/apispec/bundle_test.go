package apispec

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// mapSource is an in-memory repository.
type mapSource map[string]string

func (m mapSource) Candidates() ([]string, error) { return nil, nil }

func (m mapSource) Read(rel string, limit int64) ([]byte, error) {
	s, ok := m[rel]
	if !ok {
		return nil, errors.New(rel + " does not exist")
	}
	if int64(len(s)) > limit {
		return nil, ErrTooLarge
	}
	return []byte(s), nil
}

func bundleYAML(t testing.TB, src mapSource, root string) (any, error) {
	var tree any
	if err := yaml.Unmarshal([]byte(src[root]), &tree); err != nil {
		return nil, err
	}
	return newBundler(src, root, 1<<20).run(stringKeys(tree))
}

func TestBundleInlinesFileRefs(t *testing.T) {
	t.Parallel()
	src := mapSource{
		"api/swagger.yaml":     "paths:\n  /a: {$ref: 'paths/a.yaml'}\ndefinitions:\n  Id: {type: string}\n",
		"api/paths/a.yaml":     "get:\n  parameters: [{$ref: '../swagger.yaml#/definitions/Id'}]\n  responses: {'200': {schema: {$ref: '../defs/node.yaml'}}}\n",
		"api/defs/node.yaml":   "type: object\nproperties:\n  child: {$ref: '#'}\n  other: {$ref: 'other.yaml#/x'}\n",
		"api/defs/other.yaml":  "x: {type: integer}\n",
		"api/defs/unused.yaml": "x: 1\n",
	}
	got, err := bundleYAML(t, src, "api/swagger.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if hasFileRef(got, 0) {
		t.Errorf("file $refs left: %v", got)
	}
	op := got.(map[string]any)["paths"].(map[string]any)["/a"].(map[string]any)["get"].(map[string]any)
	if ref := op["parameters"].([]any)[0].(map[string]any)["$ref"]; ref != "#/definitions/Id" {
		t.Errorf("a reference back into the root is %v, want #/definitions/Id", ref)
	}
	schema := op["responses"].(map[string]any)["200"].(map[string]any)["schema"].(map[string]any)
	props := schema["properties"].(map[string]any)
	if props["other"].(map[string]any)["type"] != "integer" || len(props["child"].(map[string]any)) != 0 {
		t.Errorf("schema: %v", schema)
	}
}

func TestBundleRefusesAndBounds(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string]string{
		"../x.yaml":          "outside the repository",
		"/etc/passwd":        "outside the repository",
		"http://x.test/a":    "never fetches URLs",
		"//x.test/a":         "never fetches URLs",
		"C:\\\\x.yaml":       "never fetches URLs",
		"a\\\\..\\\\..\\\\x": "forward slashes",
		"missing.yaml":       "cannot be read",
		"a.yaml#/nope":       "points at nothing",
	} {
		src := mapSource{"s.yaml": "paths:\n  /a: {$ref: '" + ref + "'}\n", "a.yaml": "get: {}\n"}
		_, err := bundleYAML(t, src, "s.yaml")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", ref, err, want)
		}
	}
	// Each level refers to the next one ten times: 10^8 copies unbounded.
	src := mapSource{"s.yaml": "paths:\n  /a: {$ref: 'l0.yaml'}\n"}
	for i := 0; i < 8; i++ {
		var b strings.Builder
		for j := 0; j < 10; j++ {
			b.WriteString("k" + string(rune('a'+j)) + ": {$ref: 'l" + string(rune('1'+i)) + ".yaml'}\n")
		}
		src["l"+string(rune('0'+i))+".yaml"] = b.String()
	}
	src["l8.yaml"] = "x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
	if _, err := bundleYAML(t, src, "s.yaml"); !errors.Is(err, errBundleBudget) {
		t.Errorf("ref fan-out: %v, want the node budget", err)
	}
}

func FuzzBundle(f *testing.F) {
	f.Add("paths:\n  /a: {$ref: 'a.yaml'}\n", "get: {responses: {'200': {$ref: '#/r'}}}\nr: {description: x}\n")
	f.Add("paths:\n  /a: {$ref: 'a.yaml#/p'}\n", "p: {$ref: 's.yaml#/paths'}\n")
	f.Add("x: {$ref: 'a.yaml'}\n", "y: {$ref: 'a.yaml'}\n")
	f.Fuzz(func(t *testing.T, root, other string) {
		src := mapSource{"s.yaml": root, "a.yaml": other}
		got, err := bundleYAML(t, src, "s.yaml")
		if err == nil && hasFileRef(got, 0) {
			t.Fatalf("a file $ref survived bundling: %v", got)
		}
	})
}

// FuzzPathItemChains: arbitrary root and referenced files, with path items
// that are $ref chains, never panic, and a loaded spec never has a $ref'd
// path without operations (it is reported as not loaded instead).
func FuzzPathItemChains(f *testing.F) {
	f.Add("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    $ref: 'a.yaml'\n", "$ref: 'b.yaml'\n", "get: {responses: {'200': {description: x}}}\n")
	f.Add("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a: {$ref: '#/x-a'}\nx-a: {$ref: '#/x-b'}\nx-b: {get: {responses: {'200': {description: x}}}}\n", "", "")
	f.Add("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    $ref: '#/x-p/a'\nx-p:\n  a: {$ref: 'a.yaml'}\n", "get: {responses: {'200': {description: x}}}\n", "")
	f.Add("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a: {$ref: \"a.yaml\"}\n", "$ref: a.yaml\n", "")
	f.Fuzz(func(t *testing.T, root, a, b string) {
		src := memSource{"spec.yaml": []byte(root), "a.yaml": []byte(a), "b.yaml": []byte(b)}
		spec, prob := Load(context.Background(), src, "spec.yaml", 1<<20)
		if prob != nil || spec == nil || spec.Doc.Paths == nil {
			return
		}
		for p, ref := range rootPathItemRefs(&lineIndex{data: []byte(root)}) {
			if item := spec.Doc.Paths.Value(p); item == nil || len(item.Operations()) == 0 {
				t.Fatalf("path %s ($ref %q) loaded without operations", p, ref)
			}
		}
	})
}
