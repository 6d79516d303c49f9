package probe

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

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
	// Only a JWT member token can be forged, and enumeration needs a
	// known member and allow-post: not checked otherwise, which leaves
	// the authentication row checked by the other probes.
	optional: true,
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
// many times the faster answer) is noted (never a finding).
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
	// The unknown user has the known one's shape (the same character
	// classes and length; an email at the same domain), so input
	// validation judges both alike.
	unknown := mimicUser(known)
	u, err := s.Client.Resolve(target)
	if err != nil {
		return check.Result{Status: check.StatusNotChecked, Reason: err.Error()}
	}
	cov := s.cover("login attempts")
	cov.plan(2)
	// The two attempts go in a random order: a login that slows down each
	// attempt (express-slow-down), or a warm-up, must not tell them apart.
	order := []int{0, 1}
	if rnd[0]&1 == 1 {
		order = []int{1, 0}
	}
	names := [2]string{unknown, known}
	var answers [2]*Response
	for _, i := range order {
		r, err := s.Client.Do(ctx, Request{Check: "probe-enumeration", Method: http.MethodPost, Path: target, Body: loginBody(user, pass, names[i], password), Cap: 64 << 10})
		if !cov.take(r, err, 0) {
			return finish(check.Result{Status: check.StatusRan}, cov)
		}
		answers[i] = r
	}
	res := check.Result{Status: check.StatusRan}
	a, b := answers[0], answers[1]
	if a.Status != b.Status && (malformedUser[a.Status] && authRefusal[b.Status] || malformedUser[b.Status] && authRefusal[a.Status]) && userShape(unknown) != userShape(known) {
		return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("POST %s answered %d to an unknown user and %d to a wrong password, but the unknown user (another shape than the known one) was refused as malformed; give probe.member-username as the login expects it", u.Path, a.Status, b.Status)}
	}
	diffs := answerDiffs(a, b, unknown, known, password)
	if len(diffs) == 0 && malformed[a.Status] && !credentialsRefused(a) {
		// Refused before any credential was looked at: no evidence.
		// (DRF's ObtainAuthToken answers a wrong login 400 "Unable to
		// log in with provided credentials.": the credentials were
		// checked, and the identical answers are a pass.)
		return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("POST %s answered %d to both login attempts, a refusal of the request itself before any credential was checked; give the login's request schema in the spec (its user and password fields) and run again", u.Path, a.Status)}
	}
	// Timing is a note only: one sample each, in a random order, cannot
	// tell a slower hash from a login that slows down every attempt.
	ta, tb := serverTime(a), serverTime(b)
	if d := tb - ta; d >= enumTimingGap && tb >= enumTimingRatio*ta || -d >= enumTimingGap && ta >= enumTimingRatio*tb {
		res.Notes = append(res.Notes, fmt.Sprintf("POST %s took %s for the known user and %s for the unknown one (one attempt each, in a random order: a hint, not evidence; answer both in the same time, hashing a dummy password for unknown users)", u.Path, ms(tb), ms(ta)))
	}
	if len(diffs) > 0 {
		res.Findings = append(res.Findings, s.liveFinding(ruleLoginEnumeration,
			fmt.Sprintf("POST %s answers an unknown user and a known user with a wrong password differently: %s. Anyone can find out which accounts exist, then target them.", u.Path, strings.Join(diffs, "; ")),
			"Answer every failed login the same way (one status, one message such as \"wrong email or password\", the same cookies and headers) and do the same work for unknown users (hash a dummy password).", "POST", u, op))
	} else {
		res.Notes = append(res.Notes, fmt.Sprintf("POST %s answers %d alike to an unknown user and a wrong password (%s and %s)", u.Path, a.Status, ms(ta), ms(tb)))
	}
	return res
}

// malformedUser and authRefusal: a 400 or 422 refuses the input, a 401
// or 403 the credentials.
var (
	malformedUser = map[int]bool{400: true, 422: true}
	authRefusal   = map[int]bool{401: true, 403: true}
)

// malformed are the statuses of a request refused as such (its syntax,
// method, size or media type), before a login looks at the credentials.
// credentialsRefused reports an answer whose body says the credentials
// were checked and refused ("Unable to log in with provided credentials.",
// "invalid username or password"), not that the request itself was
// malformed: a body naming missing or required fields, or a parse error,
// is no such answer.
func credentialsRefused(r *Response) bool {
	b := strings.ToLower(string(r.Body[:min(len(r.Body), 4096)]))
	if strings.Contains(b, "required") || strings.Contains(b, "missing") || strings.Contains(b, "parse error") || strings.Contains(b, "malformed") {
		return false
	}
	return credentialsRefusedRe.MatchString(b)
}

