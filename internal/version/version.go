// Package version says which launchready this is, from one source:
//
//   - a release build or image sets Version with
//     -ldflags "-X github.com/launchready/launchready/internal/version.Version=v1.2.3"
//     (the Dockerfile passes the VERSION build argument, or the VERSION file
//     of the checked-out action);
//   - `go install github.com/launchready/launchready/cmd/...@v1.2.3` records
//     the module version in the binary's build info;
//   - a build from a checkout is "devel" and the VCS revision it was built
//     from ("+dirty" when the work tree had changes).
package version

import (
	"regexp"
	"runtime/debug"
)

// Version is set at link time in release builds and images; empty
// otherwise.
var Version = ""

// String is the version to print: Version, else the module version of a
// `go install module@version` build, else "devel" with the revision.
func String() string {
	bi, _ := debug.ReadBuildInfo()
	return from(Version, bi)
}

// pseudo matches the versions the go command makes up for a build from a
// checkout (v0.0.0-20261201093928-ae4b6ad1b2c3, possibly +dirty): they
// name no release.
var pseudo = regexp.MustCompile(`(^|[-.])[0-9]{14}-([0-9a-f]{12})(\+dirty)?$|\+dirty$`)

func from(linked string, bi *debug.BuildInfo) string {
	if linked != "" {
		return linked
	}
	if bi == nil {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" && !pseudo.MatchString(v) {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		// `go install module@<commit>` records no VCS settings, only the
		// pseudo-version, which ends in the commit.
		if m := pseudo.FindStringSubmatch(bi.Main.Version); m != nil && m[2] != "" {
			return "devel " + m[2]
		}
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := "devel " + rev
	if modified == "true" {
		out += "+dirty"
	}
	return out
}
