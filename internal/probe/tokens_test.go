package probe

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/redact"
)

const testJWTKey = "probe-tokens-test-key"

// hs256 signs claims with key (a real HS256 JWT).
func hs256(key string, claims map[string]any) string {
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	b, _ := json.Marshal(claims)
	p := base64.RawURLEncoding.EncodeToString(b)
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(h + "." + p))
	return h + "." + p + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func memberJWT() string {
	return hs256(testJWTKey, map[string]any{"sub": "1", "role": "member", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()})
}

// jwtPolicy is how a test server judges a bearer JWT.
type jwtPolicy struct {
	none      bool // accepts alg none unsigned
	noVerify  bool // never checks the signature (jwt.decode)
	noExpiry  bool // never checks exp
	okAnyway  bool // answers 200 {"error":...} to a bad token
	cookieSet bool // sets a session cookie on the first answer with a token
}

// verifyJWT judges tok under p.
func (p jwtPolicy) verify(tok string) bool {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return false
	}
	hb, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	pb, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	var h struct{ Alg string }
	var c struct {
		Exp int64
		Sub string
	}
	if json.Unmarshal(hb, &h) != nil || json.Unmarshal(pb, &c) != nil || c.Sub != "1" {
		return false
	}
	switch {
	case h.Alg == "none":
		if !p.none || parts[2] != "" {
			return false
		}
	case p.noVerify:
	default:
		m := hmac.New(sha256.New, []byte(testJWTKey))
		m.Write([]byte(parts[0] + "." + parts[1]))
		if !hmac.Equal(m.Sum(nil), mustB64(parts[2])) {
			return false
		}
	}
	return p.noExpiry || c.Exp > time.Now().Unix()
}

func mustB64(s string) []byte {
	b, _ := base64.RawURLEncoding.DecodeString(s)
	return b
}

// jwtAPI serves GET /api/me to a token p accepts, 401 otherwise.
func jwtAPI(p jwtPolicy) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/me" {
			http.NotFound(w, r)
			return
		}
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		if !ok {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":"sign in"}`)
			return
		}
		if !p.verify(tok) {
			if p.okAnyway {
				fmt.Fprint(w, `{"ok":false}`)
				return
			}
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":"invalid token"}`)
			return
		}
		if p.cookieSet {
			w.Header().Add("Set-Cookie", "sid=s3ss10n-for-member; Path=/")
		}
		fmt.Fprint(w, `{"id":"1","email":"ana@community.test"}`)
	}
}

var usernameRe = regexp.MustCompile(`^[A-Za-z0-9_]{3,20}$`)

const tokensCfg = "probe:\n  core-flows: [/api/me]\n"

const loginSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /auth/login:
    post:
      security: []
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [email, password]
              properties:
                email: {type: string}
                password: {type: string}
      responses: {"401": {description: wrong}}