var credentialsRefusedRe = regexp.MustCompile(`unable to (?:log ?in|sign ?in|authenticate)|(?:invalid|incorrect|wrong|bad)\W+(?:\w+\W+){0,3}?(?:credentials?|password|login|username)|credentials?\W+(?:\w+\W+){0,3}?(?:invalid|incorrect|wrong|not valid|do not match|rejected)|(?:login|authentication|sign-?in) failed`)

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

// mimicUser is a random user name of known's shape: each letter a random
// letter of the same case, each digit a random digit, other characters
// kept (alice_01 becomes qzrkv_73); for an email, the local part so and
// the domain kept. It is never known itself.
func mimicUser(known string) string {
	local, domain := known, ""
	if at := strings.LastIndexByte(known, '@'); at > 0 {
		local, domain = known[:at], known[at:]
	}
	if local == "" {
		local = "user"
	}
	const lower, upper, digits = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
	for range 8 {
		var b strings.Builder
		for _, c := range local {
			var set string
			switch {
			case c >= 'a' && c <= 'z':
				set = lower
			case c >= 'A' && c <= 'Z':
				set = upper
			case c >= '0' && c <= '9':
				set = digits
			case c > 127 && unicode.IsLetter(c):
				set = lower
			default:
				b.WriteRune(c)
				continue
			}
			var r [1]byte
			_, _ = rand.Read(r[:])
			b.WriteByte(set[int(r[0])%len(set)])
		}
		if out := b.String() + domain; !strings.EqualFold(out, known) {
			return out
		}
	}
	// A name without letters or digits to vary: a random suffix.
	var r [4]byte
	_, _ = rand.Read(r[:])
	return local + hex.EncodeToString(r[:]) + domain
}

// userShape is a user name's character classes, run by run, its length
// and its domain: "a5_9@corp.test" for alice_01@corp.test.
func userShape(name string) string {
	local, domain := name, ""
	if at := strings.LastIndexByte(name, '@'); at > 0 {
		local, domain = name[:at], strings.ToLower(name[at:])
	}
	var b strings.Builder
	last := rune(0)
	for _, c := range local {
		k := c
		switch {
		case unicode.IsLower(c):
			k = 'a'
		case unicode.IsUpper(c):
			k = 'A'
		case unicode.IsDigit(c):
			k = '9'
		}
		if k != last {
			b.WriteRune(k)
			last = k
		}
	}
	return fmt.Sprintf("%s%d%s", b.String(), len(local), domain)
}

// answerDiffs are the differences between the answers to an unknown user
// (a) and to a known user with a wrong password (b): the status, the body
// compared structurally (volatile values masked), the cookies set and the
// headers that are not volatile.
func answerDiffs(a, b *Response, unknown, known, password string) []string {
	var diffs []string
	if a.Status != b.Status {
		diffs = append(diffs, fmt.Sprintf("status %d to an unknown user, %d to a wrong password", a.Status, b.Status))
	}
	if a.Status == b.Status {
		if d := bodyDiff(a.Body, b.Body, unknown, known, password); d != "" {
			diffs = append(diffs, d)
		}
	}
	if d := cookieDiff(a.Header, b.Header); d != "" {
		diffs = append(diffs, d)
	}
	if d := headerDiff(a.Header, b.Header); d != "" {
		diffs = append(diffs, d)
	}
	return diffs
}

// bodyDiff says how two login answers' bodies differ, or "": JSON bodies
// structurally (the same keys; strings equal once the inputs and volatile
// parts are masked, or both random-looking of a similar length; numbers
// equal unless volatile), other bodies as text with the same masks.
func bodyDiff(a, b []byte, unknown, known, password string) string {
	var va, vb any
	da, db := json.NewDecoder(bytes.NewReader(a)), json.NewDecoder(bytes.NewReader(b))
	da.UseNumber()
	db.UseNumber()
	if da.Decode(&va) == nil && db.Decode(&vb) == nil && (isContainer(va) || isContainer(vb)) {
		if where := jsonDiff(va, vb, "", unknown, known, password, 0); where != "" {
			return fmt.Sprintf("an unknown user gets %s, a wrong password %s (they differ at %s)", clip(maskText(string(a), unknown, password), 80), clip(maskText(string(b), known, password), 80), where)
		}
		return ""
	}
	ma, mb := maskText(string(a), unknown, password), maskText(string(b), known, password)
	if ma != mb {
		return fmt.Sprintf("an unknown user gets %s, a wrong password %s", clip(ma, 80), clip(mb, 80))
	}
	return ""
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// jsonDiff is the path of the first difference between a and b ("" when
// alike), see bodyDiff.
func jsonDiff(a, b any, at, unknown, known, password string, depth int) string {
	name := at
	if name == "" {
		name = "the top"
	}
	if depth > 32 {
		return ""
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return name
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			w, ok := y[k]
			if !ok {
				return fmt.Sprintf("%q, only in the unknown user's answer", at+"."+k)
			}
			if d := jsonDiff(x[k], w, at+"."+k, unknown, known, password, depth+1); d != "" {
				return d
			}
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				return fmt.Sprintf("%q, only in the wrong password's answer", at+"."+k)
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return name
		}
		for i := range x {
			if d := jsonDiff(x[i], y[i], fmt.Sprintf("%s[%d]", at, i), unknown, known, password, depth+1); d != "" {
				return d
			}
		}
		return ""
	case string:
		y, ok := b.(string)
		if !ok {
			return name
		}
		if x == y || maskText(x, unknown, password) == maskText(y, known, password) {
			return ""
		}
		similar := 4*max(len(x)-len(y), len(y)-len(x)) <= max(len(x), len(y))
		if similar && (randomLooking(x) && randomLooking(y) || tokenKey.MatchString(lastKey(at)) && !strings.ContainsRune(x+y, ' ')) {
			return ""
		}
		return name
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return name
		}
		if x == y || volatileKey.MatchString(lastKey(at)) || epochLike(x) && epochLike(y) {
			return ""
		}
		return fmt.Sprintf("%s (%s and %s)", name, x, y)
	case nil:
		if b != nil {
			return name
		}
		return ""
	default:
		if a != b {
			return name
		}
		return ""
	}
}

