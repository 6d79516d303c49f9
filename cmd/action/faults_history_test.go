package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/secrets"
)

// historyMustFind scans the history and wants a finding of tok's rule at
// path (line 0: any) and a failing row.
func historyMustFind(t *testing.T, r *fixture.Repo, path string, args ...string) secretsReport {
	t.Helper()
	secretsOK(t, r)
	rep, res := scanSecrets(t, r.Dir, args...)
	secretsMustFind(t, rep, "secrets/github-pat", path, 0)
	if status, _, _ := rep.row(t); status != "fail" || res.code != exitFindings {
		t.Errorf("row %s exit %d, want fail 1", status, res.code)
	}
	return rep
}

// A secret added while making an octopus merge (three parents, then
// amended) was never scanned: --diff-merges=remerge shows only two-parent
// merges.
func TestFaultOctopusMergeSecret(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	base := r.Head()
	for _, b := range []string{"b1", "b2", "b3"} {
		r.Checkout(b, true).Write(b+".txt", b+"\n").Commit("add " + b)
		r.Checkout("main", false)
	}
	r.Git("merge", "-q", "--no-edit", "b1", "b2", "b3")
	tok := fixture.FakeToken("ghp_", "octopus", 36)
	r.Write("deploy.env", "TOKEN="+tok+"\n")
	r.Git("add", "deploy.env")
	r.Git("commit", "-q", "--amend", "--no-edit")
	if n := len(strings.Fields(r.Git("rev-list", "--parents", "-n1", "HEAD"))); n != 4 {
		t.Fatalf("HEAD has %d parents, want 3", n-1)
	}
	rep := historyMustFind(t, r, "deploy.env")
	i, _ := rep.has("secrets/github-pat", "deploy.env", 0)
	if rep.Findings[i].Location.Commit != r.Head() {
		t.Errorf("finding names commit %s, want the merge %s", rep.Findings[i].Location.Commit, r.Head())
	}
	// A secret that a parent brought is not blamed on the merge.
	for _, f := range rep.Findings {
		if f.Location.Path != "deploy.env" {
			t.Errorf("unexpected finding %+v", f)
		}
	}
	// And the range mode sees it too.
	historyMustFind(t, r, "deploy.env", "--range", base+"..HEAD")
}

// A file that replaces a symbolic link (a type change, T) was left out by
// --diff-filter=tuxdb.
func TestFaultTypeChangeSecret(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	r.Write("conf.real", "name=app\n")
	if err := os.Symlink("conf.real", filepath.Join(r.Dir, "conf")); err != nil {
		t.Fatal(err)
	}
	r.Git("add", "conf")
	r.Commit("link the config")
	base := r.Head()
	if err := os.Remove(filepath.Join(r.Dir, "conf")); err != nil {
		t.Fatal(err)
	}
	tok := fixture.FakeToken("ghp_", "typechange", 36)
	r.Write("conf", "token "+tok+"\n")
	r.Commit("real config")
	if st := r.Git("show", "--name-status", "--format=", "HEAD"); !strings.HasPrefix(st, "T") {
		t.Fatalf("not a type change: %q", st)
	}
	historyMustFind(t, r, "conf")
	historyMustFind(t, r, "conf", "--range", base+"..HEAD")
}

// With HEAD unborn (`git checkout --orphan`) while main holds a secret,
// the scan said "no commits yet" and passed.
func TestFaultUnbornHeadWithOtherRefs(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	tok := fixture.FakeToken("ghp_", "orphan", 36)
	r.Write("creds.txt", "token "+tok+"\n").Commit("creds")
	r.Git("checkout", "-q", "--orphan", "fresh")
	r.Git("rm", "-q", "-r", "--cached", ".")
	if err := os.Remove(filepath.Join(r.Dir, "creds.txt")); err != nil {
		t.Fatal(err)
	}
	rep := historyMustFind(t, r, "creds.txt")
	if _, _, note := rep.row(t); strings.Contains(note, "no commits yet") {
		t.Errorf("note %q", note)
	}
}

