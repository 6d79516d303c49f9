package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// jsonReport is the part of the JSON report these cases read.
type jsonReport struct {
	Scorecard []struct{ ID, Status, Reason string }
	Findings  []struct {
		RuleID, Row, Severity, Message string
		Location                       struct {
			Path      string
			StartLine int
			Operation string
		}
	}
}

func runJSON(t *testing.T, args ...string) (jsonReport, result) {
	t.Helper()
	res := runCLI(t, nil, append(args, "--format", "json")...)
	var doc jsonReport
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("exit %d, not JSON: %v\nstdout:\n%s\nstderr:\n%s", res.code, err, res.stdout, res.stderr)
	}
	return doc, res
}

func (d jsonReport) row(id string) (status, reason string) {
	for _, r := range d.Scorecard {
		if r.ID == id {
			return r.Status, r.Reason
		}
	}
	return "", ""
}

// Swagger 2.0 and OpenAPI 3 twins of one API whose path item lives in its
// own file: the delete is on line 3 of paths/admin-user.yaml in both.
var (
	swaggerRoot = `swagger: "2.0"
info: {title: users, version: "1"}
securityDefinitions:
  key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /admin/users/{id}:
    $ref: paths/admin-user.yaml
  /me:
    $ref: 'paths/me.yaml#/item'
`
	swaggerItem = `parameters:
  - {name: id, in: path, required: true, type: string}
delete:
  operationId: deleteUser
  security: []
  responses:
    "204": {description: gone}
`
	swaggerMe = `item:
  get:
    operationId: me
    security: []
    responses:
      "200":
        description: me
        schema: {$ref: '../definitions/user.yaml'}
`
	swaggerUser = `type: object
properties:
  email: {type: string}
  password_hash: {type: string}
`
	oas3Root = `openapi: 3.0.3
info: {title: users, version: "1"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /admin/users/{id}:
    $ref: paths/admin-user.yaml
  /me:
    $ref: 'paths/me.yaml#/item'
`
	oas3Item = `parameters:
  - {name: id, in: path, required: true, schema: {type: string}}
delete:
  operationId: deleteUser
  security: []
  responses:
    "204": {description: gone}
`
	oas3Me = `item:
  get:
    operationId: me
    security: []
    responses:
      "200":
        description: me
        content:
          application/json:
            schema: {$ref: '../definitions/user.yaml'}
`
)

// TestFaultSwaggerPathItemRefs: a Swagger 2.0 spec whose path items are
// $refs to files analysed as 0 operations and passed Authentication and
// Authorization; its OpenAPI 3 twin found the operations. Both must give
// the same findings, located in the file that holds the operation.
func TestFaultSwaggerPathItemRefs(t *testing.T) {
	t.Parallel()
	type key struct{ Rule, Row, Op, Path string }
	findings := func(files map[string]string) ([]key, map[string]int) {
		r := repoWith(t, files)
		doc, res := runJSON(t, "--repo", r.Dir, "--check", "openapi")
		if res.code != exitFindings {
			t.Errorf("exit %d, want %d (findings)\n%s", res.code, exitFindings, res.stdout)
		}
		var keys []key
		lines := map[string]int{}
		for _, f := range doc.Findings {
			if f.Row != "authentication" && f.Row != "authorization" {
				continue
			}
			k := key{f.RuleID, f.Row, f.Location.Operation, f.Location.Path}
			keys = append(keys, k)
			lines[fmt.Sprint(k)] = f.Location.StartLine
		}
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		return keys, lines
	}
	swagger, swLines := findings(map[string]string{"swagger.yaml": swaggerRoot, "paths/admin-user.yaml": swaggerItem,
		"paths/me.yaml": swaggerMe, "definitions/user.yaml": swaggerUser})
	oas3, oasLines := findings(map[string]string{"openapi.yaml": oas3Root, "paths/admin-user.yaml": oas3Item,
		"paths/me.yaml": oas3Me, "definitions/user.yaml": swaggerUser})
	if len(swagger) == 0 {
		t.Fatal("the Swagger 2.0 spec gave no authentication or authorization findings: its path items were not resolved")
	}
	if diff := cmp.Diff(oas3, swagger); diff != "" {
		t.Errorf("Swagger 2.0 and OpenAPI 3 twins differ (-oas3 +swagger):\n%s", diff)
	}
	want := key{"openapi/sensitive-op-public", "authentication", "DELETE /admin/users/{id}", "paths/admin-user.yaml"}
	if swLines[fmt.Sprint(want)] != 3 || oasLines[fmt.Sprint(want)] != 3 {
		t.Errorf("%v: lines %d (swagger) and %d (oas3), want 3 (the delete: key in the referenced file)\n%v", want,
			swLines[fmt.Sprint(want)], oasLines[fmt.Sprint(want)], swagger)
	}
	exposure := key{"openapi/excessive-data-exposure", "authorization", "GET /me", "paths/me.yaml"}
	found := false
	for _, k := range swagger {
		found = found || k == exposure
	}
	if !found {
		t.Errorf("the schema $ref inside the referenced path item was not resolved (no %v):\n%v", exposure, swagger)
	}
}

