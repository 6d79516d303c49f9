package probe

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
)

// drip answers 200 at once, then one byte of a 100 kB body a second.
func drip(hits *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Length", "100000")
		w.WriteHeader(200)
		for {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	}
}

// TestClientTimeBudgetAndBodyDeadline: a body that does not arrive whole
// is an error (with the part that came), never a short body; the time
// budget cuts a request in flight and refuses every later one unsent.
func TestClientTimeBudgetAndBodyDeadline(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(drip(&hits))
	defer srv.Close()
	ctx := context.Background()

	c, err := NewClient(mustURL(t, srv.URL), ClientOptions{AllowLoopback: true, RequestTimeout: 400 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Do(ctx, Request{Path: "/"})
	var be *BodyError
	if !errors.As(err, &be) || r == nil || r.Status != 200 || len(r.Body) == 0 || errors.Is(err, ErrTimeBudget) {
		t.Fatalf("drip-fed body within the request deadline: %v (response %v)", err, r != nil)
	}
	if !strings.Contains(err.Error(), "the body of GET / stopped after 1 bytes: it did not arrive in time") {
		t.Errorf("body error: %v", err)
	}
	if down(err) {
		t.Error("a body cut off counts as the preview being down; its headers came")
	}

	budget, _ := NewClient(mustURL(t, srv.URL), ClientOptions{AllowLoopback: true, TimeBudget: time.Second})
	start := time.Now()
	if _, err := budget.Do(ctx, Request{Path: "/"}); !errors.Is(err, ErrTimeBudget) {
		t.Errorf("request in flight at the end of the budget: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the 1s budget let a request run %v", took)
	}
	before := hits.Load()
	if _, err := budget.Do(ctx, Request{Path: "/"}); !errors.Is(err, ErrTimeBudget) || hits.Load() != before {
		t.Errorf("request after the budget: %v, %d sent", err, hits.Load()-before)
	}
	if budget.TimeBudget() != time.Second || budget.Remaining() > 0 {
		t.Errorf("budget %v, remaining %v", budget.TimeBudget(), budget.Remaining())
	}
}

// TestCoverageReasons: the shared mechanism's verdicts and reasons.
func TestCoverageReasons(t *testing.T) {
	t.Parallel()
	c, _ := NewClient(mustURL(t, "https://preview.example"), ClientOptions{MaxRequests: 7, TimeBudget: 90 * time.Second})
	s := &Session{Client: c}
	ok := &Response{Status: 404}
	res := check.Result{Status: check.StatusRan, Notes: []string{"n"}}

	all := s.cover("sensitive endpoints")
	all.plan(2)
	all.take(ok, nil, 0)
	all.take(&Response{Status: 401}, nil, 0)
	if got := finish(res, all); got.Status != check.StatusRan {
		t.Errorf("every target answered: %+v", got)
	}

	part := s.cover("sensitive endpoints")
	part.plan(5)
	for _, r := range []*Response{ok, ok, ok, {Status: 500}, {Status: 500}} {
		part.take(r, nil, 0)
	}
	got := finish(res, part)
	want := "examined 3 of 5 sensitive endpoints (2 answered 500): a 5xx, a timeout or a failed connection is no evidence either way; fix the preview and run again"
	if got.Status != check.StatusFailed || got.Reason != want || len(got.Notes) != 1 {
		t.Errorf("partial coverage:\n got %s %q\nwant failed %q", got.Status, got.Reason, want)
	}

	cut := s.cover("pages")
	cut.plan(3)
	cut.take(&Response{Status: 200, Truncated: true, Body: make([]byte, 2048)}, nil, wholeBody)
	cut.take(nil, c.timeUp(), 0)
	cut.take(&Response{Status: 503}, nil, serverErrorsAnswer)
	got = finish(res, cut)
	want = "time budget used up (probe.time-budget 1m30s): examined 1 of 3 pages (1 larger than the 2 KiB cap, 1 not sent or cut off by the time budget); raise probe.time-budget in .launchready.yml, or make the preview answer faster"
	if got.Reason != want {
		t.Errorf("budget:\n got %q\nwant %q", got.Reason, want)
	}

	req := s.cover("admin endpoints")
	req.plan(1)
	req.take(nil, ErrBudget, 0)
	if got := finish(res, nil, req); !strings.HasPrefix(got.Reason, "request budget used up (probe.max-requests 7): examined 0 of 1 admin endpoints (1 not sent: request budget used up)") {
		t.Errorf("request budget: %q", got.Reason)
	}
}

// TestLatencySamplingStopsBeforeTheBudget: samples of a slow flow stop
// when the next one would not fit the time budget, and the flow is not
// checked with how many samples were timed (its slowness still reported).
func TestLatencySamplingStopsBeforeTheBudget(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	start := time.Now()
	res, _ := run(t, "probe-latency", target{name: "slow", config: "probe:\n  time-budget: 2s\n  core-flows: [/api/feed]\n  latency-samples: 20\n  p95-ms: 200\n",
		handler: func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/feed" {
				hits.Add(1)
				time.Sleep(300 * time.Millisecond)
			}
		}})
	if took := time.Since(start); took > 2500*time.Millisecond {
		t.Errorf("sampling ran %v past a 2s budget", took)
	}
	if res.Status != check.StatusFailed || !strings.HasPrefix(res.Reason, "time budget used up (probe.time-budget 2s): examined ") ||
		!strings.Contains(res.Reason, " of 20 timed samples (") {
		t.Errorf("%s %q", res.Status, res.Reason)
	}
	if n := hits.Load(); n < 2 || n > 7 {
		t.Errorf("%d requests to the flow in a 2s budget at 300 ms each", n)
	}
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "live/slow-core-flow" {
		t.Errorf("the slow samples that were timed are not reported: %+v", res.Findings)
	}
}
