package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/secrets"
)

// secretsReport is the part of the JSON report the secret faults look at.
type secretsReport struct {
	Scorecard []struct {
		ID, Status, Reason, Note string
	}
	Findings []struct {
		RuleID, Message, Fingerprint string
		Location                     struct {
			Path      string
			StartLine int
			Commit    string
		}
	}
	Errors []struct{ Check, Message string }
}

// scanSecrets runs the secret check through run(...) with the JSON report.
func scanSecrets(t *testing.T, dir string, args ...string) (secretsReport, result) {
	t.Helper()
	res := runCLI(t, nil, append([]string{"--repo", dir, "--check", "secrets", "--format", "json"}, args...)...)
	var rep secretsReport
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("exit %d, no JSON report: %v\nstdout:\n%s\nstderr:\n%s", res.code, err, res.stdout, res.stderr)
	}
	return rep, res
}

func (r secretsReport) row(t *testing.T) (status, reason, note string) {
	t.Helper()
	for _, row := range r.Scorecard {
		if row.ID == "secrets" {
			return row.Status, row.Reason, row.Note
		}
	}
	t.Fatalf("no secrets row in %+v", r.Scorecard)
	return
}

// has reports whether a finding of rule sits at path:line (line 0: any),
// and returns it.
func (r secretsReport) has(rule, path string, line int) (int, bool) {
	for i, f := range r.Findings {
		if f.RuleID == rule && f.Location.Path == path && (line == 0 || f.Location.StartLine == line) {
			return i, true
		}
	}
	return -1, false
}

func secretsMustFind(t *testing.T, rep secretsReport, rule, path string, line int) int {
	t.Helper()
	i, ok := rep.has(rule, path, line)
	if !ok {
		t.Fatalf("no %s finding at %s:%d; findings: %+v; scorecard: %+v; errors: %+v", rule, path, line, rep.Findings, rep.Scorecard, rep.Errors)
	}
	return i
}

