package probe

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

var clientCheck = probeCheck{
	id: "probe-client", title: "Secrets in the preview's client bundle, source maps and exposed files",
	rows: []finding.Row{finding.RowSecrets},
	rules: []check.Rule{
		ruleSecretInClient,
		ruleSourceMapExposed,
		ruleExposedFile,
	},
	run: runClient,
}

var (
	scriptSrc = regexp.MustCompile(`(?i)<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']`)
	sourceMap = regexp.MustCompile(`(?m)//[#@]\s*sourceMappingURL=([^\s'"]+)\s*$`)
)

// exposedFiles must not be served; each has a test that its content is
// real (not an HTML fallback page).
var exposedFiles = []struct {
	path string
	real *regexp.Regexp
}{
	{"/.env", regexp.MustCompile(`(?m)^[A-Z][A-Z0-9_]*=\S`)},
	{"/.git/config", regexp.MustCompile(`(?m)^\[core\]`)},
	{"/.git/HEAD", regexp.MustCompile(`^ref: refs/|^[0-9a-f]{40}\s*$`)},
	{"/config.json", regexp.MustCompile(`^\s*\{\s*"`)},
	{"/env.js", regexp.MustCompile(`(?i)(window\.|process\.env|__env|[A-Z_]{3,}\s*[:=])`)},
}

// maxScripts bounds the same-origin scripts fetched from the page.
const maxScripts = 10

func runClient(ctx context.Context, s *Session) check.Result {
	home, err := s.Home(ctx)
	if err != nil {
		return unreachable(s, err)
	}
	// Bodies are scanned with the run's secret rules; when those cannot be
	// used, nothing here can be judged.
	if _, err := s.In.ScanText(ctx, ""); err != nil {
		return check.Result{Status: check.StatusFailed, Reason: "the client bundles cannot be scanned for secrets: " + err.Error()}
	}
	res := check.Result{Status: check.StatusRan}
	// The page, its bundles and their maps must be read whole; the
	// exposed-file paths must answer. A 5xx, a timeout, a cut-off body or
	// an unsent request examines nothing (coverage).
	pages := s.cover("pages, bundles and source maps")
	files := s.cover("exposed-file paths")
	pages.plan(1)
	scanned := 0
	// The scan is bounded by the time budget too: gitleaks is
	// superlinear on dense candidate text, and a bundle built for it
	// would pin a core for minutes.
	scanCtx, stopScan := s.Client.budgetCtx(ctx)
	defer stopScan()
	scanCut := 0
	scan := func(r *Response, what string) {
		// Scanned as the file its URL names, so that the rules gated by a
		// path (a served config.json, .env) apply.
		name := ""
		if r.URL != nil {
			name = r.URL.Path
		}
		hits, err := scanText(scanCtx, s.In, name, string(r.Body))
		if err != nil {
			if scanCtx.Err() != nil && ctx.Err() == nil {
				scanCut++
			}
			return
		}
		scanned++
		seen := map[string]bool{}
		for _, h := range hits {
			s.In.Secrets.Add(h.Secret)
			if seen[h.RuleID] {
				continue
			}
			seen[h.RuleID] = true
			f := s.liveFinding(ruleSecretInClient,
				fmt.Sprintf("%s %s contains a %s (%s): everything shipped to the browser is public.", what, r.URL.Path, h.Title, finding.Redact(h.Secret)),
				"Remove it from the client build (never put secrets in NEXT_PUBLIC_*, VITE_* or REACT_APP_* variables), call your backend instead, and rotate the key.", "GET", r.URL, nil)
			f.Evidence = finding.Redact(h.Secret)
			// By the secret itself: bundle names carry build hashes
			// (app.3f2a9c.js) and previews change host.
			f.Fingerprint = finding.Fingerprint("live/secret-in-client", h.RuleID, s.fps.Evidence(h.RuleID, h.Secret))
			res.Findings = append(res.Findings, f)
		}
	}
	if pages.take(home, nil, wholeBody) {
		scan(home, "The page")
	}
	scripts := 0
	// Scripts and maps on another origin (a CDN, another port) are not
	// fetched: probes and tokens stay on the preview's origin.
	var skipped []string
	skip := func(u *url.URL) {
		if len(skipped) < 5 {
			skipped = append(skipped, shown(u))
		} else if len(skipped) == 5 {
			skipped = append(skipped, "...")
		}
	}
	left := 0
	for _, m := range scriptSrc.FindAllSubmatch(home.Body, -1) {
		u, err := home.URL.Parse(string(m[1]))
		if err != nil {
			continue
		}
		if !s.Client.SameOrigin(u) {
			skip(u)
			continue
		}
		if scripts == maxScripts {
			// Counted, and the check is not complete without them.
			left++
			continue
		}
		scripts++
		pages.plan(1)
		// Same-origin redirects are followed (/app.js → the hashed
		// bundle): the bundle is what the browser runs.
		r, err := s.Client.Do(ctx, Request{Check: "probe-client", Path: u.String(), Cap: BundleCap, Follow: true})
		if !pages.take(r, err, wholeBody) || r.Status != 200 {
			continue
		}
		// The whole bundle as one fragment: chunked scanning missed tokens
		// across chunk seams in minified bundles.
		scan(r, "The script")
		if mm := sourceMap.FindSubmatch(r.Body); mm != nil {
			mu, err := r.URL.Parse(string(mm[1]))
			if err != nil {
				continue
			}
			if !s.Client.SameOrigin(mu) {
				skip(mu)
				continue
			}
			pages.plan(1)
			mr, err := s.Client.Do(ctx, Request{Check: "probe-client", Path: mu.String(), Cap: BundleCap, Follow: true})
			if !pages.take(mr, err, wholeBody) || mr.Status != 200 || !bytes.Contains(mr.Body, []byte(`"mappings"`)) {
				continue
			}
			if bytes.Contains(mr.Body, []byte(`"sourcesContent"`)) {
				res.Findings = append(res.Findings, s.liveFinding(ruleSourceMapExposed,
					fmt.Sprintf("%s serves a source map with sourcesContent: the original source code, comments included, is public.", mr.URL.Path),
					"Do not deploy source maps publicly (upload them to your error tracker instead), or build them without sourcesContent.", "GET", mr.URL, nil))
			}
			scan(mr, "The source map")
		}
	}
	files.plan(len(exposedFiles))
	for _, ef := range exposedFiles {
		r, err := s.Client.Do(ctx, Request{Check: "probe-client", Path: ef.path, Cap: 64 << 10, Follow: true})
		if !files.take(r, err, 0) || r.Status != 200 || bytes.Equal(r.Body, home.Body) || strings.Contains(r.Header.Get("Content-Type"), "html") || !ef.real.Match(r.Body) || s.notServed(ctx, r) {
			continue
		}
		res.Findings = append(res.Findings, s.liveFinding(ruleExposedFile,
			fmt.Sprintf("GET %s answers 200 with its real content: configuration, credentials or the whole git history can be downloaded.", r.URL.Path),
			"Serve only the build output directory; block dotfiles and config files at the server or CDN; rotate anything the file held.", "GET", r.URL, nil))
		scan(r, "The file")
	}
	if left > 0 {
		pages.plan(left)
		pages.drop(left, fmt.Sprintf("scripts not fetched: past the first %d the page loads", maxScripts))
		res.Notes = append(res.Notes, fmt.Sprintf("%d script(s) past the first %d not fetched", left, maxScripts))
	}
	if scanCut > 0 {
		// Fetched, but not scanned to the end: not examined.
		pages.examined -= min(scanCut, pages.examined)
		pages.drop(scanCut, "not scanned to the end: cut off by the time budget")
		pages.timeUp = true
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d page(s), bundles and maps scanned", scanned))
	if len(skipped) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("not fetched, being on another origin than the preview's %s: %s", s.Client.Origin(), strings.Join(skipped, ", ")))
	}
	return finish(res, pages, files)
}

