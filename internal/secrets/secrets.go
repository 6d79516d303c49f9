// Package secrets is the secret-scanning analyzer, built on the gitleaks
// engine: secrets in history, ranges, the work tree and staged changes,
// commit and tag messages, binary and large files; launchready's extra rules
// and placeholders; and a per-run Detector that scans single texts (spec
// examples, client bundles) with the repository's own gitleaks config.
package secrets

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
)

// Secrets is the secret-scanning check.
type Secrets struct {
	// Files is the run's shared work-tree file list (nil: listed afresh).
	Files *check.Files
}

// Meta implements check.Check.
func (Secrets) Meta() check.Meta {
	m := check.Meta{
		ID:    "secrets",
		Title: "Secrets in git history, work tree and staged changes",
		Rows:  []finding.Row{finding.RowSecrets},
		Modes: []check.Mode{check.ModeHistory, check.ModeRange, check.ModeWorktree, check.ModeStaged},
		Rules: []check.Rule{{
			ID: "secrets/<gitleaks-rule-id>", Title: "Secret matched by one of gitleaks' built-in rules",
			Row: finding.RowSecrets, Severity: finding.SeverityCritical, Others: []finding.Severity{finding.SeverityHigh},
			Family: true, CWE: "CWE-798",
		}},
	}
	for _, id := range slices.Sorted(maps.Keys(ourRules)) {
		cwe := "CWE-798"
		if id == "dotenv-file" {
			cwe = "CWE-538"
		}
		m.Rules = append(m.Rules, check.Rule{ID: "secrets/" + id, Title: ourTitles[id], Row: finding.RowSecrets, Severity: ourRules[id], CWE: cwe})
	}
	return m
}

var ourTitles = map[string]string{
	"url-credentials":         "Password embedded in a URL",
	"netrc-password":          "Password in a .netrc-style config file",
	"pgpass-password":         "Password in a .pgpass file",
	"password-assignment":     "Password or secret assigned in a config file",
	"php-define-password":     "Password, key or salt defined as a PHP constant",
	"dotenv-file":             "Committed .env file",
	"password-hash":           "Password hash in a shadow, passwd or .htpasswd file",
	"sql-password-hash":       "Password hash in an SQL dump",
	"sql-user-password":       "Database user's password in SQL",
	"des-crypt-hash":          "DES crypt password hash in a .htpasswd, passwd or shadow file",
	"vsftpd-virtual-users":    "Password in a vsftpd virtual-users file",
	"xml-password":            "Password in an XML client config",
	"putty-private-key":       "Unencrypted PuTTY private key",
	"ssh2-private-key":        "SSH2 private key",
	"jwk-private-key":         "Private key in a JSON Web Key",
	"rails-master-key":        "Rails master key",
	"python-secret-key":       "Django or Flask SECRET_KEY",
	"code-password-literal":   "Password literal in code",
	"wifi-psk":                "Wi-Fi pre-shared key",
	"redis-requirepass":       "Redis requirepass password",
	"npmrc-auth":              "npm registry _auth credentials",
	"network-device-password": "Network device password",
	"laravel-app-key":         "Laravel APP_KEY",
	"rails-master-key-env":    "Rails master key in RAILS_MASTER_KEY",
	"rails-credentials-file":  "Secret in a decrypted Rails credentials file",
	"numeric-client-secret":   "Numeric OAuth client secret",
	"kubernetes-secret-data":  "Value of a Kubernetes Secret",
	"sql-hex-password-hash":   "Unsalted password hash in an SQL dump",
}

