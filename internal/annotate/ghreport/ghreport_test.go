package ghreport

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/annotate/difffilter"
	"github.com/launchready/launchready/internal/annotate/ghreport/fakegithub"
	"github.com/launchready/launchready/internal/finding"
)

const head = "cccccccccccccccccccccccccccccccccccccccc"

func secretAt(path string, line int, fp string) finding.Finding {
	return finding.Finding{RuleID: "secrets/github-pat", Row: finding.RowSecrets, Severity: finding.SeverityCritical,
		Title: "GitHub Personal Access Token", Message: "token in " + path, Remediation: "Rotate it.",
		Location: finding.Location{Path: path, StartLine: line, Commit: head}, Fingerprint: fp}
}

type harness struct {
	fake   *fakegithub.Server
	client *Client
	slept  []time.Duration
}

func newHarness(t *testing.T) *harness {
	h := &harness{fake: fakegithub.New(t, "acme", "api", 7)}
	h.fake.Files = []fakegithub.File{
		{Path: "config/app.yml", Patch: "@@ -1,2 +1,4 @@\n name: app\n+token: x\n+other: y\n region: eu"},
		{Path: "dist/app.min.js"}, // too large for a patch
	}
	c, err := New(Config{Token: "test-token", APIURL: h.fake.APIURL(), Sleep: func(d time.Duration) { h.slept = append(h.slept, d) }})
	if err != nil {
		t.Fatal(err)
	}
	h.client = c
	return h
}

func (h *harness) publish(t *testing.T, fs []finding.Finding) Outcome {
	t.Helper()
	ctx := context.Background()
	pr := PR{Owner: "acme", Repo: "api", Number: 7, HeadSHA: head}
	files, err := h.client.Files(ctx, pr)
	if err != nil {
		t.Fatal(err)
	}
	out, err := h.client.Publish(ctx, Publication{
		PR: pr, Findings: fs, Filter: difffilter.New(difffilter.Added, files),
		HeadLine: func(f finding.Finding) (int, bool) { return f.Location.StartLine, true },
		Review:   true, MaxReview: 30, Sticky: true, Clean: len(fs) == 0,
		Body: func(extra string) ([]byte, error) {
			return []byte(fmt.Sprintf("%s\nscorecard: %d findings\n%s", annotate.StickyMarker, len(fs), extra)), nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReviewLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	fs := []finding.Finding{secretAt("config/app.yml", 2, "fp-a"), secretAt("config/app.yml", 3, "fp-b")}

	out := h.publish(t, fs)
	if out.Posted != 2 || out.StickyAction != "created" || out.CommentURL == "" || out.ReadOnly {
		t.Fatalf("first run: %+v", out)
	}
	if len(h.fake.Reviews) != 1 || len(h.fake.ReviewCmts) != 2 || len(h.fake.IssueCmts) != 1 {
		t.Fatalf("state after first run: %d reviews, %d comments, %d issue comments", len(h.fake.Reviews), len(h.fake.ReviewCmts), len(h.fake.IssueCmts))
	}
	body := h.fake.ReviewCmts[0].Body
	for _, want := range []string{"**critical · GitHub Personal Access Token** (`secrets/github-pat`)", "**Fix:** Rotate it.", "<!-- launchready:fingerprint=fp-a -->", "launchready:allow"} {
		if !strings.Contains(body, want) {
			t.Errorf("comment body lacks %q:\n%s", want, body)
		}
	}

	// Same findings again: nothing new is written.
	writes := len(h.fake.Writes())
	out = h.publish(t, fs)
	if out.Posted != 0 || out.Kept != 2 || out.StickyAction != "unchanged" || len(h.fake.Writes()) != writes {
		t.Fatalf("re-run: %+v, writes %v", out, h.fake.Writes())
	}

	// fp-b is fixed; someone replied to... nobody. Its comment goes.
	out = h.publish(t, fs[:1])
	if out.Deleted != 1 || out.StickyAction != "updated" || len(h.fake.ReviewCmts) != 1 {
		t.Fatalf("after a fix: %+v, %d comments", out, len(h.fake.ReviewCmts))
	}
}

func TestStaleCommentWithReplyStaysAndForeignMarkerIsNotOurs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.ReviewCmts = []*fakegithub.ReviewComment{
		{ID: 1, Path: "config/app.yml", Line: 2, User: fakegithub.BotLogin, Body: "old <!-- launchready:fingerprint=gone -->"},
		{ID: 2, Path: "config/app.yml", Line: 2, User: "alice", Body: "this was a test key", InReplyTo: 1},
		{ID: 3, Path: "config/app.yml", Line: 3, User: "mallory", Body: "<!-- launchready:fingerprint=fp-a -->"},
	}
	h.fake.IssueCmts = []*fakegithub.IssueComment{{ID: 9, User: "mallory", Body: annotate.StickyMarker + "\nfake scorecard"}}
	out := h.publish(t, []finding.Finding{secretAt("config/app.yml", 2, "fp-a")})
	if out.Deleted != 0 {
		t.Errorf("deleted a comment someone replied to")
	}
	if out.Posted != 1 {
		t.Errorf("a marker in someone else's comment suppressed our comment: %+v", out)
	}
	if out.StickyAction != "created" || h.fake.IssueCmts[0].Body != annotate.StickyMarker+"\nfake scorecard" {
		t.Errorf("edited a comment we did not write: %+v", out)
	}
}

func TestReadOnlyTokenFallsBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.ReadOnly = true
	out := h.publish(t, []finding.Finding{secretAt("config/app.yml", 2, "fp-a")})
	if !out.ReadOnly || !strings.Contains(strings.Join(out.Notes, " "), "the token cannot write to this pull request (403 Resource not accessible by integration)") {
		t.Fatalf("outcome: %+v", out)
	}
	if w := h.fake.Writes(); len(w) != 1 {
		t.Errorf("writes after the first refusal: %v", w)
	}
}

func TestCapsOverflowAndFilesWithoutPatch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var fs []finding.Finding
	// 150 findings on commentable lines (2 and 3), and one in a file
	// without a patch.
	for i := 0; i < 150; i++ {
		fs = append(fs, secretAt("config/app.yml", 2+i%2, fmt.Sprintf("fp-%03d", i)))
	}
	fs = append(fs, secretAt("dist/app.min.js", 1, "fp-min"))
	out := h.publish(t, fs)
	if out.Posted != 30 || len(h.fake.ReviewCmts) != 30 {
		t.Errorf("posted %d, want the cap of 30", out.Posted)
	}
	// The min.js file has no patch: in "added" mode it is not kept at all.
	if out.Overflow != 120 {
		t.Errorf("overflow %d, want 120", out.Overflow)
	}
	sticky := h.fake.IssueCmts[0].Body
	if !strings.Contains(sticky, "**120 finding(s) on this pull request are not line comments**") || !strings.Contains(sticky, "… and 70 more") {
		t.Errorf("overflow not in the sticky comment:\n%s", sticky[:min(len(sticky), 400)])
	}

	// In file mode the file without a patch is kept but goes to overflow.
	f := difffilter.New(difffilter.File, []difffilter.PRFile{{Path: "dist/app.min.js"}})
	if !f.Keep("dist/app.min.js", 1) || f.Commentable("dist/app.min.js", 1) {
		t.Error("file without patch: kept in file mode but never commentable")
	}
}