func lastKey(at string) string {
	if i := strings.LastIndexByte(at, '.'); i >= 0 {
		at = at[i+1:]
	}
	if i := strings.IndexByte(at, '['); i >= 0 {
		at = at[:i]
	}
	return at
}

// volatileKey names a member whose number changes from answer to answer:
// times, durations, ids of the request.
var volatileKey = regexp.MustCompile(`(?i)(^|_|-)(time|timestamp|ts|date|now|epoch|expires?|exp|iat|elapsed|took|duration|latency|ms|nonce|request_?id|requestId|trace_?id|traceId|seq|attempt_?id|retry_?after|remaining|reset)$|At$|_at$`)

// tokenKey names a member holding a per-answer random token.
var tokenKey = regexp.MustCompile(`(?i)(csrf|xsrf|nonce|token|state|session_?id|sessionId|sid|challenge|salt)$`)

// epochLike is a Unix time in seconds or milliseconds (2001 to 2286).
func epochLike(n json.Number) bool {
	s := strings.TrimPrefix(n.String(), "-")
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	return len(s) == 10 && s >= "1000000000" || len(s) == 13 && s >= "1000000000000"
}

// textVolatile are the volatile parts of a text answer: UUIDs, ISO times,
// long hex runs, epoch-long digit runs and long tokens. Shorter numbers
// (an error code such as 40101) are kept.
var textVolatile = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}[t ][\d:.]+z?|\b[0-9a-f]{16,}\b|\b\d{10,}\b|[A-Za-z0-9+/_-]{24,}={0,2}`)

// textWord is a run a random token could be, in a text answer (an HTML
// hidden input's value, a JSON string).
var textWord = regexp.MustCompile(`[A-Za-z0-9+/_.~-]{12,}={0,2}`)

var (
	hiddenInput = regexp.MustCompile(`(?i)<input\b[^>]{0,512}\btype\s*=\s*["']?hidden\b[^>]{0,512}>`)
	inputValue  = regexp.MustCompile(`(?i)\bvalue\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
)

// maskText is a text with the user name and password given replaced, the
// volatile parts and random-looking words masked.
func maskText(s, user, password string) string {
	for _, v := range []string{user, password} {
		if v == "" {
			continue
		}
		q, _ := json.Marshal(v)
		s = strings.ReplaceAll(s, strings.Trim(string(q), `"`), "{input}")
		s = strings.ReplaceAll(s, url.QueryEscape(v), "{input}")
		s = replaceFold(s, v, "{input}")
	}
	// A hidden input's value (a CSRF token, a form nonce) is volatile.
	s = hiddenInput.ReplaceAllStringFunc(s, func(tag string) string {
		return inputValue.ReplaceAllString(tag, "value={v}")
	})
	s = textVolatile.ReplaceAllString(s, "{v}")
	s = textWord.ReplaceAllStringFunc(s, func(w string) string {
		if randomLooking(w) {
			return "{v}"
		}
		return w
	})
	return strings.TrimSpace(s)
}