// Run implements check.Check.
func (s Secrets) Run(ctx context.Context, in *check.Input) check.Result {
	failed := func(err error) check.Result {
		var ge *gitrepo.Error
		if errors.As(err, &ge) {
			return check.Result{Status: check.StatusFailed, Reason: ge.Error()}
		}
		return check.Result{Status: check.StatusFailed, Reason: "secret scan could not run: " + err.Error()}
	}
	repo := &gitrepo.Repo{Root: in.Repo, Env: in.GitEnv}
	gc, info, err := runConfig(in)
	if err != nil {
		return failed(err)
	}
	gc, binaryOnly, err := narrowPathAllowlist(gc)
	if err != nil {
		return failed(err)
	}
	// What the repository's .gitleaksignore and allowlists suppress is
	// decided here, after detection, and counted.
	gc, allows, err := splitAllowlists(gc, info.repoAllow)
	if err != nil {
		return failed(err)
	}
	ignore, err := loadIgnore(in.PolicySource())
	if err != nil {
		return failed(err)
	}
	sc := &secretScan{in: in, commits: map[string]bool{}, mode: in.Scan.Mode, ignore: ignore, allows: allows}
	cov := newCoverage()
	cov.binaryOnly = binaryOnly
	for a := range info.repoAllow {
		if len(a.Paths) > 0 && a.MatchCondition != gconfig.AllowlistMatchAnd && slices.Contains(info.globalAllow, a) {
			cov.repoPaths = append(cov.repoPaths, a)
		}
	}
	var gl []report.Finding
	switch in.Scan.Mode {
	case check.ModeHistory, check.ModeRange:
		hasCommits, err := repo.Preflight(ctx)
		if err != nil {
			return failed(err)
		}
		revs := "--all"
		if in.Scan.Mode == check.ModeHistory {
			// --all reaches only the newest stash; the older entries
			// live in refs/stash's reflog.
			stashes, err := repo.StashEntries(ctx)
			if err != nil {
				return failed(err)
			}
			for _, s := range stashes {
				revs += " " + s
			}
		}
		if in.Scan.Mode == check.ModeRange {
			rg, err := repo.ResolveRange(ctx, in.Scan.Base, in.Scan.Head)
			if err != nil {
				return failed(err)
			}
			revs = rg.Head
			if rg.Base != "" {
				revs = rg.Base + ".." + rg.Head
			}
		} else if !hasCommits {
			// Nothing is committed yet, but the work tree and the index
			// are what the first commit will hold.
			d, err := newDetector(in.PolicySource(), gc)
			if err != nil {
				return failed(err)
			}
			files, err := s.Files.Worktree(ctx, in)
			if err != nil {
				return failed(err)
			}
			read, err := scanFiles(ctx, d, repo, files, cov, sc.sawFile)
			if err != nil {
				return failed(err)
			}
			if err := scanStaged(ctx, d, repo, cov); err != nil {
				return failed(err)
			}
			gl = d.Findings()
			sc.mode = check.ModeWorktree
			sc.notes = append(sc.notes, fmt.Sprintf("no commits yet: scanned the work tree and the index (%d files)", read))
			break
		}
		d, err := newDetector(in.PolicySource(), gc)
		if err != nil {
			return failed(err)
		}
		// The engine's analysis of the rules is built while git starts.
		warmEngine(d)
		if in.Progress != nil {
			// The total for the progress line ("commit 1,204 of 4,257"):
			// rev-list --count is a walk of the commit graph only.
			if out, err := repo.Git(ctx, append([]string{"rev-list", "--count"}, strings.Fields(revs)...)...); err == nil {
				sc.total, _ = strconv.Atoi(strings.TrimSpace(out))
			}
		}
		// The messages are read alongside the patches: git log -p is
		// single-threaded, and leaves the detector idle at times.
		type msgResult struct {
			n   messageCounts
			err error
		}
		msgs := make(chan msgResult, 1)
		go func() {
			n, err := scanMessages(ctx, d, repo, strings.Fields(revs), in.Scan.Mode == check.ModeRange, cov)
			msgs <- msgResult{n, err}
		}()
		blobs, err := historyPatchScan(ctx, d, repo, revs, sc.sawCommit, cov)
		if err == nil {
			err = scanBlobs(ctx, d, repo, blobs, cov)
		}
		m := <-msgs
		refBlobs := 0
		if err == nil && in.Scan.Mode == check.ModeHistory {
			refBlobs, err = scanRefObjects(ctx, d, repo, cov)
		}
		if err == nil && m.err == nil && len(m.n.octopus) > 0 {
			err = scanOctopus(ctx, d, repo, m.n.octopus, cov)
			for _, o := range m.n.octopus {
				sc.sawCommit(o.id)
			}
		}
		if err != nil {
			if old := repo.RemergeUnsupported(ctx); old != nil {
				return failed(old)
			}
			return failed(err)
		}
		if m.err != nil {
			return failed(m.err)
		}
		n := m.n
		if in.Scan.Mode == check.ModeRange && n.commits == 0 {
			// Nothing was examined: an empty range (a push of no new
			// commits, or BASE already containing HEAD) is no evidence.
			return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf(
				"the range %s has no commits, so no secrets were scanned; give a range that holds the new commits, or scan the whole history with --history",
				shortRange(revs))}
		}
		gl = d.Findings()
		// The commits whose patches were scanned; commits that add nothing
		// (deletions, empty or clean merges) yield no patch text. Counting
		// every commit would cost a second walk of the history.
		sc.notes = append(sc.notes, fmt.Sprintf("scanned %d commits with changes", len(sc.commits)),
			fmt.Sprintf("%d commit and %d tag messages", n.commits, n.tags))
		if refBlobs > 0 {
			sc.notes = append(sc.notes, fmt.Sprintf("%d files that tags point at outside any commit", refBlobs))
		}
	case check.ModeStaged:
		d, err := newDetector(in.PolicySource(), gc)
		if err != nil {
			return failed(err)
		}
		if err := scanStaged(ctx, d, repo, cov); err != nil {
			return failed(err)
		}
		gl = d.Findings()
		sc.notes = append(sc.notes, "scanned staged changes")
	case check.ModeWorktree:
		files, err := s.Files.Worktree(ctx, in)
		if err != nil {
			return failed(err)
		}
		d, err := newDetector(in.PolicySource(), gc)
		if err != nil {
			return failed(err)
		}
		warmEngine(d) // a whole work tree
		read, err := scanFiles(ctx, d, repo, files, cov, sc.sawFile)
		if err != nil {
			return failed(err)
		}
		gl = d.Findings()
		sc.notes = append(sc.notes, fmt.Sprintf("scanned %d files", read))
	default:
		return check.Result{Status: check.StatusNotApplicable, Reason: "secrets are scanned in history, range, worktree and staged modes"}
	}
	// A token in a file name is printed with every finding's path (in
	// every format): each distinct path is scanned once, and what the
	// rules find in it is registered for masking.
	paths := make([]string, 0, len(gl))
	for _, g := range gl {
		paths = append(paths, g.File)
	}
	// The notes name paths too: skipped, too large, unreadable.
	paths = append(append(append(paths, cov.skippedPaths()...), cov.tooBig...), cov.unreadable...)
	if err := maskPathSecrets(ctx, in, gc, paths); err != nil {
		return failed(err)
	}
	findings := sc.convert(gl)
	res := check.Result{Status: check.StatusRan, Findings: findings, Suppressed: sc.suppressed, Notes: sc.notes}
	if cov.binaryScanned > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d binary files scanned for printable text", cov.binaryScanned))
	}
	if len(cov.skipped) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d %s skipped by gitleaks' path allowlist (lock files and vendored libraries): %s",
			len(cov.skipped), plural(len(cov.skipped), "file", "files"), firstFew(cov.skipped)))
	}
	if len(cov.repoSkipped) > 0 {
		// Not read at all: what they hold is not counted in suppressed.
		res.Notes = append(res.Notes, fmt.Sprintf("%d %s skipped unread by the path allowlist in %s (what they hold is not counted in suppressed): %s",
			len(cov.repoSkipped), plural(len(cov.repoSkipped), "file", "files"), info.what(), firstFew(cov.repoSkipped)))
	}
	var unread []string
	if len(cov.tooBig) > 0 {
		unread = append(unread, fmt.Sprintf("%d %s too large to scan for secrets (over %d MB, or past the %d GB budget of the run): %s; "+
			"remove it from the repository (large files belong in Git LFS or object storage) or scan it separately",
			len(cov.tooBig), plural(len(cov.tooBig), "file was", "files were"), MaxScanSize>>20, ScanBudget>>30, firstFew(cov.tooBig)))
	}
	if len(cov.unreadable) > 0 {
		unread = append(unread, fmt.Sprintf("%d %s could not be read: %s; make %s readable by the user running launchready",
			len(cov.unreadable), plural(len(cov.unreadable), "file", "files"), firstFew(cov.unreadable), plural(len(cov.unreadable), "it", "them")))
	}
	// Say which rules ran; a .gitleaks.toml that leaves no gitleaks rule,
	// or allowlists everything, switches the scan off: never a pass.
	switch {
	case !info.fromRepo:
		res.Notes = append(res.Notes, fmt.Sprintf("%d gitleaks rules (the defaults) and %d of launchready's", info.gitleaks, len(gc.Rules)-info.gitleaks))
	case info.extended:
		res.Notes = append(res.Notes, fmt.Sprintf("%d gitleaks rules: %s extended the defaults", info.gitleaks, info.what()))
	default:
		res.Notes = append(res.Notes, fmt.Sprintf("%d gitleaks rules: %s replaced the defaults", info.gitleaks, info.what()))
	}
	if info.fromRepo && info.gitleaks == 0 {
		unread = append(unread, info.what()+" defines no rules and does not extend gitleaks' defaults, so no gitleaks rule ran; "+
			"add [extend] useDefault = true to "+info.name+" (or rules of its own)")
	}
	if info.allowsAll {
		unread = append(unread, info.what()+" allowlists everything: its allowlists (by regex, stopword, path or commit, global or per rule) "+
			"suppress all or nearly all of a set of sample secrets of the rules' own formats in ordinary paths; "+
			"narrow them to the strings or paths they are meant for")
	}
	if len(unread) > 0 {
		// Never a pass over content that was not read. The hook blocks
		// the commit (it cannot vouch for what it did not read); other
		// modes report the row as not checked.
		res.Status = check.StatusNotChecked
		if in.Scan.Mode == check.ModeStaged {
			res.Status = check.StatusFailed
		}
		res.Reason = strings.Join(unread, "; ")
	}
	return res
}

