package probe

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

var tokensCheck = probeCheck{
	id: "probe-tokens", title: "Forged copies of the member token (JWT): unsigned, broken signature, expired",
	rows: []finding.Row{finding.RowAuthentication},
	rules: []check.Rule{
		ruleJwtAlgNoneAccepted,
		ruleJwtBadSignatureAccepted,
		ruleJwtExpiredAccepted,
	},
	run: runTokens,
	// Only a JWT member token can be forged, and enumeration needs a
	// known member and allow-post: not checked otherwise, which leaves
	// the authentication row checked by the other probes.
	optional: true,
}

// The forged copies of the member token, by the client's token name.
const (
	forgedNone = "forged-none"
	// The case variants of alg none, sent only when the lowercase one is
	// refused: some libraries compare alg case-sensitively against "none"
	// and then skip verification for "None" or "NONE".
	forgedNoneCap   = "forged-none-capitalised"
	forgedNoneUpper = "forged-none-upper"
	forgedBadSig    = "forged-bad-signature"
	forgedExpired   = "forged-expired"
)

// JWT is a compact JWS (header.payload.signature), decoded.
type JWT struct {
	Header, Payload map[string]any
	// Parts are the three base64url segments as given.
	Parts [3]string
	Sig   []byte
}

// ParseJWT reads a compact JWS: three base64url segments, the first two
// JSON objects, the header with a string "alg". Anything else (an opaque
// token, a JWE of five segments) is not one, with the reason.
func ParseJWT(tok string) (*JWT, error) {
	parts := strings.Split(tok, ".")
	if len(parts) == 5 {
		return nil, errors.New("it is an encrypted JWT (JWE, five segments), which cannot be altered without its key")
	}
	if len(parts) != 3 {
		return nil, errors.New("it is not a JWT (three base64url segments, header.payload.signature)")
	}
	j := &JWT{Parts: [3]string{parts[0], parts[1], parts[2]}}
	for i, dst := range []*map[string]any{&j.Header, &j.Payload} {
		raw, err := b64(parts[i])
		if err != nil {
			return nil, errors.New("it is not a JWT: a segment is not base64url")
		}
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(dst); err != nil || *dst == nil {
			return nil, errors.New("it is not a JWT: its header and payload are not JSON objects")
		}
	}
	if alg, ok := j.Header["alg"].(string); !ok || alg == "" {
		return nil, errors.New("it is not a JWT: its header names no alg")
	}
	sig, err := b64(parts[2])
	if err != nil {
		return nil, errors.New("it is not a JWT: the signature is not base64url")
	}
	j.Sig = sig
	return j, nil
}

