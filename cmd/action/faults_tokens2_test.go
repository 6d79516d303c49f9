package main

import (
	"crypto/rand"
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
)

// The findings of an outside tester against the token, rate-limit and
// login-enumeration probes (issue 15, second round), each against a real
// loopback server ported from the tester's harness (srv.py MODE=…).

// attackSpec is the tester's spec: GET /me behind a bearer token, a public
// POST /auth/login with the user field given.
func attackSpec(userField string) string {
	return `openapi: 3.0.0
info: {title: t, version: "1"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
security: [{bearer: []}]
paths:
  /me:
    get:
      responses: {"200": {description: ok}}
  /auth/login:
    post:
      security: []
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {` + userField + `: {type: string}, password: {type: string}}
      responses: {"200": {description: ok}}
`
}

const attackCfg = "probe:\n  allow-post: true\n  member-username: %s\n  core-flows: [/me]\n  time-budget: 30s\n"

var attackUsername = regexp.MustCompile(`^[A-Za-z0-9_]{3,20}$`)

// attackServer is srv.py: a JWT-verifying GET /me (HS256, exp; alg
// "none" refused) and a POST /auth/login answering 401, shaped by modes.
type attackServer struct {
	modes map[string]bool
	mu    sync.Mutex
	posts int
}

func newAttackServer(t *testing.T, modes ...string) (*attackServer, *httptest.Server) {
	a := &attackServer{modes: map[string]bool{}}
	for _, m := range modes {
		a.modes[m] = true
	}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	return a, srv
}

func (a *attackServer) verify(tok string) bool {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return false
	}
	hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
	var h struct{ Alg string }
	if json.Unmarshal(hb, &h) != nil || h.Alg == "none" {
		return false
	}
	if (h.Alg == "None" || h.Alg == "NONE") && a.modes["nonecase"] {
		return decodeJWT(tok, false)
	}
	return decodeJWT(tok, true)
}

func (a *attackServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4096))
	send := func(code int, s string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprint(w, s)
	}
	tok, bearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case r.URL.Path == "/":
		servePage(w)
	case r.URL.Path == "/me":
		ok := bearer && a.verify(tok)
		switch {
		case a.modes["envelope"] && bearer && ok:
			send(200, `{"data":{"id":"1"},"error":null}`)
		case a.modes["envelope"] && bearer:
			send(200, `{"data":null,"error":"invalid token"}`)
		case a.modes["items"] && bearer && ok:
			send(200, `{"items":[{"id":"1","title":"mine"}],"total":1}`)
		case a.modes["items"] && bearer:
			send(200, `{"items":[],"total":0}`)
		case ok:
			send(200, `{"id":"1","name":"member"}`)
		default:
			send(401, `{"error":"unauthorized"}`)
		}
	case r.URL.Path == "/auth/login" && r.Method == http.MethodPost && !a.modes["login404"]:
		a.mu.Lock()
		a.posts++
		n := a.posts
		a.mu.Unlock()
		var d struct{ Email, Username string }
		_ = json.Unmarshal(body, &d)
		u := d.Email + d.Username
		known := u == "alice@corp.test" || u == "alice_01"
		switch {
		case a.modes["uservalid"] && !attackUsername.MatchString(u):
			send(400, `{"error":"invalid username"}`)
			return
		case a.modes["enum_code"]:
			code := 40101
			if known {
				code = 40102
			}
			send(401, fmt.Sprintf(`{"code":%d,"message":"Invalid email or password"}`, code))
			return
		case a.modes["enum_cookie"]:
			v := 0
			if known {
				v = 1
			}
			w.Header().Set("Set-Cookie", fmt.Sprintf("lockout=%d; Path=/; HttpOnly; Secure; SameSite=Lax", v))
			send(401, `{"error":"invalid credentials"}`)
			return
		case a.modes["enum_csrf"]:
			var b [15]byte
			_, _ = rand.Read(b[:])
			send(401, fmt.Sprintf(`{"error":"invalid credentials","csrf":%q}`, base64.URLEncoding.EncodeToString(b[:])))
			return
		}
		if a.modes["slowdown"] {
			time.Sleep(min(2*time.Second, time.Duration(n-1)*300*time.Millisecond))
		}
		if a.modes["rl_zero"] {
			w.Header().Set("X-RateLimit-Limit", "10")
			w.Header().Set("X-RateLimit-Remaining", fmt.Sprint(max(0, 10-n)))
		}
		if a.modes["rl_limitonly"] {
			w.Header().Set("X-RateLimit-Limit", "100")
		}
		// The enumeration probe's two POSTs go first; the burst's
		// second request is the fourth.
		if a.modes["cut500"] && n >= 4 {
			send(500, `{"error":"boom"}`)
			return
		}
		send(401, `{"error":"invalid credentials"}`)
	default:
		send(404, `{"error":"not found"}`)
	}
}