func secretsRepo(t *testing.T) *fixture.Repo {
	t.Helper()
	r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
	r.Write("README.md", "# app\n")
	r.Commit("init")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

func secretsOK(t *testing.T, r *fixture.Repo) {
	t.Helper()
	if r.Err != nil {
		t.Fatal(r.Err)
	}
}

// bigText is n bytes of ordinary lines ("line 1\n", ...), as a log or SQL
// dump would hold.
func secretsText(n int) []byte {
	var b strings.Builder
	b.Grow(n + 32)
	for i := 1; b.Len() < n; i++ {
		b.WriteString("INSERT INTO events VALUES (")
		b.WriteString(strings.Repeat("7", i%13+1))
		b.WriteString(", 'page view');\n")
	}
	return []byte(b.String())
}

func secretsWrite(t *testing.T, r *fixture.Repo, path string, data []byte) {
	t.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A 12 MB file holding a token was skipped in --worktree ("files over 10 MB
// skipped") and the row passed.
func TestFaultLargeWorktreeFileIsScanned(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	tok := fixture.FakeToken("ghp_", "big-file", 36)
	body := secretsText(12 << 20)
	// The token goes on a line past the first window.
	cut := len(body) - 1<<20
	cut += strings.IndexByte(string(body[cut:]), '\n') + 1
	line := strings.Count(string(body[:cut]), "\n") + 1
	data := append(append(append([]byte{}, body[:cut]...), []byte("-- deploy token "+tok+"\n")...), body[cut:]...)
	secretsWrite(t, r, "db/dump.sql", data)

	// A minified bundle is one long line: the token sits exactly across
	// the seam of the first window.
	tok2 := fixture.FakeToken("ghp_", "seam", 36)
	min := []byte(strings.Repeat("var a=1;", (12<<20)/8))
	at := secrets.ChunkSize - len(tok2)/2
	copy(min[at-8:], "k=\"")
	copy(min[at:], tok2)
	min[at+len(tok2)] = '"'
	secretsWrite(t, r, "public/app.min.js", min)

	rep, res := scanSecrets(t, r.Dir, "--worktree")
	secretsMustFind(t, rep, "secrets/github-pat", "db/dump.sql", line)
	secretsMustFind(t, rep, "secrets/github-pat", "public/app.min.js", 1)
	if status, _, _ := rep.row(t); status != "fail" || res.code != exitFindings {
		t.Errorf("row %s, exit %d; want fail, 1", status, res.code)
	}
	if strings.Contains(res.stdout, tok) || strings.Contains(res.stdout, tok2) {
		t.Error("the report holds a raw token")
	}
}

// A file too large to scan must make the row not checked, by name, never a
// pass.
func TestFaultFileOverHardCapIsNotChecked(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	// A sparse file: text at the start, so it is not binary; its size is
	// past the cap without writing 256 MB.
	p := filepath.Join(r.Dir, "exports", "huge.csv")
	secretsWrite(t, r, "exports/huge.csv", secretsText(9000))
	if err := os.Truncate(p, secrets.MaxScanSize+1); err != nil {
		t.Fatal(err)
	}
	rep, _ := scanSecrets(t, r.Dir, "--worktree")
	status, reason, _ := rep.row(t)
	if status != "not-checked" || !strings.Contains(reason, "exports/huge.csv") || !strings.Contains(reason, "too large to scan") {
		t.Errorf("worktree: row %s (%s); want not-checked naming exports/huge.csv", status, reason)
	}
	// Committed, it is a blob git does not diff (over
	// core.bigFileThreshold): the history scan names it, with its commit.
	r.Git("config", "core.bigFileThreshold", "1m")
	sha := r.Commit("export")
	secretsOK(t, r)
	rep, _ = scanSecrets(t, r.Dir)
	status, reason, _ = rep.row(t)
	if status != "not-checked" || !strings.Contains(reason, "exports/huge.csv (commit "+sha[:8]+")") {
		t.Errorf("history: row %s (%s); want not-checked naming exports/huge.csv and its commit", status, reason)
	}
}

// git treats blobs over core.bigFileThreshold (and files marked -diff) as
// binary, and gitleaks skipped every binary patch: such a file's token in
// history was never seen.
func TestFaultLargeAndUndiffedFilesInHistory(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	r.Git("config", "core.bigFileThreshold", "1m")
	tok := fixture.FakeToken("ghp_", "history-big", 36)
	body := secretsText(3 << 20)
	secretsWrite(t, r, "db/seed.sql", append(body, []byte("-- token "+tok+"\n")...))
	line := strings.Count(string(body), "\n") + 1
	tok2 := fixture.FakeToken("ghp_", "undiffed", 36)
	r.Write(".gitattributes", "*.cfg -diff\n")
	r.Write("app.cfg", "name=app\ntoken="+tok2+"\n")
	sha := r.Commit("seed data")
	secretsOK(t, r)
	rep, _ := scanSecrets(t, r.Dir)
	i := secretsMustFind(t, rep, "secrets/github-pat", "db/seed.sql", line)
	if c := rep.Findings[i].Location.Commit; c != sha {
		t.Errorf("commit %s, want %s", c, sha)
	}
	secretsMustFind(t, rep, "secrets/github-pat", "app.cfg", 2)
}

// A token after NUL bytes was silently skipped by the history scan (and in
// the work tree).
func TestFaultBinaryFilesAreScanned(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	tok := fixture.FakeToken("ghp_", "binary", 36)
	blob := append([]byte("SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20"), make([]byte, 300)...)
	offset := len(blob) + len("\x05config\x01")
	blob = append(blob, []byte("\x05config\x01"+tok+"\x00\x00\x07")...)
	secretsWrite(t, r, "data/app.db", blob)
	sha := r.Commit("add the database")
	secretsOK(t, r)

	for _, mode := range [][]string{nil, {"--worktree"}, {"--range", "HEAD~1..HEAD"}} {
		rep, res := scanSecrets(t, r.Dir, mode...)
		i := secretsMustFind(t, rep, "secrets/github-pat", "data/app.db", 1)
		f := rep.Findings[i]
		if !strings.Contains(f.Message, "binary file data/app.db at byte offset "+secretsItoa(offset)) {
			t.Errorf("%v: message %q lacks the byte offset %d", mode, f.Message, offset)
		}
		if mode == nil && f.Location.Commit != sha {
			t.Errorf("commit %s, want %s", f.Location.Commit, sha)
		}
		if _, _, note := rep.row(t); res.code != exitFindings || strings.Contains(res.stdout, tok) {
			t.Errorf("%v: exit %d, note %q (or a raw token in the report)", mode, res.code, note)
		}
	}
}

func secretsItoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// A token in a commit message or an annotated tag message was not reported.
func TestFaultCommitAndTagMessages(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	base := r.Head()
	tok := fixture.FakeToken("ghp_", "commit-message", 36)
	r.Write("app.txt", "hello\n")
	sha := r.Commit("Deploy fix\n\nThe CI token is " + tok + " for now.\n")
	tagTok := fixture.FakeToken("glpat-", "tag-message", 20)
	r.Git("tag", "-a", "v1.0", "-m", "Release 1.0\n\nregistry token: "+tagTok)
	// A merge commit's message counts too.
	r.Checkout("side", true)
	r.Write("side.txt", "side\n")
	r.Commit("side work")
	r.Checkout("main", false)
	mergeTok := fixture.FakeToken("ghp_", "merge-message", 36)
	r.Git("merge", "-q", "--no-ff", "-m", "Merge side\n\nWhy:\nit used "+mergeTok, "side")
	merge := r.Head()
	secretsOK(t, r)

	for _, args := range [][]string{nil, {"--range", base + ".." + merge}} {
		rep, res := scanSecrets(t, r.Dir, args...)
		i := secretsMustFind(t, rep, "secrets/github-pat", "commit message", 3)
		if f := rep.Findings[i]; f.Location.Commit != sha || !strings.Contains(f.Message, "in the message of commit "+sha[:8]) {
			t.Errorf("%v: %+v", args, f)
		}
		fp := rep.Findings[i].Fingerprint
		i = secretsMustFind(t, rep, "secrets/gitlab-pat", "tag v1.0 message", 3)
		if f := rep.Findings[i]; f.Location.Commit != sha || !strings.Contains(f.Message, "in the message of tag v1.0") {
			t.Errorf("%v: %+v", args, f)
		}
		if i, _ := rep.has("secrets/github-pat", "commit message", 4); i < 0 || rep.Findings[i].Location.Commit != merge {
			t.Errorf("%v: the merge commit's message was not scanned: %+v", args, rep.Findings)
		}
		if res.code != exitFindings || strings.Contains(res.stdout, tok) || strings.Contains(res.stdout, tagTok) {
			t.Errorf("%v: exit %d (or a raw token in the report)", args, res.code)
		}
		// The fingerprint is stable: the same on a second run.
		again, _ := scanSecrets(t, r.Dir, args...)
		if j, _ := again.has("secrets/github-pat", "commit message", 3); j < 0 || again.Findings[j].Fingerprint != fp {
			t.Errorf("%v: fingerprint moved between runs", args)
		}
	}
	// A range that leaves the commits out leaves their messages out.
	rep, _ := scanSecrets(t, r.Dir, "--range", merge+"~1.."+merge)
	secretsMustFind(t, rep, "secrets/github-pat", "commit message", 4)
	if _, ok := rep.has("secrets/github-pat", "commit message", 3); ok {
		t.Errorf("a message outside the range was reported: %+v", rep.Findings)
	}
}

// Ordinary commit messages, and messages with placeholder tokens, are not
// findings (testdata/secrets/messages/fp.txt, one message per block).
func TestFaultCommitMessageFalsePositives(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "secrets", "messages", "fp.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := secretsRepo(t)
	msgs := strings.Split(string(data), "\n----\n")
	for i, m := range msgs {
		r.Write("f.txt", secretsItoa(i)+"\n")
		r.Commit(m)
	}
	r.Git("tag", "-a", "v2.0", "-m", msgs[0])
	secretsOK(t, r)
	rep, res := scanSecrets(t, r.Dir)
	if len(rep.Findings) != 0 || res.code != exitOK {
		t.Errorf("exit %d, false positives: %+v", res.code, rep.Findings)
	}
	if _, _, note := rep.row(t); !strings.Contains(note, secretsItoa(len(msgs)+1)+" commit and 1 tag messages") {
		t.Errorf("note %q does not count the messages", note)
	}
}

// In a repository with no commits the row said "pass: no commits yet" while
// tokens sat in the work tree and the index.
func TestFaultNoCommitsYet(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
	untracked := fixture.FakeToken("ghp_", "untracked", 36)
	staged := fixture.FakeToken("ghp_", "staged", 36)
	r.Write("notes.txt", "todo\nmy token "+untracked+"\n")
	r.Write("config/app.yml", "name: app\ntoken: "+staged+"\n")
	r.Git("add", "config/app.yml")
	// The work tree copy no longer has it: only the index does.
	r.Write("config/app.yml", "name: app\n")
	secretsOK(t, r)
	rep, res := scanSecrets(t, r.Dir)
	secretsMustFind(t, rep, "secrets/github-pat", "notes.txt", 2)
	secretsMustFind(t, rep, "secrets/github-pat", "config/app.yml", 2)
	status, _, _ := rep.row(t)
	if status != "fail" || res.code != exitFindings {
		t.Errorf("row %s exit %d, want fail 1", status, res.code)
	}
	// And a clean one says what it read.
	clean := fixture.Init(filepath.Join(t.TempDir(), "clean"))
	clean.Write("README.md", "# app\n")
	secretsOK(t, clean)
	rep, _ = scanSecrets(t, clean.Dir)
	if status, _, note := rep.row(t); status != "pass" || !strings.Contains(note, "no commits yet: scanned the work tree and the index") {
		t.Errorf("row %s note %q", status, note)
	}
}
