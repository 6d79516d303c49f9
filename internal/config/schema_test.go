package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

const schemaPath = "../../docs/launchready.schema.json"

func loadSchema(t *testing.T) (*jsonschema.Schema, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	abs, _ := filepath.Abs(schemaPath)
	if err := c.AddResource(abs, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(abs)
	if err != nil {
		t.Fatal(err)
	}
	return s, doc
}

// yamlToJSONValue converts decoded YAML into what the schema validator takes.
func yamlToJSONValue(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaMatchesDecoder keeps docs/launchready.schema.json and the Go
// types in step: the same keys at every level.
func TestSchemaMatchesDecoder(t *testing.T) {
	t.Parallel()
	_, doc := loadSchema(t)
	var walk func(schema map[string]any, typ reflect.Type, where string)
	walk = func(schema map[string]any, typ reflect.Type, where string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
			if items, ok := schema["items"].(map[string]any); ok {
				schema = items
			}
		}
		if typ.Kind() != reflect.Struct || typ.Name() == "Date" {
			return
		}
		props, _ := schema["properties"].(map[string]any)
		var inSchema, inGo []string
		for k := range props {
			inSchema = append(inSchema, k)
		}
		for i := 0; i < typ.NumField(); i++ {
			tag := strings.Split(typ.Field(i).Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			inGo = append(inGo, tag)
			if sub, ok := props[tag].(map[string]any); ok {
				walk(sub, typ.Field(i).Type, where+"."+tag)
			}
		}
		sort.Strings(inSchema)
		sort.Strings(inGo)
		if diff := cmp.Diff(inGo, inSchema); diff != "" {
			t.Errorf("%s: schema keys differ from the decoder's (-go +schema):\n%s", where, diff)
		}
	}
	walk(doc, reflect.TypeOf(Config{}), "config")
}

func TestSchemaAgreesWithDecoder(t *testing.T) {
	t.Parallel()
	s, _ := loadSchema(t)
	cases := []struct {
		src   string
		valid bool
	}{
		{"fail-on: high\n", true},
		{"version: 1\nseverity:\n  secrets/*: low\nignore:\n  - rule: secrets/x\n    reason: r\n    until: \"2027-01-01\"\nsecrets:\n  allow-paths: [a/**]\n  rules:\n    - id: x\n      regex: a\nprecommit:\n  fail-on: critical\n", true},
		{"fail-on: severe\n", false},
		{"ignores: []\n", false},
		{"ignore:\n  - rule: x\n", false},
		{"ignore:\n  - reason: r\n", false},
		{"secrets:\n  rules:\n    - id: Bad_ID\n      regex: a\n", false},
	}
	for _, tc := range cases {
		err := s.Validate(yamlToJSONValue(t, tc.src))
		if (err == nil) != tc.valid {
			t.Errorf("schema on %q: valid=%v, want %v (%v)", tc.src, err == nil, tc.valid, err)
		}
		_, derr := Decode([]byte(tc.src), "c.yml")
		if (derr == nil) != tc.valid {
			t.Errorf("decoder on %q: valid=%v, want %v (%v)", tc.src, derr == nil, tc.valid, derr)
		}
	}
}
