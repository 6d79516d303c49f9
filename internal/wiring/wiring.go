package wiring

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/wiring/lex"
)

// Wiring is the code scan: how CORS, session cookies, debug mode and rate
// limits are wired in the application's source and config (DESIGN.md §4
// "Static wiring scan"). sourceKind lists what it reads: JavaScript and
// TypeScript, Python, Go, Java, C#, Laravel and Rails routes, Spring,
// ASP.NET (web.config), Laravel and Rails config, .env files and the
// project's dependency manifests.
type Wiring struct {
	// Files is the run's shared work-tree file list (nil: listed afresh).
	Files *check.Files
}

// Meta implements check.Check.
func (Wiring) Meta() check.Meta {
	return check.Meta{
		ID:    "wiring",
		Title: "CORS, session cookies, debug mode and rate limits as wired in the code",
		// No Rows: a clean code scan is evidence, not proof (a language or
		// framework it does not read says nothing), so the rows its
		// findings go to (CORS, authentication, input validation, CDN,
		// logging, secrets) fail or warn on them and never pass because of
		// it.
		Modes: []check.Mode{check.ModeHistory, check.ModeRange, check.ModeWorktree, check.ModeStaged},
		Rules: rules,
	}
}

// maxSourceSize skips generated or minified giants.
const maxSourceSize = 1 << 20

