// Package expresstwin starts the Express twin (testdata/probe/express), a
// real Express 5 app with the real cors, helmet, express-session and
// express-rate-limit packages, on 127.0.0.1 for the end-to-end tests. Its
// packages are installed by npm ci from the committed lockfile the first
// time a test needs them.
package expresstwin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/testutil"
)

// Dir is the twin's directory.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "probe", "express")
}

// Need finds node and npm and installs the twin's packages when they are
// missing. Without node the test fails with what to do; LAUNCHREADY_E2E=skip
// skips it instead.
func Need(t testing.TB) string {
	t.Helper()
	if os.Getenv("LAUNCHREADY_E2E") == "skip" {
		t.Skip("LAUNCHREADY_E2E=skip")
	}
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = exec.LookPath("npm")
	}
	if err != nil {
		t.Fatalf("the Express end-to-end test needs Node.js 18+ with npm on PATH (%v): install it, or set LAUNCHREADY_E2E=skip to skip this test", err)
	}
	dir := Dir()
	// The marker holds the lockfile's digest: packages installed from an
	// older lockfile (a new dependency since) are installed again.
	lockSum := func() []byte {
		b, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(b)
		return []byte(hex.EncodeToString(sum[:]))
	}
	installed := func() bool {
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", ".launchready-installed"))
		return err == nil && len(b) > 0 && bytes.Equal(b, lockSum())
	}
	if installed() {
		return node
	}
	// Test binaries of several packages may get here at once: one npm ci.
	unlock, err := testutil.FileLock(filepath.Join(dir, ".npm-ci.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if !installed() {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
		if err := os.WriteFile(filepath.Join(dir, "node_modules", ".launchready-installed"), lockSum(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return node
}

// Options start the twin.
type Options struct {
	Mode string // vulnerable (default) or hardened
	// CertFile and KeyFile serve HTTPS; without them, plain HTTP.
	CertFile, KeyFile string
	// ClientKey is the fake key the vulnerable bundle leaks.
	ClientKey string
	// RequestLog gets one JSON line per request received.
	RequestLog string
}

// Start starts the twin on 127.0.0.1 and returns its port; the test's
// cleanup stops it.
func Start(t testing.TB, node string, o Options) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, node, "app.js")
	cmd.Dir = Dir()
	cmd.Env = append(os.Environ(), "MODE="+o.Mode, "PORT=0", "TLS_CERT="+o.CertFile, "TLS_KEY="+o.KeyFile,
		"FAKE_CLIENT_KEY="+o.ClientKey, "REQUEST_LOG="+o.RequestLog, "NODE_ENV=")
	return testutil.StartListening(t, fmt.Sprintf("the Express twin (%s)", o.Mode), cmd, cancel, 20*time.Second)
}

// jwtSecret is the twin's HS256 key (app.js has the same).
const jwtSecret = "express-twin-jwt-secret-for-tests"

// MemberJWT is a valid HS256 JWT for the twin's member 1 (Ana), expiring
// in an hour: the hardened twin verifies it, the vulnerable one only
// decodes it.
func MemberJWT() string {
	now := time.Now().Unix()
	return testutil.HS256JWT(jwtSecret, map[string]any{"sub": "1", "role": "member", "iat": now, "exp": now + 3600})
}
