package probe

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/gitrepo"
	"github.com/launchready/launchready/internal/gitrepo/fixture"
	"github.com/launchready/launchready/internal/localtls"
	"github.com/launchready/launchready/internal/probe/expresstwin"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/secrets"
	"github.com/launchready/launchready/internal/testutil"
)

// expressDir holds the Express twin: a real Express 5 app with the real
// cors, helmet, express-session and express-rate-limit packages from npm.
var expressDir = expresstwin.Dir()

// startExpress starts the twin in mode on 127.0.0.1 over HTTPS with a
// certificate from ca, and returns its base URL.
func startExpress(t testing.TB, node, mode string, ca *testCA, clientKey string) string {
	t.Helper()
	dir := t.TempDir()
	leaf := ca.leaf(t, "127.0.0.1", time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour), false)
	certPEM, keyPEM, err := localtls.PEMFiles(leaf)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	port := expresstwin.Start(t, node, expresstwin.Options{Mode: mode, CertFile: certFile, KeyFile: keyFile, ClientKey: clientKey})
	return "https://127.0.0.1:" + port
}

// expressRepo is a repository with the twin's spec and probe settings.
func expressRepo(t testing.TB) string {
	t.Helper()
	spec, err := os.ReadFile(filepath.Join(expressDir, "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(expressDir, "launchready.yml"))
	if err != nil {
		t.Fatal(err)
	}
	r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
	r.Write("openapi.yaml", string(spec))
	r.Write(".launchready.yml", string(cfg))
	r.Commit("twin")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r.Dir
}

// runAll runs every probe check against base, in order, and returns the
// results by check id and the client's request count.
func runAll(t testing.TB, repo, base string, ca *testCA) (map[string]check.Result, RunStats) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repo, ".launchready.yml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Decode(raw, ".launchready.yml")
	if err != nil {
		t.Fatal(err)
	}
	in := &check.Input{Repo: repo, Scan: check.Scan{Mode: check.ModeWorktree}, Config: cfg, Now: time.Now(), Secrets: &redact.Set{}, Detector: secrets.NewDetector(gitrepo.WorktreeSource{Root: repo}, cfg),
		Live: &check.LiveTarget{URL: base, MemberToken: expresstwin.MemberJWT(), AdminToken: "admin-token-1", AllowLoopback: true, CACertPEM: ca.pem}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out := map[string]check.Result{}
	run := NewRun(nil)
	// In report order, each check once those it runs after (Meta.After)
	// are done, as the pipeline runs them.
	checks := run.Checks()
	for len(out) < len(checks) {
		for _, c := range checks {
			m := c.Meta()
			if _, done := out[m.ID]; done {
				continue
			}
			ready := true
			for _, a := range m.After {
				_, done := out[a]
				ready = ready && done
			}
			if ready {
				out[m.ID] = c.Run(ctx, in)
			}
		}
	}
	st, _ := run.Stats(in)
	return out, st
}

func renderAll(res map[string]check.Result, base string) string {
	var ids []string
	for id := range res {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	for _, id := range ids {
		r := res[id]
		fmt.Fprintf(&b, "%s: %s %s\n", id, r.Status, r.Reason)
		var lines []string
		for _, f := range r.Findings {
			lines = append(lines, fmt.Sprintf("  [%s] %s %s %s: %s", f.Severity, f.RuleID, f.Location.Method, f.Location.URL, f.Message))
		}
		sort.Strings(lines)
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	out := strings.ReplaceAll(b.String(), base, "{base}")
	out = strings.ReplaceAll(out, strings.TrimPrefix(base, "https://"), "{host}")
	out = regexp.MustCompile(`\d+(\.\d+)? ?(ms|µs|ns|s)\b`).ReplaceAllString(out, "{duration}")
	out = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).ReplaceAllString(out, "{date}")
	out = randomProbePath.ReplaceAllString(out, "/launchready-probe-{random}")
	// The runtime's versions are the machine's.
	out = regexp.MustCompile(`\b(node|express) \d+(\.\d+)+`).ReplaceAllString(out, "$1 {version}")
	// Node's stack frames carry the checkout's absolute path.
	out = regexp.MustCompile(`\("at Layer[^"]*"\)`).ReplaceAllString(out, `("at Layer.handleRequest ({path})")`)
	out = regexp.MustCompile(`\("at ([A-Za-z_.]+) \(/[^"]*"\)`).ReplaceAllString(out, `("at $1 ({path})")`)
	return out
}

// TestExpressTwin probes the real Express app in both modes: the
// vulnerable one must produce the expected findings (compared, with their
// messages, to a golden file), the hardened one none at all, and every
// check must have run in both.
func TestExpressTwin(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node")
	}
	node := expresstwin.Need(t)
	ca := newCA(t)
	key := fixture.FakeToken("sk_live_", "express-twin", 24)
	repo := expressRepo(t)
	for _, mode := range []string{"vulnerable", "hardened"} {
		t.Run(mode, func(t *testing.T) {
			base := startExpress(t, node, mode, ca, key)
			res, st := runAll(t, repo, base, ca)
			t.Logf("%s: %d requests, per check: %v", mode, st.Total, st.Requests)
			if st.Total == 0 || st.Total > 300 {
				t.Errorf("the probes sent %d requests; want 1 to 300", st.Total)
			}
			got := renderAll(res, base)
			if strings.Contains(got, key) {
				t.Errorf("the leaked key appears unredacted in the findings:\n%s", got)
			}
			testutil.Golden(t, filepath.Join(expressDir, mode+".golden"), got, *update)
			if mode == "vulnerable" {
				found := map[string]bool{}
				for _, r := range res {
					for _, f := range r.Findings {
						found[f.RuleID] = true
					}
				}
				// Each mistake the issue lists for the vulnerable mode.
				for _, id := range []string{"live/cors-reflected-origin-with-credentials", "live/security-headers", "live/cookie-not-secure",
					"live/cookie-not-httponly", "live/no-rate-limit", "live/member-reaches-admin", "live/bola", "live/server-error-on-bad-input",
					"live/stack-trace-exposed", "live/exposed-file", "live/secret-in-client", "live/source-map-exposed",
					"live/debug-endpoint-exposed", "live/backup-exposed", "live/version-disclosed",
					"live/jwt-alg-none-accepted", "live/jwt-bad-signature-accepted", "live/jwt-expired-accepted", "live/login-enumeration"} {
					if !found[id] {
						t.Errorf("the vulnerable twin did not produce %s", id)
					}
				}
			}
			for id, r := range res {
				if r.Status != check.StatusRan {
					t.Errorf("%s: status %s (%s); want ran", id, r.Status, r.Reason)
				}
				if mode == "hardened" && len(r.Findings) > 0 {
					t.Errorf("%s: the hardened twin has findings:\n%s", id, got)
				}
			}
		})
	}
}

// BenchmarkExpressTwin is bench/probe.sh: one whole probe run per
// iteration against the vulnerable twin (the mode that exercises every
// check), with the default latency sample count. It reports wall time and
// requests per run, the requests and time per check, and fails when two
// runs disagree.
func BenchmarkExpressTwin(b *testing.B) {
	node := expresstwin.Need(b)
	ca := newCA(b)
	key := fixture.FakeToken("sk_live_", "express-twin", 24)
	repo := expressRepo(b)
	raw, err := os.ReadFile(filepath.Join(repo, ".launchready.yml"))
	if err != nil {
		b.Fatal(err)
	}
	// The default sample count (20), as a user's run would have.
	noSamples := regexp.MustCompile(`(?m)^\s*latency-samples:.*\n`).ReplaceAll(raw, nil)
	if err := os.WriteFile(filepath.Join(repo, ".launchready.yml"), noSamples, 0o600); err != nil {
		b.Fatal(err)
	}
	base := startExpress(b, node, "vulnerable", ca, key)
	var first string
	var maxReq int
	var worst time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		res, st := runAll(b, repo, base, ca)
		wall := time.Since(start)
		got := renderAll(res, base)
		if i == 0 {
			first = got
		} else if got != first {
			b.Fatalf("run %d differs from run 1:\n--- run 1\n%s\n--- run %d\n%s", i+1, first, i+1, got)
		}
		maxReq = max(maxReq, st.Total)
		worst = max(worst, wall)
		var ids []string
		for id := range st.Requests {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var rows strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&rows, "\n  %-16s %4d requests %8.0f ms", id, st.Requests[id], float64(st.Elapsed[id].Microseconds())/1000)
		}
		b.Logf("run %d: %.2f s wall, %d requests, %d findings%s", i+1, wall.Seconds(), st.Total, strings.Count(got, "\n  ["), rows.String())
	}
	b.ReportMetric(float64(maxReq), "requests/run")
	b.ReportMetric(worst.Seconds(), "worst-s/run")
}

