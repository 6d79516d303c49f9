package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

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
	// After the other probes: their answers' cookies are judged too.
	phase: 1,
}

// sessionName: the shared session-cookie names, plus "user" cookies, which
// on a live site identify the signed-in member.
func sessionName(name string) bool {
	return finding.SessionCookie.MatchString(name) || strings.Contains(strings.ToLower(name), "user")
}

// Cookie is one Set-Cookie line, parsed on its own: a word search over all
// headers would find "Secure" in a CSP's upgrade-insecure-requests.
type Cookie struct {
	Name, Value      string
	Secure, HTTPOnly bool
	SameSite         string // as written; "" when absent
	// Domain (lower case, without a leading dot) and Path, as written.
	Domain, Path string
	// Deleted: an empty value with Max-Age 0 or less, or an Expires in the
	// past (a logout clearing the cookie), which holds no session.
	Deleted bool
}

// ParseSetCookie reads one Set-Cookie line. http.ParseSetCookie maps an
// invalid SameSite to the default mode, so the raw text is read instead.
func ParseSetCookie(line string) Cookie {
	parts := strings.Split(line, ";")
	c := Cookie{}
	if name, value, ok := strings.Cut(parts[0], "="); ok {
		c.Name = strings.TrimSpace(name)
		c.Value = strings.Trim(strings.TrimSpace(value), `"`)
	}
	gone := false
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "secure":
			c.Secure = true
		case "httponly":
			c.HTTPOnly = true
		case "samesite":
			c.SameSite = v
			if c.SameSite == "" {
				c.SameSite = "(empty)"
			}
		case "domain":
			c.Domain = strings.TrimPrefix(strings.ToLower(v), ".")
		case "path":
			c.Path = v
		case "max-age":
			if n, err := strconv.Atoi(v); err == nil && n <= 0 {
				gone = true
			}
		case "expires":
			if t, err := http.ParseTime(v); err == nil && t.Before(time.Now()) {
				gone = true
			}
		}
	}
	c.Deleted = gone && c.Value == ""
	return c
}

// setCookie is a Set-Cookie line and the request whose answer carried it.
type setCookie struct {
	line   string
	method string
	url    *url.URL
	status int
	check  string
	token  string // the token the request carried: member, admin, forged-… or ""
}

// maxSetCookies bounds the lines kept per run.
const maxSetCookies = 500

func (c *Client) noteCookies(r Request, u *url.URL, token string, resp *http.Response) {
	lines := resp.Header.Values("Set-Cookie")
	if len(lines) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range lines {
		if len(c.setCookies) >= maxSetCookies {
			return
		}
		uc := *u
		c.setCookies = append(c.setCookies, setCookie{line: l, method: r.Method, url: &uc, status: resp.StatusCode, check: r.Check, token: token})
	}
}

// SetCookies returns the Set-Cookie lines of every answer so far.
func (c *Client) SetCookies() []setCookie {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]setCookie(nil), c.setCookies...)
}

// where names the answer that set a cookie, for messages.
func (sc setCookie) where() string {
	w := fmt.Sprintf("It was set by the %d answer to %s %s", sc.status, orDefault(sc.method, "GET"), sc.url.Path)
	switch {
	case strings.HasPrefix(sc.token, "forged-"):
		w += " with a forged copy of the member token"
	case sc.token != "":
		w += " with the " + sc.token + " token"
	}
	return w + "."
}

