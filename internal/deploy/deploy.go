package deploy

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// Deploy checks how the project ships: deploy jobs behind a protected
// environment, a rollback path, reversible migrations, pinned base images
// and a health check; and two workflow mistakes that leak secrets.
type Deploy struct {
	// Files is the run's shared work-tree file list (nil: listed afresh).
	Files *check.Files
}

// Meta implements check.Check.
func (Deploy) Meta() check.Meta {
	return check.Meta{
		ID:    "deploy",
		Title: "Deployment safety in workflows, Dockerfiles and migrations",
		// Its ci/ findings go to Secrets handling, which it cannot vouch for.
		Rows:  []finding.Row{finding.RowDeployment},
		Modes: []check.Mode{check.ModeHistory, check.ModeRange, check.ModeWorktree},
		Rules: rules,
	}
}

var (
	deployName    = regexp.MustCompile(`(?i)(deploy|release|publish|promote|rollout|ship)`)
	deployCmd     = regexp.MustCompile(`(?i)(kubectl\s+(apply|set\s+image|rollout)|helm\s+(upgrade|install)|terraform\s+apply|flyctl?\s+deploy|vercel\b.*--prod|netlify\s+deploy\b.*--prod|aws\s+ecs\s+update-service|gcloud\s+(run|app)\s+deploy|serverless\s+deploy|sls\s+deploy|cdk\s+deploy|eb\s+deploy|heroku\s+container:release|railway\s+up|cap\s+production\s+deploy)`)
	deployUses    = regexp.MustCompile(`(?i)(deploy|azure/webapps|aws-actions/amazon-ecs-deploy|google-github-actions/deploy|superfly/flyctl|amondnet/vercel|nwtgck/actions-netlify|akhileshns/heroku)`)
	rollbackInput = regexp.MustCompile(`(?i)^(version|ref|tag|sha|commit|release|image|image[-_]tag|revision)$`)
	rollbackWord  = regexp.MustCompile(`(?i)\b(roll(ing)?[ -]?back|revert(ing)?)\b`)
	// rollbackCmd is a command that takes a release back.
	rollbackCmd = regexp.MustCompile(`(?i)(kubectl\s+rollout\s+undo|helm\s+rollback|flyctl?\s+releases\s+rollback|vercel\s+rollback|heroku\s+rollback|argocd\s+app\s+rollback|aws\s+deploy\s+stop-deployment\b.*--auto-rollback|gcloud\s+run\s+services\s+update-traffic\b.*--to-revisions)`)
	// rollbackNegated is a mention that says there is no rollback.
	rollbackNegated = regexp.MustCompile(`(?i)\b(no|not|never|without|cannot|can't|can’t|don't|don’t|doesn't|doesn’t|isn't|isn’t|won't|won’t|nor|lack|lacks|missing|impossible|unable)\b[^.!?;\n]{0,60}\b(roll(ing)?[ -]?back|revert(ing)?)\b`)
	secretEcho      = regexp.MustCompile(`(?i)\b(echo|printf|print|cat\s*<<)\b[^\n]*\$\{\{\s*secrets\.`)
	headRef         = regexp.MustCompile(`github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs/pull/`)
	fromLine        = regexp.MustCompile(`(?im)^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?`)
)

