package probe

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"

	"github.com/launchready/launchready/internal/check"
)

// coverage counts what one probe check set out to examine and what it
// examined conclusively. Only an answer is evidence: a 2xx, 3xx or 4xx
// whose body was read within the caps. A 5xx, a timeout, a failed
// connection, a body cut off, a size cap (where the whole body matters) or
// a used-up budget is not: a check with targets it could not examine is
// not checked, with what it did examine and why the rest is missing, and
// never passes. Its findings are still reported.
type coverage struct {
	s    *Session
	what string // what a target is, in the plural: "sensitive endpoints"
	// planned and examined count targets.
	planned, examined int
	// missed counts the targets not examined, by why.
	missed map[string]int
	// timeUp and outOfRequests: the budgets cut the check short.
	timeUp, outOfRequests bool
	// rateLimited counts the targets that answered 429.
	rateLimited int
	// refused counts the targets that answered 401 or 403 under
	// refusalNoAnswer.
	refused int
}

// How an answer is judged.
type answerRule int

const (
	// wholeBody: the check reads the whole body (secrets in a bundle), so
	// a body over the size cap is not examined.
	wholeBody answerRule = 1 << iota
	// serverErrorsAnswer: a 5xx is the evidence itself (malformed input
	// that breaks the server; a sick health endpoint).
	serverErrorsAnswer
	// refusalNoAnswer: a 401 or 403 says the request stopped at
	// authentication, before what the check examines (input validation).
	refusalNoAnswer
)

func (s *Session) cover(what string) *coverage {
	return &coverage{s: s, what: what, missed: map[string]int{}}
}

// plan adds n targets to examine.
func (c *coverage) plan(n int) { c.planned += n }

// take records one planned target's outcome and reports whether r is an
// answer to judge (then it counts as examined). A 5xx is an answer only
// with serverErrorsAnswer. Callers may still look for findings in a
// response that is no answer (a reflected origin on a 500 page).
func (c *coverage) take(r *Response, err error, how answerRule) bool {
	why := c.why(r, err, how)
	if why == "" {
		c.examined++
		return true
	}
	c.missed[why]++
	return false
}

// skip records n planned targets that were never sent, for err.
func (c *coverage) skip(n int, err error) { c.drop(n, c.why(nil, err, 0)) }

// drop records n planned targets not examined, for why.
func (c *coverage) drop(n int, why string) {
	if n > 0 {
		c.missed[why] += n
	}
}

// why says why r (or err) is not an answer, or "" when it is one.
func (c *coverage) why(r *Response, err error, how answerRule) string {
	var be *BodyError
	var ee *EncodingError
	var ne net.Error
	var op *net.OpError
	var dns *net.DNSError
	switch {
	case errors.Is(err, ErrTimeBudget):
		c.timeUp = true
		return "not sent or cut off by the time budget"
	case errors.Is(err, ErrBudget):
		c.outOfRequests = true
		return "not sent: request budget used up"
	case errors.As(err, &ee):
		return "sent with a Content-Encoding probes do not decode (" + ee.Encoding + ")"
	case errors.As(err, &be):
		return "body cut off before its end"
	case err != nil && errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	case err != nil && (errors.As(err, &op) || errors.As(err, &dns)):
		return "connection failed"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "closed the connection without an answer"
	case errors.Is(err, ErrRedirect), errors.Is(err, ErrOffOrigin), errors.Is(err, ErrRefused):
		return "redirected where probes do not go"
	case errors.Is(err, ErrMethod), errors.Is(err, ErrBody):
		return "not sent: refused by the probes' method and body rules"
	case err != nil:
		return "failed"
	case r == nil:
		return "no answer"
	case r.Status == http.StatusTooManyRequests:
		// The preview (or a WAF) rate-limits the probe: the request
		// never reached what the check examines.
		c.rateLimited++
		return "answered 429"
	case (r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden) && how&refusalNoAnswer != 0:
		c.refused++
		return fmt.Sprintf("answered %d (refused before validation)", r.Status)
	case r.Status >= 500 && how&serverErrorsAnswer == 0:
		return fmt.Sprintf("answered %d", r.Status)
	case r.Truncated && how&wholeBody != 0:
		return fmt.Sprintf("larger than the %d KiB cap", len(r.Body)>>10)
	}
	return ""
}

// complete reports whether every planned target was examined.
func (c *coverage) complete() bool { return c.examined >= c.planned }

// clause is "examined 3 of 5 sensitive endpoints (2 answered 500)".
func (c *coverage) clause() string {
	var whys []string
	for w, n := range c.missed {
		whys = append(whys, fmt.Sprintf("%d %s", n, w))
	}
	sort.Strings(whys)
	out := fmt.Sprintf("examined %d of %d %s", c.examined, c.planned, c.what)
	if len(whys) > 0 {
		out += " (" + strings.Join(whys, ", ") + ")"
	}
	return out
}

// finish returns res when every coverage is complete; otherwise the check
// could not run as planned: res's findings and notes are kept, its status
// is failed (the row is not checked and cannot pass; exit code 3), and the
// reason says what was examined, why the rest was not, and what to do.
func finish(res check.Result, covs ...*coverage) check.Result {
	var parts []string
	timeUp, outOfRequests := false, false
	limited, refused := 0, 0
	var s *Session
	for _, c := range covs {
		if c == nil || c.complete() {
			continue
		}
		s = c.s
		parts = append(parts, c.clause())
		timeUp = timeUp || c.timeUp
		outOfRequests = outOfRequests || c.outOfRequests
		limited += c.rateLimited
		refused += c.refused
	}
	if len(parts) == 0 {
		return res
	}
	var reason string
	switch {
	case timeUp:
		reason = fmt.Sprintf("time budget used up (probe.time-budget %s): %s; raise probe.time-budget in .launchready.yml, or make the preview answer faster",
			s.Client.TimeBudget(), strings.Join(parts, "; "))
	case outOfRequests:
		reason = fmt.Sprintf("request budget used up (probe.max-requests %d): %s; raise probe.max-requests in .launchready.yml",
			s.Client.MaxRequests(), strings.Join(parts, "; "))
	case limited > 0:
		reason = fmt.Sprintf("rate-limited: %d answered 429: %s: the preview, or a WAF in front of it, rate-limits the probe, and a 429 is no evidence of protection either way; let the probe through (allow-list the runner, or lower the limit for the preview) and run again",
			limited, strings.Join(parts, "; "))
	case refused > 0:
		reason = fmt.Sprintf("refused: %d answered 401 or 403: %s: a request stopped at authentication never reached input validation, so it says nothing about it; give a valid member token (--member-token) that the endpoints accept and run again",
			refused, strings.Join(parts, "; "))
	default:
		reason = strings.Join(parts, "; ") + ": a 5xx, a timeout or a failed connection is no evidence either way; fix the preview and run again"
	}
	return check.Result{Status: check.StatusFailed, Reason: reason, Findings: res.Findings, Notes: res.Notes,
		Headline: res.Headline, Suppressed: res.Suppressed}
}

// serverError reports a 5xx answer.
func serverError(r *Response) bool { return r != nil && r.Status >= http.StatusInternalServerError }
