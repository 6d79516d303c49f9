package ghreport

import (
	"io"
	"net/http"
	"strconv"
	"time"
)

// retryTransport retries requests GitHub asks us to slow down on: 429, and
// 403 with Retry-After or an exhausted rate limit (secondary rate limits).
// https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
// It waits as told, but never longer than maxWait per wait: a CI job should
// give up on comments rather than hang.
type retryTransport struct {
	base     http.RoundTripper
	sleep    func(time.Duration)
	maxWait  time.Duration
	attempts int
	now      func() time.Time
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 {
			r = req.Clone(req.Context())
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r.Body = body
			}
		}
		resp, err := t.base.RoundTrip(r)
		if err != nil || attempt >= t.attempts {
			return resp, err
		}
		wait, retry := t.retryAfter(resp)
		if !retry || wait > t.maxWait {
			return resp, nil
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		t.sleep(wait)
		if err := req.Context().Err(); err != nil {
			return nil, err
		}
	}
}

func (t *retryTransport) retryAfter(resp *http.Response) (time.Duration, bool) {
	limited := resp.StatusCode == http.StatusTooManyRequests ||
		resp.StatusCode == http.StatusForbidden && (resp.Header.Get("Retry-After") != "" || resp.Header.Get("X-RateLimit-Remaining") == "0")
	if !limited {
		return 0, false
	}
	if s := resp.Header.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			return time.Duration(n) * time.Second, true
		}
		if at, err := http.ParseTime(s); err == nil {
			return max(at.Sub(t.now()), 0), true
		}
	}
	if s := resp.Header.Get("X-RateLimit-Reset"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return max(time.Unix(n, 0).Sub(t.now()), 0) + time.Second, true
		}
	}
	// GitHub: without either header, wait at least a minute.
	return time.Minute, true
}
