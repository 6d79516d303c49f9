package main

import (
	"crypto/hmac"
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
)

// The token, cookie, rate-limit, latency and login-enumeration faults of
// the live probes (issue 15). Each case runs the CLI against a real
// loopback server.

const faultJWTKey = "faults-tokens-key"

// faultJWT is a real HS256 JWT for member 1, valid for an hour.
func faultJWT() string {
	enc := base64.RawURLEncoding.EncodeToString
	h := enc([]byte(`{"alg":"HS256","typ":"JWT"}`))
	p := enc([]byte(fmt.Sprintf(`{"sub":"1","exp":%d}`, time.Now().Add(time.Hour).Unix())))
	m := hmac.New(sha256.New, []byte(faultJWTKey))
	m.Write([]byte(h + "." + p))
	return h + "." + p + "." + enc(m.Sum(nil))
}

// jwtServer serves GET /api/me to the member's JWT. verify checks the
// signature (HS256 only) and exp; otherwise the token is only decoded, as
// jwt.decode does. It records every bearer token it got, and echoes it in
// its answers (a debug header and the body), as careless APIs do.
type jwtServer struct {
	mu     sync.Mutex
	tokens []string
}

func (j *jwtServer) handler(verify bool, cookie string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, bearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if bearer {
			j.mu.Lock()
			j.tokens = append(j.tokens, tok)
			j.mu.Unlock()
			w.Header().Set("X-Debug-Token", tok)
		}
		if r.URL.Path == "/" {
			servePage(w)
			return
		}
		if r.URL.Path != "/api/me" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if !bearer || !decodeJWT(tok, verify) {
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error":"bad token %s"}`, tok)
			return
		}
		if cookie != "" {
			w.Header().Add("Set-Cookie", cookie)
		}
		fmt.Fprint(w, `{"id":"1","email":"ana@example.test"}`)
	}
}

func decodeJWT(tok string, verify bool) bool {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return false
	}
	hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
	pb, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var h struct{ Alg string }
	var c struct {
		Sub string
		Exp int64
	}
	if json.Unmarshal(hb, &h) != nil || json.Unmarshal(pb, &c) != nil || c.Sub != "1" {
		return false
	}
	if !verify {
		return true
	}
	m := hmac.New(sha256.New, []byte(faultJWTKey))
	m.Write([]byte(parts[0] + "." + parts[1]))
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	return h.Alg == "HS256" && hmac.Equal(sig, m.Sum(nil)) && c.Exp > time.Now().Unix()
}

type tokensReport struct {
	Scorecard []struct {
		ID, Status, Reason, Note string
		Sources                  struct {
			NotRun []struct{ Check, Status, Reason string }
		}
	}
	Findings []struct {
		RuleID, Message string
		Location        struct{ URL, Method string }
	}
}

func tokensRun(t *testing.T, url, cfg string, files map[string]string, extra ...string) (tokensReport, result) {
	t.Helper()
	all := map[string]string{".launchready.yml": cfg}
	for k, v := range files {
		all[k] = v
	}
	repo := repoWith(t, all)
	args := append([]string{"--repo", repo.Dir, "--url", url, "--allow-loopback", "--format", "json", "--fail-on", "critical"}, extra...)
	res := runCLI(t, nil, args...)
	var rep tokensReport
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("exit %d, no JSON report (%v); stderr:\n%s", res.code, err, res.stderr)
	}
	return rep, res
}

// tokensRunRaw is tokensRun for any output format.
func tokensRunRaw(t *testing.T, url, cfg string, extra ...string) (struct{}, result) {
	t.Helper()
	repo := repoWith(t, map[string]string{".launchready.yml": cfg})
	args := append([]string{"--repo", repo.Dir, "--url", url, "--allow-loopback", "--fail-on", "critical"}, extra...)
	return struct{}{}, runCLI(t, nil, args...)
}

