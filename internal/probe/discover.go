package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/launchready/launchready/internal/apispec"
)

// Endpoint discovery: an attacker learns a single-page app's API from its
// JavaScript bundles, robots.txt and sitemap.xml. The session reads the
// same, once, and the checks probe what it found next to the spec's
// operations (or the built-in paths without a spec): unauthenticated
// access, malformed query values, directory listings and version
// endpoints. Only GET, only the preview's own origin, at most
// maxDiscovered paths; a path parameter is never filled with a guessed id.

// maxDiscovered bounds the discovered paths a run probes.
const maxDiscovered = 30

// discoverCheck names discovery's requests in the run's statistics.
const discoverCheck = "probe-discover"

// A discovered path: where it was found, and the query parameter names it
// was used with (the bundle's "/rest/products/search?q=").
type discovered struct {
	Path  string   // plain path, {param} for a parameter
	Query []string // query parameter names, sorted
	From  string   // "bundle", "robots.txt", "sitemap.xml"
}

// apiFirst are first path segments that name an API: a literal starting
// with one is an endpoint even outside a fetch call.
var apiFirst = []string{"api", "apis", "rest", "graphql", "gql", "rpc", "v1", "v2", "v3", "v4", "service", "services", "backend", "auth", "oauth", "admin", "internal", "private", "ajax", "json", "data"}

// jsLiteral finds string literals in script text that start with "/" or
// an http(s) URL or a template prefix ("${host}/rest/x"): quoted by ', "
// or `, at most 300 characters, without line breaks.
var jsLiteral = regexp.MustCompile("([\"'`])((?:https?://[A-Za-z0-9.\\-:\\[\\]]+)?/[^\"'`\\s\\\\<>]{0,300}|\\$\\{[A-Za-z0-9_.$\\[\\]]{1,60}\\}/[^\"'`\\s\\\\<>]{0,300})([\"'`])")

// callBefore is a fetch or HTTP client call right before a literal:
// fetch(, axios.get(, $.ajax(, this.http.get(host + ...
var callBefore = regexp.MustCompile(`(?:\bfetch|\baxios(?:\.\w+)?|\$\.(?:ajax|get|getJSON|post)|\.(?:get|getJSON|post|put|patch|delete|head|request|ajax|open)|\bhttp\w*\.\w+|\bXMLHttpRequest|\bEventSource|\bWebSocket)\s*\(\s*(?:[\w.$]+\s*\+\s*)?(?:["'\x60]\w+["'\x60]\s*,\s*)?$`)

// templateParam is a ${...} interpolation inside a template literal.
var templateParam = regexp.MustCompile(`\$\{[^}]{0,80}\}`)

// staticExt are file types a path names as an asset, not an endpoint.
var staticExt = []string{".js", ".mjs", ".css", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".avif",
	".woff", ".woff2", ".ttf", ".eot", ".otf", ".mp4", ".webm", ".mp3", ".wasm", ".html", ".htm", ".txt", ".md", ".pdf"}

