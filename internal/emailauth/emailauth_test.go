package emailauth

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/emailauth/dnstest"
	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

func serve(t *testing.T, zone string) *dnstest.Server {
	t.Helper()
	s, err := dnstest.Start(zone)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// zoneCase reads a golden zone and its "; check DOMAIN selectors=a,b" line.
func zoneCase(t *testing.T, path string) (zone, domain string, selectors []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zone = string(b)
	for _, line := range strings.Split(zone, "\n") {
		if f := strings.Fields(line); len(f) == 4 && f[0] == ";" && f[1] == "check" {
			domain = f[2]
			if sel := strings.TrimPrefix(f[3], "selectors="); sel != "" {
				selectors = strings.Split(sel, ",")
			}
		}
	}
	if domain == "" {
		t.Fatalf("%s has no \"; check DOMAIN selectors=...\" line", path)
	}
	return zone, domain, selectors
}

func TestEmailGolden(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"tp", "fp"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "email", kind, "*.zone"))
		if len(files) == 0 {
			t.Fatalf("no %s cases", kind)
		}
		var lines []string
		for _, f := range files {
			zone, domain, selectors := zoneCase(t, f)
			s := serve(t, zone)
			a := Run(context.Background(), &Resolver{Server: s.Addr, Timeout: time.Second}, domain, selectors)
			if len(a.NotChecked) > 0 {
				t.Errorf("%s: not checked: %v", f, a.NotChecked)
			}
			for _, fd := range a.Findings {
				lines = append(lines, fmt.Sprintf("%s: [%s] %s (%s): %s", filepath.Base(f), fd.Severity, fd.RuleID, fd.Location.Record, fd.Message))
				if fd.Location.Domain != domain || fd.Fingerprint == "" || fd.Remediation == "" || fd.Row != finding.RowEmail {
					t.Errorf("%s: incomplete finding %+v", f, fd)
				}
			}
		}
		sort.Strings(lines)
		got := strings.Join(lines, "\n") + "\n"
		if kind == "fp" {
			if len(lines) != 0 {
				t.Errorf("false positives:\n%s", got)
			}
			continue
		}
		testutil.Golden(t, filepath.Join("..", "..", "testdata", "email", "tp.golden"), got, *update)
	}
}

func TestResolverFailuresAreNotChecked(t *testing.T) {
	t.Parallel()
	s := serve(t, `
; servfail sf.test.
; refused rf.test.
; slow slow.test.
; truncate big.test.
big.test. 300 IN TXT "v=spf1 -all"
`)
	r := &Resolver{Server: s.Addr, Timeout: 300 * time.Millisecond, Retries: 1}
	ctx := context.Background()
	txt, err := r.TXT(ctx, "big.test")
	if err != nil || len(txt) != 1 || txt[0] != "v=spf1 -all" {
		t.Errorf("truncated answer: %v %v", txt, err)
	}
	if s.Queries["tcp TXT big.test."] != 1 || s.Queries["udp TXT big.test."] != 1 {
		t.Errorf("no TCP fallback after truncation: %v", s.Queries)
	}
	for name, want := range map[string]string{
		"sf.test":   "the DNS lookup of TXT sf.test failed: SERVFAIL",
		"rf.test":   "the DNS lookup of TXT rf.test failed: REFUSED",
		"slow.test": "the DNS lookup of TXT slow.test failed: no answer within 300ms (tried 2 times)",
	} {
		_, err := r.TXT(ctx, name)
		var ue *UnavailableError
		if err == nil || !strings.Contains(err.Error(), want) || IsNotFound(err) || !asUnavailable(err, &ue) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
	if s.Queries["udp TXT slow.test."] != 2 {
		t.Errorf("the timeout was not retried once: %v", s.Queries)
	}
	_, err = r.TXT(ctx, "nothing.test")
	if !IsNotFound(err) {
		t.Errorf("NXDOMAIN: %v", err)
	}
}

func asUnavailable(err error, target **UnavailableError) bool {
	ue, ok := err.(*UnavailableError)
	*target = ue
	return ok
}

func TestCheckStatuses(t *testing.T) {
	t.Parallel()
	s := serve(t, "; servfail flaky.test.\n; servfail _dmarc.flaky.test.\nok.test. 300 IN TXT \"v=spf1 -all\"\n")
	run := func(in *check.Input) check.Result { return Check{}.Run(context.Background(), in) }
	if r := run(&check.Input{Scan: check.Scan{Mode: check.ModeHistory}}); r.Status != check.StatusNotChecked || !strings.Contains(r.Reason, "--domain") {
		t.Errorf("no domain: %+v", r)
	}
	if r := run(&check.Input{Scan: check.Scan{Mode: check.ModeStaged}, Email: &check.EmailTarget{Domain: "ok.test"}}); r.Status != check.StatusNotApplicable {
		t.Errorf("staged: %+v", r)
	}
	r := run(&check.Input{Scan: check.Scan{Mode: check.ModeHistory}, Email: &check.EmailTarget{Domain: "flaky.test", DNSServer: s.Addr}})
	if r.Status != check.StatusFailed || !strings.Contains(r.Reason, "SPF: the DNS lookup of TXT flaky.test failed: SERVFAIL") {
		t.Errorf("SERVFAIL must be not checked, never pass: %+v", r)
	}
}

func TestWholeCheckIsFast(t *testing.T) {
	t.Parallel()
	zone, domain, selectors := zoneCase(t, filepath.Join("..", "..", "testdata", "email", "tp", "lookups.zone"))
	s := serve(t, zone)
	start := time.Now()
	a := Run(context.Background(), &Resolver{Server: s.Addr, Timeout: time.Second}, domain, selectors)
	// The target is <= 2 s against a loopback server; this is a
	// sanity bound, the figure is in the closing note.
	if d := time.Since(start); d > 2*time.Second || len(a.Findings) == 0 {
		t.Errorf("took %v for %d queries", d, s.Total())
	}
}

func FuzzParseSPF(f *testing.F) {
	for _, s := range []string{"v=spf1 -all", "v=spf1 ip4:192.0.2.0/24 include:_spf.x.test ~all", "v=spf1 a/24//64 mx:x.test/16 redirect=y.test",
		"v=spf1 exists:%{i}._spf.%{d} -all", "v=spf1 ip6:2001:db8::/32 ?all", "v=spf1 +all exp=explain.test"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, txt string) {
		rec, err := ParseSPF(txt)
		if err != nil {
			return
		}
		for _, term := range rec.Terms {
			if !term.Modifier && !strings.ContainsRune("+-~?", rune(term.Qualifier)) {
				t.Fatalf("bad qualifier in %q", txt)
			}
		}
	})
}