func (r tokensReport) rules() map[string]int {
	out := map[string]int{}
	for _, f := range r.Findings {
		out[f.RuleID]++
	}
	return out
}

// TestFaultProbeForgedTokens: an API that decodes the member's JWT without
// verifying it (alg none, any signature, any exp) passed every probe: only
// the real token was ever sent. The forged copies go to GET /api/me, which
// accepts the real token and refuses none, each acceptance is critical,
// and no forged token appears in any output, though the API echoes every
// token it gets. An API that verifies them has no such finding.
func TestFaultProbeForgedTokens(t *testing.T) {
	t.Parallel()
	cfg := "probe:\n  core-flows: [/api/me]\n"
	for _, verify := range []bool{false, true} {
		t.Run(fmt.Sprintf("verify=%v", verify), func(t *testing.T) {
			t.Parallel()
			j := &jwtServer{}
			srv := httptest.NewServer(j.handler(verify, ""))
			t.Cleanup(srv.Close)
			member := faultJWT()
			for _, format := range []string{"json", "text", "sarif"} {
				_, res := tokensRunRaw(t, srv.URL+"/", cfg, "--member-token", member, "--format", format)
				j.mu.Lock()
				sent := append([]string(nil), j.tokens...)
				j.mu.Unlock()
				forged := 0
				for _, tok := range sent {
					if tok == member {
						continue
					}
					forged++
					for _, part := range append([]string{tok}, strings.Split(tok, ".")[2]) {
						if len(part) >= 16 && (strings.Contains(res.stdout, part) || strings.Contains(res.stderr, part)) {
							t.Errorf("%s: a forged token (or its signature) appears in the output", format)
						}
					}
				}
				if forged < 3 {
					t.Errorf("%s: %d forged tokens sent, want 3", format, forged)
				}
			}
			rep, _ := tokensRun(t, srv.URL+"/", cfg, nil, "--member-token", member)
			got := rep.rules()
			for _, r := range []string{"live/jwt-alg-none-accepted", "live/jwt-bad-signature-accepted", "live/jwt-expired-accepted"} {
				if verify && got[r] > 0 || !verify && got[r] != 1 {
					t.Errorf("verify=%v: %s %d times; findings %+v", verify, r, got[r], rep.Findings)
				}
			}
		})
	}
}

// TestFaultProbeTokensOpaque: an opaque member token cannot be forged: the
// token check is not checked, with the reason, and does not make the
// Authentication row pass.
func TestFaultProbeTokensOpaque(t *testing.T) {
	t.Parallel()
	j := &jwtServer{}
	srv := httptest.NewServer(j.handler(true, ""))
	t.Cleanup(srv.Close)
	rep, _ := tokensRun(t, srv.URL+"/", "probe:\n  core-flows: [/api/me]\n", nil, "--member-token", "opaque-member-token-1")
	for _, r := range rep.Scorecard {
		if r.ID != "authentication" {
			continue
		}
		for _, n := range r.Sources.NotRun {
			if n.Check == "probe-tokens" && strings.Contains(n.Reason, "is not a JWT") {
				return
			}
		}
		t.Errorf("authentication row %s (%s): probe-tokens not listed as not checked with the reason; %+v", r.Status, r.Reason, r.Sources)
		return
	}
	t.Error("no authentication row")
}

