package main

// Fault cases of the policy's trust, part 2 (issue 12): where a run reads
// its policy from. Each runs the real entry point: run(...) or the action
// mode.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/launchready/launchready/internal/annotate/ghreport/fakegithub"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// staleAWSKey is a well-formed AWS access key id (gitleaks' aws rule,
// critical).
const staleAWSKey = "AKIAZ3MHQ7XQ4LBRTV2N"

// stalePolicyOld is the policy main had long ago; stalePolicyNew the one at
// the base branch's tip: stricter, with the repository's own rule.
var (
	stalePolicyOld = "fail-on: none\n" + waiveAllButSecrets
	stalePolicyNew = "fail-on: low\nsecrets:\n  rules:\n    - id: acme-token\n      description: ACME internal API token\n      regex: 'acme_([a-z0-9]{32})'\n      secret-group: 1\n      keywords: [acme_]\n" + waiveAllButSecrets
)

// newStalePR builds main whose first commit had `fail-on: none`, a pull
// request branched from that commit adding an AWS key and an ACME token
// (and restating the old policy, so a merge would keep it), and a later
// main commit with the strict policy: s.base is main's tip, as in the
// event's pull_request.base.sha; the merge base is the old commit.
func newStalePR(t *testing.T) *scenario {
	t.Helper()
	s := &scenario{t: t, dir: t.TempDir()}
	r := fixture.Init(filepath.Join(s.dir, "workspace"))
	r.Write("README.md", "# api\n")
	r.Write(".launchready.yml", stalePolicyOld)
	r.Commit("init")
	r.Checkout("feature/deploy", true)
	r.Write("deploy/prod.env.sh", "export AWS_ACCESS_KEY_ID="+staleAWSKey+"\nexport ACME="+acmeToken+"\n")
	r.Write(".launchready.yml", stalePolicyOld+"# keep\n")
	s.head = r.Commit("add deploy config")
	r.Checkout("main", false)
	r.Write(".launchready.yml", stalePolicyNew)
	s.base = r.Commit("stricter policy")
	r.Checkout("feature/deploy", false)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	s.repo = r
	s.fake = fakegithub.New(t, "acme", "api", 7)
	s.fake.Files = s.prFiles()
	return s
}

func (s *scenario) wantBasePolicy(what string) {
	s.t.Helper()
	if s.code != exitFindings {
		s.t.Fatalf("%s: exit %d, want 1: the base branch's tip has fail-on: low\n%s", what, s.code, s.stdout)
	}
	if !strings.Contains(s.stdout, "acme-token") {
		s.t.Errorf("%s: the base tip's own rule acme-token found nothing\n%s", what, s.stdout)
	}
	for _, secret := range []string{staleAWSKey, acmeToken} {
		if strings.Contains(s.stdout, secret) {
			s.t.Errorf("%s: a secret leaked", what)
		}
	}
}

// TestFaultPRBranchedFromOldPolicy: a pull request branched from an old
// commit of main (where the policy was `fail-on: none`) is checked with the
// policy of the base branch's tip (pull_request.base.sha), not the merge
// base's.
func TestFaultPRBranchedFromOldPolicy(t *testing.T) {
	s := newStalePR(t)
	s.run("pull_request", "false", nil)
	s.wantBasePolicy("pull_request")
	if !strings.Contains(s.stdout, "this pull request changes .launchready.yml") {
		t.Errorf("no policy-change warning against the base tip\n%s", s.stdout)
	}
}

