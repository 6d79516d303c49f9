package probe

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/redact"
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
	{"Django debug page", regexp.MustCompile(`You(?:'|’|&#39;|&#x27;|&#8217;|&rsquo;)re seeing this error because you have <code>DEBUG = True</code>`)},
	// Go panics.
	{"Go panic trace", regexp.MustCompile(`goroutine \d+ \[running\]:\s+(?:\\n)?\S+\(.*\)\s+(?:\\n|\\t)*\s*/\S+\.go:\d+`)},
	// Java (and the JVM languages): "at com.x.Y.method(Y.java:12)",
	// "Exception in thread "main" java.lang.…".
	{"Java stack trace", regexp.MustCompile(`\bat (?:[a-zA-Z_$][\w$]*\.)+[\w$<>]+\((?:[\w$]+\.(?:java|kt|scala|groovy|clj):\d+|Native Method|Unknown Source)\)|Exception in thread "[^"\n]{1,80}" (?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)`)},
	// .NET: "   at X.Y() in C:\src\Y.cs:line 12" and the yellow screen
	// of death.
	{".NET stack trace", regexp.MustCompile(`\bat (?:[\w` + "`" + `<>\[\]]+\.)+[\w` + "`" + `<>\[\]]+\([^)\n]*\) in [^\n<]+\.(?:cs|vb|fs|cshtml|razor):line \d+|Server Error in '[^'\n]*' Application\.|\[[A-Z][\w.]*Exception: [^\]\n]*\]\s*(?:<br>|\n)\s*[A-Z][\w.]+\(`)},
	// PHP: fatal errors with their file and line, and "Stack trace:\n#0".
	{"PHP error", regexp.MustCompile(`(?:Fatal error|Parse error|Uncaught [A-Z]\w*|<b>(?:Warning|Notice|Deprecated|Strict Standards)</b>|PHP (?:Warning|Notice|Deprecated))(?:</b>)?:[^\n]{0,400}? in (?:<b>)?(?:/|[A-Za-z]:\\)[^<\n]+\.php(?:</b>)?(?: on line |:)(?:<b>)?\d+|Stack trace:\s*(?:<br\s*/?>|\\n)?\s*#0 (?:/|[A-Za-z]:\\|\[internal function\]|\{main\})|<title>Whoops! There was an error\.</title>` +
		// Laravel's debug JSON: the exception, its PHP file and line, and
		// the trace.
		`|"exception"\s*:\s*"[^"\n]{1,200}"\s*,\s*"file"\s*:\s*"[^"\n]{1,300}\.php"\s*,\s*"line"\s*:\s*\d+\s*,\s*"trace"\s*:\s*\[`)},
	// Ruby / Rails: "app/controllers/x.rb:12:in `show'".
	{"Ruby stack trace", regexp.MustCompile("[\\w./-]+\\.rb:\\d+:in [`'][^'\\n]{1,120}'|Action Controller: Exception caught")},
	// SQL engines' own error texts.
	{"SQL error", regexp.MustCompile(`\bSQLITE_(?:ERROR|CONSTRAINT|MISMATCH|RANGE)\b(?::|\])|near "[^"\n]{1,40}": syntax error|unrecognized token: "|sqlite3\.OperationalError|ERROR:\s+syntax error at or near "|syntax error at or near "[^"\n]{0,40}"|unterminated quoted string at or near|\bpq: (?:syntax error|relation \\?"|column \\?"|duplicate key value|invalid input syntax|null value in column|password authentication failed)|You have an error in your SQL syntax; check the manual that corresponds to your (?:MySQL|MariaDB|TiDB)? ?server version for the right syntax to use near '|SQLSTATE\[\w+\]|\bORA-\d{5}:|PG::[A-Z]\w*Error|value too long for type character varying|Unclosed quotation mark after the character string|Microsoft OLE DB Provider for SQL Server|SqlException \(0x[0-9A-Fa-f]+\)`)},
}