// shortRange shortens the commit ids of a resolved range for a message.
func shortRange(revs string) string {
	b, h, ok := strings.Cut(revs, "..")
	if !ok {
		return shortSHA(revs)
	}
	return shortSHA(b) + ".." + shortSHA(h)
}

// firstFew names up to five items, and how many more there are.
func firstFew(names []string) string {
	names = slices.Clone(names)
	slices.Sort(names)
	if len(names) <= 5 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:5], ", "), len(names)-5)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// historyArgs is the git log command line of a history or range scan.
func historyArgs(revs string) []string {
	return append([]string{"log", "-p", "-U0"}, strings.Fields(historyLogOpts(revs))...)
}

// scanStaged scans the index against HEAD (or, before the first commit,
// everything staged), binary files included.
func scanStaged(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, cov *coverage) error {
	args := []string{"diff", "-U0", "--staged", "--no-color", "--no-ext-diff", "--no-textconv", "--full-index", "--", "."}
	blobs, err := patchScan(ctx, d, repo, args, nil, cov)
	if err != nil {
		return err
	}
	return scanBlobs(ctx, d, repo, blobs, cov)
}

type secretScan struct {
	in *check.Input
	// mode is the kind of scan the findings come from, for their wording:
	// before the first commit, a history scan reads the work tree.
	mode       check.Mode
	mu         sync.Mutex
	commits    map[string]bool
	files      int
	suppressed int
	notes      []string
	// fps stretches weak secrets for their fingerprints (see
	// fingerprint.go).
	fps finding.SecretFingerprints
	// total is the number of commits the scan covers, for progress.
	total int
	// ignore and allows are the repository's .gitleaksignore and its
	// per-finding allowlists.
	ignore ignoreSet
	allows findingAllows
}

