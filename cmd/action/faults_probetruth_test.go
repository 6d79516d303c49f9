package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The probe truth faults: a probe check passes only on answers it got. A
// check cut short by a budget, or whose targets answered 5xx, timed out or
// failed to connect, is not checked with what it did examine, never pass.
// Each case runs the CLI against a real loopback server and asserts the
// row, its reason and the exit code. --fail-on critical keeps the plain
// HTTP preview's own findings (no HTTPS, no CDN) from deciding the exit
// code, so the code says whether a check could not run (3).

type probeReport struct {
	Verdict   string
	Scorecard []struct{ ID, Status, Reason string }
	Errors    []struct{ Check, Message string }
	Findings  []struct{ RuleID string }
}

func (r probeReport) row(t *testing.T, id string) (status, reason string) {
	t.Helper()
	for _, row := range r.Scorecard {
		if row.ID == id {
			return row.Status, row.Reason
		}
	}
	t.Fatalf("no %s row in the report", id)
	return "", ""
}

// probeRun runs the CLI against url with the repository's .launchready.yml
// set to cfg, in JSON.
func probeRun(t *testing.T, url, cfg string, extra ...string) (probeReport, result) {
	t.Helper()
	repo := repoWith(t, map[string]string{".launchready.yml": cfg})
	args := append([]string{"--repo", repo.Dir, "--url", url, "--allow-loopback", "--format", "json", "--fail-on", "critical"}, extra...)
	res := runCLI(t, nil, args...)
	var rep probeReport
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("exit %d, no JSON report (%v); stderr:\n%s", res.code, err, res.stderr)
	}
	return rep, res
}

// wantNotChecked asserts that row is not checked (never pass) and that its
// reason holds every part of want.
func wantNotChecked(t *testing.T, rep probeReport, row string, want ...string) {
	t.Helper()
	status, reason := rep.row(t, row)
	if status != "not-checked" {
		t.Errorf("%s row is %q (%s), want not-checked", row, status, reason)
	}
	for _, w := range want {
		if !strings.Contains(reason, w) {
			t.Errorf("%s row reason %q lacks %q", row, reason, w)
		}
	}
}

const homePage = `<html><head><title>app</title></head><body>hello</body></html>`

func servePage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprint(w, homePage)
}

// TestFaultProbeTimeBudgetDripFeed: a preview that drip-feeds every body
// but the home page's (one byte a second under a large Content-Length)
// held a run for minutes. With probe.time-budget: 3s the whole run ends
// soon after 3 s, and the checks it cut short say so, never pass.
func TestFaultProbeTimeBudgetDripFeed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			servePage(w)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100000")
		w.WriteHeader(200)
		for {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	}))
	t.Cleanup(srv.Close)
	start := time.Now()
	rep, res := probeRun(t, srv.URL, "probe:\n  time-budget: 3s\n  core-flows: [/api/feed]\n  latency-samples: 5\n",
		"--member-token", "mbr_"+strings.Repeat("Tq8v", 8))
	// The budget plus the rest of the run (git, reports) on a busy machine;
	// the old code needed minutes here (15 s per drip-fed request).
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("the run took %v with a 3s probe budget", took)
	}
	if res.code != exitNotRun {
		t.Errorf("exit %d, want 3 (checks cut short); stderr:\n%s", res.code, res.stderr)
	}
	budget := "time budget used up (probe.time-budget 3s)"
	wantNotChecked(t, rep, "authentication", budget, "sensitive endpoints", "raise probe.time-budget")
	wantNotChecked(t, rep, "authorization", budget)
	wantNotChecked(t, rep, "secrets", budget)
	wantNotChecked(t, rep, "latency", budget)
	if rep.Verdict == "pass" {
		t.Errorf("verdict pass with checks cut short")
	}
}

// TestFaultProbeMaxRequestsOne: with probe.max-requests: 1 only GET / is
// sent. Authentication and the client-secret probe said "pass (0
// sensitive endpoints tried)"; they are not checked, naming the budget.
func TestFaultProbeMaxRequestsOne(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		servePage(w)
	}))
	t.Cleanup(srv.Close)
	rep, res := probeRun(t, srv.URL, "probe:\n  max-requests: 1\n")
	if res.code != exitNotRun {
		t.Errorf("exit %d, want 3 (checks could not run); stderr:\n%s", res.code, res.stderr)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d requests reached the preview with max-requests 1", n)
	}
	wantNotChecked(t, rep, "authentication", "request budget used up (probe.max-requests 1)", "examined 0 of 8 sensitive endpoints", "raise probe.max-requests")
	wantNotChecked(t, rep, "secrets", "request budget used up (probe.max-requests 1)", "examined 0 of 5 exposed-file paths")
}