`

const enumCfg = "probe:\n  allow-post: true\n  member-username: ana@community.test\n"

// loginAPI serves POST /auth/login; answer says what to answer a user.
func loginAPI(answer func(w http.ResponseWriter, email string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/auth/login" {
			http.NotFound(w, r)
			return
		}
		var b struct{ Email, Password string }
		if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&b); err != nil || !strings.HasPrefix(b.Password, "launchready-wrong-") {
			w.WriteHeader(400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		answer(w, b.Email)
	}
}

// rateHeaders answers 401 to every login attempt with limiter headers;
// counting makes the remaining count go down.
func rateHeaders(counting bool) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/auth/login" {
			return
		}
		mu.Lock()
		n++
		left := 100
		if counting {
			left = 100 - n
		}
		mu.Unlock()
		w.Header().Set("RateLimit-Policy", `"login";q=100;w=60`)
		w.Header().Set("RateLimit", fmt.Sprintf(`"login";r=%d;t=60`, left))
		w.WriteHeader(401)
	}
}

func init() {
	cases["probe-tokens"] = map[string][]target{
		"tp": {
			{name: "decode-only", member: memberJWT(), config: tokensCfg, handler: jwtAPI(jwtPolicy{none: true, noVerify: true, noExpiry: true})},
			{name: "alg-none-only", member: memberJWT(), config: tokensCfg, handler: jwtAPI(jwtPolicy{none: true})},
		},
		"fp": {
			{name: "verified", member: memberJWT(), config: tokensCfg, handler: jwtAPI(jwtPolicy{})},
		},
	}
	cases["probe-enumeration"] = map[string][]target{
		"tp": {
			{name: "different-messages", spec: loginSpec, config: enumCfg, handler: loginAPI(func(w http.ResponseWriter, email string) {
				if email == "ana@community.test" {
					w.WriteHeader(401)
					fmt.Fprint(w, `{"error":"wrong password"}`)
					return
				}
				w.WriteHeader(404)
				fmt.Fprint(w, `{"error":"no such user"}`)
			})},
			{name: "same-status-other-message", spec: loginSpec, config: enumCfg, handler: loginAPI(func(w http.ResponseWriter, email string) {
				w.WriteHeader(401)
				if email == "ana@community.test" {
					fmt.Fprint(w, `{"error":"wrong password"}`)
					return
				}
				fmt.Fprint(w, `{"error":"no such user"}`)
			})},
			// The exposure model's login under /users/ (VAmPI's
			// /users/v1/login), which path words alone never took
			// for a login.
			{name: "users-v1-login", spec: strings.ReplaceAll(loginSpec, "/auth/login", "/users/v1/login"), config: enumCfg, handler: func(w http.ResponseWriter, r *http.Request) {
				r.URL.Path = strings.Replace(r.URL.Path, "/users/v1/login", "/auth/login", 1)
				loginAPI(func(w http.ResponseWriter, email string) {
					if email == "ana@community.test" {
						w.WriteHeader(401)
						fmt.Fprint(w, `{"error":"Password is not correct for the given username."}`)
						return
					}
					w.WriteHeader(401)
					fmt.Fprint(w, `{"error":"Username does not exist"}`)
				})(w, r)
			}},
			// A numeric code in the same key (no volatile number).
			{name: "numeric-code", spec: loginSpec, config: enumCfg, handler: loginAPI(func(w http.ResponseWriter, email string) {
				w.WriteHeader(401)
				code := 40101
				if email == "ana@community.test" {
					code = 40102
				}
				fmt.Fprintf(w, `{"code":%d,"message":"Invalid email or password"}`, code)
			})},
			// The same body, another cookie value.
			{name: "lockout-cookie", spec: loginSpec, config: enumCfg, handler: loginAPI(func(w http.ResponseWriter, email string) {
				v := "0"
				if email == "ana@community.test" {
					v = "1"
				}
				w.Header().Set("Set-Cookie", "lockout="+v+"; Path=/; HttpOnly; Secure; SameSite=Lax")
				w.WriteHeader(401)
				fmt.Fprint(w, `{"error":"invalid credentials"}`)
			})},
		},
		"fp": {
			// Like Python's email-validator, which refuses reserved
			// domains (.invalid, .test): the unknown user has the
			// known one's domain, so both pass validation alike.
			{name: "validator-rejects-reserved-domains", spec: loginSpec, config: enumCfg, handler: loginAPI(func(w http.ResponseWriter, email string) {
				if strings.HasSuffix(email, ".invalid") || strings.HasSuffix(email, ".test") && !strings.HasSuffix(email, "@community.test") {
					w.WriteHeader(422)
					fmt.Fprint(w, `{"detail":"value is not a valid email address: a special-use or reserved name"}`)
					return
				}
				w.WriteHeader(401)
				fmt.Fprint(w, `{"error":"wrong email or password"}`)
			})},
			// Timing alone is a note, never a finding: one sample each
			// cannot tell a slower hash from a login that slows down.
			{name: "slow-for-known-user-note-only", spec: loginSpec, config: enumCfg, handler: loginAPI(func(w http.ResponseWriter, email string) {
				if email == "ana@community.test" {
					time.Sleep(400 * time.Millisecond) // bcrypt
				}
				w.WriteHeader(401)
				fmt.Fprint(w, `{"error":"wrong email or password"}`)
			})},
			// A random CSRF token of 20 characters in every answer.
			{name: "per-answer-csrf-token", spec: loginSpec, config: enumCfg, handler: loginAPI(func(w http.ResponseWriter, email string) {
				var b [15]byte
				_, _ = rand.Read(b[:])
				w.WriteHeader(401)
				fmt.Fprintf(w, `{"error":"invalid credentials","csrf":%q}`, base64.URLEncoding.EncodeToString(b[:]))
			})},
			// express-slow-down: each attempt waits 300 ms more.
			{name: "progressive-slow-down", spec: loginSpec, config: enumCfg, handler: func() http.HandlerFunc {
				var mu sync.Mutex
				n := 0
				return loginAPI(func(w http.ResponseWriter, email string) {
					mu.Lock()
					n++
					d := time.Duration(n-1) * 300 * time.Millisecond
					mu.Unlock()
					time.Sleep(d)
					w.WriteHeader(401)
					fmt.Fprint(w, `{"error":"invalid credentials"}`)
				})
			}()},
			// A username validated as ^[A-Za-z0-9_]{3,20}$: the unknown
			// user has the known one's shape, so both pass validation.
			{name: "username-validated", spec: strings.ReplaceAll(loginSpec, "email", "username"), config: "probe:\n  allow-post: true\n  member-username: alice_01\n", handler: func(w http.ResponseWriter, r *http.Request) {
				var in struct{ Username string }
				if r.URL.Path != "/auth/login" || r.Method != http.MethodPost {
					http.NotFound(w, r)
					return
				}
				_ = json.NewDecoder(r.Body).Decode(&in)
				w.Header().Set("Content-Type", "application/json")
				if !usernameRe.MatchString(in.Username) {
					w.WriteHeader(400)
					fmt.Fprint(w, `{"error":"invalid username"}`)
					return
				}
				w.WriteHeader(401)
				fmt.Fprint(w, `{"error":"invalid credentials"}`)
			}},
			{name: "alike-with-echo-and-request-id", spec: loginSpec, config: enumCfg, handler: loginAPI(func(w http.ResponseWriter, email string) {
				w.WriteHeader(401)
				fmt.Fprintf(w, `{"error":"wrong email or password for %s","requestId":"%s","at":"%s"}`, email, fmt.Sprintf("%x", time.Now().UnixNano()), time.Now().UTC().Format(time.RFC3339Nano))
			})},
		},
	}
	cases["probe-ratelimit"]["fp"] = append(cases["probe-ratelimit"]["fp"], target{name: "limiter-headers-above-burst",
		config: "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - {method: POST, path: /auth/login, body: '{}'}\n", handler: rateHeaders(true)})
	cases["probe-ratelimit"]["tp"] = append(cases["probe-ratelimit"]["tp"], target{name: "headers-not-counting",
		config: "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - {method: POST, path: /auth/login, body: '{}'}\n", handler: rateHeaders(false)})
}

// liveInput is an input for the test server at url with member as the
// member token and cfg as the config.
func liveInput(t *testing.T, url, member, cfg string) *check.Input {
	t.Helper()
	c := config.Default()
	if cfg != "" {
		var err error
		if c, err = config.Decode([]byte(cfg), "cfg"); err != nil {
			t.Fatal(err)
		}
	}
	return &check.Input{Scan: check.Scan{Mode: check.ModeWorktree}, Config: c, Now: time.Now(), Secrets: &redact.Set{},
		Live: &check.LiveTarget{URL: url, MemberToken: member, AllowLoopback: true}}
}

func runOne(t *testing.T, r *Run, id string, in *check.Input) check.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, c := range r.Checks() {
		if c.Meta().ID == id {
			return c.Run(ctx, in)
		}
	}
	t.Fatalf("no check %s", id)
	return check.Result{}
}

// TestTokensNotAJWT: an opaque member token, or none, is not checked,
// with the reason; nothing forged is sent.
func TestTokensNotAJWT(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	for _, c := range []struct{ member, want string }{
		{"member-token-1", "is not a JWT"},
		{"a.b.c.d.e", "encrypted JWT (JWE"},
		{"", "no member token"},
	} {
		res := runOne(t, NewRun(nil), "probe-tokens", liveInput(t, srv.URL, c.member, tokensCfg))
		if res.Status != check.StatusNotChecked || !strings.Contains(res.Reason, c.want) {
			t.Errorf("member %q: %s %q, want not checked with %q", c.member, res.Status, res.Reason, c.want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, a := range auths {
		if a != "" && a != "Bearer member-token-1" && a != "Bearer a.b.c.d.e" {
			t.Errorf("sent %q", a)
		}
	}
}

// TestTokensAmbiguousAnswer: a server that answers 200 with an error body
// to a forged token (and 401 without one) neither accepts nor refuses it:
// the check does not pass.
func TestTokensAmbiguousAnswer(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(jwtAPI(jwtPolicy{okAnyway: true}))
	t.Cleanup(srv.Close)
	res := runOne(t, NewRun(nil), "probe-tokens", liveInput(t, srv.URL, memberJWT(), tokensCfg))
	if res.Status != check.StatusFailed || len(res.Findings) > 0 || !strings.Contains(res.Reason, "neither accepted nor refused") {
		t.Errorf("%s %q %v; want failed, no findings", res.Status, res.Reason, res.Findings)
	}
}

// TestTokensNeedARefusalWithoutToken: an endpoint that answers 2xx
// without any token proves nothing about forged ones.
func TestTokensNeedARefusalWithoutToken(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(json200(`{"id":"1"}`))
	t.Cleanup(srv.Close)
	res := runOne(t, NewRun(nil), "probe-tokens", liveInput(t, srv.URL, memberJWT(), tokensCfg))
	if res.Status == check.StatusRan || len(res.Findings) > 0 {
		t.Errorf("%s %q %v; want not checked", res.Status, res.Reason, res.Findings)
	}
}

// TestForgedTokensRedacted: every forged copy of the member token is in
// the run's redaction set before any request goes out, and a server that
// echoes the token it got leaks none of them.
func TestForgedTokensRedacted(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("Authorization"))
		mu.Unlock()
		jwtAPI(jwtPolicy{})(w, r)
	}))
	t.Cleanup(srv.Close)
	member := memberJWT()
	in := liveInput(t, srv.URL, member, tokensCfg)
	res := runOne(t, NewRun(nil), "probe-tokens", in)
	if res.Status != check.StatusRan {
		t.Fatalf("%s %q", res.Status, res.Reason)
	}
	forged := ForgeTokens(member, time.Now())
	if len(forged) != 5 {
		t.Fatalf("forged %d tokens, want 5 (none in three letter cases, bad signature, expired)", len(forged))
	}
	mu.Lock()
	defer mu.Unlock()
	sent := strings.Join(got, "\n")
	for name, tok := range forged {
		// The expiry differs by the clock; compare the header parts.
		if name != forgedExpired && !strings.Contains(sent, tok) {
			t.Errorf("%s was not sent", name)
		}
	}
	for _, a := range got {
		tok := strings.TrimPrefix(a, "Bearer ")
		if tok == "" {
			continue
		}
		if out := in.Secrets.String("echo: " + tok); strings.Contains(out, tok) {
			t.Errorf("the token sent %q is not redacted: %q", tok, out)
		}
	}
}

func TestForgeTokensShape(t *testing.T) {
	t.Parallel()
	now := time.Now()
	member := memberJWT()
	f := ForgeTokens(member, now)
	none, err := ParseJWT(f[forgedNone])
	if err != nil || none.Alg() != "none" || len(none.Sig) != 0 || none.Parts[1] != strings.Split(member, ".")[1] {
		t.Errorf("alg none copy: %v %+v", err, none)
	}
	bad, err := ParseJWT(f[forgedBadSig])
	orig, _ := ParseJWT(member)
	if err != nil || bad.Parts[0] != orig.Parts[0] || bad.Parts[1] != orig.Parts[1] || string(bad.Sig) == string(orig.Sig) || len(bad.Sig) != len(orig.Sig) {
		t.Errorf("broken-signature copy: %v", err)
	}
	exp, err := ParseJWT(f[forgedExpired])
	if err != nil || exp.Parts[2] != orig.Parts[2] || exp.Parts[0] != orig.Parts[0] {
		t.Fatalf("expired copy: %v", err)
	}
	if e, _ := exp.Payload["exp"].(json.Number).Int64(); e >= now.Unix() {
		t.Errorf("expired copy's exp %d is not in the past", e)
	}
	if ForgeTokens("opaque", now) != nil {
		t.Error("an opaque token was forged")
	}
}

func FuzzParseJWT(f *testing.F) {
	f.Add(memberJWT())
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("a.b.c")
	f.Add("..")
	f.Fuzz(func(t *testing.T, tok string) {
		j, err := ParseJWT(tok)
		if err == nil && (j.Alg() == "" || j.Header == nil || j.Payload == nil) {
			t.Fatalf("accepted %q without alg or objects", tok)
		}
		forged := ForgeTokens(tok, time.Unix(1700000000, 0))
		if err != nil && forged != nil {
			t.Fatalf("forged copies of a non-JWT %q", tok)
		}
		for _, v := range forged {
			if _, err := ParseJWT(v); err != nil && !strings.HasSuffix(v, ".") {
				t.Fatalf("forged copy %q does not parse: %v", v, err)
			}
		}
	})
}

func FuzzParseLimiter(f *testing.F) {
	f.Add(`"default";r=4;t=60`, `"default";q=5;w=60`, "", "")
	f.Add("limit=5, remaining=4, reset=60", "5;w=60", "5", "4")
	f.Add("", "", "99999999999999999999", "-1")
	f.Fuzz(func(t *testing.T, rl, policy, limit, remaining string) {
		h := http.Header{}
		h.Set("RateLimit", rl)
		h.Set("RateLimit-Policy", policy)
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", remaining)
		l, ok := ParseLimiter(h)
		if ok && l.Limit < 0 && l.Remaining < 0 {
			t.Fatalf("ok without numbers: %+v", l)
		}
		if l.Limit > maxValue || l.Remaining > maxValue {
			t.Fatalf("overflow: %+v", l)
		}
		limiterEvidence(l, l, 3)
	})
}

func TestParseLimiter(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		h                map[string]string
		limit, rem, wind int
	}{
		{map[string]string{"RateLimit-Policy": `"default";q=5;w=60`, "RateLimit": `"default";r=4;t=60`}, 5, 4, 60},
		{map[string]string{"RateLimit": "limit=5, remaining=4, reset=60"}, 5, 4, -1},
		{map[string]string{"RateLimit-Policy": "100;w=900", "RateLimit-Limit": "100", "RateLimit-Remaining": "99"}, 100, 99, 900},
		{map[string]string{"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59"}, 60, 59, -1},
	} {
		h := http.Header{}
		for k, v := range c.h {
			h.Set(k, v)
		}
		l, ok := ParseLimiter(h)
		if !ok || l.Limit != c.limit || l.Remaining != c.rem || l.Window != c.wind {
			t.Errorf("%v: %+v", c.h, l)
		}
	}
	if _, ok := ParseLimiter(http.Header{"Server": {"x"}}); ok {
		t.Error("no limiter headers read as a limiter")
	}
}

// TestCookiesFromEveryAnswer: a session cookie set only on an answer to
// the member token (never on /) is judged, with that answer as its
// evidence, once, though several answers set it; a line deleting a
// cookie is not judged.
func TestCookiesFromEveryAnswer(t *testing.T) {
	t.Parallel()
	api := jwtAPI(jwtPolicy{cookieSet: true})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Add("Set-Cookie", "session=; Max-Age=0; Path=/")
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><title>x</title></html>")
			return
		}
		api(w, r)
	}))
	t.Cleanup(srv.Close)
	member := memberJWT()
	run := NewRun(nil)
	in := liveInput(t, srv.URL, member, tokensCfg)
	// Alone, the cookie probe sees only /, whose line deletes a cookie.
	alone := runOne(t, NewRun(nil), "probe-cookies", liveInput(t, srv.URL, member, tokensCfg))
	if len(alone.Findings) > 0 || alone.Status != check.StatusNotApplicable {
		t.Errorf("a deleted cookie on / was judged: %s %q %v", alone.Status, alone.Reason, alone.Findings)
	}
	for _, id := range []string{"probe-authz", "probe-tokens"} {
		runOne(t, run, id, in)
	}
	res := runOne(t, run, "probe-cookies", in)
	rules := map[string]int{}
	for _, f := range res.Findings {
		rules[f.RuleID]++
		if !strings.HasSuffix(f.Location.URL, "/api/me") || !strings.Contains(f.Message, "GET /api/me with the member token") {
			t.Errorf("evidence: %s %s", f.Location.URL, f.Message)
		}
	}
	for _, r := range []string{"live/cookie-not-secure", "live/cookie-not-httponly", "live/cookie-no-samesite"} {
		if rules[r] != 1 {
			t.Errorf("%s: %d findings, want 1 (%v)", r, rules[r], res.Findings)
		}
	}
}

func FuzzMaskBody(f *testing.F) {
	f.Add([]byte(`{"error":"wrong password for Ana@Community.test","id":"0f3a9c2e11"}`), "ana@community.test")
	f.Add([]byte("İİİ kİ"), "kİ")
	f.Fuzz(func(t *testing.T, body []byte, user string) {
		out := maskText(string(body), user, "launchready-wrong-0123")
		// An ASCII user name never survives the masking (unless the
		// masks themselves spell it).
		ascii := func(s string) bool { return strings.IndexFunc(s, func(r rune) bool { return r > 126 || r < 32 }) < 0 }
		if len(user) >= 4 && ascii(user) && ascii(string(body)) && !strings.Contains("{input}{v}", strings.ToLower(user)) &&
			strings.Contains(strings.ToLower(out), strings.ToLower(user)) && !strings.Contains(strings.ToLower(user), "{") {
			t.Fatalf("the user %q is left in %q", user, out)
		}
		if maskText(string(body), user, "x") != maskText(string(body), user, "x") {
			t.Fatal("not deterministic")
		}
	})
}

// TestEnumerationRefusedAsMalformed: a login answering 400 to both
// attempts refused the requests before any credential check: not
// checked, never a pass.
func TestEnumerationRefusedAsMalformed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/auth/login" {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"bad request"}`)
			return
		}
		fmt.Fprint(w, "<html><title>x</title></html>")
	}))
	t.Cleanup(srv.Close)
	in := liveInput(t, srv.URL, "", "probe:\n  allow-post: true\n  member-username: ana\n  rate-limit-endpoints:\n    - {method: POST, path: /auth/login, body: '{\"username\":\"x\",\"password\":\"y\"}'}\n")
	res := runOne(t, NewRun(nil), "probe-enumeration", in)
	if res.Status != check.StatusNotChecked || !strings.Contains(res.Reason, "answered 400 to both") {
		t.Errorf("%s %q, want not checked", res.Status, res.Reason)
	}
}

