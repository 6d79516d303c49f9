package main

// Fault cases of the live probes' safety rules, through the CLI entry point
// run(...): same origin = scheme + host + port (redirects, tokens, config
// paths, bundles), and probes never change the target's data (allow-post
// sends only small, schema-invalid POSTs; never PUT, PATCH or DELETE).

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/probe/expresstwin"
)

// otherService is a loopback server on its own port that records every
// request it gets: the probes must send it none.
type otherService struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newOtherService(t *testing.T) *otherService {
	t.Helper()
	o := &otherService{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.seen = append(o.seen, fmt.Sprintf("%s %s (Authorization %q)", r.Method, r.URL.Path, r.Header.Get("Authorization")))
		o.mu.Unlock()
		fmt.Fprint(w, `{"other":"service"}`)
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *otherService) none(t *testing.T) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.seen) > 0 {
		t.Errorf("the other service on %s got %d request(s), want none: %q", o.URL, len(o.seen), o.seen)
	}
}

// preview is the preview on its own port; it records the Authorization
// headers it gets.
type preview struct {
	*httptest.Server
	mu   sync.Mutex
	auth []string
}

func newPreview(t *testing.T, h http.HandlerFunc) *preview {
	t.Helper()
	p := &preview{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.auth = append(p.auth, r.URL.Path+" "+r.Header.Get("Authorization"))
		p.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

type liveDoc struct {
	Scorecard []struct{ ID, Status, Reason, Note string }
	Findings  []struct {
		RuleID   string
		Location struct{ URL, Method string }
	}
	Errors []struct{ Check, Message string }
}

func parseDoc(t *testing.T, out string) liveDoc {
	t.Helper()
	var doc liveDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("the JSON report: %v\n%s", err, out)
	}
	return doc
}

const probeTokens = "mbr_Zq7xW3pLk9Ta"

// TestFaultProbeRedirectToOtherPort: the preview redirects to the same
// host on another port, by absolute and by scheme-relative URL. That is
// another service: it gets no request (and no token), and no finding
// describes it.
func TestFaultProbeRedirectToOtherPort(t *testing.T) {
	t.Parallel()
	for _, form := range []string{"absolute", "scheme-relative"} {
		t.Run(form, func(t *testing.T) {
			t.Parallel()
			other := newOtherService(t)
			loc := other.URL + "/"
			if form == "scheme-relative" {
				loc = "//" + strings.TrimPrefix(other.URL, "http://") + "/"
			}
			pv := newPreview(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", loc+strings.TrimPrefix(r.URL.Path, "/"))
				w.WriteHeader(http.StatusFound)
			})
			repo := repoWith(t, map[string]string{".launchready.yml": "probe:\n  core-flows: [/api/feed]\n  latency-samples: 2\n"})
			res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", pv.URL, "--allow-loopback",
				"--member-token", probeTokens, "--admin-token", probeTokens+"adm", "--format", "json")
			other.none(t)
			doc := parseDoc(t, res.stdout)
			for _, f := range doc.Findings {
				if strings.Contains(f.Location.URL, other.URL) || strings.Contains(f.Location.URL, strings.TrimPrefix(other.URL, "http://")) {
					t.Errorf("a finding describes the other service: %+v", f)
				}
			}
			// The page probes that needed GET / say why they could not run.
			said := false
			for _, e := range doc.Errors {
				if strings.Contains(e.Message, "redirects to another origin") && strings.Contains(e.Message, other.URL) {
					said = true
				}
			}
			if !said {
				t.Errorf("no check says the preview redirects to another origin; errors: %+v", doc.Errors)
			}
		})
	}
}

// TestFaultProbeRedirectWithCredentials: a redirect to
// http://user:pw@host:port/ (another port, or the preview's own) is never
// followed, so no Basic credentials are sent anywhere.
func TestFaultProbeRedirectWithCredentials(t *testing.T) {
	t.Parallel()
	other := newOtherService(t)
	otherHost := strings.TrimPrefix(other.URL, "http://")
	var pv *preview
	pv = newPreview(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Location", "http://launchready:pw@"+otherHost+"/")
			w.WriteHeader(http.StatusFound)
		default:
			w.Header().Set("Location", "http://launchready:pw@"+strings.TrimPrefix(pv.URL, "http://")+"/landed")
			w.WriteHeader(http.StatusFound)
		}
	})
	repo := repoWith(t, nil)
	res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", pv.URL, "--allow-loopback", "--member-token", probeTokens, "--format", "json")
	other.none(t)
	pv.mu.Lock()
	defer pv.mu.Unlock()
	for _, a := range pv.auth {
		if strings.HasPrefix(a, "/landed") || strings.Contains(a, "Basic ") {
			t.Errorf("a redirect with credentials was followed: %s", a)
		}
	}
	if !strings.Contains(res.stdout, "a URL with credentials") || strings.Contains(res.stdout, "launchready:pw") {
		t.Errorf("the report should say the redirect carries credentials, without them:\n%s", res.stdout)
	}
}