// git settings and files that hide commits from git log: log.showRoot
// false (the root commit's patch), `git replace` and .git/info/grafts.
func TestFaultGitSettingsHideCommits(t *testing.T) {
	t.Parallel()
	t.Run("log.showRoot", func(t *testing.T) {
		t.Parallel()
		r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
		tok := fixture.FakeToken("ghp_", "showroot", 36)
		r.Write("creds.txt", "token "+tok+"\n").Commit("root")
		r.Git("config", "log.showRoot", "false")
		historyMustFind(t, r, "creds.txt")
	})
	t.Run("replace", func(t *testing.T) {
		t.Parallel()
		r := secretsRepo(t)
		tok := fixture.FakeToken("ghp_", "replace", 36)
		r.Write("creds.txt", "token "+tok+"\n")
		bad := r.Commit("creds")
		r.Git("reset", "-q", "--hard", "HEAD~1")
		r.Write("creds.txt", "token from the environment\n")
		clean := r.Commit("creds")
		r.Git("reset", "-q", "--hard", bad)
		r.Git("replace", bad, clean)
		r.Git("branch", "-f", "side", clean) // keep clean reachable only as a replacement target
		r.Git("update-ref", "-d", "refs/heads/side")
		historyMustFind(t, r, "creds.txt")
	})
	t.Run("grafts", func(t *testing.T) {
		t.Parallel()
		r := secretsRepo(t)
		tok := fixture.FakeToken("ghp_", "grafts", 36)
		r.Write("creds.txt", "token "+tok+"\n")
		bad := r.Commit("creds")
		r.Remove("creds.txt")
		r.Commit("remove creds")
		head := r.Head()
		// The graft makes HEAD a root commit: bad vanishes from the log.
		if err := os.WriteFile(filepath.Join(r.Dir, ".git", "info", "grafts"), []byte(head+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_ = bad
		historyMustFind(t, r, "creds.txt")
	})
}

// An empty range (a push of no new commits) said "scanned 0 commits" and
// passed.
func TestFaultEmptyRangeIsNotChecked(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	secretsOK(t, r)
	rep, _ := scanSecrets(t, r.Dir, "--range", "HEAD..HEAD")
	status, reason, _ := rep.row(t)
	if status != "not-checked" || !strings.Contains(reason, "has no commits") {
		t.Errorf("row %s reason %q, want not checked: the range has no commits", status, reason)
	}
}

// Nested tags deeper than ten, older stash entries and a commit's mergetag
// header were never read.
func TestFaultNestedTagsStashesMergetag(t *testing.T) {
	t.Parallel()
	t.Run("nested tags", func(t *testing.T) {
		t.Parallel()
		r := secretsRepo(t)
		tok := fixture.FakeToken("ghp_", "innertag", 36)
		r.Git("tag", "-a", "-m", "release token "+tok, "t0", "HEAD")
		for i := 1; i < 12; i++ {
			r.Git("tag", "-a", "-m", "wrap "+secretsItoa(i), "t"+secretsItoa(i), "t"+secretsItoa(i-1))
			r.Git("tag", "-d", "t"+secretsItoa(i-1))
		}
		secretsOK(t, r)
		rep, _ := scanSecrets(t, r.Dir)
		found := false
		for _, f := range rep.Findings {
			found = found || strings.Contains(f.Location.Path, "tag t0")
		}
		if !found {
			t.Errorf("the innermost tag's secret was missed: %+v", rep.Findings)
		}
	})
	t.Run("stash", func(t *testing.T) {
		t.Parallel()
		r := secretsRepo(t)
		tok := fixture.FakeToken("ghp_", "oldstash", 36)
		r.Write("README.md", "# app\ntoken "+tok+"\n")
		r.Git("stash", "-q")
		r.Write("README.md", "# app\nnothing\n")
		r.Git("stash", "-q")
		historyMustFind(t, r, "README.md")
	})
	t.Run("mergetag", func(t *testing.T) {
		t.Parallel()
		r := secretsRepo(t)
		tok := fixture.FakeToken("ghp_", "mergetag", 36)
		r.Write("a.txt", "a\n").Commit("a")
		tree := strings.TrimSpace(r.Git("rev-parse", "HEAD^{tree}"))
		head := r.Head()
		obj := "tree " + tree + "\nparent " + head + "\nparent " + head +
			"\nauthor A <a@example.invalid> 1767600000 +0000\ncommitter A <a@example.invalid> 1767600000 +0000\nmergetag object " + head +
			"\n type commit\n tag v9\n tagger A <a@example.invalid> 1767600000 +0000\n \n deploy token " + tok + "\n\nmerge v9\n"
		p := filepath.Join(t.TempDir(), "commit")
		if err := os.WriteFile(p, []byte(obj), 0o644); err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSpace(r.Git("hash-object", "-t", "commit", "-w", "--literally", p))
		r.Git("update-ref", "refs/heads/main", id)
		historyMustFind(t, r, "commit message")
	})
}

// launchready:allow in a commit message suppressed the message's secret;
// on a 16 KB minified line it suppressed every secret on the line.
func TestFaultAllowCommentScope(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	msgTok := fixture.FakeToken("ghp_", "allowmsg", 36)
	r.Write("a.txt", "a\n")
	r.Commit("deploy with " + msgTok + " launchready:allow")
	far := fixture.FakeToken("ghp_", "allowfar", 36)
	near := fixture.FakeToken("ghp_", "allownear", 36)
	line := "var a=\"" + far + "\";" + strings.Repeat("x=1;", 4000) + "var b=\"" + near + "\"; // launchready:allow\n"
	r.Write("dist/app.min.js", line)
	r.Commit("bundle")
	rep := historyMustFind(t, r, "commit message")
	// The far secret is reported; the one next to the comment is not.
	n := 0
	for _, f := range rep.Findings {
		if f.Location.Path == "dist/app.min.js" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d findings in the minified line, want 1 (the secret far from the allow comment): %+v", n, rep.Findings)
	}
}

// unsaltedFingerprint is what a fingerprint was: a truncated SHA-256 of
// rule, path and secret, which brute force reverses for a short secret.
func unsaltedFingerprint(rule, path, secret string) string {
	h := sha256.Sum256([]byte(rule + "\x00" + path + "\x00" + secret + "\x00"))
	return hex.EncodeToString(h[:])[:32]
}

// A binary file over 256 MB only got a note and the row passed.
func TestFaultBinaryOverCapIsNotChecked(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	p := filepath.Join(r.Dir, "firmware", "image.img")
	secretsWrite(t, r, "firmware/image.img", []byte("\x7fELF\x00\x00\x00\x01"))
	if err := os.Truncate(p, secrets.MaxScanSize+1); err != nil {
		t.Fatal(err)
	}
	rep, _ := scanSecrets(t, r.Dir, "--worktree")
	status, reason, _ := rep.row(t)
	if status != "not-checked" || !strings.Contains(reason, "firmware/image.img") {
		t.Errorf("row %s (%s); want not-checked naming firmware/image.img", status, reason)
	}
}

// utf16LE encodes s as UTF-16 little endian, with a byte order mark when
// bom is set (what PowerShell's `>` and regedit write).
func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xff, 0xfe)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// UTF-16 text was treated as binary, and no printable run reached 8 bytes:
// a token in a .reg export was missed in history and --worktree.
func TestFaultUTF16Text(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	tok := fixture.FakeToken("ghp_", "utf16", 36)
	tok2 := fixture.FakeToken("ghp_", "utf16nobom", 36)
	secretsWrite(t, r, "settings.reg", utf16LE("\ufeffWindows Registry Editor Version 5.00\r\n\r\n\"token\"=\""+tok+"\"\r\n", false))
	secretsWrite(t, r, "out.txt", utf16LE("deploy log\r\ntoken "+tok2+"\r\n", false))
	secretsOK(t, r)
	rep, _ := scanSecrets(t, r.Dir, "--worktree")
	secretsMustFind(t, rep, "secrets/github-pat", "settings.reg", 3)
	secretsMustFind(t, rep, "secrets/github-pat", "out.txt", 2)
	r.Commit("registry export")
	rep = historyMustFind(t, r, "settings.reg")
	secretsMustFind(t, rep, "secrets/github-pat", "out.txt", 2)
}

// A blob or tree tagged directly (no commit holds it) was never scanned.
func TestFaultTaggedBlobsAndTrees(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	blob := strings.TrimSpace(r.Git("hash-object", "-w", write("b", "token "+fixture.FakeToken("ghp_", "blobtag", 36)+"\n")))
	r.Git("tag", "blobtag", blob)
	ann := strings.TrimSpace(r.Git("hash-object", "-w", write("c", "token "+fixture.FakeToken("ghp_", "anntag", 36)+"\n")))
	r.Git("tag", "-a", "-m", "data", "anntag", ann)
	inner := strings.TrimSpace(r.Git("hash-object", "-w", write("d", "token "+fixture.FakeToken("ghp_", "treetag", 36)+"\n")))
	cmd := exec.Command("git", "-C", r.Dir, "mktree")
	cmd.Env = append(os.Environ(), fixture.Env()...)
	cmd.Stdin = strings.NewReader("100644 blob " + inner + "\tcreds.txt\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	r.Git("tag", "treetag", strings.TrimSpace(string(out)))
	rep := historyMustFind(t, r, "tag blobtag (blob)")
	secretsMustFind(t, rep, "secrets/github-pat", "tag anntag (blob)", 1)
	i := secretsMustFind(t, rep, "secrets/github-pat", "treetag:creds.txt", 1)
	if m := rep.Findings[i].Message; !strings.Contains(m, "the ref treetag points at it") {
		t.Errorf("message %q does not name the tag", m)
	}
}

// After `git sparse-checkout set svc/a`, a committed token in
// svc/b/creds.txt was missed by --worktree, and the note counted it as
// scanned.
func TestFaultSparseCheckoutWorktree(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	tok := fixture.FakeToken("ghp_", "sparse", 36)
	r.Write("svc/a/app.txt", "a\n")
	r.Write("svc/b/creds.txt", "token "+tok+"\n")
	r.Commit("services")
	r.Git("sparse-checkout", "set", "svc/a")
	if _, err := os.Stat(filepath.Join(r.Dir, "svc", "b", "creds.txt")); !os.IsNotExist(err) {
		t.Fatalf("svc/b/creds.txt is still on disk: %v", err)
	}
	secretsOK(t, r)
	rep, res := scanSecrets(t, r.Dir, "--worktree")
	secretsMustFind(t, rep, "secrets/github-pat", "svc/b/creds.txt", 1)
	if status, _, _ := rep.row(t); status != "fail" || res.code != exitFindings {
		t.Errorf("row %s exit %d, want fail 1", status, res.code)
	}
	// The count is true: README.md, svc/a/app.txt and svc/b/notes.txt
	// (from the index), never a file that was not read.
	c := secretsRepo(t)
	c.Write("svc/a/app.txt", "a\n")
	c.Write("svc/b/notes.txt", "b\n")
	c.Commit("services")
	c.Git("sparse-checkout", "set", "svc/a")
	secretsOK(t, c)
	rep, _ = scanSecrets(t, c.Dir, "--worktree")
	if status, _, note := rep.row(t); status != "pass" || !strings.Contains(note, "scanned 3 files") {
		t.Errorf("row %s note %q, want pass, scanned 3 files", status, note)
	}
}

// The fingerprint of a 5-character .netrc password was an unsalted
// truncated SHA-256 of rule, path and secret: brute force recovered the
// password in 47 s. A weak secret's fingerprint is now stretched (scrypt);
// it is still the same in every run, and a strong token's is unchanged.
func TestFaultFingerprintOfShortSecret(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	const pw = "k7#Qz"
	tok := fixture.FakeToken("ghp_", "fpstrong", 36)
	r.Write(".netrc", "machine api.example.com login deploy password "+pw+"\n")
	r.Write("ci.txt", "token "+tok+"\n")
	r.Commit("credentials")
	secretsOK(t, r)
	fp := func() (weak, strong string) {
		rep, _ := scanSecrets(t, r.Dir)
		i := secretsMustFind(t, rep, "secrets/netrc-password", ".netrc", 1)
		j := secretsMustFind(t, rep, "secrets/github-pat", "ci.txt", 1)
		return rep.Findings[i].Fingerprint, rep.Findings[j].Fingerprint
	}
	weak, strong := fp()
	if weak == unsaltedFingerprint("secrets/netrc-password", ".netrc", pw) {
		t.Errorf("the short password's fingerprint is the plain hash of it: %s", weak)
	}
	if strong != unsaltedFingerprint("secrets/github-pat", "ci.txt", tok) {
		t.Errorf("a strong token's fingerprint changed: %s", strong)
	}
	if w2, s2 := fp(); w2 != weak || s2 != strong {
		t.Errorf("fingerprints not stable across runs: %s/%s then %s/%s", weak, strong, w2, s2)
	}
}

// gitleaks' default path allowlist skipped real files by name, with no
// note: deploy/gitleaks.toml.env (an unanchored pattern), .gitleaks.toml.bak,
// an SVG, resources/js/bootstrap.js (Laravel's keys), firmware.bin.
// Lock files are still skipped, and named.
func TestFaultGitleaksPathAllowlist(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	text := map[string]string{
		"deploy/gitleaks.toml.env":  "TOKEN=%s\n",
		".gitleaks.toml.bak":        "# old\ntoken = \"%s\"\n",
		"img/logo.svg":              "<svg><!-- %s --></svg>\n",
		"resources/js/bootstrap.js": "window.token = '%s';\n",
	}
	for p, body := range text {
		r.Write(p, strings.Replace(body, "%s", fixture.FakeToken("ghp_", p, 36), 1))
	}
	r.Commit("assets")
	secretsOK(t, r)
	for _, args := range [][]string{nil, {"--worktree"}} {
		rep, _ := scanSecrets(t, r.Dir, args...)
		for p := range text {
			secretsMustFind(t, rep, "secrets/github-pat", p, 0)
		}
	}
	// A binary named by extension (.bin) is scanned like any binary
	// (TestFaultBinaryByExtensionScanned); lock files are still skipped,
	// but named.
	c := secretsRepo(t)
	c.Write("firmware.bin", "\x7fELF\x00\x00\x00\x01"+fixture.FakeToken("ghp_", "firmware", 36)+"\x00")
	c.Commit("assets")
	secretsOK(t, c)
	for _, args := range [][]string{nil, {"--worktree"}} {
		rep, _ := scanSecrets(t, c.Dir, args...)
		secretsMustFind(t, rep, "secrets/github-pat", "firmware.bin", 0)
	}
	l := secretsRepo(t)
	l.Write("package-lock.json", "{}\n")
	l.Commit("lock")
	secretsOK(t, l)
	for _, args := range [][]string{nil, {"--worktree"}} {
		rep, _ := scanSecrets(t, l.Dir, args...)
		status, _, note := rep.row(t)
		if status != "pass" || !strings.Contains(note, "1 file skipped by gitleaks' path allowlist (lock files and vendored libraries): package-lock.json") {
			t.Errorf("%v: row %s note %q; want the skipped lock file named", args, status, note)
		}
	}
}
