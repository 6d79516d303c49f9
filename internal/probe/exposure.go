package probe

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// exposureID is the exposure check's id.
const exposureID = "probe-exposure"

var exposureCheck = probeCheck{
	id: exposureID, title: "Debug consoles, metrics, API docs, backups, logs, directory listings and versions the preview serves",
	rows: []finding.Row{finding.RowDeployment},
	rules: []check.Rule{
		ruleDebugEndpointExposed,
		ruleAPIDocsExposed,
		ruleBackupExposed,
		ruleDirectoryListing,
		ruleVersionDisclosed,
		ruleAdminLoginExposed,
	},
	run: runExposure,
}

// An exposure is a well-known path that must not be public, and how to
// tell its real content from anything else answering 200 there (a
// catch-all page, a login page, an app's own route).
type exposure struct {
	path   string
	method string // GET unless HEAD
	rule   check.Rule
	sev    finding.Severity
	what   string // "Spring Boot Actuator's environment"
	real   func(r *Response) bool
	fix    string
}

func bodyMatch(re string) func(*Response) bool {
	rx := regexp.MustCompile(re)
	return func(r *Response) bool { return rx.Match(r.Body) }
}

// notPage: the answer is not an HTML page (a dump, an archive, data).
func notPage(r *Response) bool { return !htmlPage(r) }

const (
	fixDebug      = "Turn the endpoint off in production, or serve it only on an internal port or behind authentication (Spring: management.endpoints.web.exposure.include, management.server.port; Flask: debug off; Go: no net/http/pprof import on the public mux)."
	fixDocs       = "If the API is not public, serve its docs and schema only to signed-in developers or on an internal host; for GraphQL, turn introspection off in production."
	fixBackup     = "Delete the file from the web root (and the server), keep backups and logs outside what is served, and rotate every credential the file held."
	fixListing    = "Turn directory listing off (Apache: Options -Indexes; nginx: autoindex off; Express: no serve-index; IIS: directoryBrowse off) and serve only the files meant to be public."
	fixAdminLogin = "Admin login reachable from the internet: restrict it by network (an allow-list, a VPN) or put it behind SSO, and keep it off the public host."
	fixVersion    = "Remove versions from error pages and banners (nginx: server_tokens off; Apache: ServerTokens Prod, ServerSignature Off; ASP.NET: enableVersionHeader=false) and do not publish runtime versions."
)