func attackRun(t *testing.T, srv *httptest.Server, user, userField string) tokensReport {
	t.Helper()
	rep, _ := tokensRun(t, srv.URL+"/", fmt.Sprintf(attackCfg, user), map[string]string{"openapi.yaml": attackSpec(userField)}, "--member-token", faultJWT())
	return rep
}

// notRun is the reason the scorecard lists check as not run ("" when it
// does not).
func (r tokensReport) notRun(check string) string {
	for _, row := range r.Scorecard {
		for _, n := range row.Sources.NotRun {
			if n.Check == check {
				return n.Status + ": " + n.Reason
			}
		}
	}
	return ""
}

func (r tokensReport) message(rule string) string {
	for _, f := range r.Findings {
		if f.RuleID == rule {
			return f.Message
		}
	}
	return ""
}

// TestFaultTokensErrorEnvelope: an API that verifies JWTs but answers a
// bad token 200 with an error envelope ({"data":null,"error":"invalid
// token"}), or 200 with an empty list, got three critical jwt-*-accepted
// findings: only the top-level keys were compared. A forged token is
// accepted only on the real token's answer (structure, nullness, the
// member's identifiers), refused on 401/403 or an auth error named.
func TestFaultTokensErrorEnvelope(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"envelope", "items"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			_, srv := newAttackServer(t, mode)
			rep := attackRun(t, srv, "alice@corp.test", "email")
			for _, f := range rep.Findings {
				if strings.HasPrefix(f.RuleID, "live/jwt-") {
					t.Errorf("a verifying API reported: %s %s", f.RuleID, f.Message)
				}
			}
			if mode == "items" && !strings.Contains(rep.notRun("probe-tokens"), "neither accepted nor refused") {
				t.Errorf("probe-tokens: %q, want not a pass (neither accepted nor refused)", rep.notRun("probe-tokens"))
			}
		})
	}
}

// TestFaultTokensAlgNoneCase: a server refusing alg "none" but accepting
// "None" or "NONE" passed: no case variant was tried.
func TestFaultTokensAlgNoneCase(t *testing.T) {
	t.Parallel()
	_, srv := newAttackServer(t, "nonecase")
	rep := attackRun(t, srv, "alice@corp.test", "email")
	if msg := rep.message("live/jwt-alg-none-accepted"); !strings.Contains(msg, `"None"`) {
		t.Errorf("alg None accepted, finding %q; findings %+v", msg, rep.Findings)
	}
	_, srv = newAttackServer(t)
	if msg := attackRun(t, srv, "alice@corp.test", "email").message("live/jwt-alg-none-accepted"); msg != "" {
		t.Errorf("a verifying API: %s", msg)
	}
}