// Run implements check.Check.
func (w Wiring) Run(ctx context.Context, in *check.Input) check.Result {
	type file struct {
		path string
		read func() ([]byte, error)
	}
	// The staged blobs in the hook, else the work tree.
	if in.Scan.Mode == check.ModeStaged && in.Staged == nil {
		return check.Result{Status: check.StatusFailed, Reason: "the staged files could not be read"}
	}
	tree := w.Files.Tree(ctx, in)
	paths, err := tree.Candidates()
	if err != nil {
		what := "listing the repository's files: "
		if in.Scan.Mode == check.ModeStaged {
			what = "reading the index: "
		}
		return check.Result{Status: check.StatusFailed, Reason: what + err.Error()}
	}
	var files []file
	for _, p := range paths {
		files = append(files, file{p, func() ([]byte, error) { return tree.Read(p, maxSourceSize) }})
	}
	res := check.Result{Status: check.StatusRan}
	counts := map[string]int{}
	var all []codeFinding
	var facts []rlFacts
	manifests := map[string][]byte{}
	type readFile struct {
		ff      *fileFacts
		allowed map[int]bool
	}
	var read []readFile
	type specFile struct {
		path string
		src  []byte
	}
	var specs []specFile
	var deep []string   // files with values nested too deep to read
	var unread []string // source files not read: too large, minified
	keep := func(fs []codeFinding, rf rlFacts, allowed map[int]bool) {
		for _, c := range fs {
			// launchready:allow on the statement's first line or the
			// line above accepts it on purpose.
			if allowed[c.Line] || allowed[c.Line-1] {
				res.Suppressed++
				continue
			}
			all = append(all, c)
		}
		kept := rf.routes[:0]
		for _, r := range rf.routes {
			if allowed[r.line] || allowed[r.line-1] {
				r.covered = true
			}
			kept = append(kept, r)
		}
		rf.routes = kept
		facts = append(facts, rf)
	}
	for _, f := range files {
		if ctx.Err() != nil {
			return check.Result{Status: check.StatusFailed, Reason: "cancelled"}
		}
		if isSpecFile(f.path) && !check.SkippedPath(strings.TrimPrefix(strings.ReplaceAll("/"+f.path, "/spec/", "/"), "/")) {
			// An OpenAPI document under spec/ (connexion's usual
			// specification_dir) is not a test spec.
			if src, err := f.read(); err == nil && len(src) < maxSourceSize {
				specs = append(specs, specFile{f.path, src})
			}
			continue
		}
		if check.SkippedPath(f.path) {
			continue
		}
		if isManifest(f.path) {
			if src, err := f.read(); err == nil {
				manifests[f.path] = src
			}
			continue
		}
		if isEnvFile(f.path) {
			if src, err := f.read(); err == nil {
				all = append(all, clientExposed(f.path, src)...)
				all = append(all, laravelEnv(f.path, src)...)
				fs, rf := judgeFile(nil, readEnv(f.path, src))
				keep(fs, rf, allowedLines(src))
			}
			continue
		}
		kind := sourceKind(f.path)
		if kind == "" {
			if minified(f.path) {
				unread = append(unread, f.path+" (minified)")
			}
			continue
		}
		src, err := f.read()
		if err != nil || len(src) >= maxSourceSize {
			why := "over the 1 MiB cap"
			if err != nil && !errors.Is(err, gitrepo.ErrTooLarge) {
				why = "unreadable: " + err.Error()
			}
			unread = append(unread, fmt.Sprintf("%s (%s)", f.path, why))
			continue
		}
		src = readable(src)
		counts[kind]++
		allowed := allowedLines(src)
		ff := readFacts(kind, f.path, src)
		if ff != nil && ff.nest.skipped > 0 {
			deep = append(deep, fmt.Sprintf("%s:%d", f.path, ff.nest.line))
		}
		if ff != nil && ff.lang == "js" {
			// Judged once every file has been read: options may come
			// from another file.
			read = append(read, readFile{ff, allowed})
			continue
		} else if ff != nil {
			fs, rf := judgeFile(nil, ff) // only JavaScript needs other files
			keep(fs, rf, allowed)
		}
		if legacy[kind] != nil {
			fs, rf := legacy[kind](f.path, src)
			keep(fs, rf, allowed)
		}
	}
	pr := newProject(nil)
	for _, r := range read {
		pr.add(r.ff)
	}
	for _, r := range read {
		fs, rf := judgeFile(pr, r.ff)
		keep(fs, rf, r.allowed)
	}
	// OpenAPI documents whose routes a library of the project serves.
	binders := map[string]string{} // family -> library
	for _, f := range facts {
		if f.specBinder != "" && binders[f.family] == "" {
			binders[f.family] = f.specBinder
		}
	}
	for fam, lib := range binders {
		for _, s := range specs {
			rf := rlFacts{family: fam, file: s.path}
			for _, r := range specRoutes(s.path, s.src, "OpenAPI via "+lib) {
				if healthPath.MatchString(r.path) {
					rf.health = append(rf.health, fmt.Sprintf("%s %s (%s:%d)", r.method, r.path, r.file, r.line))
				}
				if authPath.MatchString(r.path) {
					rf.routes = append(rf.routes, r)
				}
			}
			keep(nil, rf, allowedLines(s.src))
		}
	}
	root := projectRoots(paths)
	uncovered := uncoveredRoutes(facts, root)
	all = append(all, uncovered...)
	var health []string
	for _, f := range facts {
		health = append(health, f.health...)
	}
	if len(health) > 0 {
		sort.Strings(health)
		res.Notes = append(res.Notes, "health route: "+health[0])
	}
	routes, logged := 0, 0
	var helmet []string
	for _, f := range facts {
		if f.family == "js" {
			routes += len(f.routes)
			logged += f.loggedAuth
		}
		if f.helmet != "" {
			helmet = append(helmet, f.helmet)
		}
	}
	if routes > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d of %d login-type JavaScript handlers log failures", logged, routes))
	}
	if len(helmet) > 0 {
		sort.Strings(helmet)
		res.Notes = append(res.Notes, "security headers: "+helmet[0])
	}
	for _, f := range facts {
		for _, c := range f.commented {
			res.Notes = append(res.Notes, fmt.Sprintf("security headers: %s commented out (%s:%d)", c.label, c.file, c.line))
		}
	}
	// Project-level signals need the whole project, not a commit's files.
	if in.Scan.Mode != check.ModeStaged {
		mf := readManifests(manifests)
		// Per project: the uncovered routes of each project root, judged
		// against that project's own manifests (the whole repository's
		// when its root holds none: a manage.py project).
		byRoot := map[string]int{}
		var rootsSeen []string
		for _, u := range uncovered {
			r := root(u.Path)
			if byRoot[r] == 0 {
				rootsSeen = append(rootsSeen, r)
			}
			byRoot[r]++
		}
		sort.Strings(rootsSeen)
		for _, r := range rootsSeen {
			m := mf
			own := map[string][]byte{}
			for p, src := range manifests {
				if d := path.Dir(p); d == r || d == "." && r == "" {
					own[p] = src
				}
			}
			if len(own) > 0 {
				m = readManifests(own)
			}
			if m.limiter || m.first == "" {
				continue
			}
			all = append(all, codeFinding{Rule: ruleNoRateLimitLibrary, Facet: "ratelimit.library", Path: m.first, Line: 1,
				Msg:      fmt.Sprintf("No rate-limiting library is among the project's dependencies (%s), and %d login-type route(s) have no limiter.", m.first, byRoot[r]),
				Fix:      "Add one (express-rate-limit, Flask-Limiter, slowapi, django-axes or DRF throttles, httprate, rack-attack, bucket4j) or rate-limit at the CDN/WAF, and cover every login, reset and invite route.",
				Evidence: "no limiter library"})
		}
		switch {
		case len(mf.trackers) > 0:
			res.Notes = append(res.Notes, "error tracking: "+strings.Join(mf.trackers, ", "))
		case mf.first != "":
			all = append(all, codeFinding{Rule: ruleNoErrorTracking, Facet: "logging.tracker", Path: mf.first, Line: 1,
				Msg:      fmt.Sprintf("No error tracker is among the project's dependencies (%s; looked for Sentry, Datadog, Rollbar, Bugsnag, Honeybadger, New Relic, OpenTelemetry and others): errors in production reach nobody.", mf.first),
				Fix:      "Wire one in (Sentry's SDK takes a few lines) and route its alerts to a person.",
				Evidence: "no error tracking"})
		}
	}
	if len(unread) > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("not read: %d source file(s): %s; the code scan did not look at them (split or un-minify the source to have it read)", len(unread), firstFew(unread)))
	}
	if len(deep) > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("not read: values nested more than %d levels deep in %d file(s) (%s): the settings inside them were not checked", lex.MaxDepth, len(deep), firstFew(deep)))
	}
	res.Notes = append(res.Notes, res.Warnings...)
	res.Findings = findings(all)
	var langs []string
	for k, n := range counts {
		langs = append(langs, fmt.Sprintf("%d %s", n, k))
	}
	sort.Strings(langs)
	if len(langs) == 0 {
		res.Notes = append(res.Notes, "no JavaScript, TypeScript, Python, Go, Java or C# source, and no Spring, ASP.NET, Laravel or Rails config, to read")
	} else {
		read := "code read: " + strings.Join(langs, ", ") + " files"
		if len(unread) > 0 || len(deep) > 0 {
			read += " (not all of the code: see the notes on what was not read)"
		}
		res.Notes = append(res.Notes, read)
	}
	return res
}

