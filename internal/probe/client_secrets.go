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
	scan := func(r *Response, what string) {
		scanned++
		hits, err := s.In.ScanText(ctx, string(r.Body))
		if err != nil {
			return
		}
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
			f.Fingerprint = finding.Fingerprint("live/secret-in-client", h.RuleID, h.Secret)
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
			skipped = append(skipped, u.Redacted())
		} else if len(skipped) == 5 {
			skipped = append(skipped, "...")
		}
	}
	for _, m := range scriptSrc.FindAllSubmatch(home.Body, -1) {
		if scripts == 10 {
			break
		}
		u, err := home.URL.Parse(string(m[1]))
		if err != nil {
			continue
		}
		if !s.Client.SameOrigin(u) {
			skip(u)
			continue
		}
		scripts++
		pages.plan(1)
		r, err := s.Client.Do(ctx, Request{Check: "probe-client", Path: u.String(), Cap: BundleCap})
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
			mr, err := s.Client.Do(ctx, Request{Check: "probe-client", Path: mu.String(), Cap: BundleCap})
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
		r, err := s.Client.Do(ctx, Request{Check: "probe-client", Path: ef.path, Cap: 64 << 10})
		if !files.take(r, err, 0) || r.Status != 200 || bytes.Equal(r.Body, home.Body) || strings.Contains(r.Header.Get("Content-Type"), "html") || !ef.real.Match(r.Body) {
			continue
		}
		res.Findings = append(res.Findings, s.liveFinding(ruleExposedFile,
			fmt.Sprintf("GET %s answers 200 with its real content: configuration, credentials or the whole git history can be downloaded.", r.URL.Path),
			"Serve only the build output directory; block dotfiles and config files at the server or CDN; rotate anything the file held.", "GET", r.URL, nil))
		scan(r, "The file")
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d page(s), bundles and maps scanned", scanned))
	if len(skipped) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("not fetched, being on another origin than the preview's %s: %s", s.Client.Origin(), strings.Join(skipped, ", ")))
	}
	return finish(res, pages, files)
}
