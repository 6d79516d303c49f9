package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/check/registry"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/ghaction"
	"github.com/launchready/launchready/internal/ghevent"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/pipeline"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/safefile"
)

// reportJSON is the JSON report's file name in the workspace.
const reportJSON = "launchready-report.json"

// actionSleep waits out GitHub's rate limits; tests make it instant.
var actionSleep = time.Sleep

// runAction is the GitHub Action: inputs from INPUT_*, the scan from the
// event, reports to the pull request, the job summary, annotations, a SARIF
// file and the step outputs. Reporting problems never change the exit code.
func runAction(ctx context.Context, stdout io.Writer, getenv func(string) string) int {
	secrets := &redact.Set{}
	raw := githubactions.New(githubactions.WithWriter(stdout), githubactions.WithGetenv(getenv))
	// Mask tokens before anything else is printed. The mask commands go to
	// the raw output: through the redacting writer they would be masked
	// themselves.
	for _, name := range []string{"github-token", "member-token", "admin-token"} {
		if t := raw.GetInput(name); t != "" {
			raw.AddMask(t)
			secrets.Add(t)
		}
	}
	out := secrets.Writer(stdout)
	gha := githubactions.New(githubactions.WithWriter(out), githubactions.WithGetenv(getenv))

	in, err := ghaction.ReadInputs(gha.GetInput)
	if err != nil {
		gha.Errorf("launchready: %v", err)
		return exitUsage
	}
	workspace := getenv("GITHUB_WORKSPACE")
	if workspace == "" {
		workspace = "."
	}
	// The container runs as root on a workspace another user owns: mark it
	// safe for our git commands (never in the user's config). Every git
	// command gets this explicitly (gitrepo.Command); nothing is set in
	// the process environment.
	gitEnv := gitrepo.ConfigEnv(os.Getenv, [2]string{"safe.directory", workspace})

	event, err := readEvent(getenv)
	if err != nil {
		gha.Errorf("launchready: %v", err)
		return exitUsage
	}
	plan, err := event.Plan(in.Scan)
	if err != nil {
		gha.Errorf("launchready: %v", err)
		return exitUsage
	}
	sc := check.Scan{Mode: check.ModeHistory}
	if !plan.Full {
		sc = check.Scan{Mode: check.ModeRange, Base: plan.Base, Head: plan.Head}
	}
	failOn := ""
	if in.FailOn != nil {
		failOn = in.FailOn.String()
	}
	input, sev, err := setup(ctx, setupOptions{repo: workspace, config: in.Config, configInRepo: true, inputs: true, failOn: failOn, scan: sc, gitEnv: gitEnv,
		email: check.EmailTarget{Domain: in.MailDomain, Selectors: in.Selectors()}, specs: in.SpecFiles(),
		live: liveTarget(in.PreviewURL, in.MemberToken, in.AdminToken, false)}, secrets)
	if err != nil {
		gha.Errorf("launchready: %v", err)
		return exitUsage
	}
	repo := &gitrepo.Repo{Root: input.Repo, Env: gitEnv}
	if sc.Mode == check.ModeRange && sc.Base != "" && event.Name == "push" {
		// A force push can leave `before` out of the clone: scan all that
		// `after` reaches instead of giving up.
		if _, err := repo.ResolveCommit(ctx, sc.Base); err != nil {
			gha.Warningf("launchready: the push's previous head %s is not in the clone (force push?); scanning every commit the new head reaches", finding.ShortSHA(sc.Base))
			input.Scan.Base = ""
		}
	}
	gha.Infof("launchready: scanning %s (in %s)", plan.Why, workspace)
	rep := pipeline.Run(ctx, input, registry.All(), pipeline.Options{FailOn: sev})

	gc := ghaction.Context{Event: event, APIURL: getenv("GITHUB_API_URL"), ServerURL: getenv("GITHUB_SERVER_URL"),
		Repo: repo, Sleep: actionSleep, Redact: secrets.String}
	pub := ghaction.Prepare(ctx, rep, gc)
	ghaction.Publish(ctx, rep, in, gc, &pub)

	// The scorecard in the log.
	gha.Group("launchready scorecard")
	var text bytes.Buffer
	_ = annotate.Formats["text"].Write(&text, rep, annotate.Options{Repo: workspace})
	_, _ = out.Write(text.Bytes())
	gha.EndGroup()
	if in.Annotations {
		_ = annotate.Formats["github"].Write(out, rep, annotate.Options{})
	}
	for _, n := range pub.Notices {
		gha.Noticef("launchready: %s", n)
	}
	for _, w := range append(pub.Warnings, rep.Warnings...) {
		gha.Warningf("launchready: %s", w)
	}

	// Files in the workspace, for later steps (upload-sarif, artifacts).
	files := map[string]string{in.SARIFFile: "sarif", reportJSON: "json"}
	written := map[string]string{}
	for name, format := range files {
		var b bytes.Buffer
		if err := annotate.Formats[format].Write(&b, rep, annotate.Options{FallbackPath: configPath(input)}); err != nil {
			gha.Warningf("launchready: cannot write %s: %v", name, err)
			continue
		}
		// Never through a link: the pull request controls the workspace
		// and may have committed one in the report's place.
		if err := safefile.WriteIn(workspace, name, secrets.Apply(b.Bytes()), 0o644); err != nil {
			gha.Warningf("launchready: report not written: %v", err)
			continue
		}
		written[format] = name
	}

	if getenv("GITHUB_STEP_SUMMARY") != "" {
		md, err := annotate.Markdown(rep, annotate.Options{Links: pub.Links, New: pub.New, MaxBytes: annotate.SummaryMaxBytes})
		if err == nil {
			gha.AddStepSummary(secrets.String(string(md)))
		}
	}
	if getenv("GITHUB_OUTPUT") != "" {
		outputs := ghaction.Outputs(rep, written["sarif"], written["json"], pub.CommentURL)
		keys := make([]string, 0, len(outputs))
		for k := range outputs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gha.SetOutput(k, secrets.String(outputs[k]))
		}
	}
	return exitCode(rep)
}

// readEvent decodes GITHUB_EVENT_PATH; without one (a local run), the event
// is a manual one and the whole history is scanned.
func readEvent(getenv func(string) string) (*ghevent.Event, error) {
	name := getenv("GITHUB_EVENT_NAME")
	path := getenv("GITHUB_EVENT_PATH")
	if path == "" {
		return &ghevent.Event{Name: name, Repo: getenv("GITHUB_REPOSITORY")}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the event payload GITHUB_EVENT_PATH: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, ghevent.MaxPayload+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the event payload: %v", err)
	}
	e, err := ghevent.Decode(name, data)
	if err != nil {
		return nil, err
	}
	if e.Repo == "" {
		e.Repo = getenv("GITHUB_REPOSITORY")
	}
	return e, nil
}

func configPath(in *check.Input) string {
	if in.Config != nil && in.Config.Path != "" {
		return in.Config.Path
	}
	return ".launchready.yml"
}
