package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestProbeTimeBudget: probe.time-budget is a Go duration between 1s and
// 30m; a bad one is a config error at its own line, and the schema agrees.
func TestProbeTimeBudget(t *testing.T) {
	t.Parallel()
	c, err := Decode([]byte("probe:\n  time-budget: 90s\n"), ".launchready.yml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Probe.TimeBudget.Duration != 90*time.Second {
		t.Errorf("time-budget decoded as %v, want 90s", c.Probe.TimeBudget.Duration)
	}
	if c, err := Decode([]byte("probe:\n  max-requests: 10\n"), ".launchready.yml"); err != nil || c.Probe.TimeBudget.Duration != 0 {
		t.Errorf("unset time-budget: %v, %v; want 0 (the probe's default)", c.Probe.TimeBudget.Duration, err)
	}
	s, _ := loadSchema(t)
	for _, tc := range []struct{ val, want string }{
		{"ninety", `.launchready.yml:3: probe.time-budget: "ninety" is not a duration such as 90s or 2m`},
		{"500ms", ".launchready.yml:3: probe.time-budget: 500ms is not between 1s and 30m"},
		{"2h", ".launchready.yml:3: probe.time-budget: 2h0m0s is not between 1s and 30m"},
		{"[1, 2]", ".launchready.yml:3: probe.time-budget must be a single value"},
	} {
		src := "probe:\n  max-requests: 10\n  time-budget: " + tc.val + "\n"
		_, err := Decode([]byte(src), ".launchready.yml")
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("time-budget %s: error %v, want %q", tc.val, err, tc.want)
		}
	}
	for _, tc := range []struct {
		val   string
		valid bool
	}{{"90s", true}, {"1m30s", true}, {"ninety", false}, {"90", false}} {
		if err := s.Validate(yamlToJSONValue(t, "probe:\n  time-budget: \""+tc.val+"\"\n")); (err == nil) != tc.valid {
			t.Errorf("schema on time-budget %q: valid=%v, want %v (%v)", tc.val, err == nil, tc.valid, err)
		}
	}
}

// FuzzDuration: probe.time-budget comes from the repository; any text is
// either refused or a duration in range.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{"90s", "2m", "1h", "-1s", "1e9h", "9223372036854775807ns", "1.5m", " 3s "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d Duration
		if err := d.UnmarshalText([]byte(s)); err == nil && (d.Duration < time.Second || d.Duration > MaxTimeBudget) {
			t.Fatalf("%q accepted as %v", s, d.Duration)
		}
	})
}