func FuzzDMARCTags(f *testing.F) {
	f.Add("v=DMARC1; p=reject; rua=mailto:d@x.test")
	f.Add("v=DMARC1;p=none;sp=quarantine;pct=50")
	f.Add("v=DMARC1; p")
	f.Add("v=DMARC1; p=none; P=reject")
	f.Fuzz(func(t *testing.T, txt string) {
		tags, err := DMARCTags(txt)
		if err == nil && (len(tags) == 0 || tags[0][0] != "v") {
			t.Fatalf("accepted %q without v first", txt)
		}
		seen := map[string]bool{}
		for _, tg := range tags {
			if seen[tg[0]] {
				t.Fatalf("accepted %q with the tag %q twice", txt, tg[0])
			}
			seen[tg[0]] = true
		}
	})
}

func TestSPFStopsAtTheVoidLimit(t *testing.T) {
	t.Parallel()
	s := serve(t, `void.test. 300 IN TXT "v=spf1 a:v1.void.test a:v2.void.test include:v3.void.test a:v4.void.test redirect=v5.void.test"
`)
	a := Run(context.Background(), &Resolver{Server: s.Addr, Timeout: time.Second}, "void.test", nil)
	var msg string
	for _, f := range a.Findings {
		if f.RuleID == "email/spf-void-lookups" {
			msg = f.Message
		}
	}
	if !strings.Contains(msg, "makes 3 lookups that find no record") {
		t.Errorf("void limit: %q", msg)
	}
	for q := range s.Queries {
		if strings.Contains(q, "v4.") || strings.Contains(q, "v5.") {
			t.Errorf("asked %s after the third void lookup", q)
		}
	}
	if !strings.Contains(strings.Join(a.Notes, " "), "SPF: evaluation stopped at include:v3.void.test, the 3rd lookup that found nothing") {
		t.Errorf("notes: %v", a.Notes)
	}
}

func TestSPFEffectiveResult(t *testing.T) {
	t.Parallel()
	s := serve(t, `inc.test. 300 IN TXT "v=spf1 include:_spf.inc.test -all"
_spf.inc.test. 300 IN TXT "v=spf1 +all"
first.test. 300 IN TXT "v=spf1 +all -all"
late.test. 300 IN TXT "v=spf1 -all +all"
wide.test. 300 IN TXT "v=spf1 ip4:0.0.0.0/0 ip6:::/0 -all"
slash8.test. 300 IN TXT "v=spf1 ip4:10.0.0.0/8 ip4:192.0.2.0/24 -all"
a8.test. 300 IN TXT "v=spf1 a/8 -all"
a8.test. 300 IN A 192.0.2.1
fail.test. 300 IN TXT "v=spf1 -include:_spf.inc.test ~all"
narrow.test. 300 IN TXT "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_n.narrow.test -all"
_n.narrow.test. 300 IN TXT "v=spf1 ip4:198.51.100.0/24 ~all"
`)
	for domain, want := range map[string]string{
		"inc.test": "email/spf-pass-all", "first.test": "email/spf-pass-all", "wide.test": "email/spf-pass-all",
		"slash8.test": "email/spf-broad-range", "a8.test": "email/spf-broad-range", "late.test": "", "fail.test": "", "narrow.test": "",
	} {
		r := &Resolver{Server: s.Addr, Retries: 1}
		a := Run(context.Background(), r, domain, nil)
		var got []string
		for _, f := range a.Findings {
			if strings.HasPrefix(f.RuleID, "email/spf-") {
				got = append(got, f.RuleID)
			}
		}
		if want == "" && len(got) > 0 || want != "" && !slices.Contains(got, want) {
			t.Errorf("%s: SPF findings %v, want %q", domain, got, want)
		}
	}
}
