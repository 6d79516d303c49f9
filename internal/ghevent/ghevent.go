// Package ghevent decodes the GitHub Actions event payload
// ($GITHUB_EVENT_PATH) into our own typed structs and derives what a run
// should scan. The payload is untrusted input (a pull request controls its
// branch names and title), so only the fields we need are read, and SHAs are
// validated before they reach git.
package ghevent

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// MaxPayload caps the event file; real payloads are tens of kilobytes.
const MaxPayload = 25 << 20

// Event is the part of a payload launchready uses.
type Event struct {
	// Name is GITHUB_EVENT_NAME: pull_request, push, schedule, ...
	Name        string
	Repo        string // owner/name
	PullRequest *PullRequest
	// Push fields.
	Before, After   string
	Forced, Deleted bool
	Ref             string
	// MergeGroup fields.
	MergeGroupBase, MergeGroupHead string
	// Deployment is the deployment of a deployment_status event. Its
	// payload names no pull request: the action looks it up
	// (AttachPullRequest) by the deployed commit.
	Deployment *Deployment
}

// Deployment is a deployment_status event's deployment and status.
type Deployment struct {
	// SHA is the deployed commit (deployment.sha).
	SHA         string
	Ref         string
	Environment string
	// State is deployment_status.state: success, failure, error,
	// inactive, pending, queued or in_progress.
	State string
	// URL is deployment_status.environment_url, else its target_url.
	URL string
}

// Ready reports whether the deployment is up: only a success status
// has a preview worth probing.
func (d *Deployment) Ready() bool { return d != nil && d.State == "success" }

// AttachPullRequest makes pr the event's pull request (found through the
// API for a deployment_status event): the scan, the policy and the
// comments then follow the pull request's rules.
func (e *Event) AttachPullRequest(pr *PullRequest) error {
	for _, f := range []struct{ name, v string }{{"base sha", pr.BaseSHA}, {"head sha", pr.HeadSHA}} {
		if !sha.MatchString(f.v) {
			return fmt.Errorf("the pull request's %s %q is not a commit id", f.name, f.v)
		}
	}
	if pr.Number <= 0 {
		return errors.New("the pull request has no number")
	}
	e.PullRequest = pr
	return nil
}

// PullRequest is the pull request of a pull_request(_target) event.
type PullRequest struct {
	Number   int
	BaseSHA  string
	HeadSHA  string
	BaseRef  string
	HeadRef  string
	HeadRepo string // owner/name of the head repository
	// Fork is set when the head repository differs from the base one: on
	// pull_request events, its token is read-only.
	Fork bool
}

type payload struct {
	Before     string `json:"before"`
	After      string `json:"after"`
	Ref        string `json:"ref"`
	Forced     bool   `json:"forced"`
	Deleted    bool   `json:"deleted"`
	Number     int    `json:"number"`
	Repository *struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
	PullRequest *struct {
		Number int `json:"number"`
		Base   struct {
			SHA  string `json:"sha"`
			Ref  string `json:"ref"`
			Repo *struct {
				FullName string `json:"full_name"`
			} `json:"repo"`
		} `json:"base"`
		Head struct {
			SHA  string `json:"sha"`
			Ref  string `json:"ref"`
			Repo *struct {
				FullName string `json:"full_name"`
				Fork     bool   `json:"fork"`
			} `json:"repo"`
		} `json:"head"`
	} `json:"pull_request"`
	MergeGroup *struct {
		BaseSHA string `json:"base_sha"`
		HeadSHA string `json:"head_sha"`
	} `json:"merge_group"`
	Deployment *struct {
		SHA         string `json:"sha"`
		Ref         string `json:"ref"`
		Environment string `json:"environment"`
	} `json:"deployment"`
	DeploymentStatus *struct {
		State          string `json:"state"`
		EnvironmentURL string `json:"environment_url"`
		TargetURL      string `json:"target_url"`
	} `json:"deployment_status"`
}

var sha = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// ZeroSHA is "no commit" in push payloads (a created or deleted branch).
func ZeroSHA(s string) bool { return s != "" && strings.Trim(s, "0") == "" }

// Decode reads a payload for the named event.
func Decode(name string, data []byte) (*Event, error) {
	if len(data) > MaxPayload {
		return nil, fmt.Errorf("the event payload is larger than %d MB", MaxPayload>>20)
	}
	var p payload
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("the event payload is not valid JSON: %v", err)
	}
	e := &Event{Name: name, Before: p.Before, After: p.After, Ref: p.Ref, Forced: p.Forced, Deleted: p.Deleted}
	if p.Repository != nil {
		e.Repo = p.Repository.FullName
	}
	if p.PullRequest != nil {
		pr := &PullRequest{
			Number: p.PullRequest.Number, BaseSHA: p.PullRequest.Base.SHA, HeadSHA: p.PullRequest.Head.SHA,
			BaseRef: p.PullRequest.Base.Ref, HeadRef: p.PullRequest.Head.Ref,
		}
		if pr.Number == 0 {
			pr.Number = p.Number
		}
		if h := p.PullRequest.Head.Repo; h != nil {
			pr.HeadRepo = h.FullName
		}
		base := e.Repo
		if b := p.PullRequest.Base.Repo; b != nil && b.FullName != "" {
			base = b.FullName
		}
		// A deleted fork has no head repo at all: treat it as a fork.
		pr.Fork = pr.HeadRepo == "" || !strings.EqualFold(pr.HeadRepo, base)
		e.PullRequest = pr
	}
	if p.MergeGroup != nil {
		e.MergeGroupBase, e.MergeGroupHead = p.MergeGroup.BaseSHA, p.MergeGroup.HeadSHA
	}
	if name == "deployment_status" {
		if p.Deployment == nil || p.DeploymentStatus == nil {
			return nil, errors.New("the deployment_status event payload lacks deployment or deployment_status")
		}
		d := &Deployment{SHA: p.Deployment.SHA, Ref: p.Deployment.Ref, Environment: p.Deployment.Environment, State: p.DeploymentStatus.State,
			URL: p.DeploymentStatus.EnvironmentURL}
		if d.URL == "" {
			d.URL = p.DeploymentStatus.TargetURL
		}
		if !sha.MatchString(d.SHA) {
			return nil, fmt.Errorf("the event payload's deployment.sha %q is not a commit id", d.SHA)
		}
		e.Deployment = d
	}
	return e, e.validate()
}