func (sc *secretScan) sawCommit(sha string) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if !sc.commits[sha] {
		sc.commits[sha] = true
		if sc.in.Progress != nil {
			sc.in.Progress(check.Progress{Check: "secrets", Commits: len(sc.commits), Total: sc.total})
		}
	}
}

func (sc *secretScan) sawFile() {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.files++
	if sc.in.Progress != nil {
		sc.in.Progress(check.Progress{Check: "secrets", Files: sc.files})
	}
}

// ruleRank orders rules that found the same secret on the same line: a
// provider-specific gitleaks rule beats ours, and ours beat the generic one;
// among ours, one gated by the file's path (the file's own format) beats
// one that reads any file.
func ruleRank(id string) int {
	switch {
	case id == "generic-api-key":
		return 0
	case pathGated[id]:
		return 2
	case ourRules[id] != 0:
		return 1
	}
	return 3
}

// pathGated are our rules with a path (see secretrules.toml).
var pathGated = map[string]bool{
	"netrc-password": true, "pgpass-password": true, "password-assignment": true, "php-define-password": true,
	"dotenv-file": true, "sql-password-hash": true, "sql-user-password": true, "des-crypt-hash": true, "vsftpd-virtual-users": true, "xml-password": true, "rails-master-key": true, "python-secret-key": true,
	"code-password-literal": true, "wifi-psk": true, "npmrc-auth": true, "network-device-password": true,
	"rails-credentials-file": true, "kubernetes-secret-data": true, "sql-hex-password-hash": true,
}