// Run implements check.Check.
func (d Deploy) Run(ctx context.Context, in *check.Input) check.Result {
	tree := d.Files.WorktreeTree(ctx, in)
	paths, err := tree.Candidates()
	if err != nil {
		return check.Result{Status: check.StatusFailed, Reason: "listing the repository's files: " + err.Error()}
	}
	read := func(p string) []byte {
		b, _ := tree.Read(p, maxFileSize)
		return b
	}
	var out []codeFinding
	var deployJobs []codeFinding // where deploy jobs are, for the rollback finding
	rollback := ""
	var dockerfiles []string
	health := false
	var migrations []string
	for _, p := range paths {
		if check.SkippedPath(p) && !isMigration(p) {
			continue // dependencies, build output, tests and fixtures
		}
		if strings.Contains(p, "testdata/") || strings.Contains(p, "node_modules/") || strings.Contains(p, "vendor/") {
			continue
		}
		base := path.Base(p)
		lower := strings.ToLower(p)
		switch {
		case strings.HasPrefix(p, ".github/workflows/") && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")):
			w := scanWorkflow(p, read(p))
			out = append(out, w.findings...)
			deployJobs = append(deployJobs, w.deployJobs...)
			if w.rollback != "" && rollback == "" {
				rollback = w.rollback
			}
		case base == "Dockerfile" || strings.HasPrefix(base, "Dockerfile.") || strings.HasSuffix(base, ".Dockerfile") || base == "Containerfile":
			dockerfiles = append(dockerfiles, p)
			src := read(p)
			out = append(out, unpinnedImages(p, src)...)
			if strings.Contains(strings.ToUpper(string(src)), "HEALTHCHECK") {
				health = true
			}
		case strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml") || base == "fly.toml" || base == "railway.json":
			src := string(read(p))
			if strings.Contains(src, "readinessProbe") || strings.Contains(src, "livenessProbe") || strings.Contains(src, "healthcheck:") ||
				strings.Contains(src, "http_checks") || strings.Contains(src, "healthCheckPath") || strings.Contains(src, "health_check") {
				health = true
			}
		case isMigration(p):
			migrations = append(migrations, p)
		case rollback == "" && (strings.HasPrefix(strings.ToUpper(base), "README") || strings.HasPrefix(strings.ToUpper(base), "RUNBOOK") ||
			strings.HasPrefix(lower, "docs/") && strings.HasSuffix(lower, ".md")):
			if how := documentedRollback(read(p)); how != "" {
				rollback = "the documentation (" + p + ": " + how + ")"
			}
		}
	}
	out = append(out, irreversible(migrations, read)...)
	res := check.Result{Status: check.StatusRan}
	if len(deployJobs) == 0 {
		// Nothing to judge the rollout by; findings on images, migrations
		// and workflows still count below.
	} else if rollback == "" {
		first := deployJobs[0]
		out = append(out, codeFinding{Rule: ruleNoRollbackPath, Facet: "deploy.rollback", Path: first.Path, Line: first.Line,
			Msg:      "No rollback path was found: no workflow_dispatch input naming a version, ref, tag or image to redeploy, no rollback or revert job, and no rollback steps in the README, a RUNBOOK or docs/.",
			Fix:      "Add a workflow_dispatch trigger with a `ref` (or image tag) input to the deploy workflow, document the rollback in a RUNBOOK, and rehearse it on staging.",
			Evidence: "no rollback"})
	} else {
		res.Notes = append(res.Notes, "rollback: "+rollback)
	}
	if len(dockerfiles) > 0 && !health {
		out = append(out, codeFinding{Rule: ruleNoHealthcheck, Facet: "deploy.health", Path: dockerfiles[0], Line: 1,
			Msg:      fmt.Sprintf("%s has no HEALTHCHECK, and no readinessProbe, livenessProbe, compose healthcheck or platform health check was found: a broken release keeps receiving traffic.", dockerfiles[0]),
			Fix:      "Add a HEALTHCHECK (or a readiness probe in your platform's config) that calls the app's /health endpoint.",
			Evidence: "no healthcheck"})
	}
	res.Findings = findings(out)
	res.Notes = append(res.Notes, fmt.Sprintf("%d deploy job(s), %d Dockerfile(s), %d migration(s)", len(deployJobs), len(dockerfiles), len(migrations)))
	if len(deployJobs) == 0 {
		// No deployment to judge: never a pass. Findings on images,
		// migrations and workflows still fail or warn the row.
		res.Status = check.StatusNotChecked
		res.Reason = "no deploy job found in .github/workflows (looked for jobs named deploy, release or publish, deploy actions, and kubectl, helm, terraform apply, fly deploy, vercel --prod and similar commands)"
	}
	return res
}

// workflowScan is what one workflow file says.
type workflowScan struct {
	findings   []codeFinding
	deployJobs []codeFinding // path and line of each deploy job
	rollback   string
}

