package probe

import (
	"regexp"
	"sort"
	"strings"
)

// softwareVersion finds a named server, runtime or framework with its
// version in a body: "nginx/1.18.0", "Apache/2.4.41 (Ubuntu) Server at",
// {"node":"v20.11.1"}, "ASP.NET Version:4.0.30319", "Werkzeug/3.0.1
// Python/3.12.1". An app's own version ({"version":"1.4.2"}) is not one:
// the name must be a known product's, right before the number.
var softwareVersion = regexp.MustCompile(`(?i)\b(nginx|openresty|apache tomcat|apache|jetty|microsoft-iis|lighttpd|caddy|php|express|node(?:\.?js)?|python|cpython|werkzeug|gunicorn|uvicorn|django|flask|fastapi|spring[- ]boot|spring|java|openjdk|jdk|jvm|kotlin|ruby|rails|puma|passenger|asp\.net(?: core)?|aspnetcore|\.net(?: core)?|dotnet|kestrel|openssl|postgresql|postgres|mysql|mariadb|redis|mongodb|sqlite|go|golang|laravel|symfony|next\.js|nuxt)(?:"?\s*[:=]\s*(?:\{\s*"version"\s*:\s*)?"?|/| version:? ?)v?(\d+\.\d+(?:\.\d+){0,2})\b`)

// versionsIn lists the distinct "name version" pairs in a body (at most
// five), in the order found.
func versionsIn(body []byte) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range softwareVersion.FindAllSubmatch(body[:min(len(body), 256<<10)], 20) {
		name := strings.ToLower(string(m[1]))
		if (name == "go" || name == "java" || name == "spring") && !strings.ContainsAny(string(m[0]), `":=/`) {
			continue // "go 1.2" in prose
		}
		v := string(m[1]) + " " + string(m[2])
		if !seen[strings.ToLower(v)] && len(out) < 5 {
			seen[strings.ToLower(v)] = true
			out = append(out, v)
		}
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