// Scan fragments: a bundle is scanned in pieces of scanFragment bytes that
// overlap by scanOverlap, so the time budget is checked between pieces (the
// detector checks its context only between rules) and no secret shorter
// than the overlap is cut by a seam.
const (
	scanFragment = 64 << 10
	scanOverlap  = 4 << 10
)

// scanText scans text for secrets in overlapping fragments, until ctx ends
// (then it returns ctx's error: a part of a scan is no evidence).
func scanText(ctx context.Context, det check.TextScanner, name, text string) ([]check.SecretHit, error) {
	var out []check.SecretHit
	seen := map[string]bool{}
	for start := 0; ; start += scanFragment - scanOverlap {
		end := min(start+scanFragment, len(text))
		hits, err := det.ScanFile(ctx, name, text[start:end])
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, h := range hits {
			if k := h.RuleID + "\x00" + h.Secret; !seen[k] {
				seen[k] = true
				out = append(out, h)
			}
		}
		if end == len(text) {
			break
		}
	}
	// A secret cut by a seam may also match, shorter, in the fragment
	// before: keep only the longest of those.
	var kept []check.SecretHit
	for i, h := range out {
		part := false
		for j, o := range out {
			if i != j && o.RuleID == h.RuleID && len(o.Secret) > len(h.Secret) && strings.Contains(o.Secret, h.Secret) {
				part = true
				break
			}
		}
		if !part {
			kept = append(kept, h)
		}
	}
	return kept, nil
}
