package probe

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/config"
	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/secrets"
)

// peekedConn replays the bytes read to classify a connection.
type peekedConn struct {
	net.Conn
	r io.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// silentOldTLS is a listener that never answers a ClientHello of TLS 1.0 or
// 1.1 (it holds the connection open) and hands the rest to the TLS server.
type silentOldTLS struct {
	net.Listener
	conns chan net.Conn
}

func newSilentOldTLS(t *testing.T) *silentOldTLS {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &silentOldTLS{Listener: ln, conns: make(chan net.Conn)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(l.conns)
				return
			}
			go func() {
				br := bufio.NewReader(c)
				// Record header (5), handshake header (4), client_version (2).
				h, err := br.Peek(11)
				if err != nil {
					c.Close()
					return
				}
				if v := uint16(h[9])<<8 | uint16(h[10]); v < tls.VersionTLS12 {
					io.Copy(io.Discard, br) // never answers
					c.Close()
					return
				}
				l.conns <- &peekedConn{Conn: c, r: br}
			}()
		}
	}()
	return l
}

func (l *silentOldTLS) Accept() (net.Conn, error) {
	c, ok := <-l.conns
	if !ok {
		return nil, net.ErrClosed
	}
	return c, nil
}

// TestOldTLSTimeoutIsNoEvidence: a server that never answers TLS 1.0 and
// 1.1 ClientHellos made the https check pass after two timeouts ("not
// offered"). Only a refusal is evidence: the check is not complete now.
// (The CLI takes no CA option, so this runs the check on a real TLS
// server with the test CA, as the golden cases do.)
func TestOldTLSTimeoutIsNoEvidence(t *testing.T) {
	t.Parallel()
	ca := newCA(t)
	ln := newSilentOldTLS(t)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
	}), ErrorLog: log.New(io.Discard, "", 0),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{ca.leaf(t, "127.0.0.1", time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour), false)}, MinVersion: tls.VersionTLS12}}
	go srv.ServeTLS(ln, "", "")
	t.Cleanup(func() { srv.Close(); ln.Close() })
	res := runHTTPSAt(t, "https://"+ln.Addr().String(), ca.pem)
	if res.Status != check.StatusFailed || !strings.Contains(res.Reason, "examined 0 of 2 old TLS version handshakes (2 timed out)") {
		t.Errorf("%s %q", res.Status, res.Reason)
	}
}

// TestHSTSOnServerErrorIsNoEvidence: / answered 503 with HSTS; the https
// check passed on the error page's header.
func TestHSTSOnServerErrorIsNoEvidence(t *testing.T) {
	t.Parallel()
	res, _ := run(t, "probe-https", target{name: "503", tls: certCfg(-time.Hour, 90*24*time.Hour, false, "127.0.0.1"), handler: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		w.WriteHeader(503)
	}})
	if res.Status != check.StatusFailed || !strings.Contains(res.Reason, "answers of / for HSTS") {
		t.Errorf("%s %q", res.Status, res.Reason)
	}
}

func runHTTPSAt(t *testing.T, base string, caPEM []byte) check.Result {
	t.Helper()
	cfg := config.Default()
	in := &check.Input{Scan: check.Scan{Mode: check.ModeWorktree}, Config: cfg, Now: time.Now(), Secrets: &redact.Set{},
		Live: &check.LiveTarget{URL: base, AllowLoopback: true, CACertPEM: caPEM}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return httpsCheck.Run(ctx, in)
}

// TestShownMasksUserinfo: the whole userinfo is masked, the user name too.
func TestShownMasksUserinfo(t *testing.T) {
	for in, want := range map[string]string{
		"http://ghp_abc:pw@127.0.0.1:1/x": "http://****@127.0.0.1:1/x",
		"http://alice@h/":                 "http://****@h/",
		"https://h/p?q=1":                 "https://h/p?q=1",
	} {
		u, _ := url.Parse(in)
		if got := shown(u); got != want {
			t.Errorf("shown(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestMethodOverrideRefused: the client itself refuses a query parameter
// or header named like a method override, and a POST with a query string.
func TestMethodOverrideRefused(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:1/")
	c, err := NewClient(base, ClientOptions{AllowLoopback: true, AllowPost: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []Request{
		{Method: "POST", Path: "/auth/login?x=1", Body: []byte("{}")},
		{Method: "GET", Path: "/api/items/3?_method=DELETE"},
		{Method: "POST", Path: "/auth/login", Body: []byte("{}"), Header: http.Header{"X-Http-Method-Override": {"DELETE"}}},
		{Method: "GET", Path: "/x", Header: http.Header{"X-Method-Override": {"DELETE"}}},
	} {
		if _, err := c.Do(context.Background(), r); err == nil || !strings.Contains(err.Error(), "method refused") {
			t.Errorf("%s %s %v: %v", r.Method, r.Path, r.Header, err)
		}
	}
}

// FuzzDecode: any Content-Encoding header and body decode, or fail with
// an error, within the cap; never panic.
func FuzzDecode(f *testing.F) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte("hello"))
	w.Close()
	f.Add("gzip", gz.Bytes())
	f.Add("deflate", []byte{0x78, 0x9c, 0x01, 0x00, 0x00})
	f.Add("gzip, br", []byte("x"))
	f.Add("x-gzip,identity", gz.Bytes())
	f.Fuzz(func(t *testing.T, enc string, body []byte) {
		rd, err := decode(bytes.NewReader(body), []string{enc})
		if err != nil {
			return
		}
		_, _ = io.ReadAll(io.LimitReader(rd, 1<<20))
	})
}

// TestScanTextSeams: a token across a fragment seam is found once, whole;
// a cancelled context is an error, never a clean result.
func TestScanTextSeams(t *testing.T) {
	tok := "ghp_" + strings.Repeat("aB3dE5fG7h", 4)[:36]
	pad := strings.Repeat("x", scanFragment-20)
	hits, err := scanText(context.Background(), secrets.NewDetector(nil, nil), "static/js/app.js", pad+`var t="`+tok+`";`+strings.Repeat("y", 1000))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range hits {
		if strings.Contains(h.Secret, "ghp_") {
			n++
			if h.Secret != tok {
				t.Errorf("found %q, want the whole token", h.Secret)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d hits for the token across the seam: %+v", n, hits)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := scanText(ctx, secrets.NewDetector(nil, nil), "static/js/app.js", pad+pad); err == nil {
		t.Errorf("a cancelled scan returned no error")
	}
}

func TestSamePage(t *testing.T) {
	t.Parallel()
	page := func(status int, ct, body string) *Response {
		h := http.Header{}
		h.Set("Content-Type", ct)
		return &Response{Status: status, Header: h, Body: []byte(body)}
	}
	a := page(200, "text/html", `<html><title>app</title><meta content="0001"><div data-route="/a"></div></html>`)
	b := page(200, "text/html; charset=utf-8", `<html><title>app</title><meta content="9f3e"><div data-route="/api/feed"></div></html>`)
	if !samePage(a, b) {
		t.Error("nonce and echoed path: not the same page")
	}
	if samePage(a, page(200, "text/html", `<html><title>Admin</title><table>`+strings.Repeat("<tr>", 40)+`</table></html>`)) {
		t.Error("another title and size: the same page")
	}
	if samePage(a, page(404, "text/html", string(a.Body))) || samePage(a, page(200, "application/json", `{"a":1}`)) {
		t.Error("another status or a JSON body: the same page")
	}
}