func TestCleanPRGetsNoNewSticky(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	out := h.publish(t, nil)
	if out.StickyAction != "skipped" || len(h.fake.Writes()) != 0 {
		t.Fatalf("clean PR: %+v %v", out, h.fake.Writes())
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.Throttle["POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"] = true
	h.fake.Throttle["GET /repos/{owner}/{repo}/pulls/{pull_number}/files"] = true
	out := h.publish(t, []finding.Finding{secretAt("config/app.yml", 2, "fp-a")})
	if out.Posted != 1 {
		t.Fatalf("review not posted after the retry: %+v", out)
	}
	if diff := cmp.Diff([]time.Duration{2 * time.Second, 2 * time.Second}, h.slept); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	if n := h.fake.Count("POST /repos/acme/api/pulls/7/reviews"); n != 2 {
		t.Errorf("%d review POSTs, want 2 (one throttled, one retried)", n)
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for i := 0; i < 250; i++ {
		h.fake.Files = append(h.fake.Files, fakegithub.File{Path: fmt.Sprintf("gen/f%03d.txt", i), Patch: "@@ -0,0 +1 @@\n+x"})
	}
	files, err := h.client.Files(context.Background(), PR{Owner: "acme", Repo: "api", Number: 7})
	if err != nil || len(files) != 252 {
		t.Fatalf("%d files, %v", len(files), err)
	}
	if n := h.fake.Count("GET /repos/acme/api/pulls/7/files"); n != 3 {
		t.Errorf("%d pages fetched, want 3", n)
	}
}