// ExtractBundlePaths lists the API paths a script (or a source map's
// text) refers to, conservatively: a literal that starts with "/" (or the
// same thing after an absolute http(s) URL's origin, returned whole for
// the caller to judge the origin) counts when its first segment names an
// API (apiFirst) or when it is the argument of a fetch or HTTP client
// call. Interpolations become {param}. At most max results, in the order
// found, without duplicates.
func ExtractBundlePaths(js []byte, max int) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range jsLiteral.FindAllSubmatchIndex(js, -1) {
		if len(out) >= max {
			break
		}
		open, close := js[m[2]], js[m[6]]
		if open != close {
			continue
		}
		lit := string(js[m[4]:m[5]])
		if open != '`' && strings.Contains(lit, "${") {
			continue // not a template: the text itself
		}
		// A template's constant host prefix: ${host}/rest/x.
		if strings.HasPrefix(lit, "${") {
			lit = lit[strings.Index(lit, "}")+1:]
		}
		lit = templateParam.ReplaceAllString(lit, "{param}")
		if strings.Contains(lit, "${") || strings.ContainsAny(lit, "{}") && !onlyParams(lit) {
			continue
		}
		abs := strings.HasPrefix(lit, "http://") || strings.HasPrefix(lit, "https://")
		p := lit
		if abs {
			u, err := url.Parse(lit)
			if err != nil || u.Host == "" {
				continue
			}
			p = u.Path
			if u.RawQuery != "" {
				p += "?" + u.RawQuery
			}
		}
		if strings.HasPrefix(p, "//") || !strings.HasPrefix(p, "/") {
			continue // scheme-relative: another host
		}
		before := js[max0(m[0]-120):m[0]]
		if i := bytes.LastIndexAny(before, ";{}\n"); i >= 0 {
			before = before[i+1:]
		}
		pathOnly, _, _ := strings.Cut(p, "?")
		if pathOnly == "/" || strings.HasPrefix(pathOnly, "/{param}") {
			continue // the root, or a path that is all parameter
		}
		if !apiPath(pathOnly) && !callBefore.Match(before) {
			continue
		}
		if seen[lit] {
			continue
		}
		seen[lit] = true
		out = append(out, lit)
	}
	return out
}

func max0(n int) int { return max(n, 0) }

// onlyParams reports a path whose braces are all {param}.
func onlyParams(s string) bool {
	return !strings.ContainsAny(strings.ReplaceAll(s, "{param}", ""), "{}")
}

// apiPath reports a path whose first segment names an API.
func apiPath(p string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	first = strings.ToLower(first)
	return slices.Contains(apiFirst, first)
}

