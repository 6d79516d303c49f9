//go:build tools

// Command genrepo writes a git fast-import stream for a benchmark repository
// built from the Go source tree, without network: one commit per source file
// (so the history is real code), regular edits of earlier files, side
// branches merged back, and planted secrets whose positions it prints to
// stderr so the benchmark can check both scanners found them.
//
//	go run -tags tools ./bench/genrepo -commits 4200 | git -C repo fast-import
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

func main() {
	commits := flag.Int("commits", 4200, "commits on main (merges included)")
	maxSize := flag.Int("max-file", 12<<10, "skip source files larger than this")
	flag.Parse()

	src := filepath.Join(runtime.GOROOT(), "src")
	var files []string
	_ = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.Contains(p, "testdata") {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() <= int64(*maxSize) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	if len(files) < *commits {
		fmt.Fprintf(os.Stderr, "only %d source files under %s\n", len(files), src)
		os.Exit(1)
	}

	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	mark := 0
	commit := func(branch, msg string, from int, merge int, ops func()) int {
		mark++
		clock = clock.Add(time.Minute)
		fmt.Fprintf(w, "commit refs/heads/%s\nmark :%d\n", branch, mark)
		sig := fmt.Sprintf("Bench <bench@launchready.invalid> %d +0000", clock.Unix())
		fmt.Fprintf(w, "author %s\ncommitter %s\ndata %d\n%s\n", sig, sig, len(msg), msg)
		if from > 0 {
			fmt.Fprintf(w, "from :%d\n", from)
		}
		if merge > 0 {
			fmt.Fprintf(w, "merge :%d\n", merge)
		}
		ops()
		w.WriteString("\n")
		return mark
	}
	put := func(path, content string) {
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(content), content)
	}
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	rel := func(p string) string { r, _ := filepath.Rel(src, p); return filepath.ToSlash(r) }

	planted := 0
	plant := func(kind string) string {
		planted++
		tok := fixture.FakeToken("ghp_", fmt.Sprintf("bench-%s-%d", kind, planted), 36)
		return "package secrets\n\n// planted by bench/genrepo\nconst token = \"" + tok + "\"\n"
	}
	last := 0
	next := 0
	for c := 0; c < *commits; {
		switch {
		case c > 0 && c%500 == 0:
			// A side branch of three commits, merged back.
			branch := fmt.Sprintf("side-%d", c)
			mergeOnly := c%1000 == 0
			side := last
			for i := 0; i < 3 && next < len(files); i++ {
				f := files[next]
				next++
				side = commit(branch, "side: add "+rel(f), side, 0, func() { put(rel(f), read(f)) })
				c++
			}
			last = commit("main", "Merge "+branch, last, side, func() {
				if mergeOnly {
					// A file only the merge commit has: the merge-only secret.
					p := fmt.Sprintf("resolved/merge_%d.go", c)
					put(p, plant("merge"))
					fmt.Fprintf(os.Stderr, "planted merge-only secret in %s\n", p)
				}
			})
			c++
		case c%997 == 13:
			p := fmt.Sprintf("internal/secrets/leak_%d.go", c)
			last = commit("main", "add config", last, 0, func() { put(p, plant("leak")) })
			fmt.Fprintf(os.Stderr, "planted secret in %s\n", p)
			c++
			// Deleted in the next commit: still in history.
			last = commit("main", "remove leaked config", last, 0, func() { fmt.Fprintf(w, "D %s\n", p) })
			c++
		case c%10 == 9 && next > 10:
			// Edit an earlier file: add lines at its end.
			f := files[(c*7)%next]
			last = commit("main", "edit "+rel(f), last, 0, func() {
				put(rel(f), read(f)+fmt.Sprintf("\n// edited in commit %d\nvar _ = %d\n", c, c))
			})
			c++
		default:
			f := files[next]
			next++
			last = commit("main", "add "+rel(f), last, 0, func() { put(rel(f), read(f)) })
			c++
		}
	}
	fmt.Fprintf(os.Stderr, "%d commits, %d source files, %d planted secrets\n", mark, next, planted)
}
