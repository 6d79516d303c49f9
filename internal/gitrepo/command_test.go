package gitrepo

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// TestCommandOverridesEveryDriver: drivers with odd names (dots, spaces,
// upper case in the subsection) defined in the repository's config are
// all overridden, and the overrides follow the caller's own GIT_CONFIG_*
// entries instead of replacing them.
func TestCommandOverridesEveryDriver(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write("a.txt", "a\n")
	r.Commit("init")
	for k, v := range map[string]string{
		"filter.A b.c.clean": "evil", "merge.x.y.driver": "evil", "diff.Z.textconv": "evil",
		"credential.https://h.example.helper": "evil", "remote.origin.uploadpack": "evil",
	} {
		if out, err := exec.Command("git", "-C", r.Dir, "config", k, v).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v %s", k, err, out)
		}
	}
	repo := &Repo{Root: r.Dir, Env: ConfigEnv(os.Getenv, [2]string{"safe.directory", r.Dir})}
	for key, want := range map[string]string{
		"filter.A b.c.clean": "cat", "merge.x.y.driver": "false", "diff.Z.textconv": "",
		"credential.https://h.example.helper": "", "remote.origin.uploadpack": "false",
		"core.fsmonitor": "false", "safe.directory": r.Dir,
	} {
		out, err := repo.Git(context.Background(), "config", "--get-all", key)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if err != nil || lines[len(lines)-1] != want {
			t.Errorf("%s = %q (%v), want %q last", key, out, err, want)
		}
	}
}
