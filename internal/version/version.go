// Package version holds the release version, set at build time with
// -ldflags "-X github.com/launchready/launchready/internal/version.Version=v1.2.3".
package version

// Version is launchready's version.
var Version = "0.1.0-dev"
