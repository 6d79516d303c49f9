// Package registry is the one list of checks. Adding a check is one line
// here, one file in its analyzer package and a folder under testdata/.
package registry

import (
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/deploy"
	"github.com/launchready/launchready/internal/emailauth"
	"github.com/launchready/launchready/internal/openapi"
	"github.com/launchready/launchready/internal/probe"
	"github.com/launchready/launchready/internal/secrets"
	"github.com/launchready/launchready/internal/wiring"
)

// All returns every check, in the order reports list them.
func All() []check.Check {
	checks := []check.Check{
		secrets.Secrets{},
		wiring.Wiring{},
		deploy.Deploy{},
		openapi.Check{},
		emailauth.Check{},
	}
	return append(checks, probe.Checks()...)
}