// TestFaultProbeConfigPathsOffOrigin: probe.core-flows, probe.health and
// probe.rate-limit-endpoints naming another port ("//127.0.0.1:B/x" or an
// absolute URL) send nothing there, and above all not the member token.
// The config loader may reject them (exit 2); otherwise the checks say
// they were not checked, naming the entry.
func TestFaultProbeConfigPathsOffOrigin(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct{ check, cfg string }{
		"core-flows":      {"probe-latency", "probe:\n  core-flows: [/api/feed, \"//{otherHost}/api/feed\"]\n  latency-samples: 2\n"},
		"absolute":        {"probe-latency", "probe:\n  core-flows: [\"{other}/api/feed\"]\n  latency-samples: 2\n"},
		"health":          {"probe-health", "probe:\n  health: \"//{otherHost}/health\"\n"},
		"rate-limit-post": {"probe-ratelimit", "probe:\n  allow-post: true\n  rate-limit-endpoints:\n    - {method: POST, path: \"//{otherHost}/auth/login\", body: '{}'}\n"},
		"rate-limit-get":  {"probe-ratelimit", "probe:\n  rate-limit-endpoints:\n    - {method: GET, path: \"//{otherHost}/otp\"}\n"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			other := newOtherService(t)
			pv := newPreview(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `[]`) })
			cfg := strings.NewReplacer("{other}", other.URL, "{otherHost}", strings.TrimPrefix(other.URL, "http://")).Replace(c.cfg)
			repo := repoWith(t, map[string]string{".launchready.yml": cfg})
			res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", pv.URL, "--allow-loopback",
				"--member-token", probeTokens, "--admin-token", probeTokens+"adm", "--check", c.check, "--format", "json")
			other.none(t)
			if res.code == exitUsage {
				return // refused when the config was loaded
			}
			if !strings.Contains(res.stdout, "is not a path on the preview's origin") {
				t.Errorf("exit %d; the report does not say the entry is off the preview's origin:\n%s\n%s", res.code, res.stdout, res.stderr)
			}
		})
	}
}