// TestFaultProbeLatencySamplesFail: the warm-up of a core flow answers,
// then every timed sample fails (the connection is dropped). The latency
// row passed with no sample at all.
func TestFaultProbeLatencySamplesFail(t *testing.T) {
	t.Parallel()
	var feed atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/feed" {
			servePage(w)
			return
		}
		if feed.Add(1) == 1 {
			fmt.Fprint(w, `{"items":[]}`) // the warm-up
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // no answer at all
		}
	}))
	t.Cleanup(srv.Close)
	rep, res := probeRun(t, srv.URL, "probe:\n  core-flows: [/api/feed]\n  latency-samples: 5\n")
	if res.code != exitNotRun {
		t.Errorf("exit %d, want 3 (latency could not be measured); stderr:\n%s", res.code, res.stderr)
	}
	wantNotChecked(t, rep, "latency", "examined 0 of 5 timed samples", "not sent after a failed sample", "no evidence either way")
}

// TestFaultProbeExposedFilesUnanswered: / answers, but /.env and /.git/*
// hang (cut off by the time budget) or drop the connection. The
// client-secret check passed with "1 page scanned"; it is not checked,
// saying how many exposed-file paths it examined.
func TestFaultProbeExposedFilesUnanswered(t *testing.T) {
	t.Parallel()
	exposed := func(p string) bool { return p == "/.env" || strings.HasPrefix(p, "/.git/") }
	t.Run("hang", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if exposed(r.URL.Path) {
				<-r.Context().Done() // never answers
				return
			}
			if r.URL.Path == "/" {
				servePage(w)
				return
			}
			http.NotFound(w, r)
		}))
		t.Cleanup(srv.Close)
		rep, res := probeRun(t, srv.URL, "probe:\n  time-budget: 4s\n")
		if res.code != exitNotRun {
			t.Errorf("exit %d, want 3; stderr:\n%s", res.code, res.stderr)
		}
		wantNotChecked(t, rep, "secrets", "time budget used up (probe.time-budget 4s)", "examined 0 of 5 exposed-file paths (5 not sent or cut off by the time budget)")
	})
	t.Run("connection dropped", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if exposed(r.URL.Path) {
				if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
					conn.Close()
				}
				return
			}
			if r.URL.Path == "/" {
				servePage(w)
				return
			}
			http.NotFound(w, r)
		}))
		t.Cleanup(srv.Close)
		rep, res := probeRun(t, srv.URL, "")
		if res.code != exitNotRun {
			t.Errorf("exit %d, want 3; stderr:\n%s", res.code, res.stderr)
		}
		wantNotChecked(t, rep, "secrets", "examined 2 of 5 exposed-file paths (3 closed the connection without an answer)", "no evidence either way")
	})
}

// TestFaultProbeServerErrorsAreNoEvidence: a preview that answers 500 to
// everything made Authentication and Authorization pass, because any
// response counted as "tried". A 5xx proves no protection.
func TestFaultProbeServerErrorsAreNoEvidence(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	rep, res := probeRun(t, srv.URL, "", "--member-token", "mbr_"+strings.Repeat("Zk4w", 8))
	if res.code != exitNotRun {
		t.Errorf("exit %d, want 3; stderr:\n%s", res.code, res.stderr)
	}
	wantNotChecked(t, rep, "authentication", "examined 0 of 8 sensitive endpoints (8 answered 500)", "a 5xx, a timeout or a failed connection is no evidence")
	// The member token is not known to work, so its refusals would prove
	// nothing either.
	wantNotChecked(t, rep, "authorization", "the member token was not accepted by any endpoint (/ answered 500)")
	// The server errors found on malformed input are still reported.
	found := false
	for _, f := range rep.Findings {
		found = found || f.RuleID == "live/server-error-on-bad-input"
	}
	if !found {
		t.Errorf("the 500 on malformed input is not reported: %+v", rep.Findings)
	}
}
