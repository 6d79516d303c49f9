package probe

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/launchready/launchready/internal/apispec"
	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

var corsCheck = probeCheck{
	id: "probe-cors", title: "CORS of the preview from unapproved origins",
	rows:     []finding.Row{finding.RowCORS},
	refusals: true,
	rules: []check.Rule{
		ruleCorsReflectedOriginWithCredentials,
		ruleCorsNullOrigin,
		ruleCorsReflectedOrigin,
		ruleCorsWildcard,
	},
	run: runCORS,
}

// corsOrigins are the unapproved origins tried: a foreign one, null, and
// look-alikes of the preview's own host.
func corsOrigins(host, scheme string) []string {
	return []string{"https://launchready-probe.example", "null", "https://" + host + ".evil.test", "https://evil" + host, "http://" + host}
}

// commonAPIPaths are tried for CORS without a spec: an API's CORS
// middleware is often mounted on its routes only, not on /.
var commonAPIPaths = []string{"/api", "/api/", "/graphql", "/api/v1"}

// pageLink finds same-origin links and fetch() URLs in the page.
var pageLink = regexp.MustCompile(`(?i)(?:\bhref\s*=\s*["']|\bfetch\(\s*["'])(/[A-Za-z0-9_\-./]*)`)

func (s *Session) corsPaths(ctx context.Context) ([]string, []*apispec.Op) {
	paths := []string{"/"}
	ops := []*apispec.Op{nil}
	for _, o := range s.Ops {
		if len(paths) == 3 {
			break
		}
		if o.Method == "GET" && o.Sensitive() && !strings.Contains(o.Path, "{") {
			paths, ops = append(paths, o.Path), append(ops, o)
		}
	}
	if len(s.Ops) > 0 {
		return paths, ops
	}
	// Without a spec: the usual API mount points, and up to three paths
	// the page links to.
	extra := append([]string(nil), commonAPIPaths...)
	if home, err := s.Home(ctx); err == nil && home != nil {
		links := 0
		for _, m := range pageLink.FindAllSubmatch(home.Body, 50) {
			p := string(m[1])
			if links == 3 || strings.HasPrefix(p, "//") || p == "/" || slices.Contains(extra, p) {
				continue
			}
			if ext := path.Ext(p); ext != "" && ext != ".json" {
				continue // a style, an image, a script
			}
			extra = append(extra, p)
			links++
		}
	}
	for _, p := range extra {
		paths, ops = append(paths, p), append(ops, nil)
	}
	return paths, ops
}

func runCORS(ctx context.Context, s *Session) check.Result {
	res := check.Result{Status: check.StatusRan}
	type verdict struct {
		rule    string
		origins []string
		path    string
		op      *apispec.Op
	}
	found := map[string]*verdict{}
	var order []string
	paths, ops := s.corsPaths(ctx)
	// A refused origin is evidence only in a real answer: a 5xx error
	// page may lack the CORS headers a working route sends (coverage).
	cov := s.cover("CORS requests")
	for i, p := range paths {
		origins := corsOrigins(s.Base.Hostname(), s.Base.Scheme)
		if i > 0 && ops[i] == nil {
			// The extra paths get the foreign origin and null only.
			origins = origins[:2]
		}
		for _, origin := range origins {
			for _, preflight := range []bool{true, false} {
				h := http.Header{"Origin": {origin}}
				method := http.MethodGet
				if preflight {
					method = http.MethodOptions
					h.Set("Access-Control-Request-Method", "GET")
					h.Set("Access-Control-Request-Headers", "authorization")
				}
				cov.plan(1)
				resp, err := s.Client.Do(ctx, Request{Check: "probe-cors", Method: method, Path: p, Header: h, Cap: 64 << 10})
				if !cov.take(resp, err, 0) && (resp == nil || err != nil) {
					continue
				}
				// A 5xx is judged too (a reflected origin is a finding
				// wherever it shows), but does not count as examined.
				// Decide from the headers, never the status: the cors npm
				// package answers a refused preflight 204 with credentials.
				acao := strings.TrimSpace(resp.Header.Get("Access-Control-Allow-Origin"))
				creds := strings.EqualFold(strings.TrimSpace(resp.Header.Get("Access-Control-Allow-Credentials")), "true")
				r := ""
				switch {
				case origin == "null" && acao == "null" && creds:
					r = "live/cors-null-origin"
				case acao == origin && origin != "null" && creds:
					r = "live/cors-reflected-origin-with-credentials"
				case acao == origin && origin != "null":
					r = "live/cors-reflected-origin"
				case acao == "*":
					r = "live/cors-wildcard"
				}
				if r == "" {
					continue
				}
				v, ok := found[r]
				if !ok {
					v = &verdict{rule: r, path: p, op: ops[i]}
					found[r] = v
					order = append(order, r)
				}
				if !slices.Contains(v.origins, origin) {
					v.origins = append(v.origins, origin)
				}
			}
		}
	}
	for _, r := range order {
		v := found[r]
		u, _ := s.Client.Resolve(v.path)
		list := strings.Join(v.origins, ", ")
		switch r {
		case "live/cors-reflected-origin-with-credentials":
			res.Findings = append(res.Findings, s.liveFinding(ruleCorsReflectedOriginWithCredentials,
				fmt.Sprintf("%s echoes the request's Origin in Access-Control-Allow-Origin with Access-Control-Allow-Credentials: true for %s: any website a signed-in member visits can read their data through the API.", u.Path, list),
				"Allow only your own origins, from a fixed list (cors({origin: ['https://app.example.com'], credentials: true})); never reflect the Origin header.", "OPTIONS", u, v.op))
		case "live/cors-null-origin":
			res.Findings = append(res.Findings, s.liveFinding(ruleCorsNullOrigin,
				fmt.Sprintf("%s allows the origin null with credentials: sandboxed iframes and local files, which any attacker can create, get the member's data.", u.Path),
				"Never allow the null origin.", "OPTIONS", u, v.op))
		case "live/cors-reflected-origin":
			res.Findings = append(res.Findings, s.liveFinding(ruleCorsReflectedOrigin,
				fmt.Sprintf("%s echoes any Origin (%s) without credentials: harmless for public data, a leak for anything behind IP allow-lists or intranet access.", u.Path, list),
				"Allow a fixed list of origins.", "OPTIONS", u, v.op))
		case "live/cors-wildcard":
			res.Findings = append(res.Findings, s.liveFinding(ruleCorsWildcard,
				fmt.Sprintf("%s allows every origin (*). Browsers send no cookies with it, but any site can read what it returns.", u.Path),
				"Use * only for truly public data; allow a fixed list of origins otherwise.", "GET", u, v.op))
		}
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d CORS requests from %d unapproved origins", cov.examined, len(corsOrigins("", ""))),
		"CORS paths tried: "+strings.Join(paths, ", "))
	return finish(res, cov)
}
