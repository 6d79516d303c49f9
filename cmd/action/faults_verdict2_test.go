package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestFaultRowNotFullyProbed: a preview probed by the CDN check but not by
// the rate-limit burst (its login is a POST and allow-post is off) made the
// "CDN/WAF and rate limits" row pass ("partly checked"), and a run whose
// other rows passed read "ready to launch" though no rate limit was ever
// tested. A probe not checked while another probe of the same row ran
// leaves the row not checked, saying why; with allow-post the burst runs
// and the row is judged on it.
func TestFaultRowNotFullyProbed(t *testing.T) {
	t.Parallel()
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/auth/login" {
			if posts.Add(1) > 3 {
				w.Header().Set("Retry-After", "60")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid credentials"}`))
			return
		}
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!doctype html><title>app</title><p>hello</p>"))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	cfg := "probe:\n  expect-cdn: none\n  rate-limit-endpoints:\n    - {method: POST, path: /auth/login, body: '{\"email\":\"nobody@example.com\",\"password\":\"wrong\"}'}\n"
	row := func(rep tokensReport) (status, note string) {
		for _, r := range rep.Scorecard {
			if r.ID == "cdn" {
				return r.Status, r.Note
			}
		}
		t.Fatal("no cdn row")
		return "", ""
	}
	rep, _ := tokensRun(t, srv.URL+"/", cfg, nil, "--check", "probe-cdn", "--check", "probe-ratelimit")
	if st, note := row(rep); st != "not-checked" || !strings.Contains(note, "not fully checked") || !strings.Contains(note, "allow-post") {
		t.Errorf("without allow-post: cdn row %s %q, want not-checked naming allow-post", st, note)
	}
	rep, _ = tokensRun(t, srv.URL+"/", cfg+"  allow-post: true\n", nil, "--check", "probe-cdn", "--check", "probe-ratelimit")
	if st, note := row(rep); st != "pass" {
		t.Errorf("with allow-post and a limiter: cdn row %s %q, want pass", st, note)
	}
}
