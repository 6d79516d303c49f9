package testutil

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// FileLock takes an exclusive lock file, waiting up to five minutes (a
// lock older than that is stale): test binaries of several packages that
// install the same end-to-end app run one install.
func FileLock(path string) (func(), error) {
	deadline := time.Now().Add(5 * time.Minute)
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, err
		}
		if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) > 5*time.Minute {
			os.Remove(path)
			continue
		}
		if time.Now().After(deadline) {
			return nil, errors.New("timed out waiting for " + path)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// StartListening starts an end-to-end app's command, made with
// exec.CommandContext(ctx, ...) where cancel cancels ctx, and returns the
// port from the first "listening PORT" line of its output; the test's
// cleanup stops it. what names the app in failures.
func StartListening(t testing.TB, what string, cmd *exec.Cmd, cancel context.CancelFunc, wait time.Duration) string {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if p, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				port <- p
			}
		}
		close(port)
	}()
	select {
	case p, ok := <-port:
		if !ok {
			t.Fatalf("%s exited before listening:\n%s", what, stderr.String())
		}
		return p
	case <-time.After(wait):
		t.Fatalf("%s did not start in %s:\n%s", what, wait, stderr.String())
	}
	return ""
}

// HS256JWT is a JWT of the claims signed with secret (HS256), as the
// end-to-end apps' tokens are.
func HS256JWT(secret string, claims any) string {
	enc := base64.RawURLEncoding.EncodeToString
	head := enc([]byte(`{"alg":"HS256","typ":"JWT"}`))
	b, err := json.Marshal(claims)
	if err != nil {
		panic(err)
	}
	body := enc(b)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(head + "." + body))
	return head + "." + body + "." + enc(mac.Sum(nil))
}
