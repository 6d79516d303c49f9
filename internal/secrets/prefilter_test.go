package secrets

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"

	"github.com/launchready/launchready/internal/config"
)

func TestRequiredLiterals(t *testing.T) {
	for _, tc := range []struct {
		re   string
		want []string
	}{
		{`secret_[a-z0-9]{32}`, []string{"secret_"}},
		{`passw(?:or)?d\s*=\s*(\S+)`, []string{"passwd", "password"}},
		{`(?i)db_password\s*=`, []string{"db_pa"}}, // cut at the folded s
		{`(?i)(?:db|app)_pass_?word`, []string{"app_pa", "db_pa"}},
		{`(?:AKIA|ASIA)[A-Z0-9]{16}`, []string{"akia", "asia"}},
		{`(?i)\b(?:client|app)[_-]?secret\s*[:=]\s*"([^"]+)"`, []string{"ecret"}},
		{`[Aa]pi[_-]key`, []string{"api-key", "api_key"}},
		{`(?m)^[^:]+:[^:]+:([^:]+)$`, nil}, // only short literals
		{`[a-f0-9]{40}`, nil},
		{`(?i)sk_live_[a-z0-9]+`, []string{"_live_"}}, // (?i)k and (?i)s also match non-ASCII letters
		{`(?i)token`, nil}, // "to" and "en": too short
		{`(?i)identified by '([^']+)'`, []string{"identified by '"}},
		{`foo|[0-9]+`, nil}, // a branch without a literal
		{`x(`, nil},         // does not parse
		{`abc(?:def)?`, []string{"abc"}},
		{`ab(?:cd|ef)gh`, []string{"abcdgh", "abefgh"}},
		{`é-secret`, []string{"-secret"}},
	} {
		if got := requiredLiterals(tc.re); !slices.Equal(got, tc.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tc.re, got, tc.want)
		}
	}
}

// FuzzRequiredLiterals checks the derivation's one promise on any pattern
// and text: where the regex matches, the lower-cased text holds one of the
// derived keywords.
func FuzzRequiredLiterals(f *testing.F) {
	for _, s := range [][2]string{
		{`secret_[a-z0-9]{4}`, "x secret_abcd"},
		{`(?i)passw(?:or)?d=(\S+)`, "PASSWORD=hunter2"},
		{`(?i)sk_live`, "\u017fk_live"},
		{`(?i)kelvin`, "\u212aELVIN"},
		{`ab(?:cd|ef)gh`, "abefgh"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, text string) {
		kws := requiredLiterals(pattern)
		if kws == nil {
			return
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			t.Fatalf("derived %q from %q, which does not compile: %v", kws, pattern, err)
		}
		if !re.MatchString(text) {
			return
		}
		lower := strings.ToLower(text)
		for _, k := range kws {
			if strings.Contains(lower, k) {
				return
			}
		}
		t.Fatalf("%q matches %q, whose lower case holds none of the derived keywords %q", pattern, text, kws)
	})
}

// A rule without keywords (here one of .launchready.yml) gets keywords from
// its regex, and finds what it found before.
func TestDerivedKeywordsKeepFindings(t *testing.T) {
	cfg := config.Default()
	cfg.Secrets.Rules = append(cfg.Secrets.Rules, config.SecretRule{ID: "acme-token", Regex: `acme_tok_([a-z0-9]{24})`, SecretGroup: 1})
	gc, _, err := detectorConfigInfo(nil, cfg, Gitleaks{})
	if err != nil {
		t.Fatal(err)
	}
	if kws := gc.Rules["acme-token"].Keywords; len(kws) != 0 {
		t.Fatalf("the rule has keywords %q before derivation", kws)
	}
	d, err := newDetector(nil, gc)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Config.Rules["acme-token"].Keywords; !slices.Equal(got, []string{"acme_tok_"}) {
		t.Fatalf("derived keywords %q, want [acme_tok_]", got)
	}
	if len(gc.Rules["acme-token"].Keywords) != 0 {
		t.Fatal("the derivation changed the config it was given")
	}
	secret := "k3j9x0q2m8v7b6n5c4z1a2s3"
	fs := d.DetectContext(context.Background(), detect.Fragment{Raw: "a = 1\ntoken: ACME_TOK_x acme_tok_" + secret + "\n", FilePath: "app.yml", StartLine: 1})
	found := false
	for _, g := range fs {
		if g.RuleID == "acme-token" && g.Secret == secret && g.StartLine == 2 {
			found = true
		}
	}
	if !found {
		t.Fatalf("acme-token not found: %+v", fs)
	}
}