// ParseRobots lists the paths of a robots.txt's Allow and Disallow lines,
// each cut at its first wildcard ("*" or "$"), the root left out. At most
// max, in file order, without duplicates.
func ParseRobots(body []byte, max int) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(string(body[:min(len(body), 64<<10)]), "\n") {
		if len(out) >= max {
			break
		}
		line, _, _ = strings.Cut(line, "#")
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if k != "disallow" && k != "allow" {
			continue
		}
		v = strings.TrimSpace(v)
		if i := strings.IndexAny(v, "*$"); i >= 0 {
			v = v[:i]
		}
		if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") || v == "/" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// sitemapLoc is a sitemap's <loc> entry.
var sitemapLoc = regexp.MustCompile(`(?i)<loc>\s*([^<\s]{1,1000})\s*</loc>`)

// ParseSitemap lists the URLs of a sitemap's <loc> entries (XML entities
// decoded), at most max, in file order, without duplicates. The caller
// keeps only the preview's origin.
func ParseSitemap(body []byte, max int) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range sitemapLoc.FindAllSubmatch(body[:min(len(body), 1<<20)], -1) {
		if len(out) >= max {
			break
		}
		v := html.UnescapeString(string(m[1]))
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// discovery is what the session found, once.
type discovery struct {
	once  sync.Once
	paths []discovered
	// offOrigin counts the references to another origin left out;
	// params those left out for a path parameter.
	offOrigin, params int
	sources           map[string]int
}

// discover reads the page's same-origin scripts (and their source maps),
// /robots.txt and /sitemap.xml once, and returns the paths found there
// that are not the spec's (at most maxDiscovered).
func (s *Session) discover(ctx context.Context) *discovery {
	d := &s.disc
	d.once.Do(func() { s.runDiscovery(ctx, d) })
	return d
}

func (s *Session) runDiscovery(ctx context.Context, d *discovery) {
	d.sources = map[string]int{}
	known := map[string]bool{}
	// The spec's GET operations are probed as the spec's (discovery is
	// GET only: a path the spec has for POST alone is still news).
	for _, o := range s.Ops {
		if o.Method == "GET" {
			known[templateKey(o.Path)] = true
		}
	}
	add := func(ref, from string, base *url.URL) {
		if len(d.paths) >= maxDiscovered {
			return
		}
		u, err := base.Parse(ref)
		if err != nil || u.User != nil || !s.Client.SameOrigin(u) {
			d.offOrigin++
			return
		}
		p := strings.ReplaceAll(u.Path, "%7Bparam%7D", "{param}")
		// Relative to the preview's base path, as every Request.Path.
		if bp := strings.TrimSuffix(s.Base.Path, "/"); bp != "" {
			if !strings.HasPrefix(p, bp+"/") {
				return
			}
			p = strings.TrimPrefix(p, bp)
		}
		p = strings.TrimSuffix(p, "/")
		if p == "" || slices.Contains(staticExt, strings.ToLower(path.Ext(p))) {
			return
		}
		if !plainSpecPath(p) || (&url.URL{Path: strings.ReplaceAll(p, "{param}", "x")}).EscapedPath() != strings.ReplaceAll(p, "{param}", "x") {
			return
		}
		if known[templateKey(p)] {
			return // the spec's own operation
		}
		var q []string
		for k := range u.Query() {
			if k != "" && len(k) <= 40 && len(q) < 5 {
				q = append(q, k)
			}
		}
		sort.Strings(q)
		for i := range d.paths {
			if d.paths[i].Path == p {
				for _, k := range q {
					if !slices.Contains(d.paths[i].Query, k) {
						d.paths[i].Query = append(d.paths[i].Query, k)
					}
				}
				sort.Strings(d.paths[i].Query)
				return
			}
		}
		d.paths = append(d.paths, discovered{Path: p, Query: q, From: from})
		d.sources[from]++
	}
	if r, err := s.Client.Do(ctx, Request{Check: discoverCheck, Path: "/robots.txt", Cap: 64 << 10}); err == nil && r.Status == 200 && !htmlPage(r) {
		for _, p := range ParseRobots(r.Body, maxDiscovered) {
			add(p, "robots.txt", r.URL)
		}
	}
	home, err := s.Home(ctx)
	if err == nil && home != nil && home.URL != nil {
		scripts := 0
		for _, m := range scriptSrc.FindAllSubmatch(home.Body, -1) {
			u, err := home.URL.Parse(string(m[1]))
			if err != nil || !s.Client.SameOrigin(u) || scripts == maxScripts {
				continue
			}
			scripts++
			r, err := s.Client.Do(ctx, Request{Check: discoverCheck, Path: u.String(), Cap: BundleCap, Follow: true})
			if err != nil || r.Status != 200 {
				continue
			}
			for _, p := range ExtractBundlePaths(r.Body, maxDiscovered) {
				add(p, "bundle", home.URL)
			}
			if mm := sourceMap.FindSubmatch(r.Body); mm != nil {
				mu, err := r.URL.Parse(string(mm[1]))
				if err != nil || !s.Client.SameOrigin(mu) {
					continue
				}
				mr, err := s.Client.Do(ctx, Request{Check: discoverCheck, Path: mu.String(), Cap: BundleCap, Follow: true})
				if err != nil || mr.Status != 200 {
					continue
				}
				var sm struct {
					SourcesContent []string `json:"sourcesContent"`
				}
				if json.Unmarshal(mr.Body, &sm) == nil {
					for _, src := range sm.SourcesContent {
						for _, p := range ExtractBundlePaths([]byte(src), maxDiscovered) {
							add(p, "bundle", home.URL)
						}
					}
				}
			}
		}
	}
	if r, err := s.Client.Do(ctx, Request{Check: discoverCheck, Path: "/sitemap.xml", Cap: 1 << 20}); err == nil && r.Status == 200 && bytes.Contains(r.Body, []byte("<urlset")) {
		for _, p := range ParseSitemap(r.Body, maxDiscovered) {
			add(p, "sitemap.xml", r.URL)
		}
	}
	for _, p := range d.paths {
		if strings.Contains(p.Path, "{param}") {
			d.params++
		}
	}
}

// templateKey is a path template with its parameter names left out:
// /users/{id} and /users/{param} are the same path.
func templateKey(p string) string {
	return strings.ToLower(strings.TrimSuffix(pathParam.ReplaceAllString(p, "{}"), "/"))
}

// note is the discovery's line for a check's notes ("" when it found
// nothing and had nothing to say).
func (d *discovery) note() string {
	if len(d.paths) == 0 && d.offOrigin == 0 {
		return "endpoint discovery (page scripts, source maps, /robots.txt, /sitemap.xml): no path beyond the spec's or the built-in ones"
	}
	var from []string
	for _, k := range slices.Sorted(maps.Keys(d.sources)) {
		from = append(from, fmt.Sprintf("%d from %s", d.sources[k], k))
	}
	msg := fmt.Sprintf("endpoint discovery: %d path(s) beyond the spec's or the built-in ones", len(d.paths))
	if len(from) > 0 {
		msg += " (" + strings.Join(from, ", ") + ")"
	}
	if d.params > 0 {
		msg += fmt.Sprintf("; %d with a path parameter, not requested (no id is guessed)", d.params)
	}
	if d.offOrigin > 0 {
		msg += fmt.Sprintf("; %d reference(s) to another origin left alone", d.offOrigin)
	}
	return msg
}

// discoveredPath is the path to request for p: only a path without
// parameters ({param} has no name to take a probe.object-ids id by), so
// no id is ever guessed.
func (s *Session) discoveredPath(p discovered) (string, bool) {
	if strings.Contains(p.Path, "{") {
		return "", false
	}
	return p.Path, true
}

// sensitiveWords mark a discovered path as one that deserves
// authentication (a public product list does not).
var sensitiveWords = []string{"admin", "administrator", "internal", "private", "export", "backup", "backups", "debug", "config",
	"configuration", "settings", "user", "users", "member", "members", "account", "accounts", "customer", "customers",
	"order", "orders", "invoice", "invoices", "payment", "payments", "card", "cards", "wallet", "whoami", "me", "profile",
	"token", "tokens", "secret", "secrets", "key", "keys", "password", "passwords", "staff", "employee", "employees",
	"audit", "logs", "report", "reports", "billing"}

func sensitiveDiscovered(p string) bool {
	return len(apispec.HasWord(apispec.Words(p), sensitiveWords)) > 0
}

// hasData reports a JSON answer that holds at least one non-empty scalar
// (whoami's {"user":{}} without credentials holds nothing); a non-JSON
// body counts as data.
func hasData(body []byte) bool {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return len(bytes.TrimSpace(body)) > 0
	}
	var walk func(any, int) bool
	walk = func(v any, depth int) bool {
		if depth > 20 {
			return true
		}
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				if walk(e, depth+1) {
					return true
				}
			}
		case []any:
			for _, e := range x {
				if walk(e, depth+1) {
					return true
				}
			}
		case string:
			return x != ""
		case nil:
			return false
		case bool:
			return false
		default:
			return true
		}
		return false
	}
	return walk(v, 0)
}