// FuzzAnswerDiffs: the structural comparison of two login answers (JSON
// or text bodies, cookies, headers) never panics, and an answer is alike
// to itself.
func FuzzAnswerDiffs(f *testing.F) {
	f.Add([]byte(`{"code":40101,"csrf":"abcDEF123ghiJKL456mn"}`), []byte(`{"code":40102,"csrf":"zyxWVU987tsrQPO654ml"}`), "lockout=1; Path=/")
	f.Add([]byte(`<input type=hidden value="aB3dE5gH7jK9mN1pQ3sT">`), []byte(`[1,{"a":null}]`), "sid")
	f.Fuzz(func(t *testing.T, a, b []byte, cookie string) {
		ra := &Response{Status: 401, Body: a, Header: http.Header{"Set-Cookie": {cookie}}}
		rb := &Response{Status: 401, Body: b, Header: http.Header{"Set-Cookie": {cookie}}}
		_ = answerDiffs(ra, rb, "qzr@x.test", "ana@x.test", "pw")
		if d := answerDiffs(ra, ra, "u", "u", "pw"); len(d) > 0 {
			t.Fatalf("an answer differs from itself: %v", d)
		}
		_ = sameAnswer(a, b)
		_, _ = judgeForged(ra, rb)
		_ = mimicUser(cookie)
	})
}