// devProfile reports a Spring profile-specific config file of a
// development or test profile: application-dev.yml,
// application-local.properties, application-test.yaml.
func devProfile(base string) bool {
	name := strings.TrimPrefix(base, "application")
	if !strings.HasPrefix(name, "-") {
		return false
	}
	name = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name[1:], ".properties"), ".yml"), ".yaml")
	for _, p := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		if devEnvNames[p] || p == "it" || p == "e2e" || p == "ci" {
			return true
		}
	}
	return false
}

// sourceKind is the language of a file the scan reads, or "" to skip it
// (minified bundles, tests, declarations).
func sourceKind(p string) string {
	if check.SkippedPath(p) || notAppCode(p) {
		return ""
	}
	base := path.Base(p)
	if strings.Contains(base, ".min.") || strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") ||
		strings.HasSuffix(base, "_test.go") || strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") || strings.HasSuffix(base, ".d.ts") {
		return ""
	}
	switch {
	case strings.EqualFold(base, "web.config"):
		// Visual Studio writes Web.config; Windows and IIS ignore case
		return "web.config"
	case strings.HasPrefix(base, "application") && (strings.HasSuffix(base, ".properties") || strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")):
		if devProfile(base) {
			return "" // application-dev.properties: a development profile, not production
		}
		return "Spring config"
	case strings.HasSuffix(p, "config/cors.php") || strings.HasSuffix(p, "config/session.php"):
		return "Laravel config"
	case strings.HasSuffix(base, ".rb") && (strings.Contains(p, "config/initializers/") || strings.Contains(p, "config/environments/") || strings.HasSuffix(p, "config/application.rb")):
		return "Rails config"
	case strings.HasSuffix(base, ".rb") && (strings.HasSuffix(p, "config/routes.rb") || strings.Contains(p, "app/controllers/")):
		return "Rails routes"
	case strings.HasSuffix(base, ".php") && strings.Contains(p, "routes/"):
		return "Laravel routes"
	case (strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")) && strings.Contains(p, "config/packages/"):
		return "Symfony config"
	case base == "application.conf" && strings.Contains(p, "conf/"):
		return "Play config"
	case base == "routes" && strings.HasSuffix(path.Dir(p), "conf"):
		return "Play routes"
	}
	switch path.Ext(base) {
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx":
		return "JavaScript/TypeScript"
	case ".py":
		return "Python"
	case ".go":
		return "Go"
	case ".java":
		return "Java"
	case ".kt", ".kts":
		return "Kotlin"
	case ".scala":
		return "Scala"
	case ".cs":
		return "C#"
	case ".php":
		return "PHP"
	case ".rb":
		return "Ruby"
	}
	return ""
}

// readFacts runs the fact reader of a language that has one (nil: the
// language is still judged by its own scanner, scanSource).
func readFacts(kind, p string, src []byte) *fileFacts {
	switch kind {
	case "JavaScript/TypeScript":
		return readJS(p, src)
	case "Go":
		return readGo(p, src)
	case "Python":
		return readPython(p, src)
	case "Java":
		return readC(p, "java", src)
	case "Kotlin":
		return readC(p, "kt", src)
	case "PHP":
		return readC(p, "php", src)
	case "Play config":
		return readHOCON(p, src)
	case "Play routes":
		return readPlayRoutes(p, src)
	case "Symfony config":
		return readYAMLConfig("symfony", p, "php", src)
	case "Scala":
		return readC(p, "scala", src)
	case "C#":
		return readC(p, "cs", src)
	case "Spring config":
		return readSpringConfig(p, src)
	case "web.config":
		return readWebConfig(p, src)
	case "Laravel config":
		return readLaravelConfig(p, src)
	case "Rails config", "Rails routes", "Ruby":
		return readRuby(p, src)
	}
	return nil
}

// legacy are the scanners that still judge their language themselves,
// beside the tables (to be moved into tables: see wiring-API.md).
var legacy = map[string]func(p string, src []byte) ([]codeFinding, rlFacts){
	"C#":             scanCSharp,
	"Laravel routes": func(p string, src []byte) ([]codeFinding, rlFacts) { return nil, phpRoutes(p, src) },
	"Rails routes":   func(p string, src []byte) ([]codeFinding, rlFacts) { return nil, rbRoutes(p, src) },
	"web.config":     func(p string, src []byte) ([]codeFinding, rlFacts) { return webConfig(p, src), rlFacts{} },
	"Spring config":  func(p string, src []byte) ([]codeFinding, rlFacts) { return springConfig(p, src), rlFacts{} },
	"Laravel config": func(p string, src []byte) ([]codeFinding, rlFacts) { return scanPHPConfig(p, src), rlFacts{} },
	"Rails config":   func(p string, src []byte) ([]codeFinding, rlFacts) { return scanRailsConfig(p, src), rbRoutes(p, src) },
}

// scanSource reads and judges one file on its own (the fuzz target).
func scanSource(kind, p string, src []byte) ([]codeFinding, rlFacts) {
	src = readable(src)
	var out []codeFinding
	var rf rlFacts
	if ff := readFacts(kind, p, src); ff != nil {
		out, rf = judgeFile(newProject([]*fileFacts{ff}), ff)
	}
	if legacy[kind] != nil {
		fs, lrf := legacy[kind](p, src)
		out = append(out, fs...)
		lrf.routes = append(lrf.routes, rf.routes...)
		rf = lrf
	}
	return out, rf
}

// rootMarkers are the files that make their directory a project's root:
// dependency manifests and apps' entry files.
var rootMarkers = map[string]bool{"manage.py": true, "config.ru": true, "setup.py": true, "go.work": true}

// projectRoots maps a file to its project's root: the nearest directory
// holding a manifest (package.json, go.mod, Gemfile, manage.py, ...); ""
// for the repository's root.
func projectRoots(paths []string) func(string) string {
	roots := map[string]bool{}
	for _, p := range paths {
		if check.SkippedPath(p) {
			continue
		}
		if b := path.Base(p); isManifest(p) || rootMarkers[b] {
			roots[path.Dir(p)] = true
		}
	}
	return func(p string) string {
		for d := path.Dir(p); d != "." && d != "/" && d != ""; d = path.Dir(d) {
			if roots[d] {
				return d
			}
		}
		return ""
	}
}

// onlyGlobalIn reports whether file is the one file of the family and
// project with an app-wide limiter.
func onlyGlobalIn(facts []rlFacts, family, file string, root func(string) string) bool {
	for _, f := range facts {
		if f.family == family && f.global && f.file != file && root(f.file) == root(file) {
			return false
		}
	}
	return true
}

// uncoveredRoutes reports the login-type routes no limiter covers: none on
// the route, none mounted on a path prefix of it or in front of its router
// module, and none for the whole app. An app-wide limiter covers the
// routes of its own project only (root: the file's project root).
func uncoveredRoutes(facts []rlFacts, root func(string) string) []codeFinding {
	type app struct{ family, root string }
	global := map[app]bool{} // per language family (js, py, go) and project
	// orderedGlobal: families whose only app-wide limiters are
	// app.use(limiter) calls, by file: a route of that file declared above
	// it is not covered.
	unordered := map[app]bool{}
	var prefixes []prefixMount
	var mounted []string
	for _, f := range facts {
		if f.global || f.anyLimiter && f.family == "go" {
			a := app{f.family, root(f.file)}
			global[a] = true
			if f.globalLine == 0 || f.anyLimiter && f.family == "go" {
				unordered[a] = true
			}
		}
		prefixes = append(prefixes, f.prefixes...)
		mounted = append(mounted, f.mounted...)
	}
	var out []codeFinding
	for _, f := range facts {
		for _, r := range f.routes {
			a := app{f.family, root(r.file)}
			byGlobal := global[a] && (unordered[a] || !r.beforeGlobal || !onlyGlobalIn(facts, f.family, r.file, root))
			if !r.exempt && (r.covered || byGlobal) {
				continue
			}
			under := false
			for _, p := range prefixes {
				if pathUnder(r.path, p.path) && !(p.file == r.file && p.line > r.line) {
					under = true
				}
			}
			base := strings.TrimSuffix(path.Base(r.file), path.Ext(r.file))
			for _, m := range mounted {
				if m == base {
					under = true
				}
			}
			if under && !r.exempt {
				continue
			}
			msg := fmt.Sprintf("%s %s (%s) has no rate limiter: none on the route, on a path it is mounted under, or on the whole app, so passwords and codes can be guessed at full speed.", r.method, r.path, r.framework)
			switch {
			case r.exempt:
				msg = fmt.Sprintf("%s %s (%s) is exempt from the app's rate limits (@limiter.exempt), so passwords and codes can be guessed at full speed.", r.method, r.path, r.framework)
			case r.beforeGlobal && global[a]:
				msg = fmt.Sprintf("%s %s (%s) is registered before the app.use(limiter) of its file: Express runs middleware in registration order, so the limiter never sees this route and passwords and codes can be guessed at full speed.", r.method, r.path, r.framework)
			}
			out = append(out, codeFinding{Rule: ruleAuthRouteWithoutRateLimit, Facet: "ratelimit.route", Path: r.file, Line: r.line,
				Msg: msg,
				Fix: fixRateLimit, Evidence: r.method + " " + r.path})
		}
	}
	return out
}

// codeFinding is what a language scanner reports: a finding of its rule.
type codeFinding = check.Hit

// findings makes the findings of code findings, in path and line order.
func findings(cs []codeFinding) []finding.Finding { return check.Findings(cs) }

// Fixes shared by the language scanners.
const (
	fixCORSList     = "Allow a fixed list of your own origins (such as https://app.example.com) and never reflect the request's Origin; keep credentials only if the browser app needs cookies."
	fixCORSWildcard = "Use \"*\" only for truly public, read-only data; otherwise list your own origins."
	fixCookieSecure = "Set the session cookie's Secure flag (behind a TLS-terminating proxy, also trust the proxy so the app knows the request was HTTPS)."
	fixHTTPOnly     = "Leave HttpOnly on for session cookies: scripts never need to read them."
	fixSameSiteNone = "Add Secure to every SameSite=None cookie (browsers reject it otherwise), or use SameSite=Lax."
	fixRateLimit    = "Put a rate limiter on it (per IP and per account), answering 429 with Retry-After; or limit the whole router it is mounted on."
	fixDebug        = "Read debug mode from the environment with a safe default (off), and never ship it on."
)

// allowedLines are the 1-based lines carrying the allow marker.
func allowedLines(src []byte) map[int]bool {
	out := map[int]bool{}
	if !strings.Contains(string(src), check.AllowComment) {
		return out
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, check.AllowComment) {
			out[i+1] = true
		}
	}
	return out
}

