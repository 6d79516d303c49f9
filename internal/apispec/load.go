package apispec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// DefaultMaxSizeMB caps a spec file.
const DefaultMaxSizeMB = 32

// LoadTimeout bounds loading one spec.
const LoadTimeout = 60 * time.Second

// Spec is a loaded spec.
type Spec struct {
	Path    string // repository-relative
	Doc     *openapi3.T
	Swagger bool // converted from Swagger 2.0
	// keyLines locates keys of very large JSON specs, loaded without
	// origins (jsonKeyLines).
	keyLines map[string]int
	// lines locates operations and properties when the loader recorded no
	// origins (Swagger 2.0 converted to 3).
	lines *lineIndex
	// refItems are the Swagger 2.0 path items that were $refs to other
	// files, and raw those files' bytes, to locate their operations.
	refItems map[string]refTarget
	raw      map[string][]byte
	fileIdx  map[string]*lineIndex
}

// LoadProblem is a spec that could not be loaded: what and where, never the
// loader's raw text (it can quote the bytes of a referenced file).
type LoadProblem struct {
	// OutsideRef says the spec refers outside the repository (a URL, a
	// path out of it), which is refused; otherwise it could not be loaded.
	OutsideRef bool
	Line       int
	Message    string
	Fix        string
}

// refusal is our ReadFromURIFunc's answer to a reference it will not read.
type refusal struct {
	ref, why string
	in       string // the file holding the $ref, when known
}

func (r *refusal) Error() string { return r.ref + ": " + r.why }

// Load reads and parses one spec from src, within the default memory
// limit.
func Load(ctx context.Context, src Source, rel string, maxBytes int64) (*Spec, *LoadProblem) {
	return LoadWithin(ctx, src, rel, maxBytes, DefaultMaxMemoryMB<<20)
}

// LoadWithin reads and parses one spec from src. A spec (with the files its
// $refs read) estimated to need more than maxMemory bytes is refused before
// it is parsed: loading costs memory by node, and a 30 MiB YAML spec of
// small operations took 3.8 GB.
func LoadWithin(ctx context.Context, src Source, rel string, maxBytes, maxMemory int64) (*Spec, *LoadProblem) {
	data, err := src.Read(rel, maxBytes)
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, &LoadProblem{Line: 1,
			Message: fmt.Sprintf("%s is larger than %d MB, the limit for a spec", rel, maxBytes>>20),
			Fix:     "Raise openapi.max-size-mb in .launchready.yml, or split the spec into files joined by $ref."}
	case err != nil:
		return nil, &LoadProblem{Line: 1, Message: fmt.Sprintf("%s cannot be read", rel),
			Fix: "Check the path in openapi.specs or --spec."}
	}
	// A UTF-8 byte order mark is allowed before the document (JSON and
	// YAML); neither encoding/json nor the loader accepts it.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	head := versionKey.FindSubmatch(firstBytes(data, 65536))
	need, nodes := estimateMemory(data, head != nil && strings.EqualFold(string(head[1]), "swagger"))
	if need > maxMemory {
		return nil, costProblem(rel, &costError{nodes: nodes, need: need, limit: maxMemory})
	}
	holdMemory(maxMemory)
	idx := &lineIndex{data: data}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		// JSON: a cheap validity check. Parsing a 13 MB spec into a node
		// tree as well as kin-openapi's own parse would double the cost.
		if !json.Valid(data) {
			return nil, &LoadProblem{Line: idx.syntaxErrorLine(),
				Message: fmt.Sprintf("%s is not valid JSON", rel), Fix: "Fix the syntax at that line (a JSON linter shows the exact problem)."}
		}
	} else if idx.tree() == nil {
		// YAML: our parse locates syntax errors by line; yaml.v3 refuses
		// alias bombs and pathological nesting.
		return nil, &LoadProblem{Line: idx.syntaxErrorLine(),
			Message: fmt.Sprintf("%s is not valid YAML", rel), Fix: "Fix the syntax at that line (a YAML linter shows the exact problem)."}
	}
	swagger := head
	if swagger == nil {
		return nil, &LoadProblem{Line: 1,
			Message: fmt.Sprintf("%s has no top-level openapi: or swagger: version", rel),
			Fix:     "Start the spec with openapi: 3.0.3 (or 3.1.0), or remove it from openapi.specs."}
	}
	if off, ref := firstURLRef(data); ref != "" {
		return nil, &LoadProblem{OutsideRef: true, Line: 1 + bytes.Count(data[:off], []byte("\n")),
			Message: fmt.Sprintf("%s refers to %q, outside the repository; launchready never fetches URLs from a spec", rel, ref),
			Fix:     "Vendor the referenced document into the repository and refer to it by a relative path."}
	}
	version := ""
	if strings.EqualFold(string(swagger[1]), "swagger") {
		version = "2"
	}

	ctx, cancel := context.WithTimeout(ctx, LoadTimeout)
	defer cancel()
	type result struct {
		spec *Spec
		prob *LoadProblem
	}
	done := make(chan result, 1)
	m := &memBudget{used: need, limit: maxMemory}
	go func() {
		s, p := loadDoc(ctx, src, rel, data, version == "2", idx, maxBytes, m)
		done <- result{s, p}
	}()
	select {
	case r := <-done:
		return r.spec, r.prob
	case <-ctx.Done():
		return nil, &LoadProblem{Line: 1,
			Message: fmt.Sprintf("%s took longer than %s to load", rel, LoadTimeout), Fix: "Split the spec, or check it for pathological references."}
	}
}