// b64 decodes base64url with or without padding.
func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func seg(v map[string]any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Alg is the header's alg.
func (j *JWT) Alg() string { s, _ := j.Header["alg"].(string); return s }

// ForgeTokens makes the forged copies of a member token that is a JWT
// (nil otherwise), by token name:
//   - forged-none: the header's alg set to "none", the payload as it is, no
//     signature (and forged-none-capitalised, forged-none-upper: alg "None"
//     and "NONE", tried when "none" is refused);
//   - forged-bad-signature: header and payload as they are, the signature's
//     first byte flipped (only for a signed token);
//   - forged-expired: the header as it is, exp an hour in the past (iat and
//     nbf moved before it), and the original signature, which no longer
//     matches: without the key, an expired token can only be forged.
//
// Each is a secret: the caller registers it with the run's redaction set.
func ForgeTokens(tok string, now time.Time) map[string]string {
	j, err := ParseJWT(tok)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	h := map[string]any{}
	for k, v := range j.Header {
		h[k] = v
	}
	for name, alg := range map[string]string{forgedNone: "none", forgedNoneCap: "None", forgedNoneUpper: "NONE"} {
		h["alg"] = alg
		out[name] = seg(h) + "." + j.Parts[1] + "."
	}
	if len(j.Sig) > 0 && !strings.EqualFold(j.Alg(), "none") {
		bad := append([]byte(nil), j.Sig...)
		bad[0] ^= 0x01
		out[forgedBadSig] = j.Parts[0] + "." + j.Parts[1] + "." + base64.RawURLEncoding.EncodeToString(bad)
	}
	p := map[string]any{}
	for k, v := range j.Payload {
		p[k] = v
	}
	p["exp"] = now.Add(-time.Hour).Unix()
	for _, k := range []string{"iat", "nbf"} {
		if _, ok := p[k]; ok {
			p[k] = now.Add(-2 * time.Hour).Unix()
		}
	}
	out[forgedExpired] = j.Parts[0] + "." + seg(p) + "." + j.Parts[2]
	return out
}

// tokenSecrets are the pieces of the forged tokens a response could echo
// apart: the tokens themselves and their signatures.
func tokenSecrets(tok string, forged map[string]string) []string {
	var out []string
	if j, err := ParseJWT(tok); err == nil && len(j.Parts[2]) >= 16 {
		out = append(out, j.Parts[2])
	}
	for _, name := range slices.Sorted(maps.Keys(forged)) {
		if f := forged[name]; f != "" {
			out = append(out, f)
			if i := strings.LastIndexByte(f, '.'); i >= 0 && len(f)-i > 16 {
				out = append(out, f[i+1:])
			}
		}
	}
	return out
}

// memberEndpoint is tokenAccepted, asked once per run (the authorization
// and token checks share it).
func (s *Session) memberEndpoint(ctx context.Context) (string, *check.Result) {
	s.memberOnce.Do(func() { s.memberPath, s.memberStop = s.tokenAccepted(ctx) })
	return s.memberPath, s.memberStop
}

func runTokens(ctx context.Context, s *Session) check.Result {
	if s.In.Live.MemberToken == "" {
		return check.Result{Status: check.StatusNotChecked, Reason: "no member token: pass --member-token (or LAUNCHREADY_MEMBER_TOKEN, or the action's member-token input) for a test member account; its forged copies are sent to an endpoint that accepts it"}
	}
	j, err := ParseJWT(s.In.Live.MemberToken)
	if err != nil {
		return check.Result{Status: check.StatusNotChecked, Reason: "the member token is not checked for forgery: " + err.Error() + "; the unsigned (alg none), broken-signature and expired copies apply to JWTs only"}
	}
	forged := s.forged
	first, stop := s.memberEndpoint(ctx)
	if stop != nil {
		return *stop
	}
	get := func(where, token string) (*Response, error) {
		return s.Client.Do(ctx, Request{Check: "probe-tokens", Path: where, Token: token, Cap: 256 << 10, Follow: true})
	}
	// The endpoint is confirmed on this check's own requests: the real
	// token gets a 2xx there, and a request without it does not. An
	// endpoint that answers everyone (an app that checks no token there)
	// says nothing about forged tokens: the spec's other member
	// operations are tried, at most 4 in all.
	cands := []string{first}
	for _, o := range s.Ops {
		if o.Method == "GET" && !o.PublicDesign && len(o.Privileged) == 0 && !strings.Contains(o.Path, "{") && o.Path != first && len(cands) < 4 {
			cands = append(cands, o.Path)
		}
	}
	var where string
	var real, anon *Response
	var tried []string
	for _, c := range cands {
		r, err := get(c, "member")
		if err != nil {
			return unreachable(s, err)
		}
		if r.Status < 200 || r.Status > 299 || s.catchAll(ctx, r) {
			tried = append(tried, fmt.Sprintf("%s answered %d to the member token", c, r.Status))
			continue
		}
		a, err := get(c, "")
		if err != nil {
			return unreachable(s, err)
		}
		if a.Status >= 200 && a.Status <= 299 {
			tried = append(tried, fmt.Sprintf("%s answered %d without any token too", c, a.Status))
			continue
		}
		where, real, anon = c, r, a
		break
	}
	if where == "" {
		return check.Result{Status: check.StatusNotChecked, Reason: fmt.Sprintf("no endpoint both accepts the member token and refuses a request without it (%s), so a forged token's answer would prove nothing; list an endpoint only the member can read in probe.core-flows", strings.Join(tried, ", "))}
	}
	res := check.Result{Status: check.StatusRan}
	res.Notes = append(res.Notes, fmt.Sprintf("GET %s answers %d to the member token (a %s JWT) and %d without it", where, real.Status, j.Alg(), anon.Status))
	cov := s.cover("forged tokens")
	accepted := map[string]bool{}
	refused := map[string]bool{}
	u, _ := s.Client.Resolve(where)
	// The case variants of alg none go only when the lowercase one was
	// refused (one GET each), so a run sends at most five forged tokens.
	order := []string{forgedNone, forgedNoneCap, forgedNoneUpper, forgedBadSig, forgedExpired}
	noneAlg := map[string]string{forgedNone: "none", forgedNoneCap: "None", forgedNoneUpper: "NONE"}
	acceptedNone := ""
	for _, name := range order {
		if forged[name] == "" {
			continue
		}
		if (name == forgedNoneCap || name == forgedNoneUpper) && (!refused[forgedNone] || acceptedNone != "") {
			continue
		}
		cov.plan(1)
		r, err := get(where, name)
		if !cov.take(r, err, 0) {
			continue
		}
		switch v, why := judgeForged(real, r); v {
		case forgedAccepted:
			accepted[name] = true
			if noneAlg[name] != "" && acceptedNone == "" {
				acceptedNone = noneAlg[name]
			}
		case forgedRefused:
			refused[name] = true
		default:
			// Neither accepted nor refused: not examined.
			cov.examined--
			cov.drop(1, fmt.Sprintf("%s: answered %d, %s (neither accepted nor refused)", strings.TrimPrefix(name, "forged-"), r.Status, why))
		}
	}
	if acceptedNone != "" {
		accepted[forgedNone] = true
	}
	if !accepted[forgedBadSig] && forged[forgedBadSig] == "" {
		res.Notes = append(res.Notes, "the member token has no signature, so no broken-signature copy was made")
	}
	if accepted[forgedNone] {
		res.Findings = append(res.Findings, s.liveFinding(ruleJwtAlgNoneAccepted,
			fmt.Sprintf("GET %s accepted an unsigned copy of the member token (header alg set to %q, signature removed) as the member, answering %d like the real token: anyone can write a token for any user.", u.Path, acceptedNone, real.Status),
			"Verify every token with a fixed algorithm list (jsonwebtoken: jwt.verify(token, key, {algorithms: ['RS256']}); PyJWT: jwt.decode(token, key, algorithms=[...])) and refuse alg none in any letter case.", "GET", u, nil))
	}
	if accepted[forgedBadSig] {
		res.Findings = append(res.Findings, s.liveFinding(ruleJwtBadSignatureAccepted,
			fmt.Sprintf("GET %s accepted a copy of the member token whose signature was altered (one byte flipped) as the member, answering %d: the signature is not verified, so anyone can change the claims (user, role).", u.Path, real.Status),
			"Verify the signature of every token (jwt.verify, not jwt.decode) with the issuer's key before trusting any claim.", "GET", u, nil))
	}
	switch {
	case accepted[forgedExpired]:
		res.Findings = append(res.Findings, s.liveFinding(ruleJwtExpiredAccepted,
			fmt.Sprintf("GET %s accepted a copy of the member token with exp set an hour in the past, answering %d. An expired token can only be forged: this copy kept the original signature, which no longer matches its changed payload, so the server checks neither the signature nor the expiry.", u.Path, real.Status),
			"Verify the signature and the exp claim of every token (jwt.verify checks both; never jwt.decode alone), and keep token lifetimes short.", "GET", u, nil))
	case refused[forgedExpired] && accepted[forgedBadSig]:
		res.Notes = append(res.Notes, "the expired copy was refused while a broken signature is accepted: the expiry is enforced")
	case refused[forgedExpired]:
		res.Notes = append(res.Notes, "the expired copy was refused, but its signature no longer matches (an expired token can only be forged), so that proves the signature check, not the expiry check")
	}
	var no []string
	for _, name := range order {
		if refused[name] {
			no = append(no, strings.TrimPrefix(name, "forged-"))
		}
	}
	if len(no) > 0 {
		res.Notes = append(res.Notes, "refused: "+strings.Join(no, ", "))
	}
	return finish(res, cov)
}

func sameRedirects(a, b *Response) bool {
	return strings.Join(a.Redirects, " ") == strings.Join(b.Redirects, " ")
}

// A forged token's answer, judged against the real token's.
type forgedVerdict int

const (
	forgedNeither forgedVerdict = iota
	forgedAccepted
	forgedRefused
)

// authError names a refusal of the credentials in a body (an API that
// answers 200 with an error envelope, or 400 "invalid token").
var authError = regexp.MustCompile(`(?i)\b(invalid|bad|malformed|expired|missing|unverified)[ _-]?(token|jwt|signature|credentials?|session|auth\w*)\b|\bunauthori[sz]ed\b|\bforbidden\b|\bnot authenticated\b|\bauthentication (failed|required)\b|\btoken (is )?(invalid|expired)\b|\bjwt (malformed|expired)\b|\binvalid_token\b`)

// judgeForged is whether r, the answer to a forged token, is the real
// token's answer (accepted), a refusal (401 or 403, or a body naming an
// auth error), or neither, with why for the latter. Accepted means the
// same status and redirects and the same body, after masking volatile
// values: for JSON, the same structure recursively (keys, types,
// nullness, empty or not, booleans), and the member's own identifiers
// (the id, email and name strings of the real answer) in it too.
func judgeForged(real, r *Response) (forgedVerdict, string) {
	if r.Status == 401 || r.Status == 403 {
		return forgedRefused, ""
	}
	if r.Status == real.Status && sameRedirects(r, real) && sameAnswer(real.Body, r.Body) {
		return forgedAccepted, ""
	}
	if r.Status >= 400 && r.Status <= 499 && r.Status != 404 && r.Status != 429 || r.Status >= 200 && r.Status <= 299 {
		if authError.Match(r.Body) && !authError.Match(real.Body) {
			return forgedRefused, ""
		}
	}
	if r.Status != real.Status {
		return forgedNeither, fmt.Sprintf("not the real token's %d", real.Status)
	}
	return forgedNeither, "with another body than the real token's"
}

// sameAnswer reports whether b is a's body, after masking volatile values.
func sameAnswer(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var va, vb any
	da, db := json.NewDecoder(bytes.NewReader(a)), json.NewDecoder(bytes.NewReader(b))
	da.UseNumber()
	db.UseNumber()
	if da.Decode(&va) == nil && db.Decode(&vb) == nil {
		if !sameJSON(va, vb, 0) {
			return false
		}
		ids := memberIDs(va, nil, 0)
		for _, id := range ids {
			if !bytes.Contains(b, []byte(id)) {
				return false
			}
		}
		return true
	}
	return volatile.ReplaceAllString(string(a), "{v}") == volatile.ReplaceAllString(string(b), "{v}")
}

// sameJSON compares two JSON values structurally: the same kinds, object
// keys and nullness at every level, arrays both empty or both not (their
// elements pairwise), booleans equal. Strings and numbers may differ
// (volatile values); the member's identifiers are checked apart.
func sameJSON(a, b any, depth int) bool {
	if depth > 32 {
		return true
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameJSON(v, w, depth+1) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || (len(x) == 0) != (len(y) == 0) {
			return false
		}
		for i := 0; i < min(len(x), len(y), 8); i++ {
			if !sameJSON(x[i], y[i], depth+1) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		_, ok := b.(string)
		return ok
	case json.Number:
		_, ok := b.(json.Number)
		return ok
	}
	return false
}

// idKey names the members of an answer that identify its user.
var idKey = regexp.MustCompile(`(?i)^(id|_id|uid|sub|user_?id|userId|account_?id|email|e-?mail|name|user_?name|username|login|handle)$`)

// memberIDs are the identifying strings (and numbers) of the real token's
// answer: the values of id, email, name and the like, at most 8.
func memberIDs(v any, out []string, depth int) []string {
	if depth > 8 || len(out) >= 8 {
		return out
	}
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			switch w := x[k].(type) {
			case string:
				if idKey.MatchString(k) && w != "" && len(out) < 8 {
					q, _ := json.Marshal(w)
					out = append(out, string(q))
				}
			case json.Number:
				if idKey.MatchString(k) && len(out) < 8 {
					out = append(out, w.String())
				}
			default:
				out = memberIDs(w, out, depth+1)
			}
		}
	case []any:
		if len(x) > 0 {
			out = memberIDs(x[0], out, depth+1)
		}
	}
	return out
}

// forgedTokensFor registers the forged copies of the member token with the
// run's redaction set and returns them, for the client's token map.
func forgedTokensFor(member string, secrets interface{ Add(string) }, now time.Time) map[string]string {
	forged := ForgeTokens(member, now)
	for _, sec := range tokenSecrets(member, forged) {
		secrets.Add(sec)
	}
	return forged
}
