package probe

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/check"
)

// The one stack-trace detector: every response the probes read goes
// through it (Client.Do records the hits per check; see traceFindings), not
// only the malformed-input probe's. Each pattern needs the shape of a real
// trace or debug page (a frame with a file and line, a debugger page's own
// markers, an SQL engine's error text), not the words "stack trace": a docs
// page about error handling, or minified JavaScript with " at " in a
// string, is not one.

// A traceKind names what a pattern recognises, for the message.
type traceKind struct {
	name string
	re   *regexp.Regexp
}

// traceScan bounds how much of a body is searched: error pages put the
// trace near the top, and a 10 MB bundle is not searched whole.
const traceScan = 512 << 10

var traceKinds = []traceKind{
	// Node.js / Express: "\n    at fn (/app/x.js:12:5)" in text, the
	// escaped "\n    at " of a JSON body, and the errorhandler HTML page
	// ("<br> &nbsp; &nbsp;at fn (/app/x.js:12:5)").
	{"Node.js stack trace", regexp.MustCompile(`(?:\n|\\n|<br\s*/?>|&nbsp;)[ \t]*(?:&nbsp;[ \t]*)*at (?:[^\n]{1,200}? )?\((?:file://)?(?:/|[A-Za-z]:\\|node:)[^()\n"]*:\d+:\d+\)`)},
	// Python: a traceback with its first frame.
	{"Python traceback", regexp.MustCompile(`Traceback \(most recent call last\):(?:\s|\\n|<br\s*/?>)+(?:&nbsp;|\s)*File (?:"|&quot;|\\")[^"&\n]+(?:"|&quot;|\\"), line \d+`)},
	// The Werkzeug debugger and its console (Flask debug mode).
	{"Werkzeug debugger page", regexp.MustCompile(`(?s)<title>[^<]*// Werkzeug Debugger</title>|__debugger__.{0,200}(?:SECRET|EVALEX|CONSOLE_MODE)|(?:EVALEX|CONSOLE_MODE)\s*=\s*true.{0,400}__debugger__`)},
	// Django's debug page.
	{"Django debug page", regexp.MustCompile(`You(?:'|&#39;|&#x27;)re seeing this error because you have <code>DEBUG = True</code>`)},
	// Go panics.
	{"Go panic trace", regexp.MustCompile(`goroutine \d+ \[running\]:\s+(?:\\n)?\S+\(.*\)\s+(?:\\n|\\t)*\s*/\S+\.go:\d+`)},
	// Java (and the JVM languages): "at com.x.Y.method(Y.java:12)",
	// "Exception in thread "main" java.lang.…".
	{"Java stack trace", regexp.MustCompile(`\bat (?:[a-zA-Z_$][\w$]*\.)+[\w$<>]+\((?:[\w$]+\.(?:java|kt|scala|groovy|clj):\d+|Native Method|Unknown Source)\)|Exception in thread "[^"\n]{1,80}" (?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)`)},
	// .NET: "   at X.Y() in C:\src\Y.cs:line 12" and the yellow screen
	// of death.
	{".NET stack trace", regexp.MustCompile(`\bat (?:[\w` + "`" + `<>\[\]]+\.)+[\w` + "`" + `<>\[\]]+\([^)\n]*\) in [^\n<]+\.(?:cs|vb|fs|cshtml|razor):line \d+|Server Error in '[^'\n]*' Application\.|\[[A-Z][\w.]*Exception: [^\]\n]*\]\s*(?:<br>|\n)\s*[A-Z][\w.]+\(`)},
	// PHP: fatal errors with their file and line, and "Stack trace:\n#0".
	{"PHP error", regexp.MustCompile(`(?:Fatal error|Parse error|Uncaught [A-Z]\w*)(?:</b>)?:[^\n]{0,400}? in (?:<b>)?(?:/|[A-Za-z]:\\)[^<\n]+\.php(?:</b>)?(?: on line |:)(?:<b>)?\d+|Stack trace:\s*(?:<br\s*/?>|\\n)?\s*#0 (?:/|[A-Za-z]:\\|\[internal function\]|\{main\})|<title>Whoops! There was an error\.</title>`)},
	// Ruby / Rails: "app/controllers/x.rb:12:in `show'".
	{"Ruby stack trace", regexp.MustCompile("[\\w./-]+\\.rb:\\d+:in [`'][^'\\n]{1,120}'|Action Controller: Exception caught")},
	// SQL engines' own error texts.
	{"SQL error", regexp.MustCompile(`SQLITE_ERROR|near "[^"\n]{1,40}": syntax error|sqlite3\.OperationalError|ERROR:\s+syntax error at or near "|syntax error at or near "[^"\n]{0,40}"|unterminated quoted string at or near|\bpq: (?:syntax error|relation \\?"|column \\?"|duplicate key value|invalid input syntax|null value in column|password authentication failed)|You have an error in your SQL syntax|SQLSTATE\[\w+\]|\bORA-\d{5}:|PG::[A-Z]\w*Error|value too long for type character varying|Unclosed quotation mark after the character string|Microsoft OLE DB Provider for SQL Server|SqlException \(0x[0-9A-Fa-f]+\)`)},
}

// DetectTrace reports the first stack trace, debug page or SQL error in a
// response body: what it is ("Node.js stack trace") and a short excerpt
// of it, or ok false.
func DetectTrace(body []byte) (kind, excerpt string, ok bool) {
	b := body[:min(len(body), traceScan)]
	first := -1
	for _, k := range traceKinds {
		loc := k.re.FindIndex(b)
		if loc == nil || first >= 0 && loc[0] >= first {
			continue
		}
		first, kind, excerpt = loc[0], k.name, cleanExcerpt(string(b[loc[0]:loc[1]]))
	}
	return kind, excerpt, first >= 0
}