// scanWorkflow reads a GitHub Actions workflow with its line numbers.
func scanWorkflow(p string, src []byte) workflowScan {
	var w workflowScan
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return w
	}
	root := doc.Content[0]
	on := mapGet(root, "on")
	if on == nil {
		on = mapGet(root, "true") // YAML 1.1 reads a bare on: as true
	}
	prTarget := on != nil && (on.Value == "pull_request_target" || mapGet(on, "pull_request_target") != nil || seqHas(on, "pull_request_target"))
	if on != nil {
		if wd := mapGet(on, "workflow_dispatch"); wd != nil {
			if inputs := mapGet(wd, "inputs"); inputs != nil && inputs.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(inputs.Content); i += 2 {
					if rollbackInput.MatchString(inputs.Content[i].Value) {
						w.rollback = fmt.Sprintf("%s (workflow_dispatch input %q)", p, inputs.Content[i].Value)
					}
				}
			}
		}
	}
	if name := mapGet(root, "name"); name != nil && namesRollback(name.Value) {
		w.rollback = p
	}
	jobs := mapGet(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return w
	}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		id, job := jobs.Content[i], jobs.Content[i+1]
		if job.Kind != yaml.MappingNode {
			continue
		}
		name := id.Value
		if n := mapGet(job, "name"); n != nil {
			name += " " + n.Value
		}
		if namesRollback(name) {
			w.rollback = fmt.Sprintf("%s (job %q)", p, id.Value)
		}
		deploys := deployName.MatchString(name)
		steps := mapGet(job, "steps")
		if steps != nil && steps.Kind == yaml.SequenceNode {
			for _, st := range steps.Content {
				if st.Kind != yaml.MappingNode {
					continue
				}
				run, uses := mapGet(st, "run"), mapGet(st, "uses")
				if run != nil {
					if deployCmd.MatchString(run.Value) {
						deploys = true
					}
					if m := rollbackCmd.FindString(run.Value); m != "" && w.rollback == "" {
						w.rollback = fmt.Sprintf("%s (job %q runs %s)", p, id.Value, strings.Join(strings.Fields(m), " "))
					}
					for li, l := range strings.Split(run.Value, "\n") {
						if secretEcho.MatchString(l) && !strings.Contains(l, "::add-mask::") {
							line := run.Line + li
							if run.Style == yaml.LiteralStyle || run.Style == yaml.FoldedStyle {
								line = run.Line + 1 + li
							}
							w.findings = append(w.findings, codeFinding{Rule: ruleSecretEcho, Facet: "ci.secret-echo", Path: p, Line: line,
								Msg:      fmt.Sprintf("Job %q prints a secret in a run step (%s): GitHub masks only the exact value, so any transformed, split or encoded form appears in the public log.", id.Value, strings.TrimSpace(truncate(l, 80))),
								Fix:      "Pass the secret through env: and use it without printing it; never echo, print or cat it, even for debugging.",
								Evidence: id.Value + " " + strings.TrimSpace(l)})
						}
					}
				}
				if uses != nil {
					if deployUses.MatchString(uses.Value) {
						deploys = true
					}
					if prTarget && strings.HasPrefix(uses.Value, "actions/checkout") {
						if with := mapGet(st, "with"); with != nil {
							if ref := mapGet(with, "ref"); ref != nil && headRef.MatchString(ref.Value) {
								w.findings = append(w.findings, codeFinding{Rule: rulePullRequestTargetCheckout, Facet: "ci.pr-target", Path: p, Line: uses.Line,
									Msg:      fmt.Sprintf("Job %q runs on pull_request_target, which has a write token and the repository's secrets, and checks out the pull request's own code (ref: %s): any fork can run code with them.", id.Value, ref.Value),
									Fix:      "Use pull_request for anything that builds or runs the PR's code; keep pull_request_target for labelling and commenting, without checking out the head.",
									Evidence: id.Value})
							}
						}
					}
				}
			}
		}
		if !deploys {
			continue
		}
		w.deployJobs = append(w.deployJobs, codeFinding{Path: p, Line: id.Line})
		if mapGet(job, "environment") == nil {
			w.findings = append(w.findings, codeFinding{Rule: ruleUnprotectedDeployJob, Facet: "deploy.environment", Path: p, Line: id.Line,
				Msg:      fmt.Sprintf("Job %q deploys without `environment:`, so no required reviewer, wait timer or branch rule stands between a merge (or a compromised workflow) and production.", id.Value),
				Fix:      "Add `environment: production` to the job and protect that environment (required reviewers, deployment branches) in the repository settings.",
				Evidence: id.Value})
		}
	}
	return w
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// mapGet returns the value of key in a mapping node.
func mapGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func seqHas(n *yaml.Node, v string) bool {
	if n == nil || n.Kind != yaml.SequenceNode {
		return false
	}
	for _, c := range n.Content {
		if c.Value == v {
			return true
		}
	}
	return false
}

