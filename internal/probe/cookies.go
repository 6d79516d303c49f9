package probe

import (
	"context"
	"fmt"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

var cookiesCheck = probeCheck{
	id: "probe-cookies", title: "Flags of the preview's session and auth cookies",
	rows:     []finding.Row{finding.RowAuthentication},
	refusals: true, // "no cookies set" is as much the absence of an app
	rules: []check.Rule{
		ruleCookieNotSecure,
		ruleCookieNotHttponly,
		ruleCookieNoSamesite,
		ruleCookieInvalidSamesite,
		ruleCookieSamesiteNoneInsecure,
	},
	run: runCookies,
}

// sessionName: the shared session-cookie names, plus "user" cookies, which
// on a live site identify the signed-in member.
func sessionName(name string) bool {
	return finding.SessionCookie.MatchString(name) || strings.Contains(strings.ToLower(name), "user")
}

// Cookie is one Set-Cookie line, parsed on its own: a word search over all
// headers would find "Secure" in a CSP's upgrade-insecure-requests.
type Cookie struct {
	Name             string
	Secure, HTTPOnly bool
	SameSite         string // as written; "" when absent
}

// ParseSetCookie reads one Set-Cookie line. http.ParseSetCookie maps an
// invalid SameSite to the default mode, so the raw text is read instead.
func ParseSetCookie(line string) Cookie {
	parts := strings.Split(line, ";")
	c := Cookie{}
	if name, _, ok := strings.Cut(parts[0], "="); ok {
		c.Name = strings.TrimSpace(name)
	}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "secure":
			c.Secure = true
		case "httponly":
			c.HTTPOnly = true
		case "samesite":
			c.SameSite = strings.TrimSpace(v)
			if c.SameSite == "" {
				c.SameSite = "(empty)"
			}
		}
	}
	return c
}

func runCookies(ctx context.Context, s *Session) check.Result {
	home, stop := s.homeHeaders(ctx, false)
	if stop != nil {
		return *stop
	}
	res := check.Result{Status: check.StatusRan}
	lines := home.Header.Values("Set-Cookie")
	// A login page often sets the session cookie: look there too. A
	// login page that did not answer (a 5xx, a timeout) is a cookie
	// source not examined.
	pages := s.cover("login pages")
	for _, o := range s.Ops {
		if o.Method == "GET" && o.PublicDesign && strings.Contains(strings.ToLower(o.Path), "login") && len(lines) == 0 {
			pages.plan(1)
			r, err := s.Client.Do(ctx, Request{Check: "probe-cookies", Path: s.fill(o.Path), Cap: 64 << 10})
			if pages.take(r, err, 0) {
				lines = append(lines, r.Header.Values("Set-Cookie")...)
			}
		}
	}
	if len(lines) == 0 {
		// Nothing to judge is not a pass: an app that sets no cookie (a
		// token API) says nothing about cookie flags, so this check does
		// not vouch for the Authentication row on its own.
		res = finish(res, pages)
		if res.Status == check.StatusRan {
			res.Status = check.StatusNotApplicable
			res.Reason = "the preview set no cookies on the pages probed, so there were no cookie flags to judge"
		}
		return res
	}
	add := func(r check.Rule, msg, fix string) {
		res.Findings = append(res.Findings, s.liveFinding(r, msg, fix, "GET", home.URL, nil))
	}
	for _, line := range lines {
		c := ParseSetCookie(line)
		ss := strings.ToLower(c.SameSite)
		if c.SameSite != "" && ss != "strict" && ss != "lax" && ss != "none" {
			add(ruleCookieInvalidSamesite,
				fmt.Sprintf("Cookie %q has SameSite=%s, which browsers ignore: they treat it as Lax or, in older ones, as no protection.", c.Name, c.SameSite),
				"Use SameSite=Lax (or Strict).")
		}
		if ss == "none" && !c.Secure {
			add(ruleCookieSamesiteNoneInsecure,
				fmt.Sprintf("Cookie %q is SameSite=None without Secure: browsers reject it, or send it cross-site over plain HTTP.", c.Name),
				"Add Secure, or use SameSite=Lax.")
		}
		if !sessionName(c.Name) {
			continue
		}
		if !c.Secure {
			add(ruleCookieNotSecure,
				fmt.Sprintf("Session cookie %q has no Secure flag: it is sent over plain HTTP, where anyone on the network can take the session.", c.Name),
				"Set Secure (express-session: cookie: {secure: true} with app.set('trust proxy', 1) behind a proxy).")
		}
		if !c.HTTPOnly {
			add(ruleCookieNotHttponly,
				fmt.Sprintf("Session cookie %q has no HttpOnly flag: any script injected into the page can read and steal it.", c.Name),
				"Set HttpOnly.")
		}
		if c.SameSite == "" {
			add(ruleCookieNoSamesite,
				fmt.Sprintf("Session cookie %q has no SameSite attribute; set it explicitly against cross-site request forgery.", c.Name),
				"Set SameSite=Lax (or Strict).")
		}
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d cookie(s) checked", len(lines)))
	return finish(res, pages)
}