// The paths, grouped by rule. Each is probed once per run, with or without
// a spec (a spec describes the app's own operations, not what a framework
// or the server adds next to them).
var exposures = []exposure{
	{"/metrics", "", ruleDebugEndpointExposed, finding.SeverityMedium, "Prometheus metrics (routes, dependencies, internals)",
		prometheusText, fixDebug},
	{"/actuator", "", ruleDebugEndpointExposed, finding.SeverityMedium, "the Spring Boot Actuator index",
		bodyMatch(`(?s)"_links"\s*:\s*\{.*/actuator`), fixDebug},
	{"/actuator/env", "", ruleDebugEndpointExposed, finding.SeverityCritical, "Spring Boot Actuator's environment (every property, credentials too)",
		bodyMatch(`"(?:propertySources|activeProfiles)"\s*:`), fixDebug},
	// HEAD only: a heap dump is the process's memory, hundreds of MB;
	// its headers are enough.
	{"/actuator/heapdump", http.MethodHead, ruleDebugEndpointExposed, finding.SeverityCritical, "a heap dump (the process's memory: sessions, tokens, passwords)",
		func(r *Response) bool {
			t := mediaType(r)
			cd := strings.ToLower(r.Header.Get("Content-Disposition"))
			n, _ := strconv.ParseInt(r.Header.Get("Content-Length"), 10, 64)
			return !strings.Contains(t, "html") && !strings.Contains(t, "json") &&
				(t == "application/octet-stream" || strings.Contains(cd, "heapdump") || strings.Contains(cd, ".hprof") || n > 1<<20)
		}, fixDebug},
	{"/debug/pprof/", "", ruleDebugEndpointExposed, finding.SeverityHigh, "Go's pprof profiler (goroutine stacks, heap, command line)",
		bodyMatch(`(?i)<title>/debug/pprof/</title>|Types of profiles available|href=['"]?goroutine\?debug=`), fixDebug},
	{"/console", "", ruleDebugEndpointExposed, finding.SeverityCritical, "the Werkzeug debug console (Python code execution on the server)",
		bodyMatch(`(?is)(?:Werkzeug|__debugger__).*?(?:Interactive Console|CONSOLE_MODE\s*=\s*true)|(?:Interactive Console|CONSOLE_MODE\s*=\s*true).*?(?:Werkzeug|__debugger__)`), fixDebug},
	{"/server-status", "", ruleDebugEndpointExposed, finding.SeverityHigh, "Apache's server status (clients, URLs requested, versions)",
		bodyMatch(`(?i)<h1>Apache Server Status for |Server uptime:.{0,200}Total accesses:`), fixDebug},
	{"/swagger-ui/", "", ruleAPIDocsExposed, finding.SeverityLow, "Swagger UI", swaggerUI, fixDocs},
	// FastAPI's defaults, connexion's UI.
	{"/docs", "", ruleAPIDocsExposed, finding.SeverityLow, "Swagger UI (FastAPI's /docs)", swaggerUI, fixDocs},
	{"/redoc", "", ruleAPIDocsExposed, finding.SeverityLow, "ReDoc (FastAPI's /redoc)",
		bodyMatch(`(?i)<redoc[\s>]|redoc\.standalone\.js`), fixDocs},
	{"/openapi.json", "", ruleAPIDocsExposed, finding.SeverityLow, "the API's OpenAPI document (FastAPI, connexion)", openAPIDoc, fixDocs},
	{"/ui/", "", ruleAPIDocsExposed, finding.SeverityLow, "Swagger UI (connexion's /ui/)", swaggerUI, fixDocs},
	// Django REST framework's browsable API: HTML to a browser (Accept:
	// text/html, see exposureAccept).
	{"/api/", "", ruleAPIDocsExposed, finding.SeverityLow, "Django REST framework's browsable API (every endpoint, with forms to call them)",
		func(r *Response) bool { return htmlPage(r) && bytes.Contains(r.Body, []byte("Django REST framework")) }, fixDocs},
	// Django's admin: /admin/ redirects to its login page.
	{"/admin/", "", ruleAdminLoginExposed, finding.SeverityLow, "the Django admin login",
		bodyMatch(`(?is)Django (?:administration|site admin).*?(?:id="login-form"|name="password")`), fixAdminLogin},
	{"/api-docs", "", ruleAPIDocsExposed, finding.SeverityLow, "the API's OpenAPI document",
		openAPIDoc, fixDocs},
	{"/v3/api-docs", "", ruleAPIDocsExposed, finding.SeverityLow, "the API's OpenAPI document (springdoc)",
		openAPIDoc, fixDocs},
	// A query only (never a mutation), as GET: servers that accept
	// GET queries answer it; POST introspection is not sent.
	{"/graphql?query=%7B__schema%7BqueryType%7Bname%7Dtypes%7Bname%7D%7D%7D", "", ruleAPIDocsExposed, finding.SeverityMedium, "GraphQL introspection (the whole schema, hidden fields and mutations too)",
		bodyMatch(`"__schema"\s*:\s*\{`), fixDocs},
	{"/backup.zip", "", ruleBackupExposed, finding.SeverityCritical, "a ZIP archive",
		func(r *Response) bool { return bytes.HasPrefix(r.Body, []byte("PK\x03\x04")) }, fixBackup},
	{"/backup.tar.gz", "", ruleBackupExposed, finding.SeverityCritical, "a gzip archive",
		func(r *Response) bool { return bytes.HasPrefix(r.Body, []byte("\x1f\x8b\x08")) }, fixBackup},
	{"/db.sql", "", ruleBackupExposed, finding.SeverityCritical, "an SQL dump", sqlDump, fixBackup},
	{"/dump.sql", "", ruleBackupExposed, finding.SeverityCritical, "an SQL dump", sqlDump, fixBackup},
	{"/backup.sql", "", ruleBackupExposed, finding.SeverityCritical, "an SQL dump", sqlDump, fixBackup},
	{"/database.sqlite", "", ruleBackupExposed, finding.SeverityCritical, "an SQLite database",
		func(r *Response) bool { return bytes.HasPrefix(r.Body, []byte("SQLite format 3\x00")) }, fixBackup},
	{"/logs/", "", ruleBackupExposed, finding.SeverityHigh, "a log file", logLines, fixBackup},
	{"/error.log", "", ruleBackupExposed, finding.SeverityHigh, "a log file", logLines, fixBackup},
	{"/debug.log", "", ruleBackupExposed, finding.SeverityHigh, "a log file", logLines, fixBackup},
	{"/storage/logs/laravel.log", "", ruleBackupExposed, finding.SeverityHigh, "Laravel's log", logLines, fixBackup},
	// Version endpoints: judged by the versions in them (an app's own
	// version number is fine to publish).
	{"/version", "", ruleVersionDisclosed, finding.SeverityLow, "", nil, fixVersion},
	{"/api/version", "", ruleVersionDisclosed, finding.SeverityLow, "", nil, fixVersion},
	{"/actuator/info", "", ruleVersionDisclosed, finding.SeverityLow, "", nil, fixVersion},
}

