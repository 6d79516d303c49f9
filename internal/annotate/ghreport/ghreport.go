// Package ghreport posts launchready's results to a pull request: one review
// with line comments on the lines the PR changes, and one sticky scorecard
// comment that later runs edit. It recognises its own comments by hidden
// markers and their author, never posts the same comment twice, removes its
// comments for problems that are gone, and when the token cannot write (a
// pull request from a fork) it says so and lets the caller fall back to
// annotations and the job summary.
package ghreport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/annotate/difffilter"
	"github.com/launchready/launchready/internal/finding"
)

// GitHub limits (https://docs.github.com/en/rest):
const (
	// pageSize is the largest page the list endpoints serve.
	pageSize = 100
	// maxPRFiles: the "list pull request files" endpoint returns at most
	// 3,000 files.
	maxPRFiles = 3000
	// maxDeletes bounds the deletions of one run: every mutating request
	// counts against the secondary rate limit (about 80 content-creating
	// requests a minute, 500 an hour); the rest go on the next run.
	maxDeletes = 30
	// DefaultMaxReviewComments is the action's max-review-comments default.
	DefaultMaxReviewComments = 30
	// botLogin is the author of comments made with the workflow's
	// GITHUB_TOKEN, which cannot read GET /user.
	botLogin = "github-actions[bot]"
)

var fingerprintMarker = regexp.MustCompile(`<!-- launchready:fingerprint=([0-9a-zA-Z._:-]+) -->`)

// Client talks to the GitHub REST API.
type Client struct {
	gh *github.Client
}

// Config configures a client.
type Config struct {
	Token string
	// APIURL is GITHUB_API_URL (GitHub Enterprise Server: https://HOST/api/v3).
	APIURL string
	// Sleep and MaxWait tune rate-limit waits (tests make them instant).
	Sleep   func(time.Duration)
	MaxWait time.Duration
}

// New returns a client for the API at cfg.APIURL.
func New(cfg Config) (*Client, error) {
	if cfg.Sleep == nil {
		cfg.Sleep = time.Sleep
	}
	if cfg.MaxWait == 0 {
		cfg.MaxWait = 90 * time.Second
	}
	hc := &http.Client{
		Timeout:   60 * time.Second,
		Transport: &retryTransport{base: http.DefaultTransport, sleep: cfg.Sleep, maxWait: cfg.MaxWait, attempts: 3, now: time.Now},
	}
	gh := github.NewClient(hc).WithAuthToken(cfg.Token)
	if cfg.APIURL != "" && strings.TrimSuffix(cfg.APIURL, "/") != "https://api.github.com" {
		u, err := url.Parse(strings.TrimSuffix(cfg.APIURL, "/") + "/")
		if err != nil || u.Scheme == "" {
			return nil, fmt.Errorf("GITHUB_API_URL %q is not a URL", cfg.APIURL)
		}
		gh.BaseURL = u
	}
	return &Client{gh: gh}, nil
}

// PR names a pull request and the commit its comments go on.
type PR struct {
	Owner, Repo string
	Number      int
	HeadSHA     string
}

// The refusals a caller reports differently (ghaction): each wraps into an
// *APIError that keeps the status and GitHub's message.
var (
	// ErrReadOnly: 403 on a request. GitHub answers "Resource not
	// accessible by integration" to a fork's read-only token, and to a
	// workflow whose permissions lack pull-requests: write.
	ErrReadOnly = errors.New("the token cannot write to this pull request")
	// ErrUnauthorized: 401, the token is invalid or expired.
	ErrUnauthorized = errors.New("GitHub rejected the token")
	// ErrNotFound: 404, the API does not know the repository or the pull
	// request (a wrong GITHUB_API_URL or repository, or a token that may
	// not see a private repository).
	ErrNotFound = errors.New("GitHub does not know this repository or pull request")
)