// TestFaultProbeCookieOnTokenAnswer: an API that sets its session cookie
// (no Secure, no HttpOnly, no SameSite) only on the first answer to a
// request with the member token was never judged: only GET / without
// credentials was. Now the cookie is judged once, with that answer as the
// evidence.
func TestFaultProbeCookieOnTokenAnswer(t *testing.T) {
	t.Parallel()
	j := &jwtServer{}
	srv := httptest.NewServer(j.handler(true, "sid=0123456789abcdef; Path=/"))
	t.Cleanup(srv.Close)
	rep, _ := tokensRun(t, srv.URL+"/", "probe:\n  core-flows: [/api/me]\n", nil, "--member-token", faultJWT())
	got := rep.rules()
	for _, r := range []string{"live/cookie-not-secure", "live/cookie-not-httponly", "live/cookie-no-samesite"} {
		if got[r] != 1 {
			t.Errorf("%s: %d findings, want 1: %+v", r, got[r], rep.Findings)
		}
	}
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.RuleID, "live/cookie-") && (!strings.HasSuffix(f.Location.URL, "/api/me") || !strings.Contains(f.Message, "/api/me with the member token")) {
			t.Errorf("%s: evidence %s %q, want the answer to GET /api/me", f.RuleID, f.Location.URL, f.Message)
		}
	}
}

// TestFaultProbeRateLimitHeaders: a login whose limiter allows 100 attempts
// a minute, and says so in the IETF RateLimit headers on every answer
// (the remaining count going down), was reported as having no rate limit
// after the 30-request burst. The headers are evidence of a limiter; a
// login without them is still reported, with the requests actually sent.
func TestFaultProbeRateLimitHeaders(t *testing.T) {
	t.Parallel()
	for _, headers := range []bool{true, false} {
		t.Run(fmt.Sprintf("headers=%v", headers), func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/" {
					servePage(w)
					return
				}
				if r.URL.Path != "/auth/login" || r.Method != http.MethodPost {
					http.NotFound(w, r)
					return
				}
				mu.Lock()
				n++
				left := 100 - n
				mu.Unlock()
				if headers {
					w.Header().Set("RateLimit-Policy", `"login";q=100;w=60`)
					w.Header().Set("RateLimit", fmt.Sprintf(`"login";r=%d;t=60`, left))
				}
				w.WriteHeader(401)
			}))
			t.Cleanup(srv.Close)
			cfg := "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - {method: POST, path: /auth/login, body: '{\"email\":\"x@example.invalid\",\"password\":\"wrong\"}'}\n"
			rep, _ := tokensRun(t, srv.URL+"/", cfg, nil)
			var msg string
			for _, f := range rep.Findings {
				if f.RuleID == "live/no-rate-limit" {
					msg = f.Message
				}
			}
			if headers && msg != "" {
				t.Errorf("a limiter announced in RateLimit headers reported as none: %s", msg)
			}
			if !headers && !strings.Contains(msg, "accepted 30 requests") {
				t.Errorf("no limiter: finding %q, want one naming the 30 requests sent", msg)
			}
		})
	}
}

// TestFaultProbeLatencyAfterOthers: the latency probe timed the core flow
// while the other probes ran in parallel, so a server that answers the
// flow in a millisecond, but one request at a time, got a p95 inflated by
// the others' requests, and a false slow-core-flow finding. It now runs
// last, alone, and says how many samples it took.
func TestFaultProbeLatencyAfterOthers(t *testing.T) {
	t.Parallel()
	var one sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// One request at a time, as a single-threaded app serves them.
		one.Lock()
		defer one.Unlock()
		if r.URL.Path == "/api/feed" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `[{"id":1}]`)
			return
		}
		time.Sleep(25 * time.Millisecond) // any other page is slow
		if r.URL.Path == "/" {
			servePage(w)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	rep, _ := tokensRun(t, srv.URL+"/", "probe:\n  core-flows: [/api/feed]\n  latency-samples: 20\n  p95-ms: 20\n", nil)
	for _, f := range rep.Findings {
		if f.RuleID == "live/slow-core-flow" {
			t.Errorf("the core flow was timed while other probes ran: %s", f.Message)
		}
	}
	for _, r := range rep.Scorecard {
		if r.ID == "latency" && (r.Status != "pass" || !strings.Contains(r.Note, "over 20 samples")) {
			t.Errorf("latency row %s %q %q, want a pass saying how many samples were taken", r.Status, r.Reason, r.Note)
		}
	}
}

