package probe

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

var headersCheck = probeCheck{
	id: "probe-headers", title: "Security headers of the preview (Observatory-style grade) and version leaks",
	rows: []finding.Row{finding.RowHTTPS},
	rules: []check.Rule{
		ruleSecurityHeaders,
		ruleVersionLeak,
	},
	run: runHeaders,
}

// Grade bands of Mozilla's HTTP Observatory.
var grades = []struct {
	min   int
	grade string
}{{100, "A+"}, {90, "A"}, {85, "A-"}, {80, "B+"}, {70, "B"}, {65, "B-"}, {60, "C+"}, {50, "C"}, {45, "C-"}, {40, "D+"}, {30, "D"}, {25, "D-"}, {-1000, "F"}}

// HeaderScore scores response headers the way Mozilla's HTTP Observatory
// does (its published modifiers for the header tests), from 100, and
// returns the grade and what lowered it.
func HeaderScore(h http.Header, https bool) (int, string, []string) {
	score := 100
	var issues []string
	csp := strings.ToLower(h.Get("Content-Security-Policy"))
	switch {
	case csp == "":
		score -= 25
		issues = append(issues, "no Content-Security-Policy (-25)")
	case strings.Contains(cspDirective(csp, "script-src", "default-src"), "'unsafe-inline'"):
		score -= 20
		issues = append(issues, "CSP allows 'unsafe-inline' scripts (-20)")
	case strings.Contains(cspDirective(csp, "script-src", "default-src"), "'unsafe-eval'"):
		score -= 10
		issues = append(issues, "CSP allows 'unsafe-eval' (-10)")
	case cspDirective(csp, "default-src", "") == "'none'" || cspDirective(csp, "default-src", "") == "'self'":
		score += 5
	}
	if !strings.EqualFold(strings.TrimSpace(h.Get("X-Content-Type-Options")), "nosniff") {
		score -= 5
		issues = append(issues, "no X-Content-Type-Options: nosniff (-5)")
	}
	xfo := strings.ToUpper(h.Get("X-Frame-Options"))
	frameAncestors := cspDirective(csp, "frame-ancestors", "")
	switch {
	case frameAncestors != "":
		score += 5
	case xfo == "DENY" || xfo == "SAMEORIGIN":
	default:
		score -= 20
		issues = append(issues, "no X-Frame-Options or CSP frame-ancestors: the pages can be framed (clickjacking) (-20)")
	}
	rp := strings.ToLower(h.Get("Referrer-Policy"))
	switch {
	case rp == "":
	case strings.Contains(rp, "unsafe-url") || strings.Contains(rp, "no-referrer-when-downgrade"):
		score -= 5
		issues = append(issues, "Referrer-Policy leaks full URLs (-5)")
	default:
		score += 5
	}
	if https {
		hsts := h.Get("Strict-Transport-Security")
		switch {
		case hsts == "":
			score -= 20
			issues = append(issues, "no Strict-Transport-Security (-20)")
		case maxAge(hsts) < hstsMinAge:
			score -= 10
			issues = append(issues, "HSTS max-age under 180 days (-10)")
		}
	}
	// Isolation and feature headers: not scored by the Observatory, noted.
	for _, name := range []string{"Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy"} {
		if h.Get(name) == "" {
			issues = append(issues, "no "+name+" (not scored)")
		}
	}
	for _, g := range grades {
		if score >= g.min {
			return score, g.grade, issues
		}
	}
	return score, "F", issues
}

// cspDirective returns a directive's value, or the fallback directive's.
func cspDirective(csp, name, fallback string) string {
	var fb string
	for _, part := range strings.Split(csp, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		if f[0] == name {
			return strings.Join(f[1:], " ")
		}
		if fallback != "" && f[0] == fallback {
			fb = strings.Join(f[1:], " ")
		}
	}
	return fb
}

var versioned = regexp.MustCompile(`\d+\.\d+`)

func runHeaders(ctx context.Context, s *Session) check.Result {
	home, stop := s.homeHeaders(ctx, false)
	if stop != nil {
		return *stop
	}
	res := check.Result{Status: check.StatusRan}
	score, grade, issues := HeaderScore(home.Header, s.Base.Scheme == "https")
	title := fmt.Sprintf("Security headers grade %s (%d/100)", grade, score)
	res.Headline = "headers grade " + grade
	if score < 70 {
		sev := finding.SeverityMedium
		if score < 25 {
			sev = finding.SeverityHigh
		}
		res.Findings = append(res.Findings, s.liveFinding(ruleSecurityHeaders.At(sev),
			fmt.Sprintf("The preview's security headers grade %s (%d/100, scored like Mozilla's HTTP Observatory): %s.", grade, score, strings.Join(issues, "; ")),
			"Send the missing headers: Content-Security-Policy (no 'unsafe-inline'), X-Content-Type-Options: nosniff, frame-ancestors or X-Frame-Options, Referrer-Policy, HSTS. In Express, helmet() sets them.",
			"GET", home.URL, nil))
	} else {
		res.Notes = append(res.Notes, title)
	}
	var leaks []string
	if v := home.Header.Get("X-Powered-By"); v != "" {
		leaks = append(leaks, "X-Powered-By: "+v)
	}
	if v := home.Header.Get("Server"); versioned.MatchString(v) {
		leaks = append(leaks, "Server: "+v)
	}
	if len(leaks) > 0 {
		sort.Strings(leaks)
		res.Findings = append(res.Findings, s.liveFinding(ruleVersionLeak,
			fmt.Sprintf("The preview announces its software: %s. It tells attackers which known vulnerabilities to try.", strings.Join(leaks, ", ")),
			"Remove X-Powered-By (app.disable('x-powered-by') in Express) and the version from Server.", "GET", home.URL, nil))
	}
	return res
}
