package openapi

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/secrets"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

func testdata(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata", "openapi"}, parts...)...)
}

// repoFrom copies a golden folder into a fresh git repository.
func repoFrom(t *testing.T, src string) *fixture.Repo {
	t.Helper()
	r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r.Write(filepath.ToSlash(rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Commit("specs")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

func runCheck(t *testing.T, dir string, mode check.Mode, cfg *config.Config, staged bool) check.Result {
	t.Helper()
	if cfg == nil {
		cfg = config.Default()
	}
	in := &check.Input{Repo: dir, Scan: check.Scan{Mode: mode}, Config: cfg, Now: time.Now(), Secrets: &redact.Set{}, Detector: secrets.NewDetector(gitrepo.WorktreeSource{Root: dir}, cfg)}
	if staged {
		repo := gitrepoAt(dir)
		in.Staged = repo.Staged()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return Check{}.Run(ctx, in)
}

func render(res check.Result) string {
	var lines []string
	for _, f := range res.Findings {
		op := ""
		if f.Location.Operation != "" {
			op = " {" + f.Location.Operation + "}"
		}
		lines = append(lines, fmt.Sprintf("%s:%d: [%s] %s%s: %s", f.Location.Path, f.Location.StartLine, f.Severity, f.RuleID, op, f.Message))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func TestOpenAPIGolden(t *testing.T) {
	t.Parallel()
	tp := runCheck(t, repoFrom(t, testdata("tp")).Dir, check.ModeWorktree, nil, false)
	// Some tp specs cannot be loaded on purpose: the check must say so,
	// not pass.
	if tp.Status != check.StatusFailed || !strings.Contains(tp.Reason, "broken.openapi.yaml:6") || !strings.Contains(tp.Reason, "passwd-openapi.yaml:12") {
		t.Errorf("status %s, reason %q", tp.Status, tp.Reason)
	}
	got := render(tp)
	testutil.Golden(t, testdata("tp.golden"), got, *update)
	for _, leak := range []string{"root:", "/bin/bash", "Zm4Qp7Lk2x"} {
		if strings.Contains(got, leak) {
			t.Errorf("output contains %q", leak)
		}
	}
	fp := runCheck(t, repoFrom(t, testdata("fp")).Dir, check.ModeWorktree, nil, false)
	if fp.Status != check.StatusRan || len(fp.Findings) != 0 {
		t.Errorf("false positives (%s %s):\n%s", fp.Status, fp.Reason, render(fp))
	}
	if !strings.Contains(strings.Join(fp.Notes, " "), "4 spec(s)") {
		t.Errorf("notes %v", fp.Notes)
	}
}

func TestDiscoveryAndConfig(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"openapi.yaml": true, "api/openapi.json": true, "docs/swagger.yaml": true, "billing.openapi.yml": true,
		"members-api.yaml": true, "api.yaml": true, "specs/oas.json": true, "node_modules/x/openapi.yaml": false,
		"package.json": false, "config/app.yaml": false, "openapi.md": false,
	} {
		if apispec.LooksLikeSpecName(name) != want {
			t.Errorf("LooksLikeSpecName(%q) != %v", name, want)
		}
	}
	r := repoFrom(t, testdata("fp"))
	r.Write("openapi.yaml", "this: is not a spec\n")
	r.Write("internal/service.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\nsecurity: []\npaths:\n  /admin/users:\n    get:\n      responses: {'200': {description: ok}}\n")
	r.Commit("more")
	res := runCheck(t, r.Dir, check.ModeWorktree, nil, false)
	if strings.Contains(render(res), "service.yaml") || strings.Contains(render(res), "openapi.yaml:") {
		t.Errorf("discovery picked a file that is not a spec by name, or one that is not a spec by content:\n%s", render(res))
	}
	cfg, err := config.Decode([]byte("openapi:\n  specs: [internal/service.yaml]\n  public: [\"GET /admin/*\"]\n"), "c")
	if err != nil {
		t.Fatal(err)
	}
	res = runCheck(t, r.Dir, check.ModeWorktree, cfg, false)
	if len(res.Findings) != 0 {
		t.Errorf("configured spec with a public allowlist:\n%s", render(res))
	}
	cfg, _ = config.Decode([]byte("openapi:\n  specs: [internal/service.yaml]\n"), "c")
	if res := runCheck(t, r.Dir, check.ModeWorktree, cfg, false); !strings.Contains(render(res), "openapi/sensitive-op-public {GET /admin/users}") {
		t.Errorf("configured spec not analysed:\n%s", render(res))
	}
	empty := fixture.Init(filepath.Join(t.TempDir(), "e"))
	empty.Write("README.md", "x")
	empty.Commit("x")
	if res := runCheck(t, empty.Dir, check.ModeWorktree, nil, false); res.Status != check.StatusNotChecked || !strings.Contains(res.Reason, "no OpenAPI spec found") {
		t.Errorf("no spec: %+v", res)
	}
}

func TestStagedModeReadsTheIndex(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write("README.md", "x")
	r.Commit("x")
	spec := "openapi: 3.0.3\ninfo: {title: x, version: '1'}\nsecurity: [{b: []}]\ncomponents:\n  securitySchemes:\n    b: {type: http, scheme: bearer}\npaths:\n  /admin/export:\n    get:\n      security: []\n      responses: {'200': {description: ok}}\n"
	r.Write("openapi.yaml", spec)
	r.Git("add", "openapi.yaml")
	// The file on disk is fixed, the staged blob is not: the hook must
	// judge what will be committed.
	r.Write("openapi.yaml", strings.Replace(spec, "      security: []\n", "", 1))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	res := runCheck(t, r.Dir, check.ModeStaged, nil, true)
	if !strings.Contains(render(res), "openapi.yaml:9: [critical] openapi/sensitive-op-public {GET /admin/export}") {
		t.Errorf("staged spec:\n%s", render(res))
	}
}

func TestHostileSpecs(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	bomb := "openapi: 3.0.3\ninfo: {title: x, version: '1'}\nx-bomb:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		bomb += fmt.Sprintf("  %s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", n, n, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = n
	}
	bomb += "paths: {}\n"
	r.Write("bomb.openapi.yaml", bomb)
	r.Write("deep.openapi.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-deep: "+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+"\n")
	r.Write("big.openapi.yaml", "openapi: 3.0.3\n# "+strings.Repeat("x", 2<<20)+"\n")
	r.Write("url.openapi.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    $ref: 'http://169.254.169.254/latest/meta-data'\n")
	r.Commit("hostile")
	cfg, _ := config.Decode([]byte("openapi:\n  max-size-mb: 1\n"), "c")
	start := time.Now()
	res := runCheck(t, r.Dir, check.ModeWorktree, cfg, false)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("hostile specs took %v", d)
	}
	out := render(res)
	for _, want := range []string{"big.openapi.yaml:1: [medium] openapi/spec-unloadable: big.openapi.yaml is larger than 1 MB",
		"url.openapi.yaml:5: [medium] openapi/external-ref", "deep.openapi.yaml:"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if res.Status != check.StatusFailed {
		t.Errorf("status %s", res.Status)
	}
}

func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(testdata("*", "*.yaml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"openapi":"3.0.0","info":{"title":"x","version":"1"},"paths":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := memSource{"spec.yaml": data}
		spec, prob := apispec.Load(context.Background(), src, "spec.yaml", 1<<20)
		if prob == nil && spec != nil {
			_, _ = Analyze(context.Background(), spec, apispec.Options{}, nil, &redact.Set{})
		}
	})
}

type memSource map[string][]byte

func (m memSource) Candidates() ([]string, error) { return nil, nil }
func (m memSource) Read(rel string, limit int64) ([]byte, error) {
	b, ok := m[rel]
	if !ok {
		return nil, os.ErrNotExist
	}
	if int64(len(b)) > limit {
		return nil, apispec.ErrTooLarge
	}
	return b, nil
}

func gitrepoAt(dir string) *gitrepo.Repo { return &gitrepo.Repo{Root: dir} }

// TestAggregatesRelateEveryOperation: a finding that sums up operations
// (a spec without security, the cap of a rule) lists every one of them as a
// related location, and auth-unknown points at the first operation, not at
// line 1.
func TestAggregatesRelateEveryOperation(t *testing.T) {
	t.Parallel()
	spec := "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n"
	for i := range 25 {
		spec += fmt.Sprintf("  /admin/r%02d/{id}:\n    delete:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: ok}}\n", i)
	}
	s, prob := apispec.Load(context.Background(), memSource{"openapi.yaml": []byte(spec)}, "openapi.yaml", 1<<20)
	if prob != nil {
		t.Fatal(prob.Message)
	}
	fs, _ := Analyze(context.Background(), s, apispec.Options{}, nil, &redact.Set{})
	var unknown, more int
	for _, f := range fs {
		switch {
		case f.RuleID == "openapi/auth-unknown":
			unknown++
			if len(f.Related) != 25 || f.Location.StartLine != 5 {
				t.Errorf("auth-unknown at line %d with %d related locations, want line 5 and 25", f.Location.StartLine, len(f.Related))
			}
			for i, r := range f.Related {
				if r.Path != "openapi.yaml" || r.Method != "DELETE" || r.StartLine != 5+4*i || r.Operation != fmt.Sprintf("DELETE /admin/r%02d/{id}", i) {
					t.Errorf("related %d: %+v", i, r)
				}
			}
		case strings.Contains(f.Message, "more operations"):
			more++
			if len(f.Related) != 5 || f.Related[0].Operation == "" || f.Related[0].StartLine < 5 {
				t.Errorf("%s: %d related locations, want the 5 beyond the cap: %+v", f.RuleID, len(f.Related), f.Related)
			}
		}
	}
	if unknown != 1 || more == 0 {
		t.Errorf("auth-unknown %d, capped summaries %d:\n%v", unknown, more, fs)
	}
}