// outranks reports whether the finding of rule a is kept over b's for the
// same secret on the same line; a tie goes to the smaller rule id, so the
// result does not depend on the order gitleaks reports them in.
func outranks(a, b string) bool {
	if ra, rb := ruleRank(a), ruleRank(b); ra != rb {
		return ra > rb
	}
	return a < b
}

// convert turns gitleaks findings into ours. This is the redaction boundary:
// the raw secret is registered for output redaction, hashed into the
// fingerprint and cut to a prefix for evidence, and never copied further.
func (sc *secretScan) convert(gl []report.Finding) []finding.Finding {
	in := sc.in
	gl = mergeDecoded(expandBlocks(gl))
	// Same secret, same line, several rules: keep the most specific. The
	// repository's .gitleaksignore and allowlists, as gitleaks would apply
	// them, but counted, are applied to the merged finding: ignoring one
	// rule's finding (the gitleaksFingerprint printed) ignores the other
	// rules' findings of the same secret at the same place, and one
	// suppressed secret counts once, as the report would show it once.
	type lineKey struct {
		commit, file string
		line         int
		secret       string
	}
	best := map[lineKey]int{}
	suppressedKey := map[lineKey]bool{}
	keep := make([]bool, len(gl))
	key := func(g report.Finding) lineKey {
		if g.RuleID == "dotenv-file" {
			// A file-level finding, never merged with line findings.
			return lineKey{g.Commit, g.File, -1, ""}
		}
		return lineKey{g.Commit, g.File, g.StartLine, g.Secret}
	}
	for _, g := range gl {
		if sc.ignore.ignores(g) || sc.allows.allows(g) {
			suppressedKey[key(g)] = true
		}
	}
	// Counted once per rule (the one the merge keeps), file and secret,
	// as the report's fingerprints merge them.
	winner := map[lineKey]string{}
	for _, g := range gl {
		if k := key(g); suppressedKey[k] {
			if w, ok := winner[k]; !ok || outranks(g.RuleID, w) {
				winner[k] = g.RuleID
			}
		}
	}
	counted := map[string]bool{}
	for k, w := range winner {
		counted[w+"\x00"+k.file+"\x00"+k.secret] = true
	}
	for i, g := range gl {
		k := key(g)
		if suppressedKey[k] {
			continue
		}
		if g.RuleID == "dotenv-file" {
			// Its "secret" is merely the file's first value (often
			// NODE_ENV=production) and is never shown; registering it would
			// blank that word in every output. The real secrets in the
			// file are line findings of their own, registered below.
			keep[i] = true
			continue
		}
		in.Secrets.Add(g.Secret)
		j, seen := best[k]
		if !seen || outranks(g.RuleID, gl[j].RuleID) {
			if seen {
				keep[j] = false
			}
			best[k] = i
			keep[i] = true
		}
	}
	sc.suppressed += len(counted)

	// The fingerprints of weak secrets are stretched (about 10 ms each):
	// on every core, before the findings are built one by one.
	var pairs [][2]string
	for i, g := range gl {
		if keep[i] && g.RuleID != "dotenv-file" && !allowComment(g) && !sc.allowedPath(g.File) {
			pairs = append(pairs, [2]string{g.RuleID, g.Secret})
		}
	}
	sc.fps.Prepare(pairs, runtime.GOMAXPROCS(0))

	// One finding per fingerprint; Occurrences counts the distinct commits
	// (or, in a work tree, lines) it was seen in.
	byFP := map[string]int{}
	places := map[string]map[string]bool{}
	var out []finding.Finding
	var dates []string
	for i, g := range gl {
		if !keep[i] {
			continue
		}
		if allowComment(g) || sc.allowedPath(g.File) {
			sc.suppressed++
			continue
		}
		f := sc.build(g)
		// A place is a commit and line: the same key pasted twice in one
		// file is one secret to rotate, but both lines are counted.
		place := g.Commit
		if g.RuleID != "dotenv-file" {
			place += fmt.Sprintf(":%d", g.StartLine)
		}
		j, dup := byFP[f.Fingerprint]
		if !dup {
			byFP[f.Fingerprint] = len(out)
			places[f.Fingerprint] = map[string]bool{place: true}
			out = append(out, f)
			dates = append(dates, g.Date)
			continue
		}
		places[f.Fingerprint][place] = true
		// Keep the earliest commit: the one that introduced it.
		if d := g.Date; d != "" && (d < dates[j] || d == dates[j] && g.Commit < out[j].Location.Commit) {
			out[j], dates[j] = f, d
		}
	}
	for i := range out {
		out[i].Occurrences = len(places[out[i].Fingerprint])
	}
	return out
}

