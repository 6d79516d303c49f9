package probe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/finding"
)

var enumerationCheck = probeCheck{
	id: "probe-enumeration", title: "Login answers to an unknown user and to a wrong password (two POSTs)",
	rows: []finding.Row{finding.RowAuthentication},
	// Two alike answers are a pass only when they are not what any path
	// gets (a 404 from a preview without the login).
	refusals: true,
	rules: []check.Rule{
		ruleLoginEnumeration,
	},
	run: runEnumeration,
}

// loginOnly recognises a sign-in path (not a reset, OTP or sign-up): a
// segment login, signin, logon, authenticate, session(s) or token, or
// auth as the last segment.
var loginOnly = regexp.MustCompile(`(^|/)(login|log-in|log_in|signin|sign-in|sign_in|logon|log-on|authenticate|sessions?|token)(/|$)|(^|/)auth/?$`)

func signIn(p string) bool {
	p = strings.ToLower(camel.ReplaceAllString(p, "$1-$2"))
	return loginWords(p) && loginOnly.MatchString(p)
}

// Enumeration timing: one sample each, so only a gap this large (and this
// many times the faster answer) counts.
const (
	enumTimingGap   = 150 * time.Millisecond
	enumTimingRatio = 3
)

// loginFields picks the user and password fields of a login body: from
// the schema's properties (or the keys of a configured body), else the
// usual email, username and password.
func loginFields(schema *openapi3.Schema, keys []string) (user []string, pass string, ok bool) {
	if schema != nil && len(schema.Properties) > 0 {
		keys = slices.Sorted(maps.Keys(schema.Properties))
	}
	if len(keys) == 0 {
		return []string{"email", "username"}, "password", true
	}
	for _, want := range []string{"email", "username", "user_name", "userName", "login", "user", "identifier", "name"} {
		for _, k := range keys {
			if strings.EqualFold(k, want) {
				user = append(user, k)
			}
		}
		if len(user) > 0 {
			break
		}
	}
	for _, k := range keys {
		if l := strings.ToLower(k); l == "password" || l == "pass" || l == "passwd" || l == "pwd" {
			pass = k
			break
		}
	}
	return user, pass, len(user) > 0 && pass != ""
}

func loginBody(user []string, pass, name, password string) []byte {
	m := map[string]string{pass: password}
	for _, k := range user {
		m[k] = name
	}
	b, _ := json.Marshal(m)
	return b
}

