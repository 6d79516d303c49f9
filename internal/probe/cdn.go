package probe

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

var cdnCheck = probeCheck{
	id: "probe-cdn", title: "A CDN or WAF in front of the preview (passive fingerprints)",
	rows: []finding.Row{finding.RowCDN},
	rules: []check.Rule{
		ruleNoCdn,
		ruleCdnUnexpected,
	},
	run: runCDN,
}

// DetectCDN names the CDN or WAF whose fingerprints a normal response
// carries, from headers and cookie names only: no attack strings are sent.
func DetectCDN(h http.Header) string {
	has := func(name string) bool { return h.Get(name) != "" }
	server := strings.ToLower(h.Get("Server"))
	via := strings.ToLower(h.Get("Via") + " " + h.Get("X-Cache"))
	cookies := strings.ToLower(strings.Join(h.Values("Set-Cookie"), ";"))
	switch {
	case has("Cf-Ray") || server == "cloudflare" || strings.Contains(cookies, "__cf_bm=") || strings.Contains(cookies, "__cflb="):
		return "Cloudflare"
	case has("X-Amz-Cf-Id") || strings.Contains(via, "cloudfront"):
		return "CloudFront"
	case has("X-Fastly-Request-Id") || strings.Contains(strings.ToLower(h.Get("X-Served-By")), "cache-") || strings.Contains(via, "varnish") && has("X-Timer"):
		return "Fastly"
	case has("Akamai-Grn") || has("X-Akamai-Transformed") || strings.Contains(server, "akamaighost"):
		return "Akamai"
	case has("X-Azure-Ref") || has("X-Fd-Healthprobe"):
		return "Azure Front Door"
	case has("X-Iinfo") || strings.Contains(strings.ToLower(h.Get("X-Cdn")), "imperva") || strings.Contains(cookies, "incap_ses_"):
		return "Imperva"
	case has("X-Sucuri-Id") || strings.Contains(server, "sucuri"):
		return "Sucuri"
	case has("X-Vercel-Id") || server == "vercel":
		return "Vercel"
	case has("X-Nf-Request-Id") || server == "netlify":
		return "Netlify"
	}
	return ""
}

func runCDN(ctx context.Context, s *Session) check.Result {
	home, stop := s.homeHeaders(ctx, true)
	if stop != nil {
		return *stop
	}
	res := check.Result{Status: check.StatusRan}
	got := DetectCDN(home.Header)
	want := s.Cfg.ExpectCDN
	if want == "" {
		want = "any"
	}
	switch {
	case want == "none":
		res.Notes = append(res.Notes, "no CDN expected")
	case got == "":
		res.Findings = append(res.Findings, s.liveFinding(ruleNoCdn,
			"No CDN or WAF fingerprint (Cloudflare, CloudFront, Fastly, Akamai, Azure Front Door, Imperva, Sucuri, Vercel, Netlify) was seen on the preview's responses: it takes floods, bots and attacks head-on.",
			"Put the API behind a CDN/WAF with rate limiting and bot protection; if something else protects it, set probe.expect-cdn: none.", "GET", home.URL, nil))
	case want == "cloudflare" && got != "Cloudflare":
		res.Findings = append(res.Findings, s.liveFinding(ruleCdnUnexpected,
			fmt.Sprintf("probe.expect-cdn is cloudflare, but the preview's responses carry %s's fingerprints.", got),
			"Route the hostname through Cloudflare, or correct probe.expect-cdn.", "GET", home.URL, nil))
	default:
		res.Notes = append(res.Notes, got+" in front")
	}
	return res
}