// memBudget is the memory estimate of a spec and the files it refers to.
type memBudget struct {
	mu          sync.Mutex
	used, limit int64
	nodes       int
}

// add accounts for a referenced file; an error once over the limit.
func (m *memBudget) add(data []byte) error {
	need, nodes := estimateMemory(data, false)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.used += need
	m.nodes += nodes
	if m.used > m.limit {
		return &costError{nodes: m.nodes, need: m.used, limit: m.limit}
	}
	return nil
}

// costProblem explains a spec too large to analyse safely.
func costProblem(rel string, e *costError) *LoadProblem {
	return &LoadProblem{Line: 1,
		Message: fmt.Sprintf("%s is too large to analyse safely: %v", rel, e),
		Fix:     "Split it into smaller specs (list each in openapi.specs), or raise openapi.max-memory-mb in .launchready.yml on a runner with that much memory."}
}

func loadDoc(ctx context.Context, src Source, rel string, data []byte, swagger bool, idx *lineIndex, maxBytes int64, mem *memBudget) (*Spec, *LoadProblem) {
	unloadable := func(line int, what, fix string) *LoadProblem {
		return &LoadProblem{Line: line, Message: fmt.Sprintf("%s cannot be loaded: %s", rel, what), Fix: fix}
	}
	if swagger {
		var tree any
		if err := yaml.Unmarshal(data, &tree); err != nil {
			return nil, unloadable(1, "it does not convert to JSON", "Check the document's structure.")
		}
		// openapi2conv knows nothing of other files: inline the file
		// $refs first (path items in their own files, shared schemas).
		b := newBundler(src, rel, maxBytes)
		b.read = int64(len(data))
		// The bundled document is converted node by node: its nodes,
		// counted as they are copied, share the memory limit.
		b.budget = int(max(mem.limit-int64(len(data))*bytesPerByte, 0) / swaggerBytesPerNode)
		b.limit = mem.limit
		bundled, err := b.run(stringKeys(tree))
		if err != nil {
			return nil, refProblem(rel, err, idx, mem.limit)
		}
		jsonData, err := json.Marshal(bundled)
		if err != nil {
			return nil, unloadable(1, "it does not convert to JSON", "Check the document's structure.")
		}
		var doc2 openapi2.T
		if err := json.Unmarshal(jsonData, &doc2); err != nil {
			return nil, unloadable(1, "it does not match the Swagger 2.0 structure", "Check the document against the Swagger 2.0 schema.")
		}
		doc, err := openapi2conv.ToV3(&doc2)
		if err != nil {
			return nil, unloadable(1, "it cannot be converted from Swagger 2.0", "Check its definitions and $refs (Swagger 2.0 specs must be one file).")
		}
		if doc.Paths == nil {
			// "paths: {}" converts to no Paths at all, which OpenAPI 3
			// validation then reports as invalid.
			doc.Paths = openapi3.NewPaths()
		}
		if p := unresolvedPathItem(rel, doc, pathItemRefs(tree), idx); p != nil {
			return nil, p
		}
		b.raw[rel] = data // for path items that end in the root (#/x-paths/...)
		return &Spec{Path: rel, Doc: doc, Swagger: true, lines: idx, refItems: b.items, raw: b.raw}, nil
	}
	loader := openapi3.NewLoader()
	loader.Context = ctx
	// A custom reader bypasses IsExternalRefsAllowed: confinedReader is the
	// whole access policy (repository files only, never URLs).
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = confinedReader(src, maxBytes, mem)
	if isJSON(data) && len(data) > bigJSON {
		// kin-openapi reads JSON through its YAML parser, for origins; on
		// a 13 MB spec that is most of the run. encoding/json then its own
		// reference resolution is the path kin takes itself when YAML
		// fails, and jsonKeyLines supplies the lines we report.
		doc := &openapi3.T{}
		if err := json.Unmarshal(data, doc); err != nil {
			return nil, unloadable(1, "it does not match the OpenAPI structure", "Validate the spec with an OpenAPI linter.")
		}
		if err := loader.ResolveRefsIn(doc, &url.URL{Path: rel}); err != nil {
			return nil, refProblem(rel, err, idx, mem.limit)
		}
		refs := map[string]string{}
		for p, item := range doc.Paths.Map() {
			if item != nil && item.Ref != "" {
				refs[p] = item.Ref
			}
		}
		if p := unresolvedPathItem(rel, doc, refs, idx); p != nil {
			return nil, p
		}
		return &Spec{Path: rel, Doc: doc, keyLines: jsonKeyLines(data)}, nil
	}
	loader.IncludeOrigin = true
	refs := rootPathItemRefs(idx)
	if len(refs) > 0 {
		data = flattenPathItemRefs(src, rel, data, idx, maxBytes)
	}
	doc, err := loader.LoadFromDataWithPath(data, &url.URL{Path: rel})
	if err != nil {
		return nil, refProblem(rel, err, idx, mem.limit)
	}
	if p := unresolvedPathItem(rel, doc, refs, idx); p != nil {
		return nil, p
	}
	return &Spec{Path: rel, Doc: doc}, nil
}

