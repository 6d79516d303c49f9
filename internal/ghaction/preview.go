package ghaction

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/launchready/launchready/internal/annotate/ghreport"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/ghevent"
	"github.com/launchready/launchready/internal/runinput"
)

// Placeholders of the preview-url-template input.
var templatePlaceholders = []string{"{number}", "{sha}", "{branch}"}

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// checkPreviewTemplate says what is wrong with a preview-url-template
// ("" if nothing): only the known placeholders, and an http(s) URL with a
// host once they are filled in.
func checkPreviewTemplate(t string) string {
	if t == "" {
		return ""
	}
	for _, p := range placeholder.FindAllString(t, -1) {
		if !slices.Contains(templatePlaceholders, p) {
			return fmt.Sprintf("has an unknown placeholder %s; use %s", p, strings.Join(templatePlaceholders, ", "))
		}
	}
	if strings.ContainsAny(placeholder.ReplaceAllString(t, ""), "{}") {
		return "has an unbalanced { or }; placeholders are {number}, {sha} and {branch}"
	}
	sample := expandTemplate(t, &ghevent.PullRequest{Number: 1, HeadSHA: strings.Repeat("0", 40), HeadRef: "main"})
	if why := runinput.CheckPreviewURL(sample); why != "" {
		return "does not make a URL (" + sample + " " + why + ")"
	}
	return ""
}

// expandTemplate fills the placeholders from the pull request. Every value
// is made of [a-z0-9-] only ({branch} is slugged as preview hosts slug
// branch names), so a branch name cannot add a host, a port, userinfo or
// a path to the URL the workflow author wrote.
func expandTemplate(t string, pr *ghevent.PullRequest) string {
	return strings.NewReplacer("{number}", strconv.Itoa(pr.Number), "{sha}", slug(pr.HeadSHA), "{branch}", slug(pr.HeadRef)).Replace(t)
}

// slug is a branch name as a DNS label, the way Vercel and Netlify name
// branch previews: lower case, every run of other characters one "-", no
// "-" at either end, at most 63 characters.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > 63 {
		out = strings.TrimRight(out[:63], "-")
	}
	return out
}

// Preview is the preview the probes check in an action run.
type Preview struct {
	// URL is the preview's base URL ("" for none).
	URL string
	// NotChecked, when set, is why the probes are not run (a deployment
	// that is not up, a deployment without a usable URL).
	NotChecked string
	// From says where the URL came from, for the log.
	From string
}

// FromInput is Preview.From for the preview-url input.
const FromInput = "the preview-url input"

// PreviewFor decides the run's preview. A deployment_status event whose
// state is not success has none (not checked, with the state, whatever
// URL the workflow passes). Otherwise: the preview-url input (the workflow
// author's, first), else a deployment_status event's environment_url (or
// target_url), else the preview-url-template filled from the pull request.
// Every URL still
// goes through the probes' origin rules (no private, link-local or
// metadata address, checked after DNS), whatever made it.
func PreviewFor(in Inputs, e *ghevent.Event) Preview {
	d := e.Deployment
	env := ""
	if d != nil {
		env = d.Environment
		if env == "" {
			env = "its environment"
		}
		if !d.Ready() {
			// Whatever URL the workflow passes: a deployment that is not
			// up has nothing to probe yet.
			state := d.State
			if state == "" {
				state = "unknown"
			}
			return Preview{NotChecked: fmt.Sprintf("the deployment of %s to %s has the status %q, not success: the preview is not up, so it was not probed; the probes run on the deployment's success status",
				finding.ShortSHA(d.SHA), env, state)}
		}
	}
	if in.PreviewURL != "" {
		return Preview{URL: in.PreviewURL, From: FromInput}
	}
	fromTemplate := func() Preview {
		u := expandTemplate(in.PreviewURLTemplate, e.PullRequest)
		if why := runinput.CheckPreviewURL(u); why != "" {
			return Preview{NotChecked: fmt.Sprintf("input preview-url-template gives %q for pull request #%d, which %s", u, e.PullRequest.Number, why)}
		}
		return Preview{URL: u, From: fmt.Sprintf("the preview-url-template input for pull request #%d", e.PullRequest.Number)}
	}
	if d != nil {
		if d.URL == "" {
			if in.PreviewURLTemplate != "" && e.PullRequest != nil {
				return fromTemplate()
			}
			return Preview{NotChecked: fmt.Sprintf("the deployment of %s to %s reports no environment_url or target_url; have the deployment set its URL, or set the action's preview-url or preview-url-template input",
				finding.ShortSHA(d.SHA), env)}
		}
		if why := runinput.CheckPreviewURL(d.URL); why != "" {
			return Preview{NotChecked: fmt.Sprintf("the deployment's environment_url %q %s", d.URL, why)}
		}
		return Preview{URL: d.URL, From: fmt.Sprintf("the deployment of %s to %s", finding.ShortSHA(d.SHA), env)}
	}
	if in.PreviewURLTemplate != "" && e.PullRequest != nil {
		return fromTemplate()
	}
	return Preview{}
}

