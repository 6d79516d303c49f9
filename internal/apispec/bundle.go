package apispec

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/launchready/launchready/internal/safefile"
)

// bundle inlines the file $refs of a Swagger 2.0 document (a decoded YAML
// or JSON tree, root at rel), so that openapi2conv, which knows nothing of
// other files, sees every path item, parameter, response and schema.
// Multi-file Swagger specs put each path item in its own file
// (paths: {/users: {$ref: paths/users.yaml}}); unresolved, they convert to
// a document without operations.
//
// References are confined like confinedReader's: relative paths inside the
// repository, read through src (which refuses symbolic links that leave
// it), never URLs. A "#/..." reference inside another file means that
// file's own content and is inlined too; a reference back into the root
// file becomes a "#/..." reference of the root. A reference cycle is cut
// with an empty schema. The expansion is bounded by a node budget (files
// referenced many times over are copied each time).
type bundler struct {
	src      Source
	root     string
	maxBytes int64
	// budget is the number of nodes the bundled tree may still grow by;
	// limit the memory limit it stands for.
	budget int
	limit  int64
	// read is the bytes read from referenced files so far (capped at
	// maxBytes in all).
	read  int64
	files map[string]any
	raw   map[string][]byte
	// items records, per path, where a path item that was a $ref lives.
	items map[string]refTarget
}

// refTarget is a place in a referenced file: the file and the key path of
// its JSON pointer.
type refTarget struct {
	file string
	keys []string
}

// maxBundleNodes bounds the nodes a bundled Swagger document may have
// when no memory limit sets the budget.
const maxBundleNodes = 2_000_000

var errBundleBudget = errors.New("too many nodes")

func newBundler(src Source, root string, maxBytes int64) *bundler {
	return &bundler{src: src, root: root, maxBytes: maxBytes, budget: maxBundleNodes,
		files: map[string]any{}, raw: map[string][]byte{}, items: map[string]refTarget{}}
}

// run bundles the root tree. Its errors are *refusal (a reference launchready
// will not follow), *brokenRef, or errBundleBudget; none quotes file content.
func (b *bundler) run(tree any) (any, error) {
	refs := pathItemRefs(tree)
	if len(refs) == 0 && !hasFileRef(tree, 0) {
		return tree, nil
	}
	// The root's own nodes, for path item references into it.
	b.files[b.root] = tree
	// A path item that is a $ref (into another file, into the root, or a
	// chain of them) is replaced by the node it ends at: openapi2conv
	// resolves none of these, and an unresolved one converts to a path
	// without operations.
	ends := map[string]any{}
	for p, ref := range refs {
		node, file, frag, _, err := b.chainEnd(ref, b.root)
		if err != nil {
			var r *refusal
			var br *brokenRef
			if errors.As(err, &r) && r.in == "" {
				r.in = b.root
			} else if errors.As(err, &br) && br.in == "" {
				br.in = b.root
			}
			return nil, err
		}
		c, err := b.walk(node, file, []string{file + "#" + frag}, 1)
		if err != nil {
			return nil, err
		}
		ends[p] = c
		b.items[p] = refTarget{file: file, keys: pointerKeys(frag)}
	}
	out, err := b.walk(tree, b.root, nil, 0)
	if err != nil {
		return nil, err
	}
	if m, ok := out.(map[string]any); ok {
		if paths, ok := m["paths"].(map[string]any); ok {
			for p, c := range ends {
				paths[p] = c
			}
		}
	}
	return out, nil
}

// brokenRef is a reference to a file or pointer that does not exist.
type brokenRef struct{ ref, why, in string }

func (e *brokenRef) Error() string { return e.ref + ": " + e.why }

// target resolves ref, found in file, to a repository path and a fragment.
func (b *bundler) target(ref, file string) (string, string, error) {
	filePart, frag, _ := strings.Cut(ref, "#")
	if filePart == "" {
		return file, frag, nil
	}
	if u, err := url.Parse(filePart); err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(filePart, "//") {
		return "", "", &refusal{ref: ref, why: "is a URL; launchready never fetches URLs from a spec"}
	}
	if strings.Contains(filePart, "\\") {
		return "", "", &refusal{ref: ref, why: "is not a relative path with forward slashes"}
	}
	if path.IsAbs(filePart) {
		return "", "", &refusal{ref: ref, why: "is outside the repository"}
	}
	p := path.Clean(path.Join(path.Dir(file), filePart))
	if p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
		return "", "", &refusal{ref: ref, why: "is outside the repository"}
	}
	return p, frag, nil
}

func (b *bundler) spend(n int) error {
	b.budget -= n
	if b.budget < 0 {
		return errBundleBudget
	}
	return nil
}