// cleanExcerpt is a match for a message: markup and separators out, at
// most 60 bytes (on a rune boundary).
func cleanExcerpt(s string) string {
	s = strings.NewReplacer(`\n`, " ", `\t`, " ", `\"`, `"`).Replace(s)
	s = html.UnescapeString(markup.ReplaceAllString(s, " "))
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		cut := 60
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return strings.TrimSpace(s)
}

// markup is an HTML tag, for excerpts.
var markup = regexp.MustCompile(`<[a-zA-Z/][^<>]{0,200}>`)

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// clientCode reports a response that is code for the browser (a script, a
// stylesheet, a source map): a trace-like string in it is the app's code,
// not a server error.
func clientCode(r *Response) bool {
	t := mediaType(r)
	switch {
	case strings.Contains(t, "javascript"), strings.Contains(t, "ecmascript"), t == "text/css":
		return true
	case bytes.HasPrefix(bytes.TrimSpace(r.Body), []byte(`{"version":3,`)):
		return true // a source map, whatever it is served as
	}
	if r.URL != nil && r.Status >= 200 && r.Status < 300 {
		// A script or map served as text/plain or octet-stream.
		switch path.Ext(r.URL.Path) {
		case ".js", ".mjs", ".cjs", ".css", ".map":
			return true
		}
	}
	return false
}

// traceHit is a stack trace seen in one answer.
type traceHit struct {
	method, kind, excerpt string
	u                     *url.URL
}

// traceOf runs the detector over an answer (browser code aside).
func traceOf(r *Response) (traceHit, bool) {
	if r == nil || r.URL == nil || len(r.Body) == 0 || clientCode(r) {
		return traceHit{}, false
	}
	kind, excerpt, ok := DetectTrace(r.Body)
	return traceHit{method: cmp.Or(r.Method, http.MethodGet), kind: kind, excerpt: excerpt, u: r.URL}, ok
}

// noteTrace keeps a check's first hit per method and path (c.mu held).
func (c *Client) noteTrace(check string, h traceHit) {
	for _, o := range c.traces[check] {
		if o.method == h.method && o.u.Path == h.u.Path {
			return
		}
	}
	c.traces[check] = append(c.traces[check], h)
}

// tracesOf returns the hits of the given checks' answers.
func (c *Client) tracesOf(checks ...string) []traceHit {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []traceHit
	for _, id := range checks {
		out = append(out, c.traces[id]...)
	}
	return out
}

// addTraces adds a live/stack-trace-exposed finding to res for every
// answer of the check (and, for the exposure check, of the session's own
// first requests: / and the random path) that carried a stack trace, a
// debug page or an SQL error, unless res already reports that method and
// path. Every probe check declares the rule (probeCheck.Meta).
func (s *Session) addTraces(checkID string, res *check.Result) {
	ids := []string{checkID}
	if checkID == exposureID {
		ids = append(ids, "home")
	}
	hits := s.Client.tracesOf(ids...)
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].u.String() < hits[j].u.String() })
	// The page a random path gets is the exposure check's to report
	// (once, as "a path that does not exist"); another check seeing the
	// same page elsewhere does not report it again.
	var everywhere *traceHit
	if s.other != nil {
		if h, ok := traceOf(s.other); ok {
			everywhere = &h
		}
	}
	// One finding per trace: the same page on many paths (a debug 404
	// page) is one, at its first path, naming how many more.
	type group struct {
		first traceHit
		more  []string
	}
	var groups []*group
	for _, h := range hits {
		if checkID != exposureID && everywhere != nil && h.kind == everywhere.kind && h.excerpt == everywhere.excerpt {
			continue
		}
		dup := false
		for _, f := range res.Findings {
			// A debug page reported as such (the Werkzeug console)
			// is not reported again as a trace.
			if (f.RuleID == ruleStackTraceExposed.ID || f.RuleID == ruleDebugEndpointExposed.ID) && f.Location.Method == h.method && sameURLPath(f.Location.URL, h.u.Path) {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		var g *group
		for _, o := range groups {
			if o.first.kind == h.kind && o.first.excerpt == h.excerpt {
				g = o
			}
		}
		switch {
		case g == nil:
			groups = append(groups, &group{first: h})
		case s.randomPath(h.u.Path):
			g.more = append(g.more, g.first.method+" "+g.first.u.Path)
			g.first = h
		default:
			g.more = append(g.more, h.method+" "+h.u.Path)
		}
	}
	for _, g := range groups {
		h := g.first
		what := h.method + " " + h.u.Path
		if s.randomPath(h.u.Path) {
			what = "A path that does not exist (" + what + ")"
		}
		more := ""
		if len(g.more) > 0 {
			more = fmt.Sprintf(" (and so did %d other answers, such as %s)", len(g.more), g.more[0])
		}
		f := s.liveFinding(ruleStackTraceExposed,
			fmt.Sprintf("%s answered with a %s (%q)%s: it reveals code paths, versions and queries.", what, h.kind, h.excerpt, more),
			traceFix, h.method, h.u, nil)
		f.Fingerprint = s.stablePrint(ruleStackTraceExposed, h.u, h.method)
		res.Findings = append(res.Findings, f)
	}
}

// traceFix is the remediation of every stack-trace finding.
const traceFix = "Turn off debug mode in production (NODE_ENV=production, DEBUG=False, APP_DEBUG=false, ASPNETCORE_ENVIRONMENT=Production) and return generic error bodies."

// sameURLPath reports whether the URL text loc has the path p.
func sameURLPath(loc, p string) bool {
	u, err := url.Parse(loc)
	return err == nil && u.Path == p
}
