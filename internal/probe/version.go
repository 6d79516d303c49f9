package probe

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
)

// softwareVersion finds a named server, runtime or framework with its
// version in a body: "nginx/1.18.0", "Apache/2.4.41 (Ubuntu) Server at",
// {"node":"v20.11.1"}, "ASP.NET Version:4.0.30319", "Werkzeug/3.0.1
// Python/3.12.1". An app's own version ({"version":"1.4.2"}) is not one:
// the name must be a known product's, right before the number.
var softwareVersion = regexp.MustCompile(`(?i)\b(nginx|openresty|apache tomcat|apache|jetty|microsoft-iis|lighttpd|caddy|php|express|node(?:\.?js)?|python|cpython|werkzeug|gunicorn|uvicorn|django|flask|fastapi|spring[- ]boot|spring|java|openjdk|jdk|jvm|kotlin|ruby|rails|puma|passenger|asp\.net(?: core)?|aspnetcore|\.net(?: core)?|dotnet|kestrel|openssl|postgresql|postgres|mysql|mariadb|redis|mongodb|sqlite|go|golang|laravel|symfony|next\.js|nuxt)(?:"?\s*[:=]\s*(?:\{\s*"version"\s*:\s*)?"?|/| version:? ?| (?:v|go))v?(\d+\.\d+(?:\.\d+){0,2})\b`)

// runtimeField is a runtime's version under its own JSON key:
// {"goVersion":"go1.20.10"}, Kubernetes' {"gitVersion":"v1.28.0"},
// {"java.version":"17.0.9"}.
var runtimeField = regexp.MustCompile(`(?i)"(goVersion|gitVersion|java\.(?:runtime\.|vm\.)?version|node_?Version|python_?Version|php_?Version|ruby_?Version)"\s*:\s*"(?:go|v)?(\d+\.\d+(?:\.\d+){0,2})\b`)

// inURL finds URLs in text: a version in a link ("/docs/spring-boot/3.2/")
// names a page, not the software answering.
var inURL = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s"'<>]+`)

// versionsIn lists the distinct "name version" pairs in a body (at most
// five), in the order found. In an HTML page only the visible text counts
// (tags and their attributes, links among them, are left out), and no
// name right after a "/" (a path: /docs/spring-boot/3.2/) is read.
func versionsIn(body []byte) []string {
	b := body[:min(len(body), 256<<10)]
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '<' {
		b = markup.ReplaceAll(b, []byte(" "))
	}
	b = inURL.ReplaceAll(b, []byte(" "))
	var out []string
	seen := map[string]bool{}
	add := func(name, ver string) {
		v := name + " " + ver
		if !seen[strings.ToLower(v)] && len(out) < 5 {
			seen[strings.ToLower(v)] = true
			out = append(out, v)
		}
	}
	type hit struct {
		at         int
		name, vers string
	}
	var hits []hit
	for _, m := range softwareVersion.FindAllSubmatchIndex(b, 20) {
		whole := string(b[m[0]:m[1]])
		name := strings.ToLower(string(b[m[2]:m[3]]))
		if m[0] > 0 && b[m[0]-1] == '/' {
			continue // a path segment
		}
		if (name == "go" || name == "java" || name == "spring") && !strings.ContainsAny(whole, `":=/`) {
			continue // "go 1.2" in prose
		}
		hits = append(hits, hit{m[0], string(b[m[2]:m[3]]), string(b[m[4]:m[5]])})
	}
	for _, m := range runtimeField.FindAllSubmatchIndex(b, 20) {
		hits = append(hits, hit{m[0], string(b[m[2]:m[3]]), string(b[m[4]:m[5]])})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	for _, h := range hits {
		add(h.name, h.vers)
	}
	return out
}

// generator is a page's <meta name="generator"> with a version
// ("WordPress 6.4.2", "Drupal 10").
var generator = regexp.MustCompile(`(?i)<meta\s+name=["']generator["']\s+content=["']([^"'<>]{1,60}?\d+(?:\.\d+)+[^"'<>]{0,20})["']`)

// generatorVersion is the page's generator with its version, or "".
func generatorVersion(body []byte) string {
	if m := generator.FindSubmatch(body[:min(len(body), 64<<10)]); m != nil {
		return "generator " + strings.TrimSpace(string(m[1]))
	}
	return ""
}

// versionHeaders are response headers that carry a framework version
// (Server and X-Powered-By are the headers check's).
var versionHeaders = []string{"X-AspNet-Version", "X-AspNetMvc-Version", "X-Runtime-Version", "X-Generator"}

// headerVersions lists the version-bearing headers of an answer.
func headerVersions(h map[string][]string) []string {
	var out []string
	for _, n := range versionHeaders {
		for k, vs := range h {
			if strings.EqualFold(k, n) && len(vs) > 0 && versioned.MatchString(vs[0]) {
				out = append(out, n+": "+vs[0])
			}
		}
	}
	sort.Strings(out)
	return out
}
