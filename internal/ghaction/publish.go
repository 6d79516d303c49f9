package ghaction

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/annotate/difffilter"
	"github.com/launchready/launchready/internal/annotate/ghreport"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/ghevent"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/report"
)

// Context is the run's GitHub context.
type Context struct {
	Event     *ghevent.Event
	APIURL    string // GITHUB_API_URL
	ServerURL string // GITHUB_SERVER_URL
	Repo      *gitrepo.Repo
	// Sleep and MaxWait tune rate-limit waits (tests make them instant).
	Sleep   func(time.Duration)
	MaxWait time.Duration
	// Redact masks known secrets and tokens in everything sent.
	Redact func(string) string
}

// Published is what publishing did, for the log and the outputs.
type Published struct {
	CommentURL string
	// New holds fingerprints of findings the pull request introduces.
	New map[string]bool
	// Links point at the head commit's files.
	Links    *annotate.Links
	Notices  []string
	Warnings []string
	// Errors are reporting failures the workflow author must fix (a bad
	// token, a wrong API URL); they never change the exit code.
	Errors []string
}

// Prepare computes what every PR output needs (links and the findings new
// in the pull request) without calling the API.
func Prepare(ctx context.Context, rep *report.Report, gc Context) Published {
	var p Published
	e := gc.Event
	if e == nil || e.PullRequest == nil {
		if e != nil && e.After != "" && !ghevent.ZeroSHA(e.After) {
			p.Links = &annotate.Links{ServerURL: gc.ServerURL, Repo: e.Repo, SHA: e.After}
		}
		return p
	}
	pr := e.PullRequest
	p.Links = &annotate.Links{ServerURL: gc.ServerURL, Repo: e.Repo, SHA: pr.HeadSHA}
	p.New = map[string]bool{}
	commits, err := gc.Repo.CommitsBetween(ctx, pr.BaseSHA, pr.HeadSHA)
	if err != nil {
		p.Warnings = append(p.Warnings, "cannot tell which findings are new in this pull request: "+err.Error())
		return p
	}
	for _, f := range rep.Findings {
		if commits[f.Location.Commit] {
			p.New[f.Fingerprint] = true
		}
	}
	return p
}

// Publish posts the review and the sticky comment. Every failure becomes a
// notice or a warning: reporting never changes the exit code.
func Publish(ctx context.Context, rep *report.Report, in Inputs, gc Context, p *Published) {
	e := gc.Event
	if e == nil || e.PullRequest == nil || !in.StickyComment && !in.ReviewComments {
		return
	}
	if in.Token == "" {
		p.Notices = append(p.Notices, "no github-token: results are in the annotations and the job summary only")
		return
	}
	owner, name, ok := strings.Cut(e.Repo, "/")
	if !ok {
		p.Warnings = append(p.Warnings, fmt.Sprintf("the event names repository %q, not owner/name: no pull-request comments", e.Repo))
		return
	}
	client, err := ghreport.New(ghreport.Config{Token: in.Token, APIURL: gc.APIURL, Sleep: gc.Sleep, MaxWait: gc.MaxWait})
	if err != nil {
		p.Warnings = append(p.Warnings, err.Error())
		return
	}
	pr := ghreport.PR{Owner: owner, Repo: name, Number: e.PullRequest.Number, HeadSHA: e.PullRequest.HeadSHA}
	files, err := client.Files(ctx, pr)
	if err != nil {
		fallback(p, err, e, gc.APIURL)
		return
	}
	filter := difffilter.New(in.FilterMode, files)
	mapper := gc.Repo.NewLineMapper(pr.HeadSHA)
	headLine := func(f finding.Finding) (int, bool) {
		return mapper.Map(ctx, f.Location.Commit, f.Location.Path, f.Location.StartLine)
	}
	for _, f := range rep.Findings {
		if l, ok := headLine(f); ok && f.Location.Path != "" && filter.IsAdded(f.Location.Path, l) {
			p.New[f.Fingerprint] = true
		}
	}
	out, err := client.Publish(ctx, ghreport.Publication{
		PR: pr, Findings: rep.Findings, HeadLine: headLine, Filter: filter,
		Review: in.ReviewComments && in.MaxReviewComments > 0, MaxReview: in.MaxReviewComments,
		Sticky: in.StickyComment,
		// A warning (such as a pull request changing the policy) is
		// worth a comment even when nothing was found.
		Clean:  len(rep.Findings) == 0 && len(rep.Errors) == 0 && len(rep.Warnings) == 0,
		Redact: gc.Redact,
		Body: func(overflow string) ([]byte, error) {
			return annotate.Markdown(rep, annotate.Options{Links: p.Links, New: p.New, Extra: overflow, MaxBytes: annotate.CommentMaxBytes})
		},
	})
	if err != nil {
		fallback(p, err, e, gc.APIURL)
		return
	}
	if out.ReadOnly {
		fallback(p, out.Refused, e, gc.APIURL)
		return
	}
	p.CommentURL = out.CommentURL
	p.Notices = append(p.Notices, fmt.Sprintf("pull request #%d: %d new line comment(s), %d kept, %d stale removed, %d over the max-review-comments cap of %d, %d on lines GitHub takes no comments on; scorecard comment %s",
		pr.Number, out.Posted, out.Kept, out.Deleted, out.OverCap, in.MaxReviewComments, out.Uncommentable, out.StickyAction))
	p.Notices = append(p.Notices, out.Notes...)
}

