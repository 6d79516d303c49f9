package wiring

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/placeholder"
)

// Project-level signals of the wiring scan: dependency manifests (error
// tracking, limiter libraries) and client-exposed environment names.

// manifestNames are the dependency files the scan reads.
var manifestNames = map[string]bool{"package.json": true, "requirements.txt": true, "pyproject.toml": true, "Pipfile": true,
	"go.mod": true, "Gemfile": true, "pom.xml": true, "build.gradle": true, "build.gradle.kts": true, "composer.json": true}

func isManifest(p string) bool {
	b := path.Base(p)
	return manifestNames[b] || strings.HasSuffix(strings.ToLower(b), ".csproj") // MSBuild ignores case || strings.HasPrefix(b, "requirements") && strings.HasSuffix(b, ".txt")
}

// trackers maps a dependency name fragment to the error tracker it is.
var trackers = []struct{ needle, name string }{
	{"@sentry/", "Sentry"}, {"sentry-sdk", "Sentry"}, {"sentry-go", "Sentry"}, {"sentry-ruby", "Sentry"}, {"sentry-rails", "Sentry"},
	{"io.sentry", "Sentry"}, {"sentry/sentry", "Sentry"}, {"Sentry.AspNetCore", "Sentry"},
	{"dd-trace", "Datadog"}, {"ddtrace", "Datadog"}, {"datadog", "Datadog"},
	{"rollbar", "Rollbar"}, {"bugsnag", "Bugsnag"}, {"honeybadger", "Honeybadger"},
	{"newrelic", "New Relic"}, {"new_relic", "New Relic"}, {"newrelic_rpm", "New Relic"},
	{"@opentelemetry/", "OpenTelemetry"}, {"opentelemetry", "OpenTelemetry"}, {"go.opentelemetry.io", "OpenTelemetry"},
	{"@highlight-run", "Highlight"}, {"@logtail", "Better Stack"}, {"elastic-apm", "Elastic APM"},
}

// limiterLibs are rate-limiting dependencies.
var limiterLibs = []string{"express-rate-limit", "rate-limiter-flexible", "express-slow-down", "@fastify/rate-limit", "@nestjs/throttler",
	"express-brute", "flask-limiter", "flask_limiter", "slowapi", "django-ratelimit", "django-axes", "djangorestframework", "httprate",
	"golang.org/x/time", "tollbooth", "ulule/limiter", "rack-attack", "bucket4j", "resilience4j", "AspNetCoreRateLimit", "limiter"}

// manifestFacts is what the manifests say.
type manifestFacts struct {
	first    string   // the first manifest, for project-level findings
	trackers []string // "Sentry (package.json)"
	limiter  bool
}

func readManifests(files map[string][]byte) manifestFacts {
	var m manifestFacts
	var names []string
	for p := range files {
		names = append(names, p)
	}
	sort.Slice(names, func(i, j int) bool {
		// Shallowest first: the root manifest names the project.
		if a, b := strings.Count(names[i], "/"), strings.Count(names[j], "/"); a != b {
			return a < b
		}
		return names[i] < names[j]
	})
	seen := map[string]bool{}
	for _, p := range names {
		if m.first == "" {
			m.first = p
		}
		src := strings.ToLower(string(files[p]))
		for _, t := range trackers {
			if strings.Contains(src, strings.ToLower(t.needle)) && !seen[t.name] {
				seen[t.name] = true
				m.trackers = append(m.trackers, fmt.Sprintf("%s (%s)", t.name, p))
			}
		}
		for _, l := range limiterLibs {
			if strings.Contains(src, strings.ToLower(l)) {
				m.limiter = true
			}
		}
	}
	return m
}

// clientEnv matches variables a frontend build ships to every browser.
var (
	clientEnv    = regexp.MustCompile(`(?m)^\s*(?:export\s+)?((?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY|PUBLIC)_[A-Z0-9_]*)\s*=\s*["']?([^"'\s#]*)`)
	clientSecret = regexp.MustCompile(`(SECRET|PRIVATE|PASSWORD|PASSWD|TOKEN|SERVICE_ROLE|API_KEY_SERVER|WEBHOOK)`)
	clientPublic = regexp.MustCompile(`(PUBLISHABLE|ANON|PUBLIC_KEY|SITE_KEY|CLIENT_ID|MEASUREMENT_ID|DSN)`)
)

// isEnvFile reports .env files (committed or staged).
func isEnvFile(p string) bool {
	b := path.Base(p)
	return b == ".env" || strings.HasPrefix(b, ".env.") && !strings.HasSuffix(b, ".example") && !strings.HasSuffix(b, ".sample") && !strings.HasSuffix(b, ".template")
}

// clientExposed reports secret-looking variables with a client prefix.
func clientExposed(p string, src []byte) []codeFinding {
	var out []codeFinding
	for _, m := range clientEnv.FindAllSubmatchIndex(src, -1) {
		name, val := string(src[m[2]:m[3]]), string(src[m[4]:m[5]])
		if !clientSecret.MatchString(name) || clientPublic.MatchString(name) || val == "" || placeholder.Is(val) {
			continue
		}
		line := 1 + strings.Count(string(src[:m[2]]), "\n")
		out = append(out, codeFinding{Rule: ruleClientExposedSecret, Facet: "secrets.client-env", Path: p, Line: line,
			Msg:      fmt.Sprintf("%s holds a value in %s: the %s prefix makes the build inline it into the JavaScript every visitor downloads.", name, p, clientPrefix(name)),
			Fix:      "Rename it without the public prefix and use it only on the server (an API route or server action); rotate the value, it has already shipped.",
			Evidence: name})
	}
	return out
}

// clientPrefix is the public prefix of a client variable's name.
func clientPrefix(name string) string {
	for _, p := range []string{"NEXT_PUBLIC_", "EXPO_PUBLIC_", "NUXT_PUBLIC_", "REACT_APP_", "VITE_", "GATSBY_", "PUBLIC_"} {
		if strings.HasPrefix(name, p) {
			return p
		}
	}
	return name
}
