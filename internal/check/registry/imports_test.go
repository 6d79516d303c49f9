package registry

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/launchready/launchready/"

// analyzers are the packages that read inputs and emit findings. None may
// import another (DESIGN.md §1): what they share comes through check.Input
// or from packages that are not analyzers.
var analyzers = []string{"secrets", "wiring", "deploy", "openapi", "probe", "emailauth"}

// goList runs `go list -f format pkgs...` and returns its lines, each split
// into fields. A test binary runs under the go command, which is on PATH.
func goList(t *testing.T, format string, pkgs ...string) [][]string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-f", format}, pkgs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", pkgs, err, out)
	}
	var lines [][]string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines = append(lines, f)
		}
	}
	return lines
}

// TestAnalyzersDoNotImportEachOther lists each analyzer's dependencies
// (tests excluded) and fails on any other analyzer among them, or on one of
// its subpackages (wiring/lex, emailauth/dnstest).
func TestAnalyzersDoNotImportEachOther(t *testing.T) {
	t.Parallel()
	var pkgs []string
	for _, a := range analyzers {
		pkgs = append(pkgs, module+"internal/"+a)
	}
	lines := goList(t, "{{.ImportPath}} {{join .Deps \" \"}}", pkgs...)
	if len(lines) != len(analyzers) {
		t.Fatalf("go list listed %d packages, want %d", len(lines), len(analyzers))
	}
	for _, l := range lines {
		a, deps := strings.TrimPrefix(l[0], module+"internal/"), l[1:]
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
	banned := []string{"internal/emailauth/dnstest", "internal/localtls", "internal/annotate/ghreport/fakegithub",
		"internal/gitrepo/fixture", "internal/testutil", "internal/probe/expresstwin"}
	for _, a := range analyzers {
		banned = append(banned, "internal/"+a)
	}
	for _, l := range goList(t, "{{.ImportPath}} {{join .Imports \" \"}}", module+"cmd/action", module+"cmd/precommit") {
		for _, imp := range l[1:] {
			for _, b := range banned {
				if imp == module+b {
					t.Errorf("%s imports %s", l[0], b)
				}
			}
		}
	}
}

// TestOnlyTwoCommands: the pre-commit framework's golang hooks run
// `go install ./...`, so only the two commands may be main packages
// reachable by the module's ./... (the benchmark and maintenance tools
// build with -tags tools).
func TestOnlyTwoCommands(t *testing.T) {
	t.Parallel()
	var got []string
	for _, l := range goList(t, `{{if eq .Name "main"}}{{.ImportPath}}{{end}}`, module+"...") {
		got = append(got, l[0])
	}
	slices.Sort(got)
	want := []string{module + "cmd/action", module + "cmd/precommit"}
	if !slices.Equal(got, want) {
		t.Errorf("main packages reachable by ./... = %v, want %v", got, want)
	}
}
