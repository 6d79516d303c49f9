// Package apispec finds, loads and models OpenAPI (3.0, 3.1) and Swagger
// (2.0) specs: discovery, loading with line numbers, and the exposure model
// of each operation (auth, privilege, object ids, kind), shared by the spec
// rules (internal/openapi) and the live probes (internal/probe). Specs are
// untrusted input (a pull request can change them): $refs may only read
// files inside the repository, URLs are never fetched, and loader errors
// are never echoed.
package apispec

import (
	"errors"
	"regexp"
	"sort"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/gitrepo"
)

// Source is where spec files are read from: the work tree or the index.
type Source = check.Tree

// ErrTooLarge marks a file over the size cap.
var ErrTooLarge = gitrepo.ErrTooLarge

var (
	specName = regexp.MustCompile(`(?i)(?:^|/)(?:(?:openapi|swagger|oas)(?:[._-][^/]*)?|[^/]*[._-](?:openapi|swagger|oas)|[^/]*[-_]api|api(?:[-_]?(?:spec|docs?|definition))?)\.(?:ya?ml|json)$`)
	skipDir  = regexp.MustCompile(`(?:^|/)(?:node_modules|vendor|\.git|dist|build|coverage)/`)
	// A spec has a top-level "openapi" or "swagger" key.
	specMarker = regexp.MustCompile(`(?m)(?:^(?:openapi|swagger)\s*:|"(?:openapi|swagger)"\s*:)`)
)

// LooksLikeSpecName reports whether a path is named like a spec.
func LooksLikeSpecName(p string) bool {
	return specName.MatchString(p) && !skipDir.MatchString(p)
}

// IsSpec reports whether content is an OpenAPI or Swagger document: a
// top-level openapi: or swagger: key near the start.
func IsSpec(head []byte) bool {
	if len(head) > 8192 {
		head = head[:8192]
	}
	return specMarker.Match(head)
}

// Discover returns the spec files of src: the configured ones, else the
// files named like specs whose content confirms it.
func Discover(src Source, configured []string, limit int64) ([]string, error) {
	if len(configured) > 0 {
		out := append([]string(nil), configured...)
		sort.Strings(out)
		return out, nil
	}
	files, err := src.Candidates()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		if !LooksLikeSpecName(f) {
			continue
		}
		data, err := src.Read(f, limit)
		if err == nil && IsSpec(data) || errors.Is(err, ErrTooLarge) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out, nil
}