// TestExpressTwinDiscovery: the vulnerable twin without its spec. The
// shop client's API (main.js) and robots.txt are found, said in the
// notes, and probed within the request cap.
func TestExpressTwinDiscovery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node")
	}
	node := expresstwin.Need(t)
	ca := newCA(t)
	r := fixture.Init(filepath.Join(t.TempDir(), "repo"))
	r.Write(".launchready.yml", "probe:\n  expect-cdn: none\n")
	r.Commit("no spec")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	base := startExpress(t, node, "vulnerable", ca, fixture.FakeToken("sk_live_", "express-twin", 24))
	res, st := runAll(t, r.Dir, base, ca)
	t.Logf("without a spec: %d requests, per check: %v", st.Total, st.Requests)
	if st.Total == 0 || st.Total > 300 {
		t.Errorf("the probes sent %d requests; want 1 to 300", st.Total)
	}
	notes := strings.Join(res["probe-authn"].Notes, "\n")
	if !strings.Contains(notes, "endpoint discovery: 7 path(s) beyond the spec's or the built-in ones (6 from bundle, 1 from robots.txt); 1 with a path parameter, not requested (no id is guessed)") {
		t.Errorf("the notes do not say what discovery found:\n%s", notes)
	}
	got := renderAll(res, base)
	for _, want := range []string{
		"live/unauthenticated-access GET {base}/rest/admin/application-version",
		"live/stack-trace-exposed GET {base}/rest/products/search?q=",
		"live/directory-listing GET {base}/ftp/",
		"live/version-disclosed GET {base}/rest/admin/application-version",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s without a spec:\n%s", want, got)
		}
	}
	if strings.Contains(got, "unauthenticated-access GET {base}/rest/user/whoami") {
		t.Errorf("whoami's empty {\"user\":{}} is reported as data:\n%s", got)
	}
}