// APIError is a request GitHub refused.
type APIError struct {
	Kind    error // ErrReadOnly, ErrUnauthorized or ErrNotFound
	Status  int
	Message string
	// Request is "METHOD /path" of the refused request.
	Request string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%v (%d %s)", e.Kind, e.Status, e.Message)
}

func (e *APIError) Unwrap() error { return e.Kind }

func classify(err error) error {
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		kind := map[int]error{http.StatusForbidden: ErrReadOnly, http.StatusUnauthorized: ErrUnauthorized, http.StatusNotFound: ErrNotFound}[er.Response.StatusCode]
		if kind != nil {
			ae := &APIError{Kind: kind, Status: er.Response.StatusCode, Message: er.Message}
			if req := er.Response.Request; req != nil && req.URL != nil {
				ae.Request = req.Method + " " + req.URL.Path
			}
			return ae
		}
	}
	return err
}

// Files lists the pull request's files with their patches.
func (c *Client) Files(ctx context.Context, pr PR) ([]difffilter.PRFile, error) {
	var out []difffilter.PRFile
	opts := &github.ListOptions{PerPage: pageSize}
	for len(out) < maxPRFiles {
		page, resp, err := c.gh.PullRequests.ListFiles(ctx, pr.Owner, pr.Repo, pr.Number, opts)
		if err != nil {
			return out, classify(err)
		}
		for _, f := range page {
			out = append(out, difffilter.PRFile{Path: f.GetFilename(), Status: f.GetStatus(), Patch: f.GetPatch()})
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	return out, nil
}

// CommitPull is a pull request that contains a commit, as the API lists it.
type CommitPull struct {
	Number           int
	Open             bool
	HeadSHA, BaseSHA string
	HeadRef, BaseRef string
	// HeadRepo and BaseRepo are owner/name.
	HeadRepo, BaseRepo string
}

// maxCommitPulls bounds the pages read for one commit: a commit is in a
// handful of pull requests, not thousands.
const maxCommitPulls = 300

// PullsForCommit lists the pull requests that contain the commit sha
// (GET /repos/{owner}/{repo}/commits/{sha}/pulls).
func (c *Client) PullsForCommit(ctx context.Context, owner, repo, sha string) ([]CommitPull, error) {
	var out []CommitPull
	opts := &github.ListOptions{PerPage: pageSize}
	for len(out) < maxCommitPulls {
		page, resp, err := c.gh.PullRequests.ListPullRequestsWithCommit(ctx, owner, repo, sha, opts)
		if err != nil {
			return out, classify(err)
		}
		for _, p := range page {
			out = append(out, CommitPull{Number: p.GetNumber(), Open: p.GetState() == "open",
				HeadSHA: p.GetHead().GetSHA(), BaseSHA: p.GetBase().GetSHA(), HeadRef: p.GetHead().GetRef(), BaseRef: p.GetBase().GetRef(),
				HeadRepo: p.GetHead().GetRepo().GetFullName(), BaseRepo: p.GetBase().GetRepo().GetFullName()})
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	return out, nil
}

// self returns the login our comments are written by.
func (c *Client) self(ctx context.Context) string {
	u, _, err := c.gh.Users.Get(ctx, "")
	if err != nil || u.GetLogin() == "" {
		return botLogin
	}
	return u.GetLogin()
}

// Publication is what to post.
type Publication struct {
	PR PR
	// Findings are the report's findings, already filtered and sorted.
	Findings []finding.Finding
	// HeadLine maps a finding to its line in the head commit (false when
	// the line no longer exists there).
	HeadLine func(finding.Finding) (int, bool)
	Filter   *difffilter.Filter
	// Review enables line comments; MaxReview caps them.
	Review    bool
	MaxReview int
	// Sticky enables the scorecard comment, rendered by Body with the
	// Markdown of findings that could not be line comments.
	Sticky bool
	Body   func(overflow string) ([]byte, error)
	// Clean is a run with no findings and no errors: no new sticky comment
	// is created for it (an existing one is still updated).
	Clean bool
	// Redact is applied to every body we send (defence in depth: findings
	// never hold a raw secret).
	Redact func(string) string
}

// Outcome is what was done.
type Outcome struct {
	CommentURL string
	// StickyAction is created, updated, unchanged or skipped.
	StickyAction string
	Posted       int // new line comments
	Kept         int // line comments already there
	Deleted      int // stale line comments removed
	Overflow     int // findings on the diff that are not line comments:
	// OverCap of them because one run posts at most MaxReview comments,
	// Uncommentable because GitHub takes no comment on their line (outside
	// the diff's hunks, or a file without a patch).
	OverCap, Uncommentable int
	// ReadOnly is set when a write was refused (403); the caller falls
	// back. Refused is the refusal, an *APIError.
	ReadOnly bool
	Refused  error
	Notes    []string
}

// Publish posts the review and the sticky comment. A refused write stops
// all further writes and is reported in Outcome.ReadOnly, not as an error.
func (c *Client) Publish(ctx context.Context, p Publication) (Outcome, error) {
	var out Outcome
	me := c.self(ctx)
	var ov overflow
	if p.Review {
		var err error
		ov, err = c.review(ctx, p, me, &out)
		if err != nil {
			if errors.Is(err, ErrReadOnly) {
				out.ReadOnly, out.Refused = true, err
				out.Notes = append(out.Notes, err.Error())
				return out, nil
			}
			return out, err
		}
	}
	out.Overflow, out.OverCap, out.Uncommentable = len(ov.findings), ov.overCap, ov.uncommentable
	if p.Sticky {
		if err := c.sticky(ctx, p, me, overflowMarkdown(ov, p.MaxReview), &out); err != nil {
			if errors.Is(err, ErrReadOnly) {
				out.ReadOnly, out.Refused = true, err
				out.Notes = append(out.Notes, err.Error())
				return out, nil
			}
			return out, err
		}
	}
	return out, nil
}

type existing struct {
	id          int64
	fingerprint string
	replied     bool
}

// overflow is the findings that belong on the changed lines but are not
// line comments, and why.
type overflow struct {
	findings               []finding.Finding
	overCap, uncommentable int
}

// review posts line comments and returns the findings that belong on the
// changed lines but could not be posted there.
func (c *Client) review(ctx context.Context, p Publication, me string, out *Outcome) (overflow, error) {
	// What is there already: all pages first.
	var ours []*existing
	byID := map[int64]*existing{}
	replies := map[int64]bool{}
	opts := &github.PullRequestListCommentsOptions{ListOptions: github.ListOptions{PerPage: pageSize}}
	for {
		page, resp, err := c.gh.PullRequests.ListComments(ctx, p.PR.Owner, p.PR.Repo, p.PR.Number, opts)
		if err != nil {
			return overflow{}, classify(err)
		}
		for _, cm := range page {
			if id := cm.GetInReplyTo(); id != 0 {
				replies[id] = true
			}
			m := fingerprintMarker.FindStringSubmatch(cm.GetBody())
			if m == nil || cm.GetUser().GetLogin() != me {
				continue
			}
			e := &existing{id: cm.GetID(), fingerprint: m[1]}
			ours = append(ours, e)
			byID[e.id] = e
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	posted := map[string]bool{}
	for _, e := range ours {
		e.replied = replies[e.id]
		posted[e.fingerprint] = true
	}

	// What belongs on the diff, most severe first.
	type placed struct {
		f    finding.Finding
		line int
	}
	var wanted []placed
	var ov overflow
	current := map[string]bool{}
	for _, f := range p.Findings {
		current[f.Fingerprint] = true
		if f.Location.Path == "" {
			continue
		}
		line, ok := p.HeadLine(f)
		if !ok || !p.Filter.Keep(f.Location.Path, line) {
			continue
		}
		if !p.Filter.Commentable(f.Location.Path, line) {
			ov.findings = append(ov.findings, f)
			ov.uncommentable++
			continue
		}
		wanted = append(wanted, placed{f, line})
	}
	sort.SliceStable(wanted, func(i, j int) bool { return wanted[i].f.Severity > wanted[j].f.Severity })

	var comments []*github.DraftReviewComment
	for _, w := range wanted {
		if posted[w.f.Fingerprint] {
			out.Kept++
			continue
		}
		if len(comments) >= p.MaxReview {
			ov.findings = append(ov.findings, w.f)
			ov.overCap++
			continue
		}
		comments = append(comments, &github.DraftReviewComment{
			Path: github.String(w.f.Location.Path),
			Line: github.Int(w.line),
			Side: github.String("RIGHT"),
			Body: github.String(annotate.CapMarkdown(p.redact(commentBody(w.f)), annotate.CommentMaxBytes)),
		})
	}
	if len(comments) > 0 {
		body := fmt.Sprintf("launchready found %d problem(s) on lines this pull request changes. The launch scorecard is in the pull request's conversation.", len(comments))
		_, _, err := c.gh.PullRequests.CreateReview(ctx, p.PR.Owner, p.PR.Repo, p.PR.Number, &github.PullRequestReviewRequest{
			CommitID: github.String(p.PR.HeadSHA),
			Body:     github.String(body),
			Event:    github.String("COMMENT"),
			Comments: comments,
		})
		if err != nil {
			return overflow{}, classify(err)
		}
		out.Posted = len(comments)
	}

	// Our comments on problems that are gone, unless someone replied.
	for _, e := range ours {
		if current[e.fingerprint] || e.replied {
			continue
		}
		if out.Deleted >= maxDeletes {
			out.Notes = append(out.Notes, fmt.Sprintf("more than %d stale comments: the rest are removed on the next run", maxDeletes))
			break
		}
		if _, err := c.gh.PullRequests.DeleteComment(ctx, p.PR.Owner, p.PR.Repo, e.id); err != nil {
			// Someone deleted it in the meantime: it is gone either way.
			if err = classify(err); !errors.Is(err, ErrNotFound) {
				return overflow{}, err
			}
		}
		out.Deleted++
	}
	return ov, nil
}

func (c *Client) sticky(ctx context.Context, p Publication, me, overflow string, out *Outcome) error {
	var mine *github.IssueComment
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: pageSize}}
	for mine == nil {
		page, resp, err := c.gh.Issues.ListComments(ctx, p.PR.Owner, p.PR.Repo, p.PR.Number, opts)
		if err != nil {
			return classify(err)
		}
		for _, cm := range page {
			// Ours only if it carries the marker and we wrote it: anyone can
			// paste the marker into a comment of their own.
			if strings.HasPrefix(cm.GetBody(), annotate.StickyMarker) && cm.GetUser().GetLogin() == me {
				mine = cm
				break
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	raw, err := p.Body(overflow)
	if err != nil {
		return err
	}
	body := string(raw)
	if mine != nil {
		body = keepTicks(body, mine.GetBody())
	}
	// The cap holds after the ticks and the masks, whatever they did.
	body = annotate.CapMarkdown(p.redact(body), annotate.CommentMaxBytes)
	switch {
	case mine != nil && mine.GetBody() == body:
		out.StickyAction, out.CommentURL = "unchanged", mine.GetHTMLURL()
	case mine != nil:
		cm, _, err := c.gh.Issues.EditComment(ctx, p.PR.Owner, p.PR.Repo, mine.GetID(), &github.IssueComment{Body: github.String(body)})
		if err != nil {
			return classify(err)
		}
		out.StickyAction, out.CommentURL = "updated", cm.GetHTMLURL()
	case p.Clean:
		out.StickyAction = "skipped"
	default:
		cm, _, err := c.gh.Issues.CreateComment(ctx, p.PR.Owner, p.PR.Repo, p.PR.Number, &github.IssueComment{Body: github.String(body)})
		if err != nil {
			return classify(err)
		}
		out.StickyAction, out.CommentURL = "created", cm.GetHTMLURL()
	}
	return nil
}

func (p Publication) redact(s string) string {
	if p.Redact == nil {
		return s
	}
	return p.Redact(s)
}

// manualItem is a launch-checklist line of the sticky comment, found by
// its hidden marker; GitHub may hand an edited body back with CRLF.
var manualItem = regexp.MustCompile(`(?m)^- \[([ xX])\] (.*)<!-- launchready:manual=([0-9a-z-]+) -->\r?$`)

// keepTicks carries the reviewer's ticks of the launch checklist from the
// existing comment over to the new body, item by item (by its marker, not
// by its position or wording). Unticking in the comment unticks it here.
func keepTicks(body, old string) string {
	ticked := map[string]bool{}
	for _, m := range manualItem.FindAllStringSubmatch(old, -1) {
		if m[1] != " " {
			ticked[m[3]] = true
		}
	}
	if len(ticked) == 0 {
		return body
	}
	return manualItem.ReplaceAllStringFunc(body, func(line string) string {
		if m := manualItem.FindStringSubmatch(line); m != nil && ticked[m[3]] {
			return "- [x] " + strings.TrimPrefix(line, "- [ ] ")
		}
		return line
	})
}

// commentBody is one line comment: what, how to fix, how to allow it, and
// the hidden fingerprint marker. Every repository-controlled string is
// escaped for Markdown (annotate.MarkdownText, annotate.MarkdownCode).
func commentBody(f finding.Finding) string {
	return fmt.Sprintf("**%s · %s** (%s)\n\n%s\n\n**Fix:** %s\n\n<sub>Deliberate? Add `launchready:allow` in a comment on the line, or ignore fingerprint %s in `.launchready.yml` with a reason.</sub>\n<!-- launchready:fingerprint=%s -->",
		f.Severity, annotate.MarkdownText(f.Title), annotate.MarkdownCode(f.RuleID), annotate.MarkdownProse(f.Message), annotate.MarkdownProse(f.Remediation), annotate.MarkdownCode(f.Fingerprint), markerSafe(f.Fingerprint))
}

// markerSafe keeps a fingerprint marker well-formed whatever the
// fingerprint holds.
func markerSafe(fp string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune("._:-", r) {
			return r
		}
		return '_'
	}, fp)
}

// overflowShown is how many overflow findings the sticky comment lists.
const overflowShown = 50

// overflowMarkdown lists the findings on changed lines that are not line
// comments, for the sticky comment: the count and its reasons, then the
// list collapsed in <details>.
func overflowMarkdown(ov overflow, max int) string {
	fs := ov.findings
	if len(fs) == 0 {
		return ""
	}
	var why []string
	if ov.overCap > 0 {
		why = append(why, fmt.Sprintf("%d over this run's cap of %d line comments (max-review-comments)", ov.overCap, max))
	}
	if ov.uncommentable > 0 {
		why = append(why, fmt.Sprintf("%d on lines GitHub takes no comments on (outside the diff's hunks, or in a file shown without a patch)", ov.uncommentable))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%d finding(s) on this pull request are not line comments**: %s.\n\n", len(fs), strings.Join(why, "; "))
	fmt.Fprintf(&b, "<details><summary>The %d finding(s) not posted as line comments</summary>\n\n", len(fs))
	for i, f := range fs {
		if i == overflowShown {
			fmt.Fprintf(&b, "- … and %d more (job summary).\n", len(fs)-overflowShown)
			break
		}
		fmt.Fprintf(&b, "- %s %s %s: %s\n", f.Severity, annotate.MarkdownCode(f.Location.String()), annotate.MarkdownCode(f.RuleID), annotate.MarkdownText(f.Title))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}
