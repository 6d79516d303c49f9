package registry

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/launchready/launchready/"

// analyzers are the packages that read inputs and emit findings. None may
// import another (DESIGN.md §1): what they share comes through check.Input
// or from packages that are not analyzers.
var analyzers = []string{"secrets", "wiring", "deploy", "openapi", "probe", "emailauth"}

// TestAnalyzersDoNotImportEachOther lists each analyzer's dependencies
// (go list -deps, tests excluded) and fails on any other analyzer among
// them, or on one of its subpackages (wiring/lex, emailauth/dnstest).
func TestAnalyzersDoNotImportEachOther(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	for _, a := range analyzers {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", module+"internal/"+a).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", a, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 2 {
			t.Fatalf("go list %s listed %q", a, deps)
		}
		for _, dep := range deps {
			for _, b := range analyzers {
				pkg := module + "internal/" + b
				if b != a && (dep == pkg || strings.HasPrefix(dep, pkg+"/")) {
					t.Errorf("analyzer %s imports analyzer %s (%s)", a, b, dep)
				}
			}
		}
	}
}