func (e *Event) validate() error {
	check := func(field, v string, allowZero bool) error {
		if v == "" || sha.MatchString(v) || allowZero && ZeroSHA(v) {
			return nil
		}
		return fmt.Errorf("the event payload's %s %q is not a commit id", field, v)
	}
	if pr := e.PullRequest; pr != nil {
		if pr.Number <= 0 {
			return errors.New("the event payload has a pull_request without a number")
		}
		if pr.BaseSHA == "" || pr.HeadSHA == "" {
			return errors.New("the event payload's pull_request lacks base.sha or head.sha")
		}
		if err := check("pull_request.base.sha", pr.BaseSHA, false); err != nil {
			return err
		}
		if err := check("pull_request.head.sha", pr.HeadSHA, false); err != nil {
			return err
		}
	}
	for _, f := range []struct{ name, v string }{{"before", e.Before}, {"after", e.After}, {"merge_group.base_sha", e.MergeGroupBase}, {"merge_group.head_sha", e.MergeGroupHead}} {
		if err := check(f.name, f.v, true); err != nil {
			return err
		}
	}
	return nil
}

// Scan modes of the action's `scan` input.
const (
	ScanAuto  = "auto"
	ScanRange = "range"
	ScanFull  = "full"
)

// Plan is what to scan.
type Plan struct {
	// Full is a history scan of every branch and tag.
	Full bool
	// Base and Head bound a range scan (merge-base(Base, Head)..Head). An
	// empty Base means every commit reachable from Head.
	Base, Head string
	// Why explains the choice, for the log.
	Why string
}

// Plan decides what to scan for the event and the `scan` input.
func (e *Event) Plan(scan string) (Plan, error) {
	switch scan {
	case "", ScanAuto, ScanRange, ScanFull:
	default:
		return Plan{}, fmt.Errorf("input scan %q is not one of auto, range, full", scan)
	}
	if scan == ScanFull {
		return Plan{Full: true, Why: "scan: full"}, nil
	}
	var p Plan
	switch {
	case e.Name == "merge_group" && e.MergeGroupHead != "" && !ZeroSHA(e.MergeGroupHead) && e.MergeGroupBase != "" && !ZeroSHA(e.MergeGroupBase):
		// A merge queue's group: the commits it adds on top of the base
		// branch, as a pull request's range.
		p = Plan{Base: e.MergeGroupBase, Head: e.MergeGroupHead, Why: "merge group: the commits it adds to the base branch"}
	case e.PullRequest != nil:
		p = Plan{Base: e.PullRequest.BaseSHA, Head: e.PullRequest.HeadSHA,
			Why: fmt.Sprintf("pull request #%d: the commits it adds", e.PullRequest.Number)}
	case e.Deployment != nil:
		// No open pull request has the deployed commit as its head.
		p = Plan{Head: e.Deployment.SHA, Why: "deployment of a commit that is no open pull request's head: every commit it reaches"}
	case e.Name == "push" && e.After != "" && !ZeroSHA(e.After):
		p = Plan{Base: e.Before, Head: e.After, Why: "push: the commits it added"}
		if ZeroSHA(e.Before) {
			p.Base = ""
			p.Why = "push of a new branch: every commit it reaches"
		} else if e.Forced {
			p.Why = "force push: the commits after the old and new heads' merge base"
		}
	default:
		if scan == ScanRange {
			return Plan{}, fmt.Errorf("input scan is range, but a %s event has no commit range; use auto or full", e.Name)
		}
		return Plan{Full: true, Why: e.Name + " event: the whole history"}, nil
	}
	return p, nil
}

// PolicyCommits says where the policy of a run comes from: every event
// whose payload carries a pull request (pull_request, pull_request_target,
// pull_request_review, pull_request_review_comment, ...) and a merge
// group carry untrusted content, so the policy is read from their base
// commit (pull_request.base.sha, the base branch's tip; merge_group.base_sha),
// never from the checked-out files. head is the commit whose changes to
// the policy are reported. A deployment_status event with its pull request
// attached is a pull request's; without one (the deployed commit is no open
// pull request's head), nothing says the deployed commit is trusted, so the
// policy is the defaults (base ""). ok is false for other events.
func (e *Event) PolicyCommits() (base, head string, ok bool) {
	switch {
	case e.PullRequest != nil:
		return e.PullRequest.BaseSHA, e.PullRequest.HeadSHA, true
	case e.Name == "merge_group":
		return e.MergeGroupBase, e.MergeGroupHead, true
	case e.Deployment != nil:
		return "", e.Deployment.SHA, true
	}
	return "", "", false
}