// TestFaultProbeLoginEnumeration: a login that answers 404 "no such user"
// to an unknown email and 401 "wrong password" to a known one lets anyone
// list the accounts; with allow-post exactly two POSTs go to it, with
// credentials that cannot succeed, and the difference is a finding. A
// login answering both alike has none; without probe.member-username the
// check is not checked, and sends nothing.
func TestFaultProbeLoginEnumeration(t *testing.T) {
	t.Parallel()
	spec := `openapi: 3.0.3
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
              properties:
                email: {type: string}
                password: {type: string}
      responses: {"401": {description: wrong}}
`
	for _, c := range []struct {
		name      string
		leaky     bool
		cfg       string
		wantPosts int
	}{
		{"leaky", true, "probe:\n  allow-post: true\n  member-username: ana@example.test\n", 2},
		{"alike", false, "probe:\n  allow-post: true\n  member-username: ana@example.test\n", 2},
		{"no-known-user", true, "probe:\n  allow-post: true\n", 0},
		{"no-allow-post", true, "probe:\n  member-username: ana@example.test\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var bodies []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/" {
					servePage(w)
					return
				}
				if r.URL.Path != "/auth/login" || r.Method != http.MethodPost {
					http.NotFound(w, r)
					return
				}
				b, _ := io.ReadAll(io.LimitReader(r.Body, 8192))
				// The rate-limit burst goes here too (its own
				// unknown user and wrong password): only the
				// enumeration probe's attempts are counted.
				if !strings.Contains(string(b), "not-the-password-0") {
					mu.Lock()
					bodies = append(bodies, string(b))
					mu.Unlock()
				}
				var v struct{ Email, Password string }
				_ = json.Unmarshal(b, &v)
				w.Header().Set("Content-Type", "application/json")
				switch {
				case v.Password == "the-real-password":
					w.WriteHeader(200) // never sent
				case c.leaky && v.Email != "ana@example.test":
					w.WriteHeader(404)
					fmt.Fprint(w, `{"error":"no such user"}`)
				default:
					w.WriteHeader(401)
					fmt.Fprint(w, `{"error":"wrong email or password"}`)
				}
			}))
			t.Cleanup(srv.Close)
			rep, _ := tokensRun(t, srv.URL+"/", c.cfg, map[string]string{"openapi.yaml": spec})
			mu.Lock()
			defer mu.Unlock()
			if len(bodies) != c.wantPosts {
				t.Errorf("%d POSTs to the login (%q), want %d", len(bodies), bodies, c.wantPosts)
			}
			for _, b := range bodies {
				if !strings.Contains(b, `"password":"launchready-wrong-`) {
					t.Errorf("a login body %q without the probe's wrong password", b)
				}
			}
			// An unknown user of the known one's shape (three
			// letters at the same domain) and the known one, in a
			// random order.
			if len(bodies) == 2 {
				known, other := bodies[0], bodies[1]
				if !strings.Contains(known, `"ana@example.test"`) {
					known, other = other, known
				}
				if !strings.Contains(known, `"ana@example.test"`) || !regexp.MustCompile(`"email":"[a-z]{3}@example\.test"`).MatchString(other) || strings.Contains(other, "ana@") {
					t.Errorf("bodies %q: want an unknown user of the known one's shape and the known one", bodies)
				}
			}
			got := rep.rules()["live/login-enumeration"]
			if c.name == "leaky" && got != 1 || c.name != "leaky" && got != 0 {
				t.Errorf("%d login-enumeration findings: %+v", got, rep.Findings)
			}
			if c.wantPosts == 0 {
				found := false
				for _, r := range rep.Scorecard {
					for _, n := range r.Sources.NotRun {
						found = found || n.Check == "probe-enumeration"
					}
				}
				if !found {
					t.Error("probe-enumeration is not listed as not checked")
				}
			}
		})
	}
}
