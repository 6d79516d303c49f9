package probe

import (
	"bytes"
	"context"
	"crypto/sha256"
	"net/http"
)

// A preview that answers every path alike (a single-page app's index.html,
// a catch-all handler's {"ok":true}, a "not found" page sent with 200) says
// nothing about what is at a path. The session asks for one random path
// before any check (Session.other); an answer to another path that equals
// it (status, media type, and the body with both paths taken out) is that
// catch-all, not the path's own: not a health endpoint, a served /.env or
// an exposed console. HTML pages are also compared loosely (samePage),
// since they often carry a per-response nonce.

// likeOther reports a 2xx answer r equal to the random path's answer.
func (s *Session) likeOther(r *Response) bool {
	o := s.other
	if o == nil || r == nil || o.Status != r.Status || o.Status < 200 || o.Status > 299 {
		return false
	}
	if r.Method == http.MethodHead || len(r.Body) == 0 && len(o.Body) == 0 {
		// A HEAD answer has no body to compare: the status and media
		// type are all there is.
		return mediaType(o) == mediaType(r)
	}
	if mediaType(o) != mediaType(r) {
		return false
	}
	if samePage(o, r) {
		return true
	}
	return bodyDigest(o) == bodyDigest(r)
}

// bodyDigest hashes a body with the request's path taken out: catch-all
// pages often echo it ("Cannot GET /x", a canonical link).
func bodyDigest(r *Response) [32]byte {
	b := r.Body
	if r.URL != nil && len(r.URL.Path) > 1 {
		b = bytes.ReplaceAll(b, []byte(r.URL.Path), nil)
	}
	return sha256.Sum256(b)
}

// notServed reports an answer that is the preview's catch-all, not the
// path's own: a single-page app's page (catchAll) or any 2xx equal to the
// random path's answer (likeOther). A health endpoint, a served file or an
// exposure is judged on answers that are not.
func (s *Session) notServed(ctx context.Context, r *Response) bool {
	return s.catchAll(ctx, r) || s.likeOther(r)
}