// DetectTrace reports the first stack trace, debug page or SQL error in a
// response body: what it is ("Node.js stack trace") and a short excerpt
// of it, or ok false. A body that carries JSON string escapes (a trace in
// a JSON field: "\n\tat com.x…", "goroutine 7 [running]:\n…") is also
// searched with the escapes decoded. Without the answer's status, an HTML
// document is judged as a page the site serves (docsContext); traceOf,
// which has the answer, judges an error answer whole.
func DetectTrace(body []byte) (kind, excerpt string, ok bool) {
	if t := bytes.TrimSpace(body[:min(len(body), 1024)]); len(t) > 0 && t[0] == '<' {
		body = docsContext(body)
	}
	kind, excerpt, _, ok = detectTrace(body)
	return kind, excerpt, ok
}

// detectTrace is DetectTrace with the raw text matched (up to
// traceRawCap bytes), which the excerpt is cut from: the secret detector
// reads it whole.
func detectTrace(body []byte) (kind, excerpt, raw string, ok bool) {
	b := body[:min(len(body), traceScan)]
	if kind, excerpt, raw, ok = firstTrace(b); ok {
		return
	}
	// `\"` too: {"detail":"near \"x\": syntax error"} (FastAPI passing
	// an sqlite3 error through) carries only quotes.
	if bytes.Contains(b, []byte(`\n`)) || bytes.Contains(b, []byte(`\t`)) || bytes.Contains(b, []byte(`\"`)) {
		return firstTrace([]byte(jsonUnescaper.Replace(string(b))))
	}
	return "", "", "", false
}

// jsonUnescaper decodes the JSON string escapes a trace in a JSON field
// carries (left to right, so "\\n" stays a backslash and an n).
var jsonUnescaper = strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\t`, "\t", `\r`, "\r", `\"`, `"`, `\/`, `/`, `\u003c`, "<", `\u003e`, ">", `\u0026`, "&", `\u0027`, "'")

// traceRawCap bounds the raw text kept from a match for the secret scan.
const traceRawCap = 4 << 10

func firstTrace(b []byte) (kind, excerpt, raw string, ok bool) {
	first := -1
	for _, k := range traceKinds {
		loc := k.re.FindIndex(b)
		if loc == nil || first >= 0 && loc[0] >= first {
			continue
		}
		first, kind = loc[0], k.name
		raw = string(b[loc[0]:min(loc[1], loc[0]+traceRawCap)])
		excerpt = cleanExcerpt(raw)
	}
	return kind, excerpt, raw, first >= 0
}

// excerptMax bounds an excerpt quoted in a message.
const excerptMax = 60

// cleanExcerpt is a match for a message: markup and separators out, at
// most excerptMax bytes, cut between words (a token cut in the middle is
// dropped whole, never quoted in part), and every token that looks like a
// key or a token (long, letters and digits mixed) masked. The run's secret
// detector then masks what it knows (Session.safeExcerpt).
func cleanExcerpt(s string) string {
	s = strings.NewReplacer(`\n`, " ", `\t`, " ", `\"`, `"`).Replace(s)
	s = html.UnescapeString(markup.ReplaceAllString(s, " "))
	s = redact.URLs(s)
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = secretLike.ReplaceAllStringFunc(w, maskSecretLike)
	}
	s = strings.Join(words, " ")
	if len(s) > excerptMax {
		// Cut between tokens only: a key cut in its middle would
		// still be quoted mostly whole.
		cut := excerptMax
		for cut > 0 && !(utf8Start(s[cut]) && (tokenEnd(s[cut]) || tokenEnd(s[cut-1]) || s[cut] == '/' && inFilePath(s[:cut]))) {
			cut--
		}
		if cut == 0 {
			return "…"
		}
		s = s[:cut]
	}
	return strings.TrimSpace(s)
}

// inFilePath reports an excerpt whose last word is an absolute file path
// ("(/app/node_modules/…"): it may be cut before one of its slashes.
func inFilePath(s string) bool {
	w := s[strings.LastIndexByte(s, ' ')+1:]
	w = strings.TrimLeft(w, `("'[`)
	return strings.HasPrefix(w, "/") || strings.HasPrefix(w, "file:///")
}