var (
	openAPIDocRe = regexp.MustCompile(`(?s)"(?:openapi|swagger)"\s*:\s*"\d.*?"paths"\s*:|(?m)^(?:openapi|swagger):\s*["']?\d[\s\S]*?^paths:`)
	sqlDumpRe    = regexp.MustCompile(`(?im)^(?:-- MySQL dump|-- MariaDB dump|-- PostgreSQL database dump|-- Dump completed|CREATE TABLE [^\n]*\(|INSERT INTO [^\n]* VALUES|DROP TABLE IF EXISTS|PRAGMA foreign_keys)`)
	logLineRe    = regexp.MustCompile(`(?m)^(?:\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}|\S+ \S+ \S+ \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2}|\d+ (?:verbose|info|error|silly) )`)
)

// prometheusText: the exposition format itself, not a page about it (a
// docs page quoting an example): a Prometheus or OpenMetrics media type,
// or no HTML at all, with HELP or TYPE lines and samples, three lines at
// least.
func prometheusText(r *Response) bool {
	t := strings.ToLower(r.Header.Get("Content-Type"))
	typed := strings.Contains(t, "version=0.0.4") || strings.Contains(t, "openmetrics-text")
	if !typed && (htmlPage(r) || strings.Contains(t, "html")) {
		return false
	}
	meta, samples := len(promMeta.FindAllIndex(r.Body, 3)), len(promSample.FindAllIndex(r.Body, 3))
	return meta > 0 && samples > 0 && meta+samples >= 3
}

var (
	promMeta   = regexp.MustCompile(`(?m)^# (?:HELP|TYPE) [a-zA-Z_:][\w:]* `)
	promSample = regexp.MustCompile(`(?m)^[a-zA-Z_:][\w:]*(?:\{[^}\n]*\})? [-+]?(?:[0-9.eE+-]+|NaN|[+-]?Inf)(?: -?\d+)?\r?$`)
)

var swaggerUI = bodyMatch(`(?is)swagger-ui.*?(?:SwaggerUIBundle|id=["']swagger-ui["'])|(?:SwaggerUIBundle|id=["']swagger-ui["']).*?swagger-ui`)

// exposureAccept is the Accept header an exposure path is asked with,
// when the default would not show it.
var exposureAccept = map[string]string{"/api/": "text/html"}

func openAPIDoc(r *Response) bool { return notPage(r) && openAPIDocRe.Match(r.Body) }
func sqlDump(r *Response) bool    { return notPage(r) && sqlDumpRe.Match(r.Body) }

// logLines: at least three lines that start like log lines.
func logLines(r *Response) bool {
	return notPage(r) && len(logLineRe.FindAllIndex(r.Body, 3)) == 3
}

// exposureCap bounds each exposure answer: the start of a file tells
// what it is, and a dump is never downloaded whole.
const exposureCap = 64 << 10

// The discovered directories (for a listing) and version endpoints the
// exposure check tries at most.
const (
	maxDiscoveredDirs     = 4
	maxDiscoveredVersions = 3
)