// TestFaultRangePolicyFromBaseNotMergeBase: --range BASE..HEAD reads the
// policy from BASE itself.
func TestFaultRangePolicyFromBaseNotMergeBase(t *testing.T) {
	s := newStalePR(t)
	var out, errb strings.Builder
	code := run(t.Context(), []string{"--repo", s.repo.Dir, "--range", "main..feature/deploy", "--check", "secrets"}, &out, &errb, os.Getenv)
	if code != exitFindings || !strings.Contains(out.String(), "acme-token") {
		t.Errorf("--range: exit %d, want 1 with acme-token found\n%s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "the range changes .launchready.yml; launchready used the base commit's version") {
		t.Errorf("--range: no policy-change warning\n%s", out.String())
	}
}

// TestFaultPREventsReadBasePolicy: every event whose payload carries the
// pull request (reviews, review comments) reads the policy from
// pull_request.base.sha, not from the checked-out pull request.
func TestFaultPREventsReadBasePolicy(t *testing.T) {
	for _, ev := range []string{"pull_request_review", "pull_request_review_comment"} {
		t.Run(ev, func(t *testing.T) {
			s := newStalePR(t)
			s.run(ev, "false", nil)
			s.wantBasePolicy(ev)
		})
	}
}

// TestFaultMergeGroupReadsBasePolicy: a merge queue's group (the base tip
// with the pull request merged, checked out) reads the policy from
// merge_group.base_sha, and scans the commits base_sha..head_sha.
func TestFaultMergeGroupReadsBasePolicy(t *testing.T) {
	s := newStalePR(t)
	prHead := s.head
	s.repo.Checkout("main", false)
	s.repo.Checkout("gh-readonly-queue/main/pr-7", true)
	// The pull request restated the old policy: the group keeps it.
	s.head = s.repo.MergeResolving("feature/deploy", map[string]string{".launchready.yml": stalePolicyOld + "# keep\n"})
	if s.repo.Err != nil || s.head == prHead {
		t.Fatal(s.repo.Err)
	}
	s.run("merge_group", "false", nil)
	s.wantBasePolicy("merge_group")
	if !strings.Contains(s.stdout, "merge group: the commits it adds") {
		t.Errorf("the merge group was not scanned as a range\n%s", s.stdout)
	}
}

// TestFaultGitleaksAllowScope: gitleaks' own inline "gitleaks:allow" has
// exactly the scope of launchready:allow: it suppresses nothing in commit
// or tag messages, and on a minified line only a secret within 200 bytes;
// what it suppresses in a file is counted.
func TestFaultGitleaksAllowScope(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	msgTok := fixture.FakeToken("ghp_", "glallowmsg", 36)
	tagTok := fixture.FakeToken("ghp_", "glallowtag", 36)
	far := fixture.FakeToken("ghp_", "glallowfar", 36)
	near := fixture.FakeToken("ghp_", "glallownear", 36)
	inFile := fixture.FakeToken("ghp_", "glallowfile", 36)
	r.Write("a.txt", "a\n")
	r.Commit("deploy with " + msgTok + " gitleaks:allow")
	r.Git("tag", "-a", "v1", "-m", "release "+tagTok+" # gitleaks:allow")
	line := "var a=\"" + far + "\";" + strings.Repeat("x=1;", 600) + "var b=\"" + near + "\"; // gitleaks:allow\n"
	r.Write("dist/app.min.js", line)
	r.Write("test/fixture.txt", "t = "+inFile+" # gitleaks:allow\n")
	r.Commit("bundle")
	secretsOK(t, r)
	res := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", "--format", "json")
	var rep struct {
		secretsReport
		Suppressed int
	}
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("exit %d, no JSON report: %v\n%s%s", res.code, err, res.stdout, res.stderr)
	}
	if res.code != exitFindings {
		t.Errorf("exit %d, want 1", res.code)
	}
	n := map[string]int{}
	for _, f := range rep.Findings {
		n[f.Location.Path]++
		if strings.HasSuffix(f.Location.Path, " message") {
			n["message"]++
		}
	}
	if n["dist/app.min.js"] != 1 {
		t.Errorf("%d findings on the minified line, want 1 (the secret 2,400 bytes from the comment): %+v", n["dist/app.min.js"], rep.Findings)
	}
	if n["test/fixture.txt"] != 0 {
		t.Errorf("the allowed line in test/fixture.txt was reported")
	}
	if n["message"] != 2 {
		t.Errorf("%d findings in commit and tag messages, want 2: %+v", n["message"], rep.Findings)
	}
	// The near secret on the minified line and the fixture's: counted.
	if rep.Suppressed != 2 {
		t.Errorf("suppressed = %d, want 2", rep.Suppressed)
	}
	text := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets")
	if !strings.Contains(text.stdout, "2 finding(s) suppressed") {
		t.Errorf("the text report does not count the suppressed findings\n%s", text.stdout)
	}
}

