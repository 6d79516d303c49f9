// Package flasktwin starts the Flask twin (testdata/probe/flask), a real
// Flask app on Debian's python3-flask with its data in SQLite, on 127.0.0.1
// for the end-to-end tests. Flask is installed with apt-get the first time
// a test needs it, as the Express twin's packages are with npm ci.
package flasktwin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/testutil"
)

// Python is Debian's interpreter: a python3 earlier on PATH (a pyenv
// shim, a virtualenv) does not see Debian's python3-flask.
const Python = "/usr/bin/python3"

// InstallCommand installs Flask where the twin finds it.
const InstallCommand = "apt-get install -y python3-flask"

// Dir is the twin's directory.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "probe", "flask")
}

func hasFlask() error {
	out, err := exec.Command(Python, "-c", "import flask, sqlite3").CombinedOutput()
	if err != nil {
		return errors.New(strings.TrimSpace(string(out)))
	}
	return nil
}

// Need makes sure Debian's python3 can import Flask, installing
// python3-flask with apt-get (as root) when it cannot, and returns the
// interpreter. When that is impossible the test fails with the command to
// run; LAUNCHREADY_E2E=skip skips it instead.
func Need(t testing.TB) string {
	t.Helper()
	if os.Getenv("LAUNCHREADY_E2E") == "skip" {
		t.Skip("LAUNCHREADY_E2E=skip")
	}
	if _, err := os.Stat(Python); err != nil {
		t.Fatalf("the Flask end-to-end test needs Debian's %s with python3-flask: run `apt-get install -y python3 python3-flask` as root, or set LAUNCHREADY_E2E=skip to skip this test", Python)
	}
	if hasFlask() == nil {
		return Python
	}
	apt, err := exec.LookPath("apt-get")
	if err != nil || os.Geteuid() != 0 {
		t.Fatalf("the Flask end-to-end test needs Flask for %s (%v): run `%s` as root, or set LAUNCHREADY_E2E=skip to skip this test", Python, hasFlask(), InstallCommand)
	}
	// Test binaries of several packages may get here at once: one install.
	unlock, err := testutil.FileLock(filepath.Join(os.TempDir(), "launchready-python3-flask.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if hasFlask() == nil {
		return Python
	}
	install := func() ([]byte, error) {
		cmd := exec.Command(apt, "install", "-y", "--no-install-recommends", "python3-flask")
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		return cmd.CombinedOutput()
	}
	out, err := install()
	if err != nil {
		// A fresh machine has no package lists yet.
		upd := exec.Command(apt, "update")
		upd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if uout, uerr := upd.CombinedOutput(); uerr != nil {
			t.Fatalf("apt-get update (before `%s`): %v\n%s", InstallCommand, uerr, uout)
		}
		out, err = install()
	}
	if err != nil {
		t.Fatalf("`%s`: %v\n%s", InstallCommand, err, out)
	}
	if err := hasFlask(); err != nil {
		t.Fatalf("after `%s`, %s still cannot import Flask: %v", InstallCommand, Python, err)
	}
	return Python
}

// Options start the twin.
type Options struct {
	Mode string // vulnerable (default) or hardened
	// CertFile and KeyFile serve HTTPS; without them, plain HTTP.
	CertFile, KeyFile string
	// ClientKey is the fake key the vulnerable bundle leaks.
	ClientKey string
	// JWTSecret signs the test tokens (Token).
	JWTSecret string
}

// Twin is a running twin.
type Twin struct {
	Port string
	// StateFile and RequestLog are the app's data digest and request log.
	StateFile, RequestLog string
}

// State is the app's data, as it writes it after every request.
type State struct {
	Digest string         `json:"digest"`
	Rows   map[string]int `json:"rows"`
}

// State reads the app's state file.
func (tw *Twin) State(t testing.TB) State {
	t.Helper()
	b, err := os.ReadFile(tw.StateFile)
	if err != nil {
		t.Fatal(err)
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil || s.Digest == "" {
		t.Fatalf("the twin's state file %s: %v: %s", tw.StateFile, err, b)
	}
	return s
}

// Request is one line of the request log.
type Request struct {
	Method, Path   string
	Length, Status int
}

// Requests reads the request log.
func (tw *Twin) Requests(t testing.TB) []Request {
	t.Helper()
	b, err := os.ReadFile(tw.RequestLog)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var out []Request
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l == "" {
			continue
		}
		var r Request
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("request log line %q: %v", l, err)
		}
		out = append(out, r)
	}
	return out
}

// Start starts the twin on 127.0.0.1 with its data in a fresh SQLite file;
// the test's cleanup stops it.
func Start(t testing.TB, python string, o Options) *Twin {
	t.Helper()
	dir := t.TempDir()
	tw := &Twin{StateFile: filepath.Join(dir, "state.json"), RequestLog: filepath.Join(dir, "requests.jsonl")}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, python, "app.py")
	cmd.Dir = Dir()
	cmd.Env = append(os.Environ(), "MODE="+o.Mode, "PORT=0", "TLS_CERT="+o.CertFile, "TLS_KEY="+o.KeyFile, "JWT_SECRET="+o.JWTSecret,
		"FAKE_CLIENT_KEY="+o.ClientKey, "DB_PATH="+filepath.Join(dir, "notes.db"), "STATE_FILE="+tw.StateFile,
		"REQUEST_LOG="+tw.RequestLog, "PYTHONDONTWRITEBYTECODE=1", "FLASK_DEBUG=")
	tw.Port = testutil.StartListening(t, fmt.Sprintf("the Flask twin (%s)", o.Mode), cmd, cancel, 30*time.Second)
	return tw
}

// Token is an HS256 JWT for the twin: sub, role, and an expiry ttl from
// now (negative: already expired).
func Token(secret, sub, role string, ttl time.Duration) string {
	return testutil.HS256JWT(secret, map[string]any{"sub": sub, "role": role, "exp": time.Now().Add(ttl).Unix()})
}