// unpinnedImages reports FROM lines whose image has no tag, or :latest.
func unpinnedImages(p string, src []byte) []codeFinding {
	var out []codeFinding
	stages := map[string]bool{}
	for _, m := range fromLine.FindAllSubmatchIndex(src, -1) {
		image := string(src[m[2]:m[3]])
		if m[4] >= 0 {
			stages[strings.ToLower(string(src[m[4]:m[5]]))] = true
		}
		line := 1 + strings.Count(string(src[:m[0]]), "\n")
		if strings.HasPrefix(string(src[m[0]:m[1]]), "\n") {
			line++
		}
		lowerImg := strings.ToLower(image)
		if lowerImg == "scratch" || stages[lowerImg] || strings.Contains(image, "$") || strings.Contains(image, "@sha256:") {
			continue
		}
		name := image[strings.LastIndex(image, "/")+1:]
		tag := ""
		if i := strings.LastIndex(name, ":"); i >= 0 {
			tag = name[i+1:]
		}
		if tag == "" || tag == "latest" {
			why := "has no tag, so it means :latest"
			if tag == "latest" {
				why = "is :latest"
			}
			out = append(out, codeFinding{Rule: ruleUnpinnedBaseImage, Facet: "deploy.image", Path: p, Line: line,
				Msg:      fmt.Sprintf("Base image %s %s: each build can pull a different image, so a release cannot be rebuilt or rolled back to exactly what was tested.", image, why),
				Fix:      "Pin a version tag and, better, the digest (image:1.2.3@sha256:...); let Dependabot or Renovate update it.",
				Evidence: image})
		}
	}
	return out
}

// isMigration reports files in the usual migration folders and formats.
func isMigration(p string) bool {
	l := strings.ToLower(p)
	return strings.Contains(l, "migrations/") || strings.Contains(l, "db/migrate/") || strings.Contains(l, "/versions/") && strings.HasSuffix(l, ".py") ||
		strings.Contains(l, "db/migration/") || strings.Contains(l, "changelog")
}

var (
	goldmigUp   = regexp.MustCompile(`^(.*)\.up\.sql$`)
	flywayV     = regexp.MustCompile(`(?i)^V([0-9._]+)__.*\.sql$`)
	knexDown    = regexp.MustCompile(`(exports\.down\s*=|export\s+(async\s+)?function\s+down\b|export\s+const\s+down\b|\bdown\s*[:(]|async\s+down\s*\()`)
	alembicDown = regexp.MustCompile(`(?m)^def downgrade\(\)[^:]*:\s*\n((?:\s*#.*\n|\s*"""[\s\S]*?"""\s*\n)*)\s+pass\s*$`)
)

