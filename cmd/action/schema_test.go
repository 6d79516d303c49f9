package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestJSONReportMatchesSchema validates real reports, of runs that pass,
// fail, cannot run a check and check nothing, against the published
// docs/report.schema.json.
func TestJSONReportMatchesSchema(t *testing.T) {
	t.Parallel()
	path, _ := filepath.Abs("../../docs/report.schema.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(path, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	clean := repoWith(t, nil)
	leaky := repoWith(t, map[string]string{"config/app.yml": "token: " + tokenFor("schema") + "\n", "openapi.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /admin/users:\n    get:\n      security: []\n      responses: {'200': {description: ok}}\n"})
	for name, args := range map[string][]string{
		"demo":          {"--demo"},
		"clean history": {"--repo", clean.Dir},
		"findings":      {"--repo", leaky.Dir, "--worktree"},
		"unknown range": {"--repo", clean.Dir, "--range", "nope..HEAD"},
		"one check":     {"--repo", clean.Dir, "--check", "deploy"},
	} {
		res := runCLI(t, nil, append(args, "--format", "json")...)
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(res.stdout))
		if err != nil {
			t.Errorf("%s: not JSON (exit %d): %v\n%s", name, res.code, err, res.stderr)
			continue
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("%s: the report does not match docs/report.schema.json: %v", name, err)
		}
	}
}