// fallback reports a request GitHub refused, by its cause. Only a fork's
// read-only token on a pull_request event is expected (a notice); a
// same-repository 403 is a missing permission (a warning); 401 and 404 are
// mistakes in the workflow (errors). The exit code never changes.
func fallback(p *Published, err error, e *ghevent.Event, apiURL string) {
	const where = "; the results are in the annotations and the job summary of this run"
	var ae *ghreport.APIError
	if err == nil || !errors.As(err, &ae) {
		p.Warnings = append(p.Warnings, fmt.Sprintf("posting to the pull request failed: %v%s", err, where))
		return
	}
	n := e.PullRequest.Number
	if apiURL == "" {
		apiURL = "https://api.github.com"
	}
	switch {
	case errors.Is(err, ghreport.ErrUnauthorized):
		p.Errors = append(p.Errors, fmt.Sprintf("no pull-request comments: GitHub rejected the github-token input (%d %s): the token is invalid, expired or revoked. Pass a valid token as github-token (the default, ${{ github.token }}, works)%s.",
			ae.Status, ae.Message, where))
	case errors.Is(err, ghreport.ErrNotFound):
		p.Errors = append(p.Errors, fmt.Sprintf("no pull-request comments: the GitHub API at %s (GITHUB_API_URL) answered %d %s for repository %s, pull request #%d (%s). Check that GITHUB_API_URL is this server's API and that the repository (GITHUB_REPOSITORY and the event's repository) is right; a token that cannot read a private repository also gets 404%s.",
			apiURL, ae.Status, ae.Message, e.Repo, n, ae.Request, where))
	case e.PullRequest.Fork && e.Name == "pull_request":
		readOnly(p, err.Error())
	default:
		p.Warnings = append(p.Warnings, fmt.Sprintf("no pull-request comments: the token may not write to pull request #%d of %s (%d %s). Grant the workflow or job the pull-requests: write permission (permissions: {pull-requests: write}), or pass a github-token that has it%s.",
			n, e.Repo, ae.Status, ae.Message, where))
	}
}

// readOnly is the one notice for a fork's read-only token.
func readOnly(p *Published, why string) {
	p.Notices = append(p.Notices, "no pull-request comments: "+why+
		". On pull requests from forks the workflow token is read-only; the results are in the annotations and the job summary of this run.")
}