// TestEnumerationCompare: the structural comparison of login answers.
func TestEnumerationCompare(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{`{"error":"invalid credentials","csrf":"Qm9vX2J6dTFrLXpQcjA1"}`, `{"error":"invalid credentials","csrf":"Xk3Lp9-_aZ0qWm2NbV7c"}`, true},
		{`{"code":40101,"message":"Invalid email or password"}`, `{"code":40102,"message":"Invalid email or password"}`, false},
		{`{"error":"x","ts":1767225600}`, `{"error":"x","ts":1767225601}`, true},
		{`{"error":"x","at":1767225600123}`, `{"error":"x","at":1767225600999}`, true},
		{`{"error":"UserNotFound"}`, `{"error":"WrongPassword"}`, false},
		{`{"error":"no_such_user_here"}`, `{"error":"wrong_password_now"}`, false},
		{`<form><input type="hidden" name="csrf" value="aB3dE5gH7jK9mN1pQ3sT"></form>`, `<form><input type="hidden" name="csrf" value="Zx8Wv6Ut4Sr2Qp0On9Ml"></form>`, true},
		{`<p>no such user</p>`, `<p>wrong password</p>`, false},
		{`<input value='Ab1' type=hidden name=n><p>x</p>`, `<input value='Zy9' type=hidden name=n><p>x</p>`, true},
		{`<input type="text" value="no such user">`, `<input type="text" value="wrong password">`, false},
	} {
		d := bodyDiff([]byte(c.a), []byte(c.b), "qzr@x.test", "ana@x.test", "pw")
		if (d == "") != c.same {
			t.Errorf("%s vs %s: %q, want same=%v", c.a, c.b, d, c.same)
		}
	}
	for _, known := range []string{"alice_01", "ana@community.test", "Bob.Smith-7@corp.example", "1234"} {
		u := mimicUser(known)
		if u == known || userShape(u) != userShape(known) {
			t.Errorf("mimicUser(%q) = %q (shape %s, want %s)", known, u, userShape(u), userShape(known))
		}
	}
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Add(kv[i], kv[i+1])
		}
		return out
	}
	if d := headerDiff(h("Date", "a", "X-Request-Id", "1", "X-RateLimit-Remaining", "4", "Etag", "x"), h("Date", "b", "X-Request-Id", "2", "X-RateLimit-Remaining", "3", "Etag", "y")); d != "" {
		t.Errorf("volatile headers differ: %s", d)
	}
	if d := headerDiff(h("X-Account-Locked", "false"), h("X-Account-Locked", "true")); d == "" {
		t.Error("a differing header is not a difference")
	}
	if d := cookieDiff(h("Set-Cookie", "sid=aB3dE5gH7jK9mN1pQ3sT; Path=/"), h("Set-Cookie", "sid=Zx8Wv6Ut4Sr2Qp0On9Ml; Path=/")); d != "" {
		t.Errorf("random session ids differ: %s", d)
	}
	if d := cookieDiff(h("Set-Cookie", "lockout=0"), h("Set-Cookie", "lockout=1")); d == "" {
		t.Error("lockout=0 vs lockout=1 is not a difference")
	}
}

