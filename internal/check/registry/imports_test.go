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

// TestCommandsImportNoTestServer: the commands import no test helper or
// test server directly (the demo owns its loopback DNS server and
// preview), and no analyzer: they reach the checks through the registry.
func TestCommandsImportNoTestServer(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	banned := []string{"internal/emailauth/dnstest", "internal/localtls", "internal/annotate/ghreport/fakegithub",
		"internal/gitrepo/fixture", "internal/testutil", "internal/probe/expresstwin"}
	for _, a := range analyzers {
		banned = append(banned, "internal/"+a)
	}
	for _, cmd := range []string{"cmd/action", "cmd/precommit"} {
		out, err := exec.Command("go", "list", "-f", "{{join .Imports \"\\n\"}}", module+cmd).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", cmd, err, out)
		}
		for _, imp := range strings.Fields(string(out)) {
			for _, b := range banned {
				if imp == module+b {
					t.Errorf("%s imports %s", cmd, b)
				}
			}
		}
	}
}
