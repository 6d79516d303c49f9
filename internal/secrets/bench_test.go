package secrets

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/redact"
)

// BenchmarkHistoryScan is the whole history scan (--check secrets) of
// bench/history.sh's generated repository: LAUNCHREADY_BENCH_REPO names one
// (bash bench/history.sh leaves it in ${TMPDIR:-/tmp}/launchready-bench/
// history-repo); without it, one of BENCH_COMMITS (default 4200) commits is
// generated from the Go source tree, as the script does. BENCH_GIT_WORKERS
// sets the number of git log processes (default: gitWorkers()).
//
//	go test ./internal/secrets -run '^$' -bench HistoryScan -benchtime 3x -cpuprofile cpu.out
func BenchmarkHistoryScan(b *testing.B) {
	repo := os.Getenv("LAUNCHREADY_BENCH_REPO")
	if repo == "" {
		repo = generateBenchRepo(b)
	}
	if n, err := strconv.Atoi(os.Getenv("BENCH_GIT_WORKERS")); err == nil && n > 0 {
		defer func(w func() int) { gitWorkers = w }(gitWorkers)
		gitWorkers = func() int { return n }
	}
	cfg := config.Default()
	var first []string
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in := &check.Input{Repo: repo, Scan: check.Scan{Mode: check.ModeHistory}, Config: cfg, Now: time.Now(), Secrets: &redact.Set{}, GitEnv: fixture.Env()}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		res := Secrets{}.Run(ctx, in)
		cancel()
		if res.Status != check.StatusRan {
			b.Fatalf("status %s: %s", res.Status, res.Reason)
		}
		got := brief(res.Findings)
		if i == 0 {
			first = got
			b.ReportMetric(float64(len(got)), "findings")
		} else if !slices.Equal(first, got) {
			b.Fatalf("run %d found a different set: %d findings, first run %d", i, len(got), len(first))
		}
	}
}

// generateBenchRepo builds bench/history.sh's repository with bench/genrepo.
func generateBenchRepo(b *testing.B) string {
	b.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	commits := os.Getenv("BENCH_COMMITS")
	if commits == "" {
		commits = "4200"
	}
	dir := filepath.Join(b.TempDir(), "history-repo")
	env := fixture.Env()
	git := func(args ...string) *exec.Cmd {
		c := exec.Command("git", append([]string{"-C", dir}, args...)...)
		c.Env = env
		return c
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if out, err := git("init", "-q", "-b", "main").CombinedOutput(); err != nil {
		b.Fatalf("git init: %v: %s", err, out)
	}
	gen := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "run", "-tags", "tools", "./bench/genrepo", "-commits", commits)
	gen.Dir = root
	imp := git("fast-import", "--quiet")
	pipe, err := gen.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	imp.Stdin = pipe
	if err := gen.Start(); err != nil {
		b.Fatal(err)
	}
	if out, err := imp.CombinedOutput(); err != nil {
		b.Fatalf("git fast-import: %v: %s", err, out)
	}
	if err := gen.Wait(); err != nil {
		b.Fatalf("bench/genrepo: %v", err)
	}
	if out, err := git("checkout", "-q", "main").CombinedOutput(); err != nil {
		b.Fatalf("git checkout: %v: %s", err, out)
	}
	return dir
}
