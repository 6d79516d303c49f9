package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/launchready/launchready/internal/annotate"
	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/check/registry"
	"github.com/launchready/launchready/internal/filter"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/ghaction"
	"github.com/launchready/launchready/internal/ghevent"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/pipeline"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/report"
	"github.com/launchready/launchready/internal/runinput"
	"github.com/launchready/launchready/internal/safefile"
)

// reportJSON is the JSON report's file name in the workspace.
const reportJSON = "launchready-report.json"

// actionSleep waits out GitHub's rate limits; tests make it instant.
var actionSleep = time.Sleep

// runAction is the GitHub Action: inputs from INPUT_*, the scan from the
// event, reports to the pull request, the job summary, annotations, a SARIF
// file and the step outputs. Reporting problems never change the exit code.
func runAction(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) int {
	secrets := &redact.Set{}
	// Every line of the step's log goes through one writer: text can never
	// start a workflow command (a file named "x\n::stop-commands::x\n.yml"
	// prints as one harmless line), commands are only ours, and both are
	// redacted. stderr gets the same treatment.
	log := safeout.NewLog(stdout, secrets.Apply)
	_ = stderr // nothing writes to stderr in action mode; run wraps it the same way
	raw := githubactions.New(githubactions.WithGetenv(getenv))
	// Mask tokens before anything else is printed. The mask commands are
	// not redacted: masked, they would hide nothing.
	for _, name := range []string{"github-token", "member-token", "admin-token"} {
		if t := raw.GetInput(name); t != "" {
			_ = log.Mask(t)
			secrets.Add(t)
		}
	}
	out := log.Text()
	gha := githubactions.New(githubactions.WithWriter(log.Commands()), githubactions.WithGetenv(getenv))

	in, err := ghaction.ReadInputs(gha.GetInput)
	if err != nil {
		gha.Errorf("launchready: %v", runinput.MaskErr(ctx, secrets, err))
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
		gha.Errorf("launchready: %v", runinput.MaskErr(ctx, secrets, err))
		return exitUsage
	}
	gc := ghaction.Context{Event: event, APIURL: getenv("GITHUB_API_URL"), ServerURL: getenv("GITHUB_SERVER_URL"),
		Sleep: actionSleep, Redact: secrets.Document}
	// A deployment_status payload names no pull request: look it up by
	// the deployed commit, so the scan, the policy and the comments are
	// the pull request's.
	depNotices, depWarnings := ghaction.AttachDeploymentPR(ctx, in.Token, gc)
	for _, n := range depNotices {
		gha.Noticef("launchready: %s", n)
	}
	for _, w := range depWarnings {
		gha.Warningf("launchready: %s", runinput.MaskErr(ctx, secrets, errors.New(w)))
	}
	preview := ghaction.PreviewFor(in, event)
	live := runinput.LiveTarget(preview.URL, in.MemberToken, in.AdminToken, loopbackAllowed(ctx))
	if preview.NotChecked != "" {
		live = &check.LiveTarget{NotChecked: preview.NotChecked}
		gha.Noticef("launchready: no live probes: %s", preview.NotChecked)
	} else if preview.URL != "" && preview.From != ghaction.FromInput {
		gha.Infof("launchready: probing %s, from %s", preview.URL, preview.From)
	}
	plan, err := event.Plan(in.Scan)
	if err != nil {
		gha.Errorf("launchready: %v", runinput.MaskErr(ctx, secrets, err))
		return exitUsage
	}
	sc := check.Scan{Mode: check.ModeHistory}
	if !plan.Full {
		sc = check.Scan{Mode: check.ModeRange, Base: plan.Base, Head: plan.Head}
	}
	policyBase, policyHead, fromBase := event.PolicyCommits()
	failOn := ""
	if in.FailOn != nil {
		failOn = in.FailOn.String()
	}
	input, sev, err := runinput.Build(ctx, runinput.Options{Repo: workspace, Config: in.Config, ConfigInRepo: true, Inputs: true, FailOn: failOn, Scan: sc, GitEnv: gitEnv,
		PolicyFromBase: fromBase, PolicyBase: policyBase, PolicyHead: policyHead,
		Email: check.EmailTarget{Domain: in.MailDomain, Selectors: in.Selectors(), DNSServer: in.DNSServer}, Specs: in.SpecFiles(),
		Live: live, NoMailDomainGuess: preview.From != ghaction.FromInput,
		GitleaksConfig: getenv("GITLEAKS_CONFIG"), GitleaksConfigTOML: getenv("GITLEAKS_CONFIG_TOML")}, secrets)
	if err != nil {
		gha.Errorf("launchready: %v", runinput.MaskErr(ctx, secrets, err))
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
	rep := pipeline.Run(ctx, input, registry.All(), pipeline.Options{FailOn: sev, AllChecks: true})
	// The SARIF file describes the state of the ref it is uploaded for,
	// not only the commits scanned: code scanning closes every alert an
	// upload in its category lacks, so a secret still in HEAD's files from
	// an earlier commit must stay in it. After a range scan (a push, a pull
	// request), the repository checks run once more on the checked-out
	// files and their findings are added to the SARIF file only: the exit
	// code, the comment, the summary and the JSON report stay about the
	// commits scanned. A full-history scan already covers HEAD.
	sarifRep := rep
	if sc.Mode == check.ModeRange {
		state := pipeline.Run(ctx, treeInput(input), treeChecks(), pipeline.Options{FailOn: sev})
		var added int
		sarifRep, added = withState(rep, state)
		if added > 0 {
			gha.Noticef("launchready: the SARIF file also holds %d finding(s) in the checked-out files that the scanned commits did not add, so code scanning keeps their alerts open", added)
		}
	}

	gc.Repo = repo
	pub := ghaction.Prepare(ctx, rep, gc)
	ghaction.Publish(ctx, rep, in, gc, &pub)

	// The scorecard in the log.
	gha.Group("launchready scorecard")
	var text bytes.Buffer
	_ = annotate.Formats["text"].Write(&text, rep, annotate.Options{Repo: workspace})
	_, _ = out.Write(text.Bytes())
	gha.EndGroup()
	if in.Annotations {
		_ = annotate.Formats["github"].Write(log.Commands(), rep, annotate.Options{})
	}
	for _, n := range pub.Notices {
		gha.Noticef("launchready: %s", n)
	}
	for _, w := range append(pub.Warnings, rep.Warnings...) {
		gha.Warningf("launchready: %s", w)
	}
	for _, e := range pub.Errors {
		gha.Errorf("launchready: %s", e)
	}

	// Files in the workspace, for later steps (upload-sarif, artifacts).
	files := map[string]string{in.SARIFFile: "sarif", reportJSON: "json"}
	written := map[string]string{}
	for name, format := range files {
		var b bytes.Buffer
		r := rep
		if format == "sarif" {
			r = sarifRep
		}
		if err := annotate.Formats[format].Write(&b, r, annotate.Options{}); err != nil {
			gha.Warningf("launchready: cannot write %s: %v", name, err)
			continue
		}
		// Never through a link: the pull request controls the workspace
		// and may have committed one in the report's place.
		if err := safefile.WriteIn(workspace, name, secrets.ApplyDocument(b.Bytes()), 0o644); err != nil {
			gha.Warningf("launchready: report not written: %v", err)
			continue
		}
		written[format] = name
	}
	if written["sarif"] != "" && len(sarifRep.Errors) > 0 {
		// An upload without the results of a check that could not run
		// would make code scanning close their open alerts: the file is
		// written (its invocation says executionSuccessful: false), but the
		// sarif-file output that the documented upload step waits for is
		// left empty.
		var names []string
		for _, e := range sarifRep.Errors {
			if !slices.Contains(names, e.Check) {
				names = append(names, e.Check)
			}
		}
		gha.Warningf("launchready: the sarif-file output is empty: %s could not run, and a SARIF upload without their results would make code scanning close their open alerts; %s is still written, marked executionSuccessful: false", strings.Join(names, ", "), written["sarif"])
		written["sarif"] = ""
	}

	if getenv("GITHUB_STEP_SUMMARY") != "" {
		md, err := annotate.Markdown(rep, annotate.Options{Links: pub.Links, New: pub.New, MaxBytes: annotate.SummaryMaxBytes})
		if err == nil {
			gha.AddStepSummary(annotate.CapMarkdown(secrets.Document(string(md)), annotate.SummaryMaxBytes))
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
			gha.SetOutput(k, secrets.Document(outputs[k]))
		}
	}
	return exitCode(rep, in.RequireComplete)
}

// loopbackKey marks a context whose action run may probe loopback
// addresses: only the tests set it (a preview server on 127.0.0.1). No
// input, environment variable or file can: in the action every loopback,
// private and metadata address is refused.
type loopbackKey struct{}

func loopbackAllowed(ctx context.Context) bool {
	ok, _ := ctx.Value(loopbackKey{}).(bool)
	return ok
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

// treeInput is the input of a scan of HEAD's files (the work tree of the
// checkout) with the run's config and secret set.
func treeInput(in *check.Input) *check.Input {
	return &check.Input{Repo: in.Repo, GitEnv: in.GitEnv, Scan: check.Scan{Mode: check.ModeWorktree}, Config: in.Config, Policy: in.Policy,
		Specs: in.Specs, Now: in.Now, Secrets: in.Secrets, Detector: in.Detector}
}

// treeChecks are the checks whose findings a commit range limits: those
// that read the repository in range and work-tree mode.
func treeChecks() []check.Check {
	var out []check.Check
	for _, c := range registry.All() {
		if m := c.Meta(); m.Supports(check.ModeRange) && m.Supports(check.ModeWorktree) {
			out = append(out, c)
		}
	}
	return out
}

// withState adds to rep the findings (and their rules, and the checks that
// could not run) of a scan of HEAD's files, for the SARIF file. It returns
// the report and how many findings were added.
func withState(rep, state *report.Report) (*report.Report, int) {
	out := *rep
	out.Findings = append([]finding.Finding(nil), rep.Findings...)
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		seen[f.Fingerprint] = true
	}
	added := 0
	for _, f := range state.Findings {
		if !seen[f.Fingerprint] {
			seen[f.Fingerprint] = true
			out.Findings = append(out.Findings, f)
			added++
		}
	}
	filter.Sort(out.Findings)
	out.Rules = append([]report.Rule(nil), rep.Rules...)
	known := map[string]bool{}
	for _, r := range rep.Rules {
		known[r.ID] = true
	}
	for _, r := range state.Rules {
		if !known[r.ID] {
			known[r.ID] = true
			out.Rules = append(out.Rules, r)
		}
	}
	out.Errors = append([]report.Error(nil), rep.Errors...)
	for _, e := range state.Errors {
		if !slices.Contains(out.Errors, e) {
			out.Errors = append(out.Errors, e)
		}
	}
	return &out, added
}