// TestFaultBinaryByExtensionScanned: gitleaks' default allowlist skipped a
// file by its extension alone (an image, a font, a document, .bin): a PNG
// header followed by an AWS key passed, and so did a 20 MB NUL-padded
// .bin. Their printable runs are scanned, and no note says they were
// skipped.
func TestFaultBinaryByExtensionScanned(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	secretsWrite(t, r, "assets/logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00 aws_access_key_id="+staleAWSKey+"\n"))
	blob := make([]byte, 20<<20)
	copy(blob[len(blob)-64:], "\x00\x01GH_TOKEN="+tokenFor("nul-padded-bin")+"\x00")
	secretsWrite(t, r, "firmware/blob.bin", blob)
	secretsOK(t, r)
	rep, res := scanSecrets(t, r.Dir, "--worktree")
	if res.code != exitFindings {
		t.Errorf("exit %d, want 1", res.code)
	}
	secretsMustFind(t, rep, "secrets/aws-access-token", "assets/logo.png", 0)
	secretsMustFind(t, rep, "secrets/github-pat", "firmware/blob.bin", 0)
	text := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", "--worktree").stdout
	if i := strings.Index(text, "skipped by gitleaks' path allowlist"); i >= 0 {
		t.Errorf("the report still says files were skipped\n%s", text[i:])
	}
}

// TestFaultPRChangesExtendedGitleaksConfig: a pull request that changes
// only the file the base's .gitleaks.toml extends ([extend] path) is
// warned about, as for .gitleaks.toml itself, and the base's version
// applies.
func TestFaultPRChangesExtendedGitleaksConfig(t *testing.T) {
	const rules = "[[rules]]\nid = \"acme-token\"\ndescription = \"ACME internal API token\"\nregex = '''acme_([a-z0-9]{32})'''\nsecretGroup = 1\nkeywords = [\"acme_\"]\n"
	s := newPRBase(t,
		map[string]string{".gitleaks.toml": "[extend]\npath = \"security/gitleaks-base.toml\"\n", "security/gitleaks-base.toml": rules},
		map[string]string{"security/gitleaks-base.toml": "[[rules]]\nid = \"nothing\"\nregex = '''zzzz_never'''\n", "deploy/prod.env.sh": "export ACME=" + acmeToken + "\n"})
	s.run("pull_request", "false", nil)
	if s.code != exitFindings || !strings.Contains(s.stdout, "acme-token") {
		t.Errorf("exit %d, want 1 with the base's acme-token rule\n%s", s.code, s.stdout)
	}
	want := "this pull request changes security/gitleaks-base.toml; launchready used the base branch's version"
	if !strings.Contains(s.stdout, want) {
		t.Errorf("no warning for the extended file\n%s", s.stdout)
	}
	if strings.Contains(s.stdout, acmeToken) {
		t.Errorf("the token leaked")
	}
}

// TestFaultLongWeakSecretFingerprintStretched: a long passphrase scored
// 164 bits (length times log2 of its classes) and got a plain SHA-256
// fingerprint, which a dictionary reverses. Secrets of password-style and
// generic rules are always stretched; a provider token's fingerprint is
// unchanged.
func TestFaultLongWeakSecretFingerprintStretched(t *testing.T) {
	t.Parallel()
	r := secretsRepo(t)
	const pass = "correct-horse-battery-staple"
	tok := tokenFor("strong-provider")
	r.Write("config/app.env", "DB_PASSWORD="+pass+"\n")
	r.Write("deploy/gh.sh", "export GH="+tok+"\n")
	secretsOK(t, r)
	rep, _ := scanSecrets(t, r.Dir, "--worktree")
	pw := secretsMustFind(t, rep, "secrets/password-assignment", "config/app.env", 1)
	if rep.Findings[pw].Fingerprint == unsaltedFingerprint("secrets/password-assignment", "config/app.env", pass) {
		t.Errorf("the passphrase's fingerprint is a plain hash of it")
	}
	gh := secretsMustFind(t, rep, "secrets/github-pat", "deploy/gh.sh", 1)
	if rep.Findings[gh].Fingerprint != unsaltedFingerprint("secrets/github-pat", "deploy/gh.sh", tok) {
		t.Errorf("a provider token's fingerprint changed")
	}
}