// bigJSON is the size above which JSON specs skip kin-openapi's YAML parse.
const bigJSON = 4 << 20

func isJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

// refProblem explains a failed load without quoting the loader.
func refProblem(rel string, err error, idx *lineIndex, mem int64) *LoadProblem {
	var ref *refusal
	var dis *openapi3.DisallowedExternalRefError
	var broken *brokenRef
	var cost *costError
	switch {
	case errors.As(err, &cost):
		return costProblem(rel, cost)
	case errors.As(err, &ref):
		line, _ := idx.refLine(ref.ref)
		in := ""
		if ref.in != "" && ref.in != rel {
			in = " (in " + ref.in + ")"
		}
		return &LoadProblem{OutsideRef: true, Line: line,
			Message: fmt.Sprintf("%s refers%s to %q, which %s", rel, in, ref.ref, ref.why),
			Fix:     "Refer only to files inside the repository, by relative path."}
	case errors.As(err, &broken):
		line, _ := idx.refLine(broken.ref)
		in := ""
		if broken.in != "" && broken.in != rel {
			in = " (in " + broken.in + ")"
		}
		return &LoadProblem{Line: line,
			Message: fmt.Sprintf("%s cannot be loaded: $ref %q%s %s", rel, broken.ref, in, broken.why),
			Fix:     "Point the $ref at an existing file and component, by a path relative to the file that holds it."}
	case errors.Is(err, errBundleBudget):
		return &LoadProblem{Line: 1,
			Message: fmt.Sprintf("%s is too large to analyse safely: inlining its file $refs makes a document estimated to need more than the %d MB limit (or nested more than 10,000 deep)", rel, mem>>20),
			Fix:     "Refer to shared schemas through definitions in the root file (#/definitions/...) instead of repeating file $refs, split the spec, or raise openapi.max-memory-mb in .launchready.yml."}
	case errors.As(err, &dis):
		line, _ := idx.refLine(dis.Ref)
		return &LoadProblem{OutsideRef: true, Line: line,
			Message: fmt.Sprintf("%s refers to %q outside the repository", rel, dis.Ref), Fix: "Refer only to files inside the repository."}
	}
	fix := "Validate the spec with an OpenAPI linter; check that every $ref points at something that exists."
	if line, r := idx.firstBrokenLocalRef(); r != "" {
		return &LoadProblem{Line: line,
			Message: fmt.Sprintf("%s cannot be loaded: $ref %q points at nothing", rel, r),
			Fix:     "Point the $ref at an existing component (#/components/...) or file."}
	}
	return &LoadProblem{Line: 1,
		Message: fmt.Sprintf("%s cannot be loaded: its structure or $refs cannot be resolved", rel), Fix: fix}
}