// firstFew lists the first three items, and how many more.
func firstFew(xs []string) string {
	if len(xs) <= 3 {
		return strings.Join(xs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(xs[:3], ", "), len(xs)-3)
}

// minified reports a bundle the scan does not read (*.min.js and the like)
// that it would otherwise read as source.
func minified(p string) bool {
	base := path.Base(p)
	i := strings.Index(base, ".min.")
	return i >= 0 && !check.SkippedPath(p) && !notAppCode(p) && sourceKind(base[:i]+base[i+4:]) != ""
}

// pythonLibDir is a Python installation's library folder (python3.12).
var pythonLibDir = regexp.MustCompile(`^python[23](\.[0-9]+)?$`)

// notAppCode reports files that are not the application's code, skipped
// like tests: examples, documentation, samples and demos (directory
// segments only: a demo app at the repository root is read), built
// assets with a content hash in their name, test helpers outside test
// directories (oauthtest/, testutil/, fake_x.go, mock_x.py, x_mock.ts).
func notAppCode(p string) bool {
	segs := strings.Split(p, "/")
	for k, d := range segs[:len(segs)-1] {
		l := strings.ToLower(d)
		// installed Python libraries committed with the app: a
		// virtualenv's lib/python3.12/, Debian's dist-packages, pip's
		// site-packages, PEP 582 __pypackages__ (Starlette's own
		// middleware/cors.py, Django's contrib/auth/urls.py)
		if l == "dist-packages" || l == "site-packages" || l == "__pypackages__" || k > 0 && strings.EqualFold(segs[k-1], "lib") && pythonLibDir.MatchString(l) {
			return true
		}
		switch l {
		case "examples", "example", "docs", "doc", "sample", "samples", "demo", "demos":
			// not a package name: com/example/web, org/sample
			if k == 0 || !domainSeg[strings.ToLower(segs[k-1])] {
				return true
			}
		}
		if testDir(l) {
			return true
		}
	}
	base := strings.ToLower(segs[len(segs)-1])
	stem := strings.TrimSuffix(base, path.Ext(base))
	if strings.HasPrefix(base, "fake_") || strings.HasPrefix(base, "mock_") || strings.HasSuffix(stem, "_mock") || strings.HasSuffix(stem, "_fake") {
		return true
	}
	return hashedAsset(segs)
}

// domainSeg are the first segments of reverse-domain package paths.
var domainSeg = map[string]bool{"com": true, "org": true, "net": true, "io": true, "dev": true, "edu": true, "gov": true, "co": true, "me": true, "de": true, "fr": true, "uk": true, "app": true}

// testDir reports a directory of test helpers: a name ending in test,
// tests, testing, testutil(s), testdata, fixtures, mocks or fakes
// (oauthtest, httptest, apitests), except ordinary words (latest, contest).
func testDir(d string) bool {
	switch d {
	case "latest", "greatest", "shortest", "fastest", "hottest", "smartest", "contest", "contests", "protest", "protests", "attest", "detest":
		return false
	}
	for _, suf := range []string{"test", "tests", "testing", "testutil", "testutils", "testdata", "fixtures", "mocks", "fakes"} {
		if strings.HasSuffix(d, suf) {
			return true
		}
	}
	return false
}

// hashedAsset reports a built bundle named with a content hash:
// app-3f9a8c1d.js (Rails, Vite), main.8c1d2e4f.chunk.js (create-react-app).
func hashedAsset(segs []string) bool {
	base := strings.ToLower(segs[len(segs)-1])
	ext := path.Ext(base)
	switch ext {
	case ".js", ".mjs", ".cjs":
	default:
		return false
	}
	stem := strings.TrimSuffix(strings.TrimSuffix(base, ext), ".chunk")
	i := strings.LastIndexAny(stem, "-.")
	if i < 0 {
		return false
	}
	h := stem[i+1:]
	if len(h) < 6 || len(h) > 64 {
		return false
	}
	digits, hex := 0, true
	for _, c := range h {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'f':
		case c >= 'g' && c <= 'z', c == '_':
			hex = false
		default:
			return false
		}
	}
	if digits < 2 {
		return false
	}
	if hex && len(h) >= 8 {
		return true
	}
	// short hex and base64-style hashes (Vite: index-BxK3a9Zq.js) only
	// in asset folders
	if !hex && len(h) < 8 {
		return false
	}
	for _, d := range segs[:len(segs)-1] {
		switch strings.ToLower(d) {
		case "assets", "static", "js", "chunks", "_next", "public", "packs", "bundles":
			return true
		}
	}
	return false
}

// readable is src as the readers take it: UTF-16 with a byte order mark
// decoded to UTF-8, lone CR line endings as LF (same offsets).
func readable(src []byte) []byte {
	if len(src) >= 2 && (src[0] == 0xFF && src[1] == 0xFE || src[0] == 0xFE && src[1] == 0xFF) {
		be := src[0] == 0xFE
		u := make([]uint16, 0, len(src)/2)
		for j := 2; j+1 < len(src); j += 2 {
			if be {
				u = append(u, uint16(src[j])<<8|uint16(src[j+1]))
			} else {
				u = append(u, uint16(src[j+1])<<8|uint16(src[j]))
			}
		}
		src = []byte(string(utf16.Decode(u)))
	}
	return lex.LineBreaks(src)
}