// walk copies v, found in file, with its references resolved. stack holds
// the references being expanded (file#fragment), for cycles.
func (b *bundler) walk(v any, file string, stack []string, depth int) (any, error) {
	if depth > 10000 {
		return nil, errBundleBudget
	}
	if err := b.spend(1); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			return b.resolve(ref, file, stack, depth)
		}
		if err := b.spend(len(x)); err != nil { // the keys
			return nil, err
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			c, err := b.walk(e, file, stack, depth+1)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := b.walk(e, file, stack, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	return v, nil
}

func (b *bundler) resolve(ref, file string, stack []string, depth int) (any, error) {
	v, err := b.resolveRef(ref, file, stack, depth)
	var r *refusal
	var br *brokenRef
	if errors.As(err, &r) && r.in == "" {
		r.in = file
	} else if errors.As(err, &br) && br.in == "" {
		br.in = file
	}
	return v, err
}

func (b *bundler) resolveRef(ref, file string, stack []string, depth int) (any, error) {
	target, frag, err := b.target(ref, file)
	if err != nil {
		return nil, err
	}
	if target == b.root {
		// The root document's own component: openapi2conv resolves it.
		return map[string]any{"$ref": "#" + frag}, nil
	}
	key := target + "#" + frag
	for _, s := range stack {
		if s == key {
			// A cycle (a recursive schema across files): cut it.
			return map[string]any{}, nil
		}
	}
	doc, err := b.load(ref, target)
	if err != nil {
		return nil, err
	}
	node, ok := lookupPointer(doc, pointerKeys(frag))
	if !ok {
		return nil, &brokenRef{ref: ref, why: "points at nothing"}
	}
	return b.walk(node, target, append(stack, key), depth+1)
}

// load reads and decodes a referenced file once.
func (b *bundler) load(ref, file string) (any, error) {
	if doc, ok := b.files[file]; ok {
		return doc, nil
	}
	data, err := b.src.Read(file, b.maxBytes-b.read)
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, &refusal{ref: ref, why: fmt.Sprintf("makes the spec's files larger than %d MB in all, the limit for a spec", b.maxBytes>>20)}
	case err != nil:
		if r := refusedRead(ref, err); r != nil {
			return nil, r
		}
		return nil, &brokenRef{ref: ref, why: "names a file that cannot be read in the repository"}
	}
	b.read += int64(len(data))
	b.raw[file] = data
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &brokenRef{ref: ref, why: "names a file that is not valid YAML or JSON"}
	}
	doc = stringKeys(doc)
	b.files[file] = doc
	return doc, nil
}

// pointerKeys splits a JSON pointer ("/definitions/User") into keys.
func pointerKeys(frag string) []string {
	frag = strings.TrimPrefix(frag, "/")
	if frag == "" {
		return nil
	}
	var keys []string
	for _, p := range strings.Split(frag, "/") {
		keys = append(keys, strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~"))
	}
	return keys
}

func lookupPointer(v any, keys []string) (any, bool) {
	for _, k := range keys {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return nil, false
			}
		case []any:
			i := 0
			if _, err := fmt.Sscanf(k, "%d", &i); err != nil || i < 0 || i >= len(x) || fmt.Sprint(i) != k {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// hasFileRef reports whether a tree has a $ref to another file.
func hasFileRef(v any, depth int) bool {
	if depth > 10000 {
		return true
	}
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok && !strings.HasPrefix(ref, "#") {
			return true
		}
		for _, e := range x {
			if hasFileRef(e, depth+1) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasFileRef(e, depth+1) {
				return true
			}
		}
	}
	return false
}

// refusedRead is the refusal for a $ref whose file the confined reader
// refused (a link out of the repository, a FIFO), or nil for another read
// error. It names the reference, never the file's content.
func refusedRead(ref string, err error) *refusal {
	switch {
	case errors.Is(err, safefile.ErrOutside), errors.Is(err, safefile.ErrLink):
		return &refusal{ref: ref, why: "is outside the repository (through a symbolic link)"}
	case errors.Is(err, safefile.ErrNotRegular):
		return &refusal{ref: ref, why: "is not a regular file"}
	}
	return nil
}

// maxPathItemHops bounds a chain of path item $refs (a path item that is
// only a $ref to another, and so on).
const maxPathItemHops = 16

// chainEnd follows a path item's $ref, found in file, through path items
// that are themselves only a $ref (paths/a.yaml holding $ref: b.yaml;
// #/x-a holding $ref: '#/x-b'), to the node that holds the operations. It
// returns that node, the file it lives in and its fragment, and the
// number of hops. References are confined as everywhere in the bundler.
func (b *bundler) chainEnd(ref, file string) (node any, endFile, frag string, hops int, err error) {
	seen := map[string]bool{}
	for hops = 1; ; hops++ {
		target, fr, err := b.target(ref, file)
		if err != nil {
			return nil, "", "", hops, err
		}
		key := target + "#" + fr
		if seen[key] {
			return nil, "", "", hops, &brokenRef{ref: ref, why: "is a cycle of path item references"}
		}
		seen[key] = true
		if hops > maxPathItemHops {
			return nil, "", "", hops, &brokenRef{ref: ref, why: fmt.Sprintf("is a chain of more than %d path item references", maxPathItemHops)}
		}
		doc, err := b.load(ref, target)
		if err != nil {
			return nil, "", "", hops, err
		}
		n, ok := lookupPointer(doc, pointerKeys(fr))
		if !ok {
			return nil, "", "", hops, &brokenRef{ref: ref, why: "points at nothing"}
		}
		if m, ok := n.(map[string]any); ok {
			if next, ok := m["$ref"].(string); ok {
				ref, file = next, target
				continue
			}
		}
		return n, target, fr, hops, nil
	}
}

// pathItemRefs lists the paths of a decoded root tree whose path item is
// a $ref, with the reference.
func pathItemRefs(tree any) map[string]string {
	out := map[string]string{}
	m, _ := tree.(map[string]any)
	paths, _ := m["paths"].(map[string]any)
	for p, item := range paths {
		if im, ok := item.(map[string]any); ok {
			if ref, ok := im["$ref"].(string); ok {
				out[p] = ref
			}
		}
	}
	return out
}