// confinedReader reads $ref targets from the source: relative paths inside
// the repository only.
func confinedReader(src Source, maxBytes int64, mem *memBudget) openapi3.ReadFromURIFunc {
	return func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		ref := u.String()
		if u.Scheme != "" || u.Host != "" {
			return nil, &refusal{ref: ref, why: "is a URL; launchready never fetches URLs from a spec"}
		}
		p := path.Clean(u.Path)
		if path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
			return nil, &refusal{ref: ref, why: "is outside the repository"}
		}
		data, err := src.Read(p, maxBytes)
		if err != nil {
			if r := refusedRead(ref, err); r != nil {
				return nil, r
			}
			return nil, &refusal{ref: ref, why: "cannot be read inside the repository"}
		}
		if err := mem.add(data); err != nil {
			return nil, err
		}
		return data, nil
	}
}

// versionKey finds the top-level version key in YAML or JSON.
var versionKey = regexp.MustCompile(`(?m)(?:^|[{,]\s*)"?(openapi|swagger)"?\s*:`)

// firstURLRef finds the first $ref whose value is a URL (scheme:// or
// //host), by looking at each "$ref" occurrence rather than running a
// regular expression over the whole (possibly 13 MB) document.
func firstURLRef(data []byte) (int, string) {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("$ref"))
		if i < 0 {
			return 0, ""
		}
		at := off + i
		j := at + 4
		for j < len(data) && strings.IndexByte("\"' \t:", data[j]) >= 0 {
			j++
		}
		k := j
		for k < len(data) && strings.IndexByte("\"' \t\r\n,}", data[k]) < 0 {
			k++
		}
		v := string(data[j:k])
		if strings.HasPrefix(v, "//") || strings.Contains(v, "://") {
			return at, v
		}
		off = at + 4
	}
}

func firstBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// stringKeys turns yaml.v3's map[string]any trees into JSON-able ones
// (integer keys, such as response codes, become strings).
func stringKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = stringKeys(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = stringKeys(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = stringKeys(e)
		}
	}
	return v
}