// tokenEnd reports a byte no key or token is made of: a cut next to it
// splits no token.
func tokenEnd(c byte) bool { return strings.IndexByte(" \",;()[]{}<>'`", c) >= 0 }

// redactedMark replaces a key-like token in an excerpt: the mask of every
// output (a cut never falls inside it: '*' is no token end).
const redactedMark = redact.Mask

// secretLike is a run of key-like characters long enough to be a key or a
// token; maskSecretLike masks it when it mixes letters and digits.
var secretLike = regexp.MustCompile(`[A-Za-z0-9_+=-]{16,}`)

func maskSecretLike(w string) string {
	letters, digits := 0, 0
	for _, c := range w {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters++
		}
	}
	if letters > 0 && digits >= 2 {
		return redactedMark
	}
	return w
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
	raw                   string // the text matched, for the secret scan
	u                     *url.URL
}

// traceOf runs the detector over an answer (browser code aside).
func traceOf(r *Response) (traceHit, bool) {
	if r == nil || r.URL == nil || len(r.Body) == 0 || clientCode(r) {
		return traceHit{}, false
	}
	body := r.Body
	if r.Status >= 200 && r.Status < 300 && htmlPage(r) {
		body = docsContext(body)
	}
	kind, excerpt, raw, ok := detectTrace(body)
	return traceHit{method: cmp.Or(r.Method, http.MethodGet), kind: kind, excerpt: excerpt, raw: raw, u: r.URL}, ok
}

// codeBlock is an HTML <pre> block, or a <code> of several lines (an
// inline <code>DEBUG = True</code> is part of the prose).
var codeBlock = regexp.MustCompile(`(?is)<pre\b[^>]*>.*?</pre\s*>|<code\b[^>]*>[^<]*\n[^<]*</code\s*>`)

// docsProse is how much text outside code blocks makes a 2xx page a
// document (a blog post, a docs page) rather than an error page.
const docsProse = 80

// docsContext is the part of a 2xx HTML page a trace counts in: a page
// with prose around <pre>/<code> blocks is a document quoting a trace (a
// blog post on NullPointerException), so its blocks are left out; a page
// that is mostly the block (an error page sent with 200) is kept whole.
func docsContext(b []byte) []byte {
	b = b[:min(len(b), traceScan)]
	if !codeBlock.Match(b) {
		return b
	}
	out := codeBlock.ReplaceAll(b, []byte(" "))
	text := strings.Join(strings.Fields(html.UnescapeString(markup.ReplaceAllString(string(out), " "))), " ")
	if len(text) < docsProse {
		return b
	}
	return out
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
		h.excerpt = s.safeExcerpt(h)
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

// safeExcerpt is a hit's excerpt after the run's secret detector read the
// whole text it was cut from: every secret found there joins the run's
// redaction set (so no output shows it, whole or in part), and the
// excerpt is quoted with them masked. When the detector cannot be used,
// no excerpt is quoted at all.
func (s *Session) safeExcerpt(h traceHit) string {
	if s.In == nil {
		return "…"
	}
	hits, err := s.In.ScanText(context.Background(), h.raw)
	if err != nil {
		return "…"
	}
	for _, x := range hits {
		if s.In.Secrets != nil {
			s.In.Secrets.Add(x.Secret)
		}
	}
	out := h.excerpt
	for _, x := range hits {
		// A secret cut by the excerpt: its start masks too.
		for n := len(x.Secret); n >= 8; n-- {
			if i := strings.Index(out, x.Secret[:n]); i >= 0 {
				out = out[:i] + redactedMark + out[i+n:]
				break
			}
		}
	}
	if s.In.Secrets != nil {
		out = s.In.Secrets.String(out)
	}
	return out
}

// traceFix is the remediation of every stack-trace finding.
const traceFix = "Turn off debug mode in production (NODE_ENV=production, DEBUG=False, APP_DEBUG=false, ASPNETCORE_ENVIRONMENT=Production) and return generic error bodies."

// sameURLPath reports whether the URL text loc has the path p.
func sameURLPath(loc, p string) bool {
	u, err := url.Parse(loc)
	return err == nil && u.Path == p
}
