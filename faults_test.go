package launchready

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// TestFaultMatrix keeps testdata/faults/matrix.md honest: every row names
// a case, its input, the expected outcome and the test that proves it, as
// path:TestName (a subtest may follow after a slash), and that test exists.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/faults/matrix.md")
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]map[string]bool{} // file -> test functions
	rows := 0
	for n, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| #") || strings.HasPrefix(line, "|--") || strings.HasPrefix(line, "| --") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 5 {
			t.Errorf("matrix.md:%d: want 5 cells (item, case, input, expected outcome, test), got %d", n+1, len(cells))
			continue
		}
		for i, c := range cells {
			if strings.TrimSpace(c) == "" {
				t.Errorf("matrix.md:%d: cell %d is empty", n+1, i+1)
			}
		}
		rows++
		for _, ref := range strings.Split(cells[4], ", ") {
			ref = strings.Trim(ref, "`")
			file, name, ok := strings.Cut(ref, ":")
			name, _, _ = strings.Cut(name, "/")
			if !ok || !strings.HasSuffix(file, "_test.go") || !strings.HasPrefix(name, "Test") {
				t.Errorf("matrix.md:%d: test %q is not path/to/x_test.go:TestName", n+1, ref)
				continue
			}
			if funcs[file] == nil {
				funcs[file] = testFuncs(t, file)
			}
			if !funcs[file][name] {
				t.Errorf("matrix.md:%d: %s has no func %s", n+1, file, name)
			}
		}
	}
	if rows < 10 {
		t.Errorf("matrix.md has %d rows", rows)
	}
}

func testFuncs(t *testing.T, file string) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Errorf("%s: %v", file, err)
		return map[string]bool{}
	}
	names := map[string]bool{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil {
			names[fn.Name.Name] = true
		}
	}
	return names
}