// flattenPathItemRefs rewrites, in an OpenAPI 3 root document, each path
// item $ref that is a chain (a path item that is only a $ref to another:
// paths/a.yaml holding $ref: admin/b.yaml, or #/x-a holding $ref: '#/x-b')
// to point straight at the node holding the operations. kin-openapi
// follows one hop only and leaves the path without operations. The value
// is replaced on its own line, so every line number stays as it was.
// Chains that cannot be followed are left alone; the check after loading
// reports their path as unresolved.
func flattenPathItemRefs(src Source, rel string, data []byte, idx *lineIndex, maxBytes int64) []byte {
	paths := idx.get("paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return data
	}
	type site struct {
		value *yaml.Node
		ref   string
	}
	var sites []site
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			if item.Content[j].Value == "$ref" && item.Content[j+1].Kind == yaml.ScalarNode {
				sites = append(sites, site{item.Content[j+1], item.Content[j+1].Value})
			}
		}
	}
	if len(sites) == 0 {
		return data
	}
	var tree any
	if err := yaml.Unmarshal(data, &tree); err != nil {
		return data
	}
	b := newBundler(src, rel, maxBytes)
	b.read = int64(len(data))
	b.files[rel] = stringKeys(tree)
	lines := bytes.Split(data, []byte("\n"))
	changed := false
	for _, s := range sites {
		_, file, frag, hops, err := b.chainEnd(s.ref, rel)
		if err != nil || hops < 2 {
			continue
		}
		direct := "#" + frag
		if file != rel {
			r, err := filepath.Rel(path.Dir(rel), file)
			if err != nil {
				continue
			}
			direct = filepath.ToSlash(r)
			if frag != "" {
				direct += "#" + frag
			}
		}
		n := s.value.Line - 1
		if n < 0 || n >= len(lines) || s.value.Column < 1 {
			continue
		}
		line := lines[n]
		start := s.value.Column - 1
		if start >= len(line) {
			continue
		}
		end := -1
		switch q := line[start]; q {
		case '"', '\'':
			if k := bytes.IndexByte(line[start+1:], q); k >= 0 {
				end = start + 1 + k + 1
			}
		default:
			if bytes.HasPrefix(line[start:], []byte(s.ref)) {
				end = start + len(s.ref)
			}
		}
		if end < 0 {
			continue // a value over several lines, or escapes: left alone
		}
		quoted, _ := json.Marshal(direct)
		lines[n] = append(append(append([]byte(nil), line[:start]...), quoted...), line[end:]...)
		changed = true
	}
	if !changed {
		return data
	}
	return bytes.Join(lines, []byte("\n"))
}

// unresolvedPathItem finds a path whose item was a $ref and has no
// operation after loading: its operations would be silently missing from
// every check, so the spec is reported as not loaded instead.
func unresolvedPathItem(rel string, doc *openapi3.T, refs map[string]string, idx *lineIndex) *LoadProblem {
	if doc == nil || doc.Paths == nil {
		return nil
	}
	var bad []string
	for p, ref := range refs {
		if item := doc.Paths.Value(p); item == nil || len(item.Operations()) == 0 {
			bad = append(bad, p)
			_ = ref
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	line, _ := idx.refLine(refs[bad[0]])
	return &LoadProblem{Line: line,
		Message: fmt.Sprintf("%s cannot be loaded: the path item %s ($ref %q) resolves to no operations launchready can read", rel, bad[0], refs[bad[0]]),
		Fix:     "Point the path item's $ref straight at a file or node that holds its operations (get:, post:, ...), by a path relative to the file that holds the $ref."}
}

// rootPathItemRefs lists the paths whose item is a $ref in the root
// document, from its node tree.
func rootPathItemRefs(idx *lineIndex) map[string]string {
	out := map[string]string{}
	paths := idx.get("paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			if item.Content[j].Value == "$ref" && item.Content[j+1].Kind == yaml.ScalarNode {
				out[paths.Content[i].Value] = item.Content[j+1].Value
			}
		}
	}
	return out
}