// TestFaultSpecWithoutOperations: a spec that declares no operations made
// Authentication and Authorization pass on nothing examined.
func TestFaultSpecWithoutOperations(t *testing.T) {
	t.Parallel()
	for name, files := range map[string]map[string]string{
		"openapi 3 paths {}": {"openapi.yaml": "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\n"},
		"swagger 2 paths {}": {"swagger.yaml": "swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths: {}\n"},
		"swagger 2 no paths": {"swagger.json": `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := repoWith(t, files)
			doc, res := runJSON(t, "--repo", r.Dir, "--check", "openapi")
			var spec string
			for p := range files {
				spec = p
			}
			for _, row := range []string{"authentication", "authorization", "input-validation"} {
				status, reason := doc.row(row)
				if status != "not-checked" || !strings.Contains(reason, "spec "+spec+" declares no operations") {
					t.Errorf("row %s: %s (%q), want not-checked because spec %s declares no operations\n%s", row, status, reason, spec, res.stdout)
				}
			}
		})
	}
}

// TestFaultSpecRefsOutsideTheRepo: $refs that leave the repository (.., an
// absolute path, a URL, a symbolic link) are refused, in Swagger 2.0 and
// OpenAPI 3, at the root or inside a referenced file, with a message that
// quotes no byte of the file they name.
func TestFaultSpecRefsOutsideTheRepo(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	secretFile := filepath.Join(outside, "secret.yaml")
	const content = "get: {operationId: SECRETCONTENTxyz, responses: {\"200\": {description: SECRETCONTENTxyz}}}\n"
	if err := os.WriteFile(secretFile, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	roots := map[string]string{
		"swagger.yaml": "swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths:\n  /x:\n    $ref: '%s'\n",
		"openapi.yaml": "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /x:\n    $ref: '%s'\n",
	}
	refs := map[string]string{
		"dot-dot":       "../../etc/passwd",
		"dot-dot-temp":  "../../../../../../../.." + secretFile,
		"absolute":      secretFile,
		"url":           "http://127.0.0.1:1/spec.yaml",
		"file url":      "file://" + secretFile,
		"symlink":       "paths/link.yaml",
		"nested escape": "paths/nested.yaml",
	}
	for root, tmpl := range roots {
		for name, ref := range refs {
			t.Run(root+" "+name, func(t *testing.T) {
				t.Parallel()
				r := repoWith(t, map[string]string{root: fmt.Sprintf(tmpl, ref),
					"paths/nested.yaml": "get:\n  responses:\n    \"200\":\n      $ref: '../../../../../../../.." + secretFile + "'\n"})
				if err := os.Symlink(secretFile, filepath.Join(r.Dir, "paths", "link.yaml")); err != nil {
					t.Fatal(err)
				}
				doc, res := runJSON(t, "--repo", r.Dir, "--check", "openapi")
				out := res.stdout + res.stderr
				for _, leak := range []string{"SECRETCONTENTxyz", "root:x:"} {
					if strings.Contains(out, leak) {
						t.Fatalf("output quotes the referenced file (%q):\n%s", leak, out)
					}
				}
				var msg string
				for _, f := range doc.Findings {
					if f.RuleID == "openapi/external-ref" {
						msg = f.Message
					}
				}
				if !strings.Contains(msg, "outside the repository") && !strings.Contains(msg, "never fetches URLs") {
					t.Errorf("no clean external-ref refusal; findings:\n%s", res.stdout)
				}
				if status, _ := doc.row("authentication"); status == "pass" || res.code == exitOK {
					t.Errorf("authentication %s, exit %d: a refused spec is never a pass", status, res.code)
				}
			})
		}
	}
}