// dirWords name a path that is a file directory rather than an endpoint:
// robots.txt's "Disallow: /ftp".
var dirWords = []string{"ftp", "files", "file", "uploads", "upload", "download", "downloads", "backup", "backups", "public",
	"static", "assets", "media", "logs", "log", "tmp", "temp", "data", "dump", "dumps", "exports", "storage", "share", "shared", "pub"}

// discoveredDirs are the discovered paths to look at for a directory
// listing: robots.txt's, and the bundles' that end with "/" or name a
// file directory, at most max.
func (d *discovery) dirs(max int) []string {
	var out []string
	for _, p := range d.paths {
		if len(out) >= max || strings.Contains(p.Path, "{") {
			continue
		}
		last := strings.ToLower(path.Base(p.Path))
		if p.From == "robots.txt" || slices.Contains(dirWords, last) {
			if path.Ext(last) == "" {
				out = append(out, p.Path+"/")
			}
		}
	}
	return out
}

// versionPaths are the discovered paths that name a version endpoint.
func (d *discovery) versionPaths(max int) []string {
	var out []string
	for _, p := range d.paths {
		if len(out) < max && !strings.Contains(p.Path, "{") && strings.Contains(strings.ToLower(p.Path), "version") {
			out = append(out, p.Path)
		}
	}
	return out
}
