package annotate

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/launchready/launchready/internal/finding"
)

// TestSARIFRelatedLocations: an aggregated finding lists every operation it
// covers as a SARIF related location, numbered, in the repository, with
// its operation as an escaped plain-text message (a spec path such as
// "[x](https://evil.test)" must not become a link), and the file still
// validates against the OASIS schema.
func TestSARIFRelatedLocations(t *testing.T) {
	t.Parallel()
	r := sample()
	var rel []finding.Related
	for i, op := range []string{"GET /a", "DELETE /b/{id}", "GET /[x](https://evil.test)"} {
		rel = append(rel, finding.Related{Path: "openapi.yaml", StartLine: 10 + i, Method: strings.Fields(op)[0], Operation: op})
	}
	rel = append(rel, finding.Related{StartLine: 1, Operation: "GET /no-file"})
	r.Findings = append(r.Findings, finding.Finding{RuleID: "openapi/auth-unknown", Row: finding.RowAuthentication, Severity: finding.SeverityMedium,
		Title: "t", Message: "3 sensitive operations, such as ...", Remediation: "declare security",
		Location: finding.Location{Path: "openapi.yaml", StartLine: 10}, Fingerprint: "fp-related", Related: rel})
	got := render(t, "sarif", r, Options{})

	schemaFile, _ := filepath.Abs(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaFile, schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF with related locations does not validate: %v", err)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID           string `json:"ruleId"`
				RelatedLocations []struct {
					ID               int `json:"id"`
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
					Message struct{ Text string }
				} `json:"relatedLocations"`
			}
		}
	}
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, res := range doc.Runs[0].Results {
		if res.RuleID != "openapi/auth-unknown" {
			if len(res.RelatedLocations) != 0 {
				t.Errorf("%s has related locations", res.RuleID)
			}
			continue
		}
		found = true
		rl := res.RelatedLocations
		if len(rl) != 3 {
			t.Fatalf("related locations %+v, want the 3 operations (not the one without a file)", rl)
		}
		for i, l := range rl {
			if l.ID != i+1 || l.PhysicalLocation.ArtifactLocation.URI != "openapi.yaml" || l.PhysicalLocation.Region.StartLine != 10+i {
				t.Errorf("related %d: %+v", i, l)
			}
		}
		if rl[2].Message.Text != `GET /\[x\](https://evil.test)` {
			t.Errorf("related message not escaped: %q", rl[2].Message.Text)
		}
	}
	if !found {
		t.Fatal("the aggregated finding is not in SARIF")
	}
}