// randomLooking is a string a random token could be: no spaces, 12 or
// more characters of a base64 or hex alphabet, letters and digits or both
// cases mixed, and near the highest entropy its length allows
// (words, camel-case codes and "wrong_password" are not).
func randomLooking(s string) bool {
	s = strings.TrimRight(s, "=")
	if len(s) < 12 || len(s) > 4096 {
		return false
	}
	var lower, upper, digit int
	counts := map[rune]int{}
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z':
			lower++
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= '0' && c <= '9':
			digit++
		case strings.ContainsRune("+/_.~-", c):
		default:
			return false
		}
		counts[c]++
	}
	if len(s) >= 16 && digit+lower == len(s) && digit > 0 && lower > 0 && strings.Trim(s, "0123456789abcdef") == "" {
		return true // hex
	}
	classes := 0
	for _, n := range []int{lower, upper, digit} {
		if n > 0 {
			classes++
		}
	}
	if classes < 2 || upper == 1 && digit == 0 {
		return false
	}
	if digit == 0 {
		// Words run together (UserNotFound, WrongPassword): runs of
		// four lowercase letters, or vowels as often as in words.
		run, longest, vowels := 0, 0, 0
		for _, c := range s {
			if c >= 'a' && c <= 'z' {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
			if strings.ContainsRune("aeiouAEIOU", c) {
				vowels++
			}
		}
		if longest >= 5 || longest == 4 && 10*vowels >= 3*(lower+upper) {
			return false
		}
	}
	h := 0.0
	for _, n := range counts {
		p := float64(n) / float64(len(s))
		h -= p * math.Log2(p)
	}
	return h >= 0.75*math.Log2(float64(min(len(s), 64)))
}

// cookieDiff says how the cookies two answers set differ, or "": their
// names, and their values unless equal or both random-looking (a session
// id).
func cookieDiff(a, b http.Header) string {
	ca, cb := cookieValues(a), cookieValues(b)
	for _, n := range slices.Sorted(maps.Keys(ca)) {
		vb, ok := cb[n]
		if !ok {
			return fmt.Sprintf("the cookie %s is set only for an unknown user", clip(n, 40))
		}
		va := ca[n]
		if va == vb || sameCookieValue(va, vb) {
			continue
		}
		if len(va) <= 8 && len(vb) <= 8 {
			return fmt.Sprintf("the cookie %s is set to %s for an unknown user and %s for a wrong password", clip(n, 40), va, vb)
		}
		return fmt.Sprintf("the cookie %s is set to another value for an unknown user than for a wrong password", clip(n, 40))
	}
	for n := range cb {
		if _, ok := ca[n]; !ok {
			return fmt.Sprintf("the cookie %s is set only for a wrong password", clip(n, 40))
		}
	}
	return ""
}

// sameCookieValue: two values that differ only in random-looking or
// volatile parts (a session id, its signature), unescaped.
func sameCookieValue(a, b string) bool {
	if ua, err := url.QueryUnescape(a); err == nil {
		a = ua
	}
	if ub, err := url.QueryUnescape(b); err == nil {
		b = ub
	}
	return a == b || randomLooking(a) && randomLooking(b) || maskText(a, "", "") == maskText(b, "", "") && strings.Contains(maskText(a, "", ""), "{v}")
}

func cookieValues(h http.Header) map[string]string {
	out := map[string]string{}
	for _, line := range h.Values("Set-Cookie") {
		nv, _, _ := strings.Cut(line, ";")
		n, v, _ := strings.Cut(nv, "=")
		out[strings.TrimSpace(n)] = strings.TrimSpace(v)
	}
	return out
}

// volatileHeader names headers that differ from answer to answer.
var volatileHeader = regexp.MustCompile(`(?i)^(date|expires|last-modified|age|etag|content-length|set-cookie|connection|keep-alive|transfer-encoding|retry-after|server-timing|traceparent|tracestate|cf-ray|via|x-cache.*|report-to|nel|alt-svc|vary)$|request-?id|correlation|trace|rate-?limit|slow-?down|response-time|runtime|timing|-time$|^x-amz|^x-served-by|^x-timer`)

// headerDiff says which non-volatile header two answers differ in, or "".
func headerDiff(a, b http.Header) string {
	for _, n := range slices.Sorted(maps.Keys(a)) {
		if volatileHeader.MatchString(n) {
			continue
		}
		va, vb := strings.Join(a.Values(n), ", "), strings.Join(b.Values(n), ", ")
		if _, ok := b[n]; !ok {
			return fmt.Sprintf("the header %s is sent only to an unknown user", clip(n, 40))
		}
		if va != vb && maskText(va, "", "") != maskText(vb, "", "") {
			if len(va) <= 24 && len(vb) <= 24 {
				return fmt.Sprintf("the header %s is %s to an unknown user and %s to a wrong password", clip(n, 40), va, vb)
			}
			return fmt.Sprintf("the header %s has another value for an unknown user than for a wrong password", clip(n, 40))
		}
	}
	for n := range b {
		if _, ok := a[n]; !ok && !volatileHeader.MatchString(n) {
			return fmt.Sprintf("the header %s is sent only to a wrong password", clip(n, 40))
		}
	}
	return ""
}
