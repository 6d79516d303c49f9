// Package registry is the one list of checks. Adding a check is one line
// here, one file in its analyzer package and a folder under testdata/.
package registry

import (
	"slices"

	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/deploy"
	"github.com/launchready/launchready/internal/emailauth"
	"github.com/launchready/launchready/internal/openapi"
	"github.com/launchready/launchready/internal/probe"
	"github.com/launchready/launchready/internal/secrets"
	"github.com/launchready/launchready/internal/wiring"
)

// All returns every check of one run, in the order reports list them.
func All() []check.Check {
	// The pieces one run's checks share, made afresh for each list: the
	// work-tree file list, and the specs (loaded once for the spec check
	// and the probes).
	files := check.NewFiles()
	specs := apispec.NewLoader(files)
	checks := []check.Check{
		secrets.Secrets{Files: files},
		wiring.Wiring{Files: files},
		deploy.Deploy{Files: files},
		openapi.Check{Specs: specs},
		emailauth.Check{},
	}
	return append(checks, probe.NewRun(specs).Checks()...)
}

// IDs are the ids of every check, in report order.
func IDs() []string {
	var ids []string
	for _, c := range All() {
		ids = append(ids, c.Meta().ID)
	}
	return ids
}

// Select returns every check, or only the named ones (a --check list).
func Select(ids []string) []check.Check {
	all := All()
	if len(ids) == 0 {
		return all
	}
	var out []check.Check
	for _, c := range all {
		if slices.Contains(ids, c.Meta().ID) {
			out = append(out, c)
		}
	}
	return out
}