// maxAllowLine is the longest line whose allow comment covers any secret
// on it; on a longer line (minified code) the comment covers only a secret
// within allowReach bytes of it.
const (
	maxAllowLine = 1000
	allowReach   = 200
	// gitleaksAllow is gitleaks' own allow comment, honoured with the
	// same scope as launchready:allow.
	gitleaksAllow = "gitleaks:allow"
)

// allowComment reports whether the finding's own source line holds an
// allow comment that covers it. A commit or tag message, or a binary file,
// has no source line: there, the text "launchready:allow" (or
// "gitleaks:allow") is just text.
func allowComment(g report.Finding) bool {
	if hasTag(g, tagMessage) {
		return false
	}
	if _, binary := tagValue(g, tagOffset); binary {
		return false
	}
	line := g.Line
	if !strings.Contains(line, check.AllowComment) && !strings.Contains(line, gitleaksAllow) {
		return false
	}
	if len(line) <= maxAllowLine {
		return true
	}
	at := -1
	for _, s := range []string{g.Secret, g.Match} {
		if s != "" {
			if at = strings.Index(line, s); at >= 0 {
				break
			}
		}
	}
	if at < 0 {
		return false
	}
	end := at + len(g.Secret)
	for _, marker := range []string{check.AllowComment, gitleaksAllow} {
		for i := 0; ; {
			j := strings.Index(line[i:], marker)
			if j < 0 {
				break
			}
			j += i
			if j >= at-allowReach && j <= end+allowReach {
				return true
			}
			i = j + len(marker)
		}
	}
	return false
}

func (sc *secretScan) allowedPath(p string) bool {
	for _, g := range sc.in.Config.Secrets.AllowPaths {
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
	}
	return false
}