func runEnumeration(ctx context.Context, s *Session) check.Result {
	if !s.Cfg.AllowPost {
		return check.Result{Status: check.StatusNotChecked, Reason: "login enumeration needs two POSTs to the login: set probe.allow-post: true (probes send only GET, HEAD and OPTIONS otherwise)"}
	}
	// The login operation: the spec's, else a configured login burst.
	var op *apispec.Op
	target := ""
	var keys []string
	for _, o := range s.Ops {
		// The exposure model's login (a sign-in path, under /users/
		// too), or a public login-type path that signs in; never a
		// token refresh.
		login := o.Method == http.MethodPost && o.PublicDesign && plainSpecPath(o.Path) &&
			(o.Kind == apispec.KindLogin && !strings.HasSuffix(strings.ToLower(o.Path), "/refresh") || isLoginType(o) && signIn(o.Path))
		if login {
			if u, err := s.Client.Resolve(s.fill(o.Path)); err == nil && path.Clean(u.Path) == strings.TrimSuffix(u.Path, "/") && config.ProbePathProblem(s.fill(o.Path)) == "" {
				op, target = o, s.fill(o.Path)
				break
			}
		}
	}
	if target == "" {
		for _, e := range s.Cfg.RateLimitEndpoints {
			if !strings.EqualFold(orDefault(e.Method, "POST"), "POST") {
				continue
			}
			if u, err := s.configPath("probe.rate-limit-endpoints", e.Path); err == nil && signIn(u.Path) && config.ProbePathProblem(e.Path) == "" {
				target = e.Path
				var m map[string]any
				if json.Unmarshal([]byte(e.Body), &m) == nil {
					keys = slices.Sorted(maps.Keys(m))
				}
				break
			}
		}
	}
	if target == "" {
		return check.Result{Status: check.StatusNotChecked, Reason: "no login operation to try: the spec has no public POST login (security: [] on a path such as /auth/login), and probe.rate-limit-endpoints lists none"}
	}
	known := strings.TrimSpace(s.Cfg.MemberUsername)
	if known == "" {
		return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("no known user to try on POST %s: set probe.member-username to the test member's login name or email (it is sent once, with a wrong password)", target)}
	}
	var schema *openapi3.Schema
	if op != nil {
		schema = op.Request
	}
	user, pass, ok := loginFields(schema, keys)
	if !ok {
		return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("POST %s: its body has no recognisable user (email, username, login) and password fields, so no login attempt was sent", target)}
	}
	var rnd [12]byte
	_, _ = rand.Read(rnd[:])
	tag := hex.EncodeToString(rnd[:])
	// Credentials that cannot succeed: a random password, for a user that
	// does not exist and for the known one.
	password := "launchready-wrong-" + tag
	// The unknown user has the known one's shape, so input validation
	// judges both alike: an email at the same domain (validators refuse
	// reserved ones such as example.invalid), else a plain name.
	unknown := "launchready-probe-" + tag[:12]
	if at := strings.LastIndexByte(known, '@'); at >= 0 {
		unknown += known[at:]
	}
	u, err := s.Client.Resolve(target)
	if err != nil {
		return check.Result{Status: check.StatusNotChecked, Reason: err.Error()}
	}
	cov := s.cover("login attempts")
	cov.plan(2)
	var answers [2]*Response
	for i, name := range []string{unknown, known} {
		r, err := s.Client.Do(ctx, Request{Check: "probe-enumeration", Method: http.MethodPost, Path: target, Body: loginBody(user, pass, name, password), Cap: 64 << 10})
		if !cov.take(r, err, 0) {
			return finish(check.Result{Status: check.StatusRan}, cov)
		}
		answers[i] = r
	}
	res := check.Result{Status: check.StatusRan}
	a, b := answers[0], answers[1]
	var diffs []string
	if a.Status != b.Status {
		diffs = append(diffs, fmt.Sprintf("status %d to an unknown user, %d to a wrong password", a.Status, b.Status))
	}
	ma, mb := maskBody(a.Body, unknown, password), maskBody(b.Body, known, password)
	if a.Status == b.Status && ma != mb {
		diffs = append(diffs, fmt.Sprintf("an unknown user gets %s, a wrong password %s", clip(ma, 80), clip(mb, 80)))
	}
	// Timing counts one way only: the known user (asked second, on a warm
	// connection and a warm handler) slower, as when only existing users'
	// passwords are hashed. The first request pays any warm-up, so an
	// unknown user answered slower is no evidence.
	ta, tb := serverTime(a), serverTime(b)
	if tb-ta >= enumTimingGap && tb >= enumTimingRatio*ta {
		diffs = append(diffs, fmt.Sprintf("the known user's answer took %s, the unknown user's %s, one attempt each, as when only existing users' passwords are hashed", ms(tb), ms(ta)))
	}
	if len(diffs) == 0 && malformed[a.Status] {
		// Refused before any credential was looked at: no evidence.
		return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("POST %s answered %d to both login attempts, a refusal of the request itself before any credential was checked; give the login's request schema in the spec (its user and password fields) and run again", u.Path, a.Status)}
	}
	if len(diffs) > 0 {
		res.Findings = append(res.Findings, s.liveFinding(ruleLoginEnumeration,
			fmt.Sprintf("POST %s answers an unknown user and a known user with a wrong password differently: %s. Anyone can find out which accounts exist, then target them.", u.Path, strings.Join(diffs, "; ")),
			"Answer every failed login the same way (one status, one message such as \"wrong email or password\") and do the same work for unknown users (hash a dummy password).", "POST", u, op))
	} else {
		res.Notes = append(res.Notes, fmt.Sprintf("POST %s answers %d alike to an unknown user and a wrong password (%s and %s)", u.Path, a.Status, ms(ta), ms(tb)))
	}
	return res
}

// malformed are the statuses of a request refused as such (its syntax,
// method, size or media type), before a login looks at the credentials.
var malformed = map[int]bool{400: true, 405: true, 406: true, 411: true, 413: true, 415: true}

// serverTime is a response's time to first byte less the connection's
// set-up (DNS, connect, TLS).
func serverTime(r *Response) time.Duration {
	t := r.Timing.TTFB - r.Timing.DNS - r.Timing.Connect - r.Timing.TLS
	if t <= 0 {
		return r.Timing.TTFB
	}
	return t
}

// volatile are the parts of a body that change from request to request:
// UUIDs, timestamps, long hex and digit runs, long tokens.
var volatile = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}[t ][\d:.]+z?|\b[0-9a-f]{8,}\b|\d{4,}|[A-Za-z0-9+/_-]{24,}={0,2}`)

// maskBody is a body with the user name and password given replaced, and
// the volatile parts masked.
func maskBody(b []byte, user, password string) string {
	s := string(b)
	for _, v := range []string{user, password} {
		if v == "" {
			continue
		}
		q, _ := json.Marshal(v)
		s = strings.ReplaceAll(s, strings.Trim(string(q), `"`), "{input}")
		s = strings.ReplaceAll(s, url.QueryEscape(v), "{input}")
		s = replaceFold(s, v, "{input}")
	}
	return strings.TrimSpace(volatile.ReplaceAllString(s, "{v}"))
}

// replaceFold replaces every case-insensitive occurrence of old.
func replaceFold(s, old, repl string) string {
	lo, lold := strings.ToLower(s), strings.ToLower(old)
	if len(lo) != len(s) || len(lold) != len(old) || lold == "" {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(lo, lold)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lo = s[i+len(old):], lo[i+len(old):]
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
