package probe

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
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
// any 429: evidence of a limiter counting these requests when they name a
// limit and, when they give what remains, it went down. The string is for
// the note ("" without evidence).
func limiterEvidence(first, last Limiter, sent int) (string, bool) {
	if len(last.Headers) == 0 {
		return "", false
	}
	if first.Remaining >= 0 && last.Remaining >= 0 && last.Remaining >= first.Remaining && sent > 1 {
		return fmt.Sprintf("its rate-limit headers do not count these requests: %d remaining after the first and %d after %d (%s)", first.Remaining, last.Remaining, sent, strings.Join(last.Headers, ", ")), false
	}
	if last.Limit < 0 && (first.Remaining < 0 || last.Remaining < 0) {
		return "", false
	}
	note := fmt.Sprintf("a rate limiter counts these requests (%s)", strings.Join(last.Headers, ", "))
	if last.Limit >= 0 {
		note += fmt.Sprintf("; limit %d", last.Limit)
		if last.Window >= 0 {
			note += fmt.Sprintf(" per %d s", last.Window)
		}
	}
	if last.Remaining >= 0 {
		note += fmt.Sprintf(", %d remaining after %d requests", last.Remaining, sent)
	}
	return note, true
}
