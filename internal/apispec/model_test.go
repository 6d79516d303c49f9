package apispec

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestExposureModelGolden computes the exposure model of every operation of
// the specs in testdata/apispec/model and compares it with the golden
// next to each (go test ./internal/apispec -run Model -update rewrites
// them). The config the model reads is the same for every spec:
// openapi.public lists "GET /status/*", and probe.object-ids gives
// accountId a member's and someone else's id.
func TestExposureModelGolden(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "testdata", "apispec", "model")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Public: []string{"GET /status/*"}, Owners: map[string][]string{"accountId": {"member", "other"}}}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".golden") || e.IsDir() {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			spec, prob := Load(context.Background(), memSource{name: data}, name, 1<<20)
			if prob != nil {
				t.Fatalf("load: %s", prob.Message)
			}
			// One operation a line, as JSON.
			var lines []string
			for _, o := range Ops(spec, opt) {
				b, _ := json.Marshal(o.Exposure())
				lines = append(lines, string(b))
			}
			if len(lines) == 0 {
				t.Fatal("no operations")
			}
			testutil.Golden(t, filepath.Join(dir, name+".golden"), strings.Join(lines, "\n")+"\n", *update)
		})
	}
	if n < 6 {
		t.Fatalf("only %d model cases", n)
	}
}

// FuzzExposureModel: any spec that loads gets a model for each operation
// (role extensions of any shape, odd paths), without a panic.
func FuzzExposureModel(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "apispec", "model", "*.*"))
	for _, s := range seeds {
		if strings.HasSuffix(s, ".golden") {
			continue
		}
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a/{id}/Login.json:\n    get:\n      x-roles: {a: [[admin, {b: 1}]], c: 2}\n      tags: [Admin]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, prob := Load(context.Background(), memSource{"spec.yaml": data}, "spec.yaml", 1<<20)
		if prob != nil || spec == nil {
			return
		}
		for _, o := range Ops(spec, Options{Public: []string{"GET /*"}, Owners: map[string][]string{"id": {"member"}}}) {
			if _, err := json.Marshal(o.Exposure()); err != nil {
				t.Fatal(err)
			}
		}
	})
}
