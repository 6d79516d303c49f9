package apispec

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// lineIndex finds lines in the root document's YAML node tree (JSON is
// YAML too): for Swagger 2.0, whose converted document has no origins, and
// for load errors. The tree is built on first use.
type lineIndex struct {
	data   []byte
	parsed bool
	root   *yaml.Node
	err    error
}

func (ix *lineIndex) tree() *yaml.Node {
	if !ix.parsed {
		ix.parsed = true
		var doc yaml.Node
		if ix.err = yaml.Unmarshal(ix.data, &doc); ix.err == nil {
			ix.root = &doc
			if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
				ix.root = doc.Content[0]
			}
		}
	}
	return ix.root
}

var yamlErrLine = regexp.MustCompile(`line (\d+)`)

// syntaxErrorLine is the line yaml.v3 reports for a syntax error, or 1.
func (ix *lineIndex) syntaxErrorLine() int {
	ix.tree()
	if ix.err != nil {
		if m := yamlErrLine.FindStringSubmatch(ix.err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 1
}

// get walks a path of mapping keys.
func (ix *lineIndex) get(keys ...string) *yaml.Node {
	n := ix.tree()
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
				if len(keys) > 0 && k == keys[len(keys)-1] {
					// Return the key node: its line is the line to report.
					next = &yaml.Node{Kind: next.Kind, Content: next.Content, Line: n.Content[i].Line, Value: next.Value}
				}
				break
			}
		}
		n = next
	}
	return n
}

// line returns the line of the key path, or 0.
func (ix *lineIndex) line(keys ...string) int {
	if n := ix.get(keys...); n != nil {
		return n.Line
	}
	return 0
}

// walkRefs calls f for every $ref value with its line, stopping when f
// returns false. Aliases are not followed (yaml.v3 expands them with its
// own limits; a reference through an alias is reported where defined).
func (ix *lineIndex) walkRefs(f func(ref string, line int) bool) {
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n == nil {
			return true
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "$ref" && n.Content[i+1].Kind == yaml.ScalarNode {
					if !f(n.Content[i+1].Value, n.Content[i].Line) {
						return false
					}
				}
			}
		}
		if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
			for _, c := range n.Content {
				if !walk(c) {
					return false
				}
			}
		}
		return true
	}
	walk(ix.tree())
}

func (ix *lineIndex) refLine(ref string) (int, bool) {
	line := 1
	found := false
	ix.walkRefs(func(r string, l int) bool {
		if r == ref || strings.HasPrefix(ref, r) || strings.HasPrefix(r, ref) {
			line, found = l, true
			return false
		}
		return true
	})
	return line, found
}

// firstBrokenLocalRef finds a "#/..." $ref whose target is not in the root
// document.
func (ix *lineIndex) firstBrokenLocalRef() (int, string) {
	line, out := 0, ""
	ix.walkRefs(func(r string, l int) bool {
		if !strings.HasPrefix(r, "#/") {
			return true
		}
		var keys []string
		for _, p := range strings.Split(r[2:], "/") {
			keys = append(keys, strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~"))
		}
		if ix.get(keys...) == nil {
			line, out = l, r
			return false
		}
		return true
	})
	return line, out
}

// KeyLine is the line of a key for a spec whose loader recorded no origin:
// found by its YAML key paths in a Swagger 2.0 document (the latest line
// any of them is on), or by its JSON pointer in a very large JSON spec; 0
// when unknown.
func (s *Spec) KeyLine(pointer string, yamlPaths ...[]string) int {
	switch {
	case s.lines != nil:
		n := 0
		for _, p := range yamlPaths {
			n = max(n, s.lines.line(p...))
		}
		return n
	case s.keyLines != nil:
		return s.keyLines[pointer]
	}
	return 0
}
