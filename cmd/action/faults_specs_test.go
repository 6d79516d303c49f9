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

	"github.com/launchready/launchready/internal/emailauth"
	"github.com/launchready/launchready/internal/emailauth/dnstest"
)

// specReport is the part of the JSON report these cases read.
type specReport struct {
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

func runJSON(t *testing.T, args ...string) (specReport, result) {
	t.Helper()
	res := runCLI(t, nil, append(args, "--format", "json")...)
	var doc specReport
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("exit %d, not JSON: %v\nstdout:\n%s\nstderr:\n%s", res.code, err, res.stdout, res.stderr)
	}
	return doc, res
}

func (d specReport) row(id string) (status, reason string) {
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

// fanOutZone is an SPF record whose includes each include ten more, depth
// levels deep: 1 + 10 + 100 + ... records, all valid.
func fanOutZone(domain string, depth int) string {
	var b strings.Builder
	var add func(name string, level int)
	add = func(name string, level int) {
		if level == depth {
			fmt.Fprintf(&b, "%s. 300 IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n", name)
			return
		}
		var terms []string
		for i := 0; i < 10; i++ {
			terms = append(terms, fmt.Sprintf("include:i%d.%s", i, name))
		}
		fmt.Fprintf(&b, "%s. 300 IN TXT \"v=spf1 %s -all\"\n", name, strings.Join(terms, " "))
		for i := 0; i < 10; i++ {
			add(fmt.Sprintf("i%d.%s", i, name), level+1)
		}
	}
	add(domain, 0)
	fmt.Fprintf(&b, "_dmarc.%s. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@%s\"\n", domain, domain)
	fmt.Fprintf(&b, "%s. 300 IN MX 10 mx.%s.\n", domain, domain)
	return b.String()
}

// TestFaultSPFIncludeFanOut: an SPF include fan-out (each include pointing
// at ten more) made thousands of DNS queries. Evaluation stops at RFC
// 7208's limit of 10 lookup terms, says so in the finding, and the whole
// domain check stays under launchready's query cap.
func TestFaultSPFIncludeFanOut(t *testing.T) {
	t.Parallel()
	dns, err := dnstest.Start(fanOutZone("fan.test", 3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dns.Close)
	r := repoWith(t, nil)
	doc, res := runJSON(t, "--repo", r.Dir, "--check", "email", "--domain", "fan.test", "--dns-server", dns.Addr)
	if n := dns.Total(); n > 50 {
		t.Errorf("the DNS server saw %d queries, want at most 50 (SPF stopped at 11 lookups + DKIM selectors + DMARC + MX)", n)
	}
	t.Logf("queries: %d total, %d SPF", dns.Total(), spfQueries(dns))
	if n := spfQueries(dns); n > 12 {
		t.Errorf("%d SPF TXT queries under fan.test, want at most 12 (the record and 11 lookup terms)", n)
	}
	var msg string
	for _, f := range doc.Findings {
		if f.RuleID == "email/spf-too-many-lookups" {
			msg = f.Message
		}
	}
	if !strings.Contains(msg, "evaluation stopped at include:") || !strings.Contains(msg, "permerror") || !strings.Contains(msg, "not followed") {
		t.Errorf("the finding does not say where and why SPF evaluation stopped: %q\n%s", msg, res.stdout)
	}
	if status, _ := doc.row("email"); status != "fail" || res.code != exitFindings {
		t.Errorf("email row %s, exit %d; want fail, exit %d", status, res.code, exitFindings)
	}
}

func spfQueries(s *dnstest.Server) int {
	n := 0
	for q, c := range s.Queries {
		if strings.HasPrefix(q, "udp TXT ") && strings.HasSuffix(q, "fan.test.") && !strings.Contains(q, "_domainkey") && !strings.Contains(q, "_dmarc") {
			n += c
		}
	}
	return n
}

// TestFaultDNSQueryCap: a config with many DKIM selectors (the config is
// repository content) cannot make the domain check send unbounded queries:
// the selectors past the cap are named as not checked, never passed.
func TestFaultDNSQueryCap(t *testing.T) {
	t.Parallel()
	dns, err := dnstest.Start("cap.test. 300 IN TXT \"v=spf1 -all\"\n_dmarc.cap.test. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@cap.test\"\ncap.test. 300 IN MX 10 mx.cap.test.\n")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dns.Close)
	var sel []string
	for i := 0; i < 500; i++ {
		sel = append(sel, fmt.Sprintf("      - sel%d\n", i))
	}
	r := repoWith(t, map[string]string{".launchready.yml": "email:\n  domain: cap.test\n  selectors:\n" + strings.Join(sel, "")})
	doc, res := runJSON(t, "--repo", r.Dir, "--check", "email", "--dns-server", dns.Addr)
	if n := dns.Total(); n > emailauth.MaxQueries {
		t.Errorf("the DNS server saw %d queries, want at most %d", n, emailauth.MaxQueries)
	}
	t.Logf("queries: %d", dns.Total())
	status, reason := doc.row("email")
	if status != "not-checked" || !strings.Contains(reason, "500 selectors are configured and launchready looks up at most") || res.code != exitNotRun {
		t.Errorf("email row %s (%q), exit %d; want not checked naming the selector cap, exit %d", status, reason, res.code, exitNotRun)
	}
}

// denseSpec is an OpenAPI 3 spec of about size bytes of small operations,
// the shape that costs the most memory per byte.
func denseSpec(size int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: big, version: \"1\"}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\nsecurity: [{key: []}]\npaths:\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `  /items%d/{id}:
    get:
      operationId: getItem%d
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, maxLength: 64}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                  name: {type: string}
                  tags: {type: array, items: {type: string}}
`, i, i)
	}
	return b.String()
}

// TestFaultSpecMemoryCost: a 30 MiB YAML spec, under the 32 MB size cap,
// took 3.8-4.9 GB of memory to load. Specs are now refused before parsing
// when their node count says they would need more than openapi.max-memory-mb
// (default 1024): the rows are not checked, with the reason, never passed.
func TestFaultSpecMemoryCost(t *testing.T) {
	t.Parallel()
	big := denseSpec(30 << 20)
	desc := "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /health:\n    get:\n      description: \"" + strings.Repeat("lorem ipsum ", 100_000) + "\"\n      security: []\n      responses: {\"200\": {description: ok}}\n"
	swaggerFan := map[string]string{"swagger.yaml": "swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths:\n  /a: {$ref: 'l0.yaml'}\n"}
	for i := 0; i < 6; i++ {
		var b strings.Builder
		for j := 0; j < 10; j++ {
			fmt.Fprintf(&b, "k%d: {$ref: 'l%d.yaml'}\n", j, i+1)
		}
		swaggerFan[fmt.Sprintf("l%d.yaml", i)] = b.String()
	}
	swaggerFan["l6.yaml"] = "get: {responses: {'200': {description: ok}}}\n"
	cases := []struct {
		name   string
		files  map[string]string
		config string
		tooBig bool
	}{
		// The spec, at the default limit: refused in a fraction of
		// a second instead of 17 s and 3.8 GB.
		{"30 MiB of small operations", map[string]string{"openapi.yaml": big}, "", true},
		// A small limit stands for the default on smaller inputs.
		{"1 MiB of small operations, 64 MB limit", map[string]string{"openapi.yaml": denseSpec(1 << 20)}, "openapi: {max-memory-mb: 64}\n", true},
		// Bytes are not the measure: 1.2 MB of one description is cheap.
		{"1 MiB of description, 64 MB limit", map[string]string{"openapi.yaml": desc}, "openapi: {max-memory-mb: 64}\n", false},
		// The files a spec refers to count too.
		{"OpenAPI 3 refers to a big file", map[string]string{"openapi.yaml": "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /a: {$ref: 'big.yaml#/item'}\n",
			"big.yaml": "item:\n  get: {responses: {'200': {description: ok}}}\n" + denseSpec(1<<20)}, "openapi: {max-memory-mb: 64}\n", true},
		// Swagger 2.0 file refs that fan out (10^6 copies when inlined).
		{"Swagger 2.0 ref fan-out", swaggerFan, "openapi: {max-memory-mb: 64}\n", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{}
			if tc.config != "" {
				files[".launchready.yml"] = tc.config
			}
			r := repoWith(t, files)
			for p, c := range tc.files {
				// Untracked files are part of the work tree the check reads.
				if err := os.WriteFile(filepath.Join(r.Dir, p), []byte(c), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			doc, res := runJSON(t, "--repo", r.Dir, "--check", "openapi")
			status, reason := doc.row("authentication")
			var msg string
			for _, f := range doc.Findings {
				if f.RuleID == "openapi/spec-unloadable" {
					msg = f.Message
				}
			}
			if !tc.tooBig {
				if msg != "" || status == "not-checked" {
					t.Errorf("a cheap spec was refused: %s (%q) %q", status, reason, msg)
				}
				return
			}
			if status != "not-checked" || res.code != exitNotRun || !strings.Contains(msg, "too large to analyse safely") ||
				!strings.Contains(msg, "MB limit") {
				t.Errorf("authentication %s (%q), exit %d, message %q; want not checked because the spec is too large to analyse safely", status, reason, res.code, msg)
			}
		})
	}
}