// TestFaultProbeBundleOnOtherOrigin: the page loads one script from its own
// origin and one from another port; only the first is fetched, and the
// report names the one skipped.
func TestFaultProbeBundleOnOtherOrigin(t *testing.T) {
	t.Parallel()
	other := newOtherService(t)
	pv := newPreview(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<!doctype html><script src="/app.js"></script><script src="%s/vendor.js"></script><script src="//%s/cdn.js"></script>`,
				other.URL, strings.TrimPrefix(other.URL, "http://"))
		case "/app.js":
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprintf(w, "fetch('/api');\n//# sourceMappingURL=%s/app.js.map", other.URL)
		default:
			http.NotFound(w, r)
		}
	})
	repo := repoWith(t, nil)
	res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", pv.URL, "--allow-loopback", "--member-token", probeTokens, "--check", "probe-client", "--format", "json")
	other.none(t)
	pv.mu.Lock()
	fetched := strings.Join(pv.auth, "\n")
	pv.mu.Unlock()
	if !strings.Contains(fetched, "/app.js") {
		t.Errorf("the same-origin bundle was not fetched:\n%s", fetched)
	}
	if !strings.Contains(res.stdout, "not fetched, being on another origin") || !strings.Contains(res.stdout, other.URL+"/vendor.js") || !strings.Contains(res.stdout, other.URL+"/app.js.map") {
		t.Errorf("the report does not name the scripts skipped on another origin:\n%s", res.stdout)
	}
}

// twinLine is one request the Express twin logged.
type twinLine struct {
	Method, Path   string
	Length, Status int
}

type twinState struct {
	Users, Books, PasswordChanges int
	Digest                        string
}

func getState(t *testing.T, base string) twinState {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(base + "/__test/state")
	if err != nil {
		t.Fatalf("the twin does not answer: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var st twinState
	if err := json.Unmarshal(body, &st); err != nil || resp.StatusCode != 200 || st.Digest == "" {
		t.Fatalf("the twin's state: %d %s (%v)", resp.StatusCode, body, err)
	}
	return st
}

// TestFaultProbeAllowPostNeverWrites runs a whole allow-post probe run
// through the CLI against the Express twin, which has a real in-memory
// store with POST, PUT, PATCH and DELETE on /api/users and /api/books, a
// login and a password change, all declared in the spec. The vulnerable
// mode checks only the types of a body, so any valid body, of any size,
// changes data. After the run the rows are exactly as before, the twin
// received no PUT, PATCH or DELETE, every POST body was at most 4 KiB,
// POST bursts went only to the login endpoint, and the twin still answers.
func TestFaultProbeAllowPostNeverWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node")
	}
	t.Parallel()
	node := expresstwin.Need(t)
	spec, err := os.ReadFile(filepath.Join(expresstwin.Dir(), "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(expresstwin.Dir(), "launchready.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cfg), "allow-post: true") {
		t.Fatal("the twin's config no longer sets allow-post")
	}
	// One twin at a time: the machine's other tests time latencies.
	for _, c := range [][2]string{{"vulnerable", "configured-burst"}, {"vulnerable", "recognised-burst"}, {"vulnerable", "write-named-as-burst"}, {"hardened", "configured-burst"}} {
		mode, variant := c[0], c[1]
		t.Run(mode+"/"+variant, func(t *testing.T) {
			conf := string(cfg)
			if variant == "recognised-burst" {
				// No rate-limit-endpoints: the probe picks the login
				// endpoint from the spec itself.
				conf = strings.Split(conf, "  rate-limit-endpoints:")[0] + "  object-ids:" + strings.Split(conf, "  object-ids:")[1]
			}
			if variant == "write-named-as-burst" {
				// The repository's config names a create endpoint, with
				// a valid body, as a login to burst: refused.
				conf = strings.Replace(conf, `{method: POST, path: /auth/login, body: '{"email":"nobody@example.invalid","password":"wrong"}'}`,
					`{method: POST, path: /api/users, body: '{"email":"burst@example.invalid","name":"Burst"}'}`, 1)
				if !strings.Contains(conf, "path: /api/users") {
					t.Fatal("the twin's rate-limit-endpoints changed; update this test")
				}
			}
			repo := repoWith(t, map[string]string{"openapi.yaml": string(spec), ".launchready.yml": conf})
			logFile := filepath.Join(t.TempDir(), "requests.jsonl")
			base := "http://127.0.0.1:" + expresstwin.Start(t, node, expresstwin.Options{Mode: mode, RequestLog: logFile})
			before := getState(t, base)
			res := runCLI(t, nil, "--repo", repo.Dir, "--worktree", "--url", base, "--allow-loopback",
				"--member-token", expresstwin.MemberJWT(), "--admin-token", "admin-token-1", "--format", "json")
			if res.code != exitFindings && res.code != exitOK {
				t.Errorf("exit %d; stderr:\n%s", res.code, res.stderr)
			}
			after := getState(t, base)
			if after != before {
				t.Errorf("the probe run changed the twin's data: before %+v, after %+v", before, after)
			}
			lines := readTwinLog(t, logFile)
			posts := map[string]int{}
			for _, l := range lines {
				switch l.Method {
				case "GET", "HEAD", "OPTIONS":
					if l.Length != 0 {
						t.Errorf("%s %s with a %d-byte body", l.Method, l.Path, l.Length)
					}
				case "POST":
					posts[l.Path]++
					if l.Length > 4<<10 {
						t.Errorf("POST %s with a %d-byte body, want at most 4 KiB", l.Path, l.Length)
					}
				default:
					t.Errorf("the twin received %s %s", l.Method, l.Path)
				}
			}
			// The run really used allow-post: invalid bodies to each
			// write endpoint, and the burst to the login endpoint.
			for _, p := range []string{"/api/users", "/api/books", "/auth/password"} {
				if posts[p] == 0 || posts[p] > 3 {
					t.Errorf("POST %s: %d requests, want 1 to 3 invalid bodies", p, posts[p])
				}
			}
			// The login also gets the enumeration probe's two POSTs
			// (an unknown user, and the member with a wrong password).
			if variant == "write-named-as-burst" {
				if posts["/auth/login"] != 2 || !strings.Contains(res.stdout, "POST /api/users is not sent: a POST burst goes only to a login") {
					t.Errorf("the burst named on POST /api/users is not refused with a reason (%d POSTs to /auth/login, want the 2 of the enumeration probe)", posts["/auth/login"])
				}
			} else if posts["/auth/login"] < 3 || posts["/auth/login"] > 30+2 {
				t.Errorf("POST /auth/login: %d requests, want 2 enumeration POSTs and a burst of at most 30", posts["/auth/login"])
			}
			for p, n := range posts {
				if n > 3 && p != "/auth/login" {
					t.Errorf("a POST burst of %d went to %s, which is not a login-type endpoint", n, p)
				}
			}
			doc := parseDoc(t, res.stdout)
			for _, r := range doc.Scorecard {
				if r.ID == "input-validation" && r.Status == "not-checked" {
					t.Errorf("input validation not checked: %s", r.Reason)
				}
			}
		})
	}
}

func readTwinLog(t *testing.T, path string) []twinLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the twin's request log: %v", err)
	}
	defer f.Close()
	var out []twinLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l twinLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, l)
	}
	if len(out) < 20 {
		t.Fatalf("the twin logged only %d requests", len(out))
	}
	return out
}
