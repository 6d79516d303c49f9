package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/secrets"
)

// The hook skipped a token after NUL bytes (a binary file), and a token in
// a file git is told not to diff (`-diff` in .gitattributes): git prints
// "Binary files differ" for both, which gitleaks skips.
func TestFaultStagedBinaryFiles(t *testing.T) {
	t.Parallel()
	t.Run("binary", func(t *testing.T) {
		t.Parallel()
		r := repo(t)
		tok := pat("staged-binary")
		blob := "SQLite format 3\x00\x10\x00\x01\x01" + strings.Repeat("\x00", 200) + "\x05config\x01" + tok + "\x00\x07"
		r.Write("data/app.db", blob)
		out, ok := commit(t, r, "add the database")
		mustBlock(t, out, ok, tok, "data/app.db:1", "binary file data/app.db at byte offset 228")
	})
	t.Run("undiffed text", func(t *testing.T) {
		t.Parallel()
		r := repo(t)
		tok := pat("staged-undiffed")
		r.Write(".gitattributes", "*.cfg -diff\n")
		r.Write("app.cfg", "name=app\ntoken="+tok+"\n")
		out, ok := commit(t, r, "add the config")
		mustBlock(t, out, ok, tok, "app.cfg:2")
	})
}

// A staged file too large to scan must not pass the hook unread.
func TestFaultStagedFileOverHardCapBlocks(t *testing.T) {
	t.Parallel()
	r := repo(t)
	// Over core.bigFileThreshold git does not diff it; a sparse file is
	// over the cap without writing 256 MB.
	r.Git("config", "core.bigFileThreshold", "1m")
	r.Write("exports/huge.csv", strings.Repeat("id,name\n", 2000))
	if err := os.Truncate(filepath.Join(r.Dir, "exports", "huge.csv"), secrets.MaxScanSize+1); err != nil {
		t.Fatal(err)
	}
	out, ok := commit(t, r, "add the export")
	if ok || !strings.Contains(out, "commit blocked: the staged changes could not be checked") || !strings.Contains(out, "exports/huge.csv") {
		t.Fatalf("the hook let an unread file through, or did not name it (committed: %v):\n%s", ok, out)
	}
}

// A staged PNG holding an AWS key passed the hook: gitleaks' default
// allowlist skipped it by its extension.
func TestFaultHookBinaryImageScanned(t *testing.T) {
	t.Parallel()
	r := repo(t)
	const key = "AKIAZ3MHQ7XQ4LBRTV2N"
	r.Write("assets/logo.png", "\x89PNG\r\n\x1a\n\x00\x00 aws_access_key_id="+key+"\n")
	out, ok := commit(t, r, "add the logo")
	mustBlock(t, out, ok, key, "assets/logo.png")
}