// TestJudgeForged: a forged token's answer is accepted only when it is the
// real token's answer.
func TestJudgeForged(t *testing.T) {
	t.Parallel()
	r := func(status int, body string) *Response { return &Response{Status: status, Body: []byte(body)} }
	for _, c := range []struct {
		real, forged *Response
		want         forgedVerdict
	}{
		{r(200, `{"data":{"id":"u1"},"error":null}`), r(200, `{"data":null,"error":"invalid token"}`), forgedRefused},
		{r(200, `{"items":[{"id":"1"}],"total":1}`), r(200, `{"items":[],"total":0}`), forgedNeither},
		{r(200, `{"id":"u1","name":"member"}`), r(200, `{"id":"u2","name":"other"}`), forgedNeither},
		{r(200, `{"id":"u1","name":"member","ts":1}`), r(200, `{"id":"u1","name":"member","ts":2}`), forgedAccepted},
		{r(200, `{"id":"u1"}`), r(401, `{"error":"x"}`), forgedRefused},
		{r(200, `{"id":"u1"}`), r(500, `oops`), forgedNeither},
		{r(200, `{"ok":true}`), r(200, `{"ok":false}`), forgedNeither},
	} {
		if got, _ := judgeForged(c.real, c.forged); got != c.want {
			t.Errorf("%s vs %s: %d, want %d", c.real.Body, c.forged.Body, got, c.want)
		}
	}
}

