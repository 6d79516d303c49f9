package launchready

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The pre-commit framework's golang hooks run `go install ./...`: only the
// two commands may be main packages reachable by ./... (the benchmark and
// maintenance tools build with -tags tools).
func TestOnlyTwoCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-f", `{{if eq .Name "main"}}{{.ImportPath}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	got := strings.Fields(string(out))
	slices.Sort(got)
	want := []string{
		"github.com/launchready/launchready/cmd/action",
		"github.com/launchready/launchready/cmd/precommit",
	}
	if !slices.Equal(got, want) {
		t.Errorf("main packages reachable by ./... = %v, want %v", got, want)
	}
}