// TestFaultTokenInFileName: a file named after a token (creds/ghp_….txt)
// holding a key printed the token, as its path, in every format. Each
// distinct path of the findings is scanned and what it holds is masked.
func TestFaultTokenInFileName(t *testing.T) {
	t.Parallel()
	tok := tokenFor("in-file-name")
	name := "creds/" + tok + ".txt"
	for _, mode := range []string{"--worktree", "--history"} {
		r := secretsRepo(t)
		r.Write(name, "aws_access_key_id="+staleAWSKey+"\n")
		r.Commit("add creds")
		secretsOK(t, r)
		for _, format := range []string{"text", "json", "sarif", "markdown"} {
			res := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", mode, "--format", format)
			if res.code != exitFindings {
				t.Errorf("%s %s: exit %d, want 1\n%s%s", mode, format, res.code, res.stdout, res.stderr)
			}
			for _, secret := range []string{tok, staleAWSKey} {
				if strings.Contains(res.stdout+res.stderr, secret) {
					t.Errorf("%s %s: the output holds a secret (%.8s…)\n%s", mode, format, secret, res.stdout)
				}
			}
			if !strings.Contains(res.stdout, "creds/") {
				t.Errorf("%s %s: the finding lost its folder\n%s", mode, format, res.stdout)
			}
		}
	}
	// A path named in a note (a skipped lock file) is masked too.
	lockTok := tokenFor("in-lock-path")
	r := secretsRepo(t)
	r.Write("deps/"+lockTok+"/package-lock.json", "{}\n")
	r.Commit("lock")
	secretsOK(t, r)
	res := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", "--worktree", "--format", "json")
	if !strings.Contains(res.stdout, "/package-lock.json") || strings.Contains(res.stdout+res.stderr, lockTok) {
		t.Errorf("the note about the skipped lock file prints the token (or names no file)\n%s", res.stdout)
	}
}

// TestFaultPolicyWarningNamesBaseFile: a pull request that adds
// .launchready.yaml next to the base's .launchready.yml is told which file
// was used: the base branch's .launchready.yml.
func TestFaultPolicyWarningNamesBaseFile(t *testing.T) {
	tok := tokenFor("policy-yaml")
	s := newPRBase(t, map[string]string{".launchready.yml": "fail-on: high\n"},
		map[string]string{".launchready.yaml": "fail-on: none\n", "deploy/prod.env.sh": "export GH=" + tok + "\n"})
	s.run("pull_request", "false", nil)
	want := "this pull request changes .launchready.yaml; launchready used the base branch's .launchready.yml, and the change takes effect once merged"
	if s.code != exitFindings || !strings.Contains(s.stdout, want) {
		t.Errorf("exit %d, want 1 with %q\n%s", s.code, want, s.stdout)
	}
}

// TestFaultRangeKeepsTheUsersConfigFile: a --config the user names is
// trusted and read where it is, also with --range (only the repository's
// own config files come from BASE's tree); it was silently replaced by the
// defaults when BASE's tree had no file at that path.
func TestFaultRangeKeepsTheUsersConfigFile(t *testing.T) {
	t.Parallel()
	r := repoWith(t, nil)
	base := strings.TrimSpace(r.Git("rev-parse", "HEAD"))
	r.Write("config/app.yml", "token: "+tokenFor("range-config")+"\n")
	r.Commit("leak")
	cfg := filepath.Join(t.TempDir(), "mine.yml")
	if err := os.WriteFile(cfg, []byte("fail-on: none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runCLI(t, nil, "--repo", r.Dir, "--range", base+"..HEAD", "--config", cfg, "--check", "secrets")
	if res.code != exitOK || !strings.Contains(res.stdout, "[fail-on: none]") {
		t.Errorf("--config ignored with --range: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}
