package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
	"gopkg.in/yaml.v3"
)

func TestFrom(t *testing.T) {
	t.Parallel()
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "ae4b6ad1b2c3d4e5f60718293a4b5c6d7e8f9012"}, {Key: "vcs.modified", Value: "false"}}
	dirty := []debug.BuildSetting{{Key: "vcs.revision", Value: "ae4b6ad1b2c3d4e5f60718293a4b5c6d7e8f9012"}, {Key: "vcs.modified", Value: "true"}}
	for _, tc := range []struct {
		name, linked string
		bi           *debug.BuildInfo
		want         string
	}{
		{"release build", "v0.2.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v0.2.0"},
		{"go install module@version", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.2.0"}}, "v0.2.0"},
		{"checkout, pseudo-version", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201093928-ae4b6ad1b2c3"}, Settings: vcs}, "devel ae4b6ad1b2c3"},
		{"checkout after a tag", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.2.1-0.20261201093928-ae4b6ad1b2c3+dirty"}, Settings: dirty}, "devel ae4b6ad1b2c3+dirty"},
		{"checkout, dirty tag", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.2.0+dirty"}, Settings: dirty}, "devel ae4b6ad1b2c3+dirty"},
		{"checkout, no vcs", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{"go install module@commit", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201093928-ae4b6ad1b2c3"}}, "devel ae4b6ad1b2c3"},
		{"go install module@commit after a tag", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.2.1-0.20261201093928-ae4b6ad1b2c3"}}, "devel ae4b6ad1b2c3"},
		{"no build info", "", nil, "devel"},
	} {
		if got := from(tc.linked, tc.bi); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestBuiltBinaries builds the command twice, as a checkout build and as a
// release build with -ldflags, and asks each for its version.
func TestBuiltBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	t.Parallel()
	dir := t.TempDir()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	build := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		cmd := exec.Command("go", append(append([]string{"build", "-o", out}, args...), "./cmd/action")...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %v: %v\n%s", args, err, b)
		}
		v, err := exec.Command(out, "--version").Output()
		if err != nil {
			t.Fatalf("%s --version: %v", name, err)
		}
		return strings.TrimSpace(string(v))
	}
	if v := build("release", "-ldflags", "-X github.com/launchready/launchready/internal/version.Version=v9.8.7"); v != "launchready v9.8.7" {
		t.Errorf("release build: %q", v)
	}
	// A checkout build: devel and the revision (-buildvcs=true, since this
	// machine's GOFLAGS may turn stamping off).
	v := build("checkout", "-buildvcs=true")
	if !strings.HasPrefix(v, "launchready devel") {
		t.Errorf("checkout build: %q", v)
	}
	// The revision, when the go command stamped one (it does in a clone;
	// not in every linked worktree).
	info, err := exec.Command("go", "version", "-m", filepath.Join(dir, "checkout")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(info), "vcs.revision=") {
		rev, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
		if err != nil || !strings.Contains(v, string(rev[:12])) {
			t.Errorf("checkout build %q does not name revision %s", v, rev)
		}
	}
}

// TestGoInstallModuleVersion installs the hook the way the README's
// `go install github.com/launchready/launchready/cmd/precommit@vX.Y.Z`
// does, from a module proxy on disk that serves this commit as v0.9.1 (the
// module zip is made by golang.org/x/mod, the go command's own code), and
// asks the installed binary for its version.
func TestGoInstallModuleVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	t.Parallel()
	const mod = "github.com/launchready/launchready"
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// A module cache keeps the first zip it saw for a version, so the
	// versions are named after the committed tree: a release v0.9.N, and a
	// commit before the first release (the README: "use a commit SHA
	// wherever a version appears"), which the go command names by a
	// pseudo-version ending in the commit.
	treeHash, err := exec.Command("git", "-C", root, "rev-parse", "HEAD^{tree}").Output()
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.ParseUint(string(treeHash[:7]), 16, 32)
	if err != nil {
		t.Fatal(err)
	}
	commit := string(treeHash[:12])
	ver, pseudo := "v0.9."+strconv.FormatUint(n, 10), "v0.0.0-20261201000000-"+commit
	dir := t.TempDir()
	at := filepath.Join(dir, "proxy", mod, "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	// The committed tree, as a tag would publish it.
	tree := filepath.Join(dir, "tree")
	if err := os.Mkdir(tree, 0o755); err != nil {
		t.Fatal(err)
	}
	archive := exec.Command("sh", "-c", `git -C "$1" archive HEAD | tar -x -C "$2"`, "sh", root, tree)
	if b, err := archive.CombinedOutput(); err != nil {
		t.Fatalf("git archive: %v\n%s", err, b)
	}
	gomod, err := os.ReadFile(filepath.Join(tree, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{ver, pseudo} {
		z, err := os.Create(filepath.Join(at, v+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		if err := modzip.CreateFromDir(z, module.Version{Path: mod, Version: v}, tree); err != nil {
			t.Fatal(err)
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string]string{v + ".mod": string(gomod), v + ".info": `{"Version":"` + v + `","Time":"2026-12-01T00:00:00Z"}`} {
			if err := os.WriteFile(filepath.Join(at, name), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(at, "list"), []byte(ver+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	upstream, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	// A module cache of this test's own, kept between runs (the
	// dependencies are extracted once): the fake versions of this module
	// stay out of the shared one. Its downloads are read as a proxy.
	shared, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	modcache := filepath.Join(os.TempDir(), "launchready-goinstall-test")
	proxy := "file://" + filepath.ToSlash(filepath.Join(dir, "proxy")) + ",file://" + filepath.ToSlash(filepath.Join(strings.TrimSpace(string(shared)), "cache", "download")) + "," + strings.TrimSpace(string(upstream))
	// The README's two commands, as written there: the CLI (cmd/action,
	// installed as "action") and the hook (cmd/precommit, as "precommit").
	for _, c := range []struct{ pkg, version, binary, says string }{
		{"/cmd/action", ver, "action", "launchready " + ver},
		{"/cmd/precommit", ver, "precommit", "launchready-precommit " + ver},
		{"/cmd/precommit", pseudo, "precommit", "launchready-precommit devel " + commit},
	} {
		bin := filepath.Join(dir, "bin-"+c.version)
		cmd := exec.Command("go", "install", mod+c.pkg+"@"+c.version)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOBIN="+bin, "CGO_ENABLED=0", "GOFLAGS=-modcacherw", "GONOSUMDB="+mod, "GOWORK=off",
			"GOMODCACHE="+modcache, "GOPROXY="+proxy)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go install %s%s@%s: %v\n%s", mod, c.pkg, c.version, err, b)
		}
		v, err := exec.Command(filepath.Join(bin, c.binary), "--version").Output()
		if err != nil {
			t.Fatalf("%s --version: %v", c.binary, err)
		}
		if got := strings.TrimSpace(string(v)); got != c.says {
			t.Errorf("go install %s@%s: --version says %q, want %q", c.pkg, c.version, got, c.says)
		}
	}
}

// TestGoreleaserBuilds builds each command with the flags and ldflags
// .goreleaser.yaml gives it, its templates filled in as GoReleaser fills
// them for the release tag v1.2.3 (.Version is the tag without its v) and
// for a snapshot, and asks the binary for its version. An -X naming a
// variable that does not exist is silently ignored by the linker, and
// {{ .Tag }} is v0.0.0 in a snapshot: both would ship a wrong --version.
func TestGoreleaserBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the commands")
	}
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Builds []struct {
			ID      string   `yaml:"id"`
			Main    string   `yaml:"main"`
			Binary  string   `yaml:"binary"`
			Env     []string `yaml:"env"`
			Flags   []string `yaml:"flags"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	mains := map[string]bool{}
	field := regexp.MustCompile(`\{\{\s*([^}]*?)\s*\}\}`)
	dir := t.TempDir()
	for _, b := range cfg.Builds {
		mains[b.Main] = true
		for _, kind := range []struct{ name, version, want string }{
			{"release v1.2.3", "1.2.3", "v1.2.3"},
			{"snapshot", "1.2.4-snapshot+abc1234", "v1.2.4-snapshot+abc1234"},
		} {
			var bad []string
			ld := field.ReplaceAllStringFunc(strings.Join(b.Ldflags, " "), func(m string) string {
				if f := field.FindStringSubmatch(m)[1]; f == ".Version" {
					return kind.version
				}
				bad = append(bad, m)
				return m
			})
			if len(bad) > 0 {
				t.Fatalf("build %s: ldflags use %v; only {{ .Version }} names the version in a release and a snapshot alike", b.ID, bad)
			}
			out := filepath.Join(dir, b.ID)
			args := append(append([]string{"build", "-o", out}, b.Flags...), "-ldflags", ld, b.Main)
			cmd := exec.Command("go", args...)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), b.Env...)
			if o, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("build %s: go %v: %v\n%s", b.ID, args, err, o)
			}
			v, err := exec.Command(out, "--version").Output()
			if err != nil {
				t.Fatalf("build %s --version: %v", b.ID, err)
			}
			if got, want := strings.TrimSpace(string(v)), b.Binary+" "+kind.want; got != want {
				t.Errorf("build %s, %s: --version says %q, want %q", b.ID, kind.name, got, want)
			}
		}
	}
	for _, m := range []string{"./cmd/action", "./cmd/precommit"} {
		if !mains[m] {
			t.Errorf(".goreleaser.yaml builds no binary from %s", m)
		}
	}
}
