package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
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
	// lines locates operations and properties when the loader recorded no
	// origins (Swagger 2.0 converted to 3).
	lines *lineIndex
}

// LoadProblem is a spec that could not be loaded: what and where, never the
// loader's raw text (it can quote the bytes of a referenced file).
type LoadProblem struct {
	Rule    string // openapi/spec-unloadable or openapi/external-ref
	Line    int
	Message string
	Fix     string
}

// refusal is our ReadFromURIFunc's answer to a reference it will not read.
type refusal struct {
	ref, why string
}

func (r *refusal) Error() string { return r.ref + ": " + r.why }

// Load reads and parses one spec from src.
func Load(ctx context.Context, src Source, rel string, maxBytes int64) (*Spec, *LoadProblem) {
	data, err := src.Read(rel, maxBytes)
	switch {
	case errors.Is(err, errTooLarge):
		return nil, &LoadProblem{Rule: "openapi/spec-unloadable", Line: 1,
			Message: fmt.Sprintf("%s is larger than %d MB, the limit for a spec", rel, maxBytes>>20),
			Fix:     "Raise openapi.max-size-mb in .launchready.yml, or split the spec into files joined by $ref."}
	case err != nil:
		return nil, &LoadProblem{Rule: "openapi/spec-unloadable", Line: 1, Message: fmt.Sprintf("%s cannot be read", rel),
			Fix: "Check the path in openapi.specs or --spec."}
	}
	idx := &lineIndex{data: data}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		// JSON: a cheap validity check. Parsing a 13 MB spec into a node
		// tree as well as kin-openapi's own parse would double the cost.
		if !json.Valid(data) {
			return nil, &LoadProblem{Rule: "openapi/spec-unloadable", Line: idx.syntaxErrorLine(),
				Message: fmt.Sprintf("%s is not valid JSON", rel), Fix: "Fix the syntax at that line (a JSON linter shows the exact problem)."}
		}
	} else if idx.tree() == nil {
		// YAML: our parse locates syntax errors by line; yaml.v3 refuses
		// alias bombs and pathological nesting.
		return nil, &LoadProblem{Rule: "openapi/spec-unloadable", Line: idx.syntaxErrorLine(),
			Message: fmt.Sprintf("%s is not valid YAML", rel), Fix: "Fix the syntax at that line (a YAML linter shows the exact problem)."}
	}
	swagger := versionKey.FindSubmatch(firstBytes(data, 65536))
	if swagger == nil {
		return nil, &LoadProblem{Rule: "openapi/spec-unloadable", Line: 1,
			Message: fmt.Sprintf("%s has no top-level openapi: or swagger: version", rel),
			Fix:     "Start the spec with openapi: 3.0.3 (or 3.1.0), or remove it from openapi.specs."}
	}
	if loc := urlRef.FindSubmatchIndex(data); loc != nil {
		ref := string(data[loc[2]:loc[3]])
		return nil, &LoadProblem{Rule: "openapi/external-ref", Line: 1 + bytes.Count(data[:loc[0]], []byte("\n")),
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
	go func() {
		s, p := loadDoc(ctx, src, rel, data, version == "2", idx, maxBytes)
		done <- result{s, p}
	}()
	select {
	case r := <-done:
		return r.spec, r.prob
	case <-ctx.Done():
		return nil, &LoadProblem{Rule: "openapi/spec-unloadable", Line: 1,
			Message: fmt.Sprintf("%s took longer than %s to load", rel, LoadTimeout), Fix: "Split the spec, or check it for pathological references."}
	}
}

func loadDoc(ctx context.Context, src Source, rel string, data []byte, swagger bool, idx *lineIndex, maxBytes int64) (*Spec, *LoadProblem) {
	unloadable := func(line int, what, fix string) *LoadProblem {
		return &LoadProblem{Rule: "openapi/spec-unloadable", Line: line, Message: fmt.Sprintf("%s cannot be loaded: %s", rel, what), Fix: fix}
	}
	if swagger {
		jsonData, err := yamlToJSON(data)
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
		return &Spec{Path: rel, Doc: doc, Swagger: true, lines: idx}, nil
	}
	loader := openapi3.NewLoader()
	loader.Context = ctx
	loader.IncludeOrigin = true
	// A custom reader bypasses IsExternalRefsAllowed: confinedReader is the
	// whole access policy (repository files only, never URLs).
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = confinedReader(src, maxBytes)
	doc, err := loader.LoadFromDataWithPath(data, &url.URL{Path: rel})
	if err != nil {
		var ref *refusal
		var dis *openapi3.DisallowedExternalRefError
		switch {
		case errors.As(err, &ref):
			line, _ := idx.refLine(ref.ref)
			return nil, &LoadProblem{Rule: "openapi/external-ref", Line: line,
				Message: fmt.Sprintf("%s refers to %q, which %s", rel, ref.ref, ref.why),
				Fix:     "Refer only to files inside the repository, by relative path."}
		case errors.As(err, &dis):
			line, _ := idx.refLine(dis.Ref)
			return nil, &LoadProblem{Rule: "openapi/external-ref", Line: line,
				Message: fmt.Sprintf("%s refers to %q outside the repository", rel, dis.Ref), Fix: "Refer only to files inside the repository."}
		}
		if line, ref := idx.firstBrokenLocalRef(); ref != "" {
			return nil, unloadable(line, fmt.Sprintf("$ref %q points at nothing", ref), "Point the $ref at an existing component (#/components/...) or file.")
		}
		return nil, unloadable(1, "its structure or $refs cannot be resolved", "Validate the spec with an OpenAPI linter; check that every $ref points at something that exists.")
	}
	return &Spec{Path: rel, Doc: doc}, nil
}

// confinedReader reads $ref targets from the source: relative paths inside
// the repository only.
func confinedReader(src Source, maxBytes int64) openapi3.ReadFromURIFunc {
	return func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		ref := u.String()
		if u.Scheme != "" || u.Host != "" {
			return nil, &refusal{ref, "is a URL; launchready never fetches URLs from a spec"}
		}
		p := path.Clean(u.Path)
		if path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
			return nil, &refusal{ref, "is outside the repository"}
		}
		data, err := src.Read(p, maxBytes)
		if err != nil {
			return nil, &refusal{ref, "cannot be read inside the repository"}
		}
		return data, nil
	}
}

var (
	// versionKey finds the top-level version key in YAML or JSON.
	versionKey = regexp.MustCompile(`(?m)(?:^|[{,]\s*)"?(openapi|swagger)"?\s*:`)
	// urlRef finds a $ref to a URL (scheme:// or //host).
	urlRef = regexp.MustCompile(`["']?\$ref["']?\s*:\s*["']?((?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^"'\s,}]*)`)
)

func firstBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func yamlToJSON(data []byte) ([]byte, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return json.Marshal(stringKeys(v))
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