// irreversible reports migrations without a way back: golang-migrate up
// files without a down file, goose files without a Down section, Knex and
// Sequelize files without down, Alembic downgrade() that only passes, and
// Rails migrations with up but no down.
func irreversible(files []string, read func(string) []byte) []codeFinding {
	set := map[string]bool{}
	for _, f := range files {
		set[f] = true
	}
	var out []codeFinding
	add := func(p, tool, why string) {
		out = append(out, codeFinding{Rule: ruleIrreversibleMigration, Facet: "deploy.migration", Path: p, Line: 1,
			Msg:      fmt.Sprintf("%s migration %s %s: if a release has to be rolled back, the schema cannot follow it.", tool, path.Base(p), why),
			Fix:      "Write the down migration (and test it on a copy of production data), or document why this change is forward-only.",
			Evidence: p})
	}
	for _, f := range files {
		base := path.Base(f)
		switch {
		case goldmigUp.MatchString(base):
			down := strings.TrimSuffix(f, ".up.sql") + ".down.sql"
			if !set[down] {
				add(f, "golang-migrate", "has no "+path.Base(down))
			}
		case strings.HasSuffix(base, ".sql") && strings.Contains(string(read(f)), "+goose Up"):
			if !strings.Contains(string(read(f)), "+goose Down") {
				add(f, "goose", "has no -- +goose Down section")
			}
		case strings.HasSuffix(base, ".js") || strings.HasSuffix(base, ".ts") || strings.HasSuffix(base, ".cjs") || strings.HasSuffix(base, ".mjs"):
			src := read(f)
			if strings.Contains(string(src), "up") && !knexDown.Match(src) {
				add(f, "Knex/Sequelize", "has no down function")
			}
		case strings.HasSuffix(base, ".py") && strings.Contains(string(read(f)), "def upgrade("):
			src := read(f)
			if !strings.Contains(string(src), "def downgrade(") {
				add(f, "Alembic", "has no downgrade()")
			} else if alembicDown.Match(src) {
				add(f, "Alembic", "has a downgrade() that only passes")
			}
		case strings.HasSuffix(base, ".rb"):
			src := string(read(f))
			if strings.Contains(src, "def up") && !strings.Contains(src, "def down") {
				add(f, "Rails", "defines up without down")
			}
		case flywayV.MatchString(base):
			// Flyway's undo files (U<version>__) are a paid feature; only
			// projects that use them are held to them.
			m := flywayV.FindStringSubmatch(base)
			hasUndo := false
			for g := range set {
				if strings.HasPrefix(strings.ToUpper(path.Base(g)), "U") && path.Dir(g) == path.Dir(f) {
					hasUndo = true
				}
			}
			undo := path.Join(path.Dir(f), "U"+m[1]+"__"+strings.SplitN(base, "__", 2)[1])
			if hasUndo && !set[undo] {
				add(f, "Flyway", "has no undo file ("+path.Base(undo)+")")
			}
		}
	}
	return out
}

// namesRollback reports whether a workflow or job name says it rolls back
// ("rollback", "revert-release"), not that there is none ("no-rollback").
func namesRollback(name string) bool {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	return rollbackWord.MatchString(name) && !rollbackNegated.MatchString(name)
}

var (
	atxHeading = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	setextLine = regexp.MustCompile(`^\s{0,3}(=+|-+)\s*$`)
	docStep    = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s+\S|^\s*(` + "```" + `|~~~)`)
	// placeholderStep is a list item that holds no step.
	placeholderStep = regexp.MustCompile(`(?i)^\s*([-*+]|\d+[.)])\s+(tbd|todo|tba|n/?a|none|\.\.\.|…)\W*$`)
)

// documentedRollback says how a Markdown document shows a rollback path,
// or "" when it does not: a rollback command (kubectl rollout undo, helm
// rollback, ...) that is not negated, or a heading naming rollback ("##
// Rollback", "Rolling back a release") followed by at least one step (a
// list item or a code block) before the next heading. A bare word, or a
// sentence saying there is no rollback, is not a path.
func documentedRollback(src []byte) string {
	lines := strings.Split(string(src), "\n")
	for _, l := range lines {
		if m := rollbackCmd.FindString(l); m != "" && !rollbackNegated.MatchString(l) {
			return strings.Join(strings.Fields(m), " ")
		}
	}
	heading := func(i int) (string, bool) {
		if m := atxHeading.FindStringSubmatch(lines[i]); m != nil {
			return m[2], true
		}
		if i+1 < len(lines) && strings.TrimSpace(lines[i]) != "" && setextLine.MatchString(lines[i+1]) && !docStep.MatchString(lines[i]) {
			return strings.TrimSpace(lines[i]), true
		}
		return "", false
	}
	for i := range lines {
		h, ok := heading(i)
		if !ok || !rollbackWord.MatchString(h) || rollbackNegated.MatchString(h) {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if _, next := heading(j); next {
				break
			}
			if setextLine.MatchString(lines[j]) && j == i+1 {
				continue
			}
			if docStep.MatchString(lines[j]) && !rollbackNegated.MatchString(lines[j]) && !placeholderStep.MatchString(lines[j]) {
				return fmt.Sprintf("steps under the heading %q", truncate(strings.TrimSpace(h), 60))
			}
		}
	}
	return ""
}
