package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/launchready/launchready/internal/secrets"
)

// A staged binary file over 256 MB only got a note, and the hook let the
// commit through.
func TestFaultStagedBinaryOverCapBlocks(t *testing.T) {
	t.Parallel()
	r := repo(t)
	r.Write("firmware.img", "\x7fELF\x00\x00\x00\x01")
	if err := os.Truncate(filepath.Join(r.Dir, "firmware.img"), secrets.MaxScanSize+1); err != nil {
		t.Fatal(err)
	}
	out, ok := commit(t, r, "add the firmware")
	if ok || !strings.Contains(out, "commit blocked: the staged changes could not be checked") || !strings.Contains(out, "firmware.img") {
		t.Fatalf("the hook let an unread binary file through, or did not name it (committed: %v):\n%s", ok, out)
	}
}

// A staged UTF-16 file (PowerShell's `>` output) was treated as binary and
// its token passed the hook.
func TestFaultStagedUTF16Text(t *testing.T) {
	t.Parallel()
	r := repo(t)
	tok := pat("staged-utf16")
	var b []byte
	for _, u := range utf16.Encode([]rune("\ufeff\"token\"=\"" + tok + "\"\r\n")) {
		b = append(b, byte(u), byte(u>>8))
	}
	r.Write("settings.reg", string(b))
	out, ok := commit(t, r, "add the registry export")
	mustBlock(t, out, ok, tok, "settings.reg:1")
}
