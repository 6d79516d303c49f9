package apispec

import (
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// yamlNodes counts yaml.v3's scalar and collection nodes.
func yamlNodes(t testing.TB, data string) int {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(data), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(*yaml.Node)
	walk = func(x *yaml.Node) {
		n++
		for _, c := range x.Content {
			walk(c)
		}
	}
	walk(&doc)
	return n
}

func TestCountNodesTracksTheParser(t *testing.T) {
	t.Parallel()
	var dense, flow, desc strings.Builder
	dense.WriteString("openapi: 3.0.3\npaths:\n")
	flow.WriteString(`{"openapi": "3.0.3", "paths": {`)
	desc.WriteString("openapi: 3.0.3\npaths:\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&dense, "  /a%d:\n    get:\n      tags: [a, b, c]\n      parameters:\n        - name: id # the id\n          in: path\n          schema: {type: string, maxLength: 9}\n      responses:\n        '200': {description: ok}\n", i)
		if i > 0 {
			flow.WriteString(",")
		}
		fmt.Fprintf(&flow, `"/a%d": {"get": {"tags": ["a", "b"], "responses": {"200": {"description": "ok: \"quoted\", {not} [nodes]"}}}}`, i)
		fmt.Fprintf(&desc, "  /a%d:\n    get:\n      description: |\n        key: value, [not, nodes]\n        - not an item\n%s      responses: {'200': {description: 'it''s: fine'}}\n", i, strings.Repeat("        more: text\n", 20))
	}
	flow.WriteString("}}")
	for name, doc := range map[string]string{"block": dense.String(), "json": flow.String(), "block scalars": desc.String()} {
		got, real := countNodes([]byte(doc)), yamlNodes(t, doc)
		if got < real*8/10 || got > real*2 {
			t.Errorf("%s: estimate %d for %d yaml.v3 nodes, want within [0.8, 2]x", name, got, real)
		}
	}
}

func FuzzCountNodes(f *testing.F) {
	f.Add("a: b\nc: [d, e]\n")
	f.Add(`{"a": {"b": [1, 2, "x:y"]}}`)
	f.Add("k: |\n  x: y\nz: 'it''s'\n# c: d\n- q\n")
	f.Fuzz(func(t *testing.T, s string) {
		if n := countNodes([]byte(s)); n < 0 || n > 2*len(s)+1 {
			t.Fatalf("%d nodes for %d bytes", n, len(s))
		}
	})
}

// TestHoldMemoryLowersOnly: an accepted spec lowers the soft memory limit
// to seven eighths of the spec limit, never raises it.
func TestHoldMemoryLowersOnly(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	debug.SetMemoryLimit(math.MaxInt64)
	holdMemory(1 << 30)
	if got := debug.SetMemoryLimit(-1); got != 1<<30-1<<27 {
		t.Errorf("soft limit %d after holdMemory(1 GiB)", got)
	}
	holdMemory(4 << 30)
	if got := debug.SetMemoryLimit(-1); got != 1<<30-1<<27 {
		t.Errorf("soft limit raised to %d", got)
	}
}