func runCookies(ctx context.Context, s *Session) check.Result {
	// GET / first: its answer is the baseline every check shares.
	if _, stop := s.homeHeaders(ctx, false); stop != nil {
		return *stop
	}
	res := check.Result{Status: check.StatusRan}
	// Every answer the probes received so far (this check runs after the
	// others): / without credentials, and the API's answers to the member
	// token, which may set a session cookie on the first request with it.
	seen := s.Client.SetCookies()
	// A login page often sets the session cookie: look there too. A
	// login page that did not answer (a 5xx, a timeout) is a cookie
	// source not examined.
	pages := s.cover("login pages")
	for _, o := range s.Ops {
		if o.Method == "GET" && o.PublicDesign && strings.Contains(strings.ToLower(o.Path), "login") && len(seen) == 0 {
			pages.plan(1)
			r, err := s.Client.Do(ctx, Request{Check: "probe-cookies", Path: s.fill(o.Path), Cap: 64 << 10})
			if pages.take(r, err, 0) {
				seen = s.Client.SetCookies()
			}
		}
	}
	// One cookie is a name, domain and path; each is judged once, every
	// line that set it considered, and the first answer (by path and
	// method) that set it badly is the evidence.
	type jar struct {
		name  string
		lines []setCookie
	}
	byKey := map[string]*jar{}
	var keys []string
	for _, sc := range seen {
		c := ParseSetCookie(sc.line)
		if c.Name == "" || c.Deleted {
			continue
		}
		k := c.Name + "\x00" + c.Domain + "\x00" + c.Path
		if byKey[k] == nil {
			byKey[k] = &jar{name: c.Name}
			keys = append(keys, k)
		}
		byKey[k].lines = append(byKey[k].lines, sc)
	}
	if len(keys) == 0 {
		// Nothing to judge is not a pass: an app that sets no cookie (a
		// token API) says nothing about cookie flags, so this check does
		// not vouch for the Authentication row on its own.
		res = finish(res, pages)
		if res.Status == check.StatusRan {
			res.Status = check.StatusNotApplicable
			res.Reason = fmt.Sprintf("the preview set no cookies on any of the answers probed (/, the API's answers with and without the member token, %d Set-Cookie lines in all), so there were no cookie flags to judge", len(seen))
		}
		return res
	}
	sort.Strings(keys)
	for _, k := range keys {
		j := byKey[k]
		sort.SliceStable(j.lines, func(a, b int) bool {
			x, y := j.lines[a], j.lines[b]
			if x.url.Path != y.url.Path {
				return x.url.Path < y.url.Path
			}
			return x.method < y.method
		})
		// first is the first line for which bad holds.
		first := func(bad func(Cookie) bool) (Cookie, setCookie, bool) {
			for _, sc := range j.lines {
				if c := ParseSetCookie(sc.line); bad(c) {
					return c, sc, true
				}
			}
			return Cookie{}, setCookie{}, false
		}
		add := func(r check.Rule, sc setCookie, msg, fix string) {
			res.Findings = append(res.Findings, s.liveFinding(r, msg+" "+sc.where(), fix, orDefault(sc.method, "GET"), sc.url, nil))
		}
		if c, sc, ok := first(func(c Cookie) bool {
			ss := strings.ToLower(c.SameSite)
			return c.SameSite != "" && ss != "strict" && ss != "lax" && ss != "none"
		}); ok {
			add(ruleCookieInvalidSamesite, sc,
				fmt.Sprintf("Cookie %q has SameSite=%s, which browsers ignore: they treat it as Lax or, in older ones, as no protection.", c.Name, c.SameSite),
				"Use SameSite=Lax (or Strict).")
		}
		if c, sc, ok := first(func(c Cookie) bool { return strings.EqualFold(c.SameSite, "none") && !c.Secure }); ok {
			add(ruleCookieSamesiteNoneInsecure, sc,
				fmt.Sprintf("Cookie %q is SameSite=None without Secure: browsers reject it, or send it cross-site over plain HTTP.", c.Name),
				"Add Secure, or use SameSite=Lax.")
		}
		if !sessionName(j.name) {
			continue
		}
		if c, sc, ok := first(func(c Cookie) bool { return !c.Secure }); ok {
			add(ruleCookieNotSecure, sc,
				fmt.Sprintf("Session cookie %q has no Secure flag: it is sent over plain HTTP, where anyone on the network can take the session.", c.Name),
				"Set Secure (express-session: cookie: {secure: true} with app.set('trust proxy', 1) behind a proxy).")
		}
		if c, sc, ok := first(func(c Cookie) bool { return !c.HTTPOnly }); ok {
			add(ruleCookieNotHttponly, sc,
				fmt.Sprintf("Session cookie %q has no HttpOnly flag: any script injected into the page can read and steal it.", c.Name),
				"Set HttpOnly.")
		}
		if c, sc, ok := first(func(c Cookie) bool { return c.SameSite == "" }); ok {
			add(ruleCookieNoSamesite, sc,
				fmt.Sprintf("Session cookie %q has no SameSite attribute; set it explicitly against cross-site request forgery.", c.Name),
				"Set SameSite=Lax (or Strict).")
		}
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d cookie(s) checked, from %d Set-Cookie line(s) on the probes' answers", len(keys), len(seen)))
	return finish(res, pages)
}
