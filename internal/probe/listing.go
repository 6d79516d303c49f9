package probe

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

// listingKinds recognise the directory index pages of the common servers,
// each by its own markup (a title alone could be a docs page's).
var listingKinds = []traceKind{
	// Apache, nginx autoindex, lighttpd, LiteSpeed: the same title and
	// heading, with a parent link or a <pre>/<table> of entries.
	{`"Index of /" (Apache, nginx or lighttpd autoindex)`, regexp.MustCompile(`(?is)<title>\s*Index of /[^<]*</title>.*?<h1>\s*Index of /[^<]*</h1>.{0,400}?(?:Parent Directory|href="\.\./"|<pre>|<table)`)},
	// lighttpd's mod_dirlisting: the heading is an <h2>, the table says so.
	{"lighttpd directory listing", regexp.MustCompile(`(?is)<title>\s*Index of /[^<]*</title>.*?<h2>\s*Index of /[^<]*</h2>.{0,400}?<table summary="Directory Listing"`)},
	// Express's serve-index.
	{`serve-index "listing directory"`, regexp.MustCompile(`(?is)<title>\s*listing directory /[^<]*</title>.*?id="files"`)},
	// Python's http.server.
	{`Python http.server "Directory listing for"`, regexp.MustCompile(`(?is)<title>\s*Directory listing for /[^<]*</title>.*?<ul>`)},
	// IIS.
	{"IIS directory browsing", regexp.MustCompile(`(?is)<h1>[^<]{1,200} - /[^<]*</h1>\s*<hr>\s*<pre>.*?(?:\[To Parent Directory\]|<A HREF=")`)},
	// Tomcat's DefaultServlet, Jetty.
	{"Tomcat directory listing", regexp.MustCompile(`(?i)<title>\s*Directory Listing For \[/`)},
	{"Jetty directory listing", regexp.MustCompile(`(?is)<title>\s*Directory: /[^<]*</title>.*?<table`)},
	// Go's http.FileServer: the whole body is the list (judged by its
	// start when the body was cut: see DetectListing).
	{goListingKind, regexp.MustCompile(`(?s)\A(?:<!doctype html>\n<meta name="viewport" content="width=device-width">\n)?<pre>\n(?:<a href="[^"\n]*">[^<\n]*</a>\n)+(?:</pre>\n?)?\z`)},
}

const goListingKind = "Go http.FileServer listing"

// DetectListing reports a directory listing page and which server's it
// looks like.
func DetectListing(body []byte) (kind string, ok bool) {
	b := body[:min(len(body), 256<<10)]
	for _, k := range listingKinds {
		if k.re.Match(b) {
			return k.name, true
		}
	}
	// A Go listing cut by a cap (a directory of thousands of files) has
	// no end: its whole lines are judged, at least three entries.
	if i := bytes.LastIndexByte(b, '\n'); i > 0 && !bytes.HasSuffix(b, []byte("</pre>\n")) && bytes.Count(b[:i], []byte("\n<a href=")) >= 3 {
		if listingKinds[len(listingKinds)-1].re.Match(b[:i+1]) {
			return goListingKind, true
		}
	}
	return "", false
}

// linkRef finds the URLs a page links to or loads.
var linkRef = regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*["']([^"'#?\s]+)`)

// maxListingDirs bounds the directories probed for a listing, beyond /.
const maxListingDirs = 4

// linkedDirs are the directories of the same-origin URLs the page links
// to ("/static/app.js" gives "/static/"), outermost first, at most
// maxListingDirs, without the root. Links resolve against the page's URL
// (RFC 3986: "assets/y.css" on /app/ is /app/assets/y.css); only those
// under the preview's base path count, and the paths returned are
// relative to it (as every Request.Path is), so a preview at /app is
// never asked for /app/app/static/.
func (s *Session) linkedDirs(page *Response) []string {
	if page == nil || page.URL == nil {
		return nil
	}
	root := "/"
	if b := s.Client.Base(); b != nil && b.Path != "" {
		root = b.Path
		if !strings.HasSuffix(root, "/") {
			root += "/"
		}
	}
	seen := map[string]bool{}
	for _, m := range linkRef.FindAllSubmatch(page.Body[:min(len(page.Body), 512<<10)], 200) {
		u, err := page.URL.Parse(string(m[1]))
		if err != nil || !s.Client.SameOrigin(u) || u.User != nil {
			continue
		}
		p := u.Path
		if !strings.HasSuffix(p, "/") {
			p = path.Dir(p)
		}
		// Every level up to the base path: /static/js/app.js gives
		// /static/js/ and /static/.
		for p != "/" && p != "." && p != "" {
			p = strings.TrimSuffix(p, "/")
			if !strings.HasPrefix(p+"/", root) || p+"/" == root {
				break
			}
			seen["/"+strings.TrimPrefix(p+"/", root)] = true
			p = path.Dir(p)
		}
	}
	var out []string
	for d := range seen {
		// Only plain paths: no dot segments, no encoded separators.
		if plainSpecPath(d) && (&url.URL{Path: d}).EscapedPath() == d {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := strings.Count(out[i], "/"), strings.Count(out[j], "/"); a != b {
			return a < b
		}
		return out[i] < out[j]
	})
	return out[:min(len(out), maxListingDirs)]
}