// TestRandomLookingTokens: per-answer random tokens of 12 to 32
// base64url characters look random (nearly always), words run together
// never do.
func TestRandomLookingTokens(t *testing.T) {
	t.Parallel()
	miss := 0
	for range 2000 {
		var b [15]byte
		_, _ = rand.Read(b[:])
		if !randomLooking(base64.RawURLEncoding.EncodeToString(b[:])) {
			miss++
		}
	}
	if miss > 40 {
		t.Errorf("%d of 2000 random 20-character tokens not random-looking", miss)
	}
	for _, w := range []string{"UserNotFound", "WrongPassword", "InvalidCredentialsError", "no_such_user_here", "wrong-password", "AccountLocked"} {
		if randomLooking(w) {
			t.Errorf("%q looks random", w)
		}
	}
}

// TestLimiterEvidence: only a falling remaining count is a limiter; one
// that reached 0 with answers still coming proves none refuses.
func TestLimiterEvidence(t *testing.T) {
	t.Parallel()
	l := func(limit, remaining int) Limiter {
		return Limiter{Limit: limit, Remaining: remaining, Window: -1, Headers: []string{"X-RateLimit-Limit: x"}}
	}
	for _, c := range []struct {
		first, last Limiter
		sent        int
		limiter     bool
		say         string
	}{
		{l(100, 99), l(100, 70), 30, true, "counts these requests"},
		{l(10, 9), l(10, 0), 30, false, "counts but does not refuse"},
		{l(10, 9), l(10, 0), 11, true, "counts these requests"}, // the 11th was the 429
		{l(-1, 9), l(-1, 0), 30, false, "counts but does not refuse"},
		{l(100, -1), l(100, -1), 30, false, "no falling remaining count"},
		{l(100, -1), l(100, -1), 2, false, "no falling remaining count"},
		{l(100, 50), l(100, 50), 30, false, "do not count"},
	} {
		say, limiter := limiterEvidence(c.first, c.last, c.sent)
		if limiter != c.limiter || !strings.Contains(say, c.say) {
			t.Errorf("%+v → %+v after %d: %v %q, want %v %q", c.first, c.last, c.sent, limiter, say, c.limiter, c.say)
		}
	}
}
