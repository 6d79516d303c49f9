package wiring

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	fw "github.com/launchready/launchready/internal/wiring/frameworks"
)

// TestREADMEFrameworkList: README's list of what the code scan reads is the
// one the framework tables generate (go run -tags tools ./scripts/wiringdocs).
func TestREADMEFrameworkList(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := FrameworksMarkdown()
	readme := string(src)
	i, j := strings.Index(readme, docsStart), strings.Index(readme, docsEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %s ... %s markers around the list of what the code scan reads; paste this block (go run -tags tools ./scripts/wiringdocs prints it):\n\n%s", docsStart, docsEnd, want)
	}
	got := readme[i : j+len(docsEnd)+1]
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		var diff []string
		for k := 0; k < max(len(gl), len(wl)); k++ {
			var g, w string
			if k < len(gl) {
				g = gl[k]
			}
			if k < len(wl) {
				w = wl[k]
			}
			if g != w {
				diff = append(diff, "- "+g, "+ "+w)
			}
		}
		t.Fatalf("README.md's code-scan list differs from the framework tables (- README, + tables):\n%s\n\nreplace the block with (go run -tags tools ./scripts/wiringdocs):\n\n%s", strings.Join(diff, "\n"), want)
	}
}

// TestFrameworkTables: every library declares what it reads and where its
// documented defaults come from, and names its calls.
func TestFrameworkTables(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, lib := range fw.All() {
		if lib.Name == "" || lib.Reads == "" || !strings.HasPrefix(lib.Docs, "https://") {
			t.Errorf("library %q: name, Reads and a Docs URL are required", lib.Name)
		}
		if seen[string(lib.Lang)+lib.Name] {
			t.Errorf("library %q declared twice", lib.Name)
		}
		seen[string(lib.Lang)+lib.Name] = true
		for _, c := range lib.CORS {
			if c.Label == "" || c.Call.Func == "" && c.Call.Module == "" && !c.Call.Config {
				t.Errorf("library %q: a CORS entry without a call or label", lib.Name)
			}
		}
		for _, c := range lib.Cookies {
			if c.Secure == "" || c.HTTPOnly == "" {
				t.Errorf("library %q: a cookie entry without its flag options", lib.Name)
			}
		}
	}
}