// AttachDeploymentPR finds, for a deployment_status event, the open pull
// request whose head is the deployed commit (GET
// /repos/{owner}/{repo}/commits/{sha}/pulls: the payload names none) and
// attaches it, so the scan is the pull request's commits, the policy comes
// from its base commit and the comments go to it. Without one (a
// deployment of a branch, or a failed lookup), the run scans what the
// deployed commit reaches with the default policy and posts no comments;
// the returned messages say so.
func AttachDeploymentPR(ctx context.Context, token string, gc Context) (notices, warnings []string) {
	e := gc.Event
	if e == nil || e.Deployment == nil || e.PullRequest != nil {
		return nil, nil
	}
	d := e.Deployment
	const without = "the scan covers every commit the deployed commit reaches, with launchready's default policy (the deployed commit may be a pull request's, which must not choose its own), and no pull-request comments are posted"
	if token == "" {
		return nil, []string{fmt.Sprintf("no github-token: cannot look up the pull request of the deployed commit %s; %s", finding.ShortSHA(d.SHA), without)}
	}
	owner, name, ok := strings.Cut(e.Repo, "/")
	if !ok {
		return nil, []string{fmt.Sprintf("the event names repository %q, not owner/name: cannot look up the deployment's pull request; %s", e.Repo, without)}
	}
	client, err := ghreport.New(ghreport.Config{Token: token, APIURL: gc.APIURL, Sleep: gc.Sleep, MaxWait: gc.MaxWait})
	if err != nil {
		return nil, []string{err.Error()}
	}
	pulls, err := client.PullsForCommit(ctx, owner, name, d.SHA)
	if err != nil {
		return nil, []string{fmt.Sprintf("cannot look up the pull request of the deployed commit %s (%v): give the workflow the pull-requests: read permission; %s", finding.ShortSHA(d.SHA), err, without)}
	}
	var match []ghreport.CommitPull
	for _, p := range pulls {
		if p.Open && p.HeadSHA == d.SHA && (p.BaseRepo == "" || strings.EqualFold(p.BaseRepo, e.Repo)) {
			match = append(match, p)
		}
	}
	if len(match) == 0 {
		return []string{fmt.Sprintf("the deployed commit %s is no open pull request's head: %s", finding.ShortSHA(d.SHA), without)}, nil
	}
	slices.SortFunc(match, func(a, b ghreport.CommitPull) int { return a.Number - b.Number })
	p := match[0]
	pr := &ghevent.PullRequest{Number: p.Number, BaseSHA: p.BaseSHA, HeadSHA: p.HeadSHA, BaseRef: p.BaseRef, HeadRef: p.HeadRef, HeadRepo: p.HeadRepo,
		Fork: p.HeadRepo == "" || !strings.EqualFold(p.HeadRepo, e.Repo)}
	if err := e.AttachPullRequest(pr); err != nil {
		return nil, []string{fmt.Sprintf("the API's pull request #%d for the deployed commit is unusable (%v); %s", p.Number, err, without)}
	}
	n := fmt.Sprintf("the deployed commit %s is the head of pull request #%d: scanning its commits, with the policy of its base commit %s", finding.ShortSHA(d.SHA), p.Number, finding.ShortSHA(p.BaseSHA))
	if len(match) > 1 {
		n += fmt.Sprintf(" (%d open pull requests have this head; the lowest number is used)", len(match))
	}
	return []string{n}, nil
}