func (sc *secretScan) build(g report.Finding) finding.Finding {
	in := sc.in
	ruleID := "secrets/" + g.RuleID
	def := finding.SeverityCritical
	if s, ok := ourRules[g.RuleID]; ok {
		def = s
	} else if g.RuleID == "generic-api-key" {
		def = finding.SeverityHigh
	}
	for _, r := range in.Config.Secrets.Rules {
		if r.ID == g.RuleID && r.Severity != 0 {
			def = r.Severity
		}
	}
	title := shortDescription(g.Description, g.RuleID)
	if t, ok := ourTitles[g.RuleID]; ok {
		title = t
	}
	where := fmt.Sprintf("%s line %d", g.File, g.StartLine)
	tag, isTag := tagValue(g, tagTagName)
	isMessage := hasTag(g, tagMessage)
	switch off, binary := tagValue(g, tagOffset); {
	case isTag:
		where = fmt.Sprintf("the message of tag %s (line %d)", tag, g.StartLine)
	case isMessage:
		where = fmt.Sprintf("the message of commit %s (line %d)", finding.ShortSHA(g.Commit), g.StartLine)
	case binary:
		where = fmt.Sprintf("binary file %s at byte offset %s", g.File, off)
	}
	evidence := finding.Redact(g.Secret)
	fpEvidence := g.Secret
	var msg, fix string
	switch {
	case g.RuleID == "dotenv-file":
		fpEvidence = ""
		evidence = ""
		msg = fmt.Sprintf("%s is a .env file holding real values (first at line %d)", g.File, g.StartLine)
		fix = "Remove it from git (`git rm --cached " + g.File + "`), add it to .gitignore, commit a .env.example with placeholders instead, and rotate every secret it held."
	default:
		msg = fmt.Sprintf("%s (%s) in %s", title, evidence, where)
	}
	switch sc.mode {
	case check.ModeHistory, check.ModeRange:
		ref, isRef := tagValue(g, tagRef)
		switch {
		case isRef:
			msg += ". No commit holds it, but the ref " + ref + " points at it: anyone who fetches the ref can read it."
			fix = "Revoke or rotate this credential at its issuer now. Then delete the ref on every remote that has it."
			if validTagName(ref) {
				fix = "Revoke or rotate this credential at its issuer now. Then delete the ref (for a tag: `git tag -d " + ref + "` and `git push --delete origin " + ref + "`)."
			}
		case isTag:
			if g.Commit != "" {
				msg += fmt.Sprintf(", which names commit %s", finding.ShortSHA(g.Commit))
			}
			msg += ". Anyone who fetches the tag can read it."
			fix = "Revoke or rotate this credential at its issuer now. Then delete the tag (`git tag -d " + tag + "` and `git push --delete origin " + tag + "`) and create it again with a clean message."
		case isMessage:
			if d := describeDate(g); d != "" {
				msg += " on " + d
			}
			msg += ". It stays in the git history for as long as the commit does."
			fix = "Revoke or rotate this credential at its issuer now: a commit message cannot be edited in place. Then reword the commit (an interactive rebase, or git filter-repo --message-callback) before the repository is made public."
		default:
			if g.Commit != "" {
				msg += fmt.Sprintf(", added in commit %s", finding.ShortSHA(g.Commit))
				if d := describeDate(g); d != "" {
					msg += " on " + d
				}
			}
			msg += ". It stays in the git history even if the line was deleted later."
		}
		if fix == "" {
			fix = "Revoke or rotate this credential at its issuer now: deleting it from the file does not remove it from history. Then load it from the environment or a secret manager, and rewrite history (git filter-repo) before the repository is made public."
		}
	case check.ModeStaged:
		msg += " is staged for commit."
		if fix == "" {
			fix = "Remove the secret from the file, load it from the environment or a secret manager, and stage the file again. Nothing is committed yet, so rotation is only needed if it was shared elsewhere."
		}
	default:
		msg += "."
		if fix == "" {
			fix = "Remove the secret from the file and load it from the environment or a secret manager. If it was ever committed or pushed, rotate it."
		}
	}
	accept := " If it is a deliberate test value, add `" + check.AllowComment + "` in a comment on the line, or ignore its fingerprint in .launchready.yml with a reason."
	if _, binary := tagValue(g, tagOffset); isMessage || binary {
		// No line to put an allow comment on.
		accept = " If it is a deliberate test value, ignore its fingerprint in .launchready.yml with a reason."
	}
	// The rule of a gitleaks id: one of ours, or one of the family of
	// gitleaks' built-in and the repository's rules (overrides of its
	// severity are applied by package filter).
	r := check.Rule{ID: ruleID, Title: title, Row: finding.RowSecrets, Severity: def}
	f := r.Finding(finding.Location{Path: g.File, StartLine: g.StartLine, EndLine: g.EndLine, Commit: g.Commit}, msg, fix+accept, evidence)
	f.Accept = accept
	f.Fingerprint = finding.Fingerprint(ruleID, g.File, sc.fps.Evidence(g.RuleID, fpEvidence))
	f.GitleaksFingerprint = g.Fingerprint
	f.Occurrences = 1
	return f
}

// maskPathSecrets scans the distinct paths the result names (its findings'
// and its notes') with the run's rules and adds the secrets found in them
// to the run's secret set, so no output prints them.
func maskPathSecrets(ctx context.Context, in *check.Input, gc gconfig.Config, paths []string) error {
	if in.Secrets == nil {
		return nil
	}
	var d *detect.Detector
	seen := map[string]bool{}
	for _, p := range paths {
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		if d == nil {
			var err error
			if d, err = newDetector(nil, gc); err != nil {
				return err
			}
		}
		for _, h := range detectFragment(ctx, d, detect.Fragment{Raw: p, StartLine: 1}) {
			in.Secrets.Add(h.Secret)
		}
	}
	return nil
}