func runExposure(ctx context.Context, s *Session) check.Result {
	home, err := s.Home(ctx)
	if err != nil {
		return unreachable(s, err)
	}
	// / answering like a path no app serves (an API with no / route:
	// Express's "Cannot GET /" 404 everywhere) is no obstacle: the
	// exposure paths are still probed, and any answer that differs from
	// that catch-all is judged. Only when none differs is "not there" no
	// evidence (is the URL the app's?): see the end.
	catchAll := s.catchAllAnswer(ctx) != ""
	res := check.Result{Status: check.StatusRan}
	cov := s.cover("exposure paths")
	// The page at / is judged for a listing and a generator tag: a 5xx
	// there examines neither.
	page := s.cover("pages at / (for a directory listing or a generator tag)")
	page.plan(1)
	homeOK := page.take(home, nil, 0)
	// Versions in the answers that say nothing is there: the random
	// path's error page carries the server's banner.
	versions := map[string][]string{}
	noteVersions := func(r *Response) {
		if r == nil || r.URL == nil || clientCode(r) {
			return
		}
		vs := append(headerVersions(r.Header), versionsIn(r.Body)...)
		if len(vs) > 0 && versions[r.URL.Path] == nil {
			versions[r.URL.Path] = vs
		}
	}
	if s.other != nil && s.other.Status >= 400 {
		noteVersions(s.other)
	}
	// The home page: its version headers and its generator tag only (a
	// page's text may name products for other reasons).
	homeVersions := headerVersions(home.Header)
	if g := generatorVersion(home.Body); g != "" && homeOK {
		homeVersions = append(homeVersions, g)
	}
	if len(homeVersions) > 0 && home.URL != nil {
		versions[home.URL.Path] = homeVersions
	}
	found := func(r *Response, rule check.Rule, sev finding.Severity, msg, fix string) {
		res.Findings = append(res.Findings, s.liveFinding(rule.At(sev), msg, fix, cmpMethod(r.Method), r.URL, nil))
	}
	served := 0
	for _, e := range exposures {
		cov.plan(1)
		// A Range keeps an archive or a dump from being sent whole to
		// servers that honour it; the cap stops the rest.
		h := http.Header{"Range": {"bytes=0-" + strconv.Itoa(exposureCap-1)}}
		graphql := strings.HasPrefix(e.path, "/graphql")
		if graphql {
			// Apollo Server 4 refuses a GET without it (its CSRF
			// prevention) with a 400; it is still a GET, with no body.
			h.Set("Apollo-Require-Preflight", "true")
		}
		if a := exposureAccept[e.path]; a != "" {
			h.Set("Accept", a)
		}
		r, err := s.Client.Do(ctx, Request{Check: exposureID, Method: e.method, Path: e.path, Header: h, Cap: exposureCap, Follow: true})
		if !cov.take(r, err, 0) {
			continue
		}
		if r.Status >= 400 {
			noteVersions(r)
			if graphql && (r.Status == http.StatusMethodNotAllowed || r.Status == http.StatusBadRequest) && !s.randomLike(r) {
				// Many servers take queries only by POST, which
				// probes do not send for introspection: the item
				// is not examined, and the check cannot pass on it.
				cov.examined--
				cov.drop(1, fmt.Sprintf("GraphQL introspection: GET %s answered %d (GET queries refused; probes send no POST introspection query)", r.URL.Path, r.Status))
			}
			continue
		}
		if r.Status != http.StatusOK && r.Status != http.StatusPartialContent || s.notServed(ctx, r) || bytes.Equal(r.Body, home.Body) && r.Method != http.MethodHead {
			continue
		}
		served++
		if e.rule.ID == ruleVersionDisclosed.ID {
			noteVersions(r)
			continue
		}
		if e.path == "/logs/" {
			if kind, ok := DetectListing(r.Body); ok {
				found(r, ruleDirectoryListing, ruleDirectoryListing.Severity, listingMsg(r, kind), fixListing)
				continue
			}
		}
		if !e.real(r) {
			continue
		}
		if e.rule.ID == ruleAdminLoginExposed.ID {
			found(r, e.rule, e.sev, fmt.Sprintf("%s %s answers %d with %s: an admin login reachable from the internet is open to password guessing and phishing of its staff accounts.", cmpMethod(r.Method), r.URL.Path, r.Status, e.what), e.fix)
			continue
		}
		found(r, e.rule, e.sev, fmt.Sprintf("%s %s answers %d with %s: anyone on the internet can read it.", cmpMethod(r.Method), r.URL.Path, r.Status, e.what), e.fix)
	}
	// Directory listings: at the app's root and under the directories
	// its page links to.
	if kind, ok := DetectListing(home.Body); ok && homeOK && home.Status == http.StatusOK {
		found(home, ruleDirectoryListing, ruleDirectoryListing.Severity, listingMsg(home, kind), fixListing)
	}
	dirs := s.linkedDirs(home)
	// And the directories robots.txt and the scripts name (Disallow:
	// /ftp), at most maxDiscoveredDirs.
	disc := s.discover(ctx)
	for _, d := range disc.dirs(maxDiscoveredDirs) {
		if !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	cov.plan(len(dirs))
	for _, d := range dirs {
		r, err := s.Client.Do(ctx, Request{Check: exposureID, Path: d, Cap: exposureCap, Follow: true})
		if !cov.take(r, err, 0) {
			continue
		}
		if r.Status >= 400 {
			noteVersions(r)
			continue
		}
		if r.Status != http.StatusOK || s.notServed(ctx, r) {
			continue
		}
		if kind, ok := DetectListing(r.Body); ok {
			found(r, ruleDirectoryListing, ruleDirectoryListing.Severity, listingMsg(r, kind), fixListing)
		}
	}
	// The version endpoints the scripts name (/rest/admin/application-version).
	vpaths := disc.versionPaths(maxDiscoveredVersions)
	cov.plan(len(vpaths))
	for _, p := range vpaths {
		r, err := s.Client.Do(ctx, Request{Check: exposureID, Path: p, Cap: exposureCap, Follow: true})
		if !cov.take(r, err, 0) {
			continue
		}
		if r.Status == http.StatusOK && !s.notServed(ctx, r) && !bytes.Equal(r.Body, home.Body) {
			served++
			noteVersions(r)
		} else if r.Status >= 400 {
			noteVersions(r)
		}
	}
	// One finding per set of versions: every error page of a server
	// carries the same banner.
	byVersions := map[string][]string{}
	for _, p := range slices.Sorted(maps.Keys(versions)) {
		k := strings.Join(versions[p], ", ")
		byVersions[k] = append(byVersions[k], p)
	}
	for _, k := range slices.Sorted(maps.Keys(byVersions)) {
		paths := byVersions[k]
		// The random path's page first: it is what every visitor to a
		// wrong URL sees.
		slices.SortStableFunc(paths, func(a, b string) int {
			switch {
			case s.randomPath(a) == s.randomPath(b):
				return 0
			case s.randomPath(a):
				return -1
			}
			return 1
		})
		p := paths[0]
		u, err := s.Client.Resolve(p)
		if err != nil {
			continue
		}
		where := "GET " + p + " answers with"
		switch {
		case s.randomPath(p):
			where = "A path that does not exist (" + p + ") gets an error page with"
		case p == home.URL.Path:
			where = "GET " + p + " answers with headers or a generator tag naming"
		}
		more := ""
		if len(paths) > 1 {
			more = fmt.Sprintf(" (so do %d other answers, such as %s)", len(paths)-1, paths[1])
		}
		f := s.liveFinding(ruleVersionDisclosed,
			fmt.Sprintf("%s software versions: %s%s. They tell attackers which known vulnerabilities to try.", where, k, more),
			fixVersion, "GET", u, nil)
		f.Fingerprint = s.stablePrint(ruleVersionDisclosed, u, "GET")
		res.Findings = append(res.Findings, f)
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d well-known exposure paths, %d linked or discovered directories and %d discovered version endpoints tried; %d answered 200 with something else than the catch-all", len(exposures), len(dirs), len(vpaths), served), disc.note())
	if catchAll && served == 0 && len(res.Findings) == 0 && !s.appHere(ctx) {
		// Every path, / included, answered like a random path: "not
		// there" says nothing about this URL.
		return check.Result{Status: check.StatusNotChecked, Notes: res.Notes,
			Reason: fmt.Sprintf("the preview %s answers %d to /, to a random path and to every exposure path alike: is the URL the app's? Pass the URL the app answers on and run again", shown(s.Base), home.Status)}
	}
	return finish(res, cov, page)
}

func listingMsg(r *Response, kind string) string {
	return fmt.Sprintf("GET %s answers a directory listing (%s): anyone can browse every file there, backups and uploads included.", r.URL.Path, kind)
}

func cmpMethod(m string) string {
	if m == "" {
		return http.MethodGet
	}
	return m
}

// randomLike reports an answer with the random path's status (a 4xx every
// path gets says nothing about the path).
func (s *Session) randomLike(r *Response) bool {
	return s.other != nil && s.other.Status == r.Status
}

// randomPath reports the session's random path (a new one every run).
func (s *Session) randomPath(p string) bool {
	return s.other != nil && s.other.URL != nil && p == s.other.URL.Path
}

// stablePrint is a live finding's fingerprint, with the random path (new
// every run) replaced by a fixed name, so an ignored finding stays
// ignored.
func (s *Session) stablePrint(r check.Rule, u *url.URL, method string) string {
	p := u.Path
	if s.randomPath(p) {
		p = "(a path that does not exist)"
	}
	return finding.Fingerprint(r.ID, p, method)
}
