package probe

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/launchready/launchready/internal/check"
)

// Limiter is what an answer's rate-limit headers say: the IETF draft's
// RateLimit-Limit, -Remaining, -Reset and RateLimit-Policy (draft 6 and 7),
// its structured RateLimit and RateLimit-Policy fields (draft 8 and later:
// `"default";r=4;t=60`, `"default";q=5;w=60`), the draft 7 combined
// RateLimit (`limit=5, remaining=4, reset=60`), and the X-RateLimit-*
// headers of GitHub, express-rate-limit's legacy mode and many gateways.
type Limiter struct {
	// Limit, Remaining and Window (seconds) are -1 when not given.
	Limit, Remaining, Window int
	// Headers are the headers seen, as "Name: value", for the note.
	Headers []string
}

// limiterHeaders are the header names read, in the order notes list them.
var limiterHeaders = []string{"RateLimit", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
	"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Rate-Limit-Limit", "X-Rate-Limit-Remaining"}

var (
	rlParam  = regexp.MustCompile(`(?i)(?:^|[;,\s])(limit|remaining|reset|r|q|t|w)\s*=\s*"?(\d+)`)
	leadNum  = regexp.MustCompile(`^\s*(\d+)`)
	maxValue = 1 << 30
)

// ParseLimiter reads the rate-limit headers of h; ok is false when there
// are none with a number in them.
func ParseLimiter(h http.Header) (Limiter, bool) {
	l := Limiter{Limit: -1, Remaining: -1, Window: -1}
	num := func(s string) int {
		if m := leadNum.FindStringSubmatch(s); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n <= maxValue {
				return n
			}
		}
		return -1
	}
	set := func(dst *int, v int) {
		if v >= 0 && *dst < 0 {
			*dst = v
		}
	}
	for _, name := range limiterHeaders {
		v := strings.TrimSpace(h.Get(name))
		if v == "" {
			continue
		}
		l.Headers = append(l.Headers, fmt.Sprintf("%s: %s", name, clip(v, 60)))
		switch strings.ToLower(name) {
		case "ratelimit", "ratelimit-policy":
			for _, m := range rlParam.FindAllStringSubmatch(v, -1) {
				n, err := strconv.Atoi(m[2])
				if err != nil || n > maxValue {
					continue
				}
				switch strings.ToLower(m[1]) {
				case "limit", "q":
					set(&l.Limit, n)
				case "remaining", "r":
					set(&l.Remaining, n)
				case "w":
					set(&l.Window, n)
				}
			}
			// Draft 6/7 policy: "5;w=60" starts with the limit.
			if strings.EqualFold(name, "ratelimit-policy") {
				set(&l.Limit, num(v))
			}
		case "ratelimit-limit", "x-ratelimit-limit", "x-rate-limit-limit":
			set(&l.Limit, num(v))
		case "ratelimit-remaining", "x-ratelimit-remaining", "x-rate-limit-remaining":
			set(&l.Remaining, num(v))
		}
	}
	return l, l.Limit >= 0 || l.Remaining >= 0
}

// limiterEvidence judges the limiter headers of a burst's answers before
// any 429 (first and last; sent counts every request that went out, the
// 429 or the answer that cut the burst too). They are evidence of a
// limiter counting these requests only when the remaining count went
// down: a constant limit alone shows nothing. When the count reached 0
// and answers kept coming, the headers prove the opposite: the limiter
// counts but does not refuse. The string is for the note or the finding
// ("" when the headers say nothing).
func limiterEvidence(first, last Limiter, sent int) (string, bool) {
	if len(last.Headers) == 0 {
		return "", false
	}
	hs := strings.Join(last.Headers, ", ")
	if last.Remaining == 0 && sent > 1 {
		// What the limit lets through: the first answer's remaining
		// count plus itself, else the limit named.
		allowed := -1
		switch {
		case first.Remaining >= 0 && first.Remaining < maxValue:
			allowed = first.Remaining + 1
		case last.Limit >= 0:
			allowed = last.Limit
		}
		// One more than allowed may be the refused request itself.
		if allowed >= 0 && sent > allowed+1 {
			return fmt.Sprintf("its rate-limit headers show the limit was exceeded: 0 remaining after %d requests, though only %d were allowed, and the answers kept coming (%s): the limiter counts but does not refuse", sent, allowed, hs), false
		}
	}
	if first.Remaining >= 0 && last.Remaining >= 0 && last.Remaining >= first.Remaining && sent > 1 {
		return fmt.Sprintf("its rate-limit headers do not count these requests: %d remaining after the first and %d after %d (%s)", first.Remaining, last.Remaining, sent, hs), false
	}
	if first.Remaining < 0 || last.Remaining < 0 || last.Remaining >= first.Remaining {
		return fmt.Sprintf("its rate-limit headers (%s) give no falling remaining count, so they do not show a limiter counting these requests", hs), false
	}
	note := fmt.Sprintf("a rate limiter counts these requests (%s)", hs)
	if last.Limit >= 0 {
		note += fmt.Sprintf("; limit %d", last.Limit)
		if last.Window >= 0 {
			note += fmt.Sprintf(" per %d s", last.Window)
		}
	}
	note += fmt.Sprintf(", %d remaining after %d requests", last.Remaining, sent)
	return note, true
}

// burstNotThere is the reason a burst's answers are no evidence, or "":
// they are what a random path gets (a 404 or 410 to every request, as to
// /launchready-probe-…), so the endpoint is not there.
func (s *Session) burstNotThere(method, p string, last *Response, sent int) string {
	if last == nil || s.other == nil || last.Status != http.StatusNotFound && last.Status != http.StatusGone {
		return ""
	}
	// The body too, with each path masked (not-found pages often quote
	// it): a login may answer 404 "no such user" of its own.
	if last.Status != s.other.Status || last.Header.Get("Content-Type") != s.other.Header.Get("Content-Type") {
		return ""
	}
	mask := func(r *Response) string {
		b := string(r.Body)
		if r.URL != nil && r.URL.Path != "" {
			b = strings.ReplaceAll(b, r.URL.Path, "{path}")
		}
		return volatile.ReplaceAllString(b, "{v}")
	}
	if mask(last) != mask(s.other) {
		return ""
	}
	return fmt.Sprintf("%s %s answered %d to all %d requests, as a random path does: the endpoint is not there, so the burst says nothing about a rate limit; check the path (and the URL's base path) and run again", method, p, last.Status, sent)
}

// finishBursts is finish for the rate-limit check: when every endpoint
// burst was absent (see burstNotThere), the check is not checked, with
// why; otherwise the absent ones are notes.
func finishBursts(res check.Result, bursts *coverage, absent []string) check.Result {
	if len(absent) > 0 && bursts.planned == 0 && len(res.Findings) == 0 {
		return check.Result{Status: check.StatusNotChecked, Reason: strings.Join(absent, "; "), Notes: res.Notes}
	}
	res.Notes = append(res.Notes, absent...)
	return finish(res, bursts)
}