// runConfig is the run's translated gitleaks config: the run's Detector's
// when the input has one (runinput builds it from the same policy source
// and config), else translated here.
func runConfig(in *check.Input) (gconfig.Config, rulesInfo, error) {
	if d, ok := in.Detector.(*Detector); ok && d != nil {
		return d.config()
	}
	return detectorConfigInfo(in.PolicySource(), in.Config, Gitleaks{})
}

// what names the gitleaks config the rules came from, for notes.
func (i rulesInfo) what() string {
	if i.name == "GITLEAKS_CONFIG_TOML" {
		return "the gitleaks config in GITLEAKS_CONFIG_TOML"
	}
	return "the repository's " + i.name
}

// mergeDecoded leaves one finding per secret where gitleaks also reported
// what it found after decoding part of the line (MaxDecodeDepth): a
// base64 FileZilla <Pass> is reported once, as the decoded password, and
// not at all when that password is a placeholder ("cGFzc3dvcmQ=" is
// "password"); a decoded finding that is merely a rewrite of a raw one on
// the same line (an Argon2 hash whose salt is base64) is dropped.
func mergeDecoded(gl []report.Finding) []report.Finding {
	type placeKey struct {
		commit, file, rule string
		line               int
	}
	decoded := map[placeKey][]int{}
	raw := map[placeKey][]int{}
	for i, g := range gl {
		k := placeKey{g.Commit, g.File, g.RuleID, g.StartLine}
		if isDecoded(g) {
			decoded[k] = append(decoded[k], i)
		} else {
			raw[k] = append(raw[k], i)
		}
	}
	drop := make([]bool, len(gl))
	for i, g := range gl {
		if isDecoded(g) {
			// npmrc-auth is judged on its raw value, decoded here; a
			// match in gitleaks' decoded text is the same value again.
			drop[i] = g.RuleID == "npmrc-auth"
			continue
		}
		plain, ok := decodeBase64Text(encodedValue(g))
		if g.RuleID == "npmrc-auth" && (!ok || !strings.Contains(plain, ":")) {
			// Not base64 of user:password: not a credential pair.
			drop[i] = true
			continue
		}
		if !ok {
			continue
		}
		if decodedPlaceholder(plain) {
			drop[i] = true
			continue
		}
		for _, j := range decoded[placeKey{g.Commit, g.File, g.RuleID, g.StartLine}] {
			if strings.Contains(plain, gl[j].Secret) {
				drop[i] = true
			}
		}
	}
	for k, ds := range decoded {
		for _, j := range ds {
			for _, i := range raw[k] {
				if !drop[i] {
					if _, ok := decodeBase64Text(gl[i].Secret); !ok {
						drop[j] = true
					}
				}
			}
		}
	}
	out := gl[:0:0]
	for i, g := range gl {
		if !drop[i] {
			out = append(out, g)
		}
	}
	return out
}

// encodedValue is the part of a finding's secret that may be base64: the
// whole secret, or for a Kubernetes Secret's data entry ("password:
// cGFzc3dvcmQ=") the value after the key.
func encodedValue(g report.Finding) string {
	if g.RuleID != "kubernetes-secret-yaml" {
		return g.Secret
	}
	_, v, ok := strings.Cut(g.Secret, ":")
	if !ok {
		return g.Secret
	}
	return strings.Trim(strings.TrimSpace(v), `"'`)
}

// decodedPlaceholder reports decoded base64 text that is a placeholder,
// or a "user:password" pair (a Docker config's auths, an .npmrc _auth)
// whose password is one: "dXNlcm5hbWU6cGFzc3dvcmQ=" is "username:password".
func decodedPlaceholder(plain string) bool {
	if placeholders().RegexAllowed(plain) {
		return true
	}
	if _, pass, ok := strings.Cut(plain, ":"); ok && pass != "" && placeholders().RegexAllowed(pass) {
		return true
	}
	return false
}

func isDecoded(g report.Finding) bool {
	for _, t := range g.Tags {
		if strings.HasPrefix(t, "decoded:") {
			return true
		}
	}
	return false
}

// decodeBase64Text decodes s as padded standard base64 of printable text.
func decodeBase64Text(s string) (string, bool) {
	if len(s) < 4 || len(s)%4 != 0 {
		return "", false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || !utf8.Valid(b) {
		return "", false
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) {
			return "", false
		}
	}
	return string(b), true
}