// TestFaultRateLimitExceededNoRefusal: X-RateLimit-Remaining reaching 0
// with answers still coming (no 429) passed as a limiter: the headers
// prove the limiter counts but does not refuse.
func TestFaultRateLimitExceededNoRefusal(t *testing.T) {
	t.Parallel()
	_, srv := newAttackServer(t, "rl_zero")
	msg := attackRun(t, srv, "alice@corp.test", "email").message("live/no-rate-limit")
	if !strings.Contains(msg, "counts but does not refuse") {
		t.Errorf("live/no-rate-limit %q, want one saying the limiter counts but does not refuse", msg)
	}
}

// TestFaultRateLimitConstantLimit: a constant X-RateLimit-Limit without a
// remaining count passed as a limiter, even when the burst was cut short
// by a 5xx after two POSTs.
func TestFaultRateLimitConstantLimit(t *testing.T) {
	t.Parallel()
	t.Run("full-burst", func(t *testing.T) {
		t.Parallel()
		_, srv := newAttackServer(t, "rl_limitonly")
		if msg := attackRun(t, srv, "alice@corp.test", "email").message("live/no-rate-limit"); !strings.Contains(msg, "no falling remaining count") {
			t.Errorf("live/no-rate-limit %q, want one: a constant limit is no limiter", msg)
		}
	})
	t.Run("cut-by-500", func(t *testing.T) {
		t.Parallel()
		_, srv := newAttackServer(t, "rl_limitonly", "cut500")
		rep := attackRun(t, srv, "alice@corp.test", "email")
		if why := rep.notRun("probe-ratelimit"); !strings.Contains(why, "answered 500") {
			t.Errorf("probe-ratelimit %q, want could not run (answered 500)", why)
		}
	})
}

// TestFaultRateLimitLoginAbsent: a login that is not there (404 to every
// POST, like any path) got a high live/no-rate-limit.
func TestFaultRateLimitLoginAbsent(t *testing.T) {
	t.Parallel()
	_, srv := newAttackServer(t, "login404")
	rep := attackRun(t, srv, "alice@corp.test", "email")
	if msg := rep.message("live/no-rate-limit"); msg != "" {
		t.Errorf("an absent login reported: %s", msg)
	}
	if why := rep.notRun("probe-ratelimit"); !strings.Contains(why, "as a random path does") {
		t.Errorf("probe-ratelimit %q, want not checked (the endpoint is not there)", why)
	}
}

// TestFaultEnumerationFalsePositives: per-answer random tokens shorter
// than 24 characters, a username validator refusing the probe's unknown
// user of another shape, and a login slowing down each attempt
// (express-slow-down, the known user always second) each gave a
// live/login-enumeration finding on a login that answers alike.
func TestFaultEnumerationFalsePositives(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ mode, user, field string }{
		{"enum_csrf", "alice@corp.test", "email"},
		{"uservalid", "alice_01", "username"},
		{"slowdown", "alice@corp.test", "email"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			a, srv := newAttackServer(t, c.mode)
			rep := attackRun(t, srv, c.user, c.field)
			if msg := rep.message("live/login-enumeration"); msg != "" {
				t.Errorf("a login answering alike reported: %s", msg)
			}
			if why := rep.notRun("probe-enumeration"); why != "" {
				t.Errorf("probe-enumeration not run: %s", why)
			}
			if a.posts < 2 {
				t.Errorf("%d login POSTs", a.posts)
			}
		})
	}
}

// TestFaultEnumerationMissed: a numeric code differing in the same key
// ({"code":40101} vs 40102) was masked away as volatile, and an identical
// body with Set-Cookie lockout=0 vs lockout=1 was never compared.
func TestFaultEnumerationMissed(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ mode, want string }{
		{"enum_code", "40101 and 40102"},
		{"enum_cookie", "the cookie lockout is set to 0 for an unknown user and 1"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			_, srv := newAttackServer(t, c.mode)
			if msg := attackRun(t, srv, "alice@corp.test", "email").message("live/login-enumeration"); !strings.Contains(msg, c.want) {
				t.Errorf("live/login-enumeration %q, want one naming %q", msg, c.want)
			}
		})
	}
}
