package emailauth

import (
	"context"
	"strings"
	"time"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// Check is the email-authentication check.
type Check struct{}

// rules are the rule ids, with their default severities and titles.
var rules = []check.Rule{
	{ID: "email/spf-missing", Title: "No SPF record", Severity: finding.SeverityHigh},
	{ID: "email/spf-multiple", Title: "More than one SPF record", Severity: finding.SeverityHigh},
	{ID: "email/spf-syntax", Title: "Invalid SPF record", Severity: finding.SeverityHigh},
	{ID: "email/spf-pass-all", Title: "SPF authorises every sender", Severity: finding.SeverityCritical},
	{ID: "email/spf-broad-range", Title: "SPF authorises a large part of the internet", Severity: finding.SeverityHigh},
	{ID: "email/spf-neutral-all", Title: "SPF is neutral about other senders", Severity: finding.SeverityHigh},
	{ID: "email/spf-softfail-all", Title: "SPF only soft-fails other senders (~all)", Severity: finding.SeverityMedium},
	{ID: "email/spf-too-many-lookups", Title: "SPF needs more than 10 DNS lookups", Severity: finding.SeverityHigh},
	{ID: "email/spf-void-lookups", Title: "SPF has too many lookups that find nothing", Severity: finding.SeverityHigh},
	{ID: "email/spf-include-loop", Title: "SPF include loop", Severity: finding.SeverityHigh},
	{ID: "email/spf-include-broken", Title: "SPF includes a broken record", Severity: finding.SeverityHigh},
	{ID: "email/spf-ptr", Title: "SPF uses the ptr mechanism", Severity: finding.SeverityLow},
	{ID: "email/spf-too-long", Title: "SPF record too long", Severity: finding.SeverityLow},
	{ID: "email/dmarc-missing", Title: "No DMARC record", Severity: finding.SeverityHigh},
	{ID: "email/dmarc-multiple", Title: "More than one DMARC record", Severity: finding.SeverityHigh},
	{ID: "email/dmarc-syntax", Title: "Invalid DMARC record", Severity: finding.SeverityHigh},
	{ID: "email/dmarc-policy-none", Title: "DMARC policy is p=none", Severity: finding.SeverityHigh},
	{ID: "email/dmarc-weak-subdomain-policy", Title: "DMARC subdomain policy is weaker", Severity: finding.SeverityMedium},
	{ID: "email/dmarc-no-reports", Title: "DMARC asks for no reports", Severity: finding.SeverityLow},
	{ID: "email/dmarc-partial-pct", Title: "DMARC applies to part of the mail", Severity: finding.SeverityMedium},
	{ID: "email/dmarc-unknown-tag", Title: "Unknown DMARC tag", Severity: finding.SeverityLow},
	{ID: "email/dmarc-wrong-name", Title: "DMARC record at the wrong name", Severity: finding.SeverityMedium},
	{ID: "email/dkim-not-found", Title: "No DKIM key found", Severity: finding.SeverityMedium},
	{ID: "email/dkim-no-usable-key", Title: "No DKIM key can verify mail", Severity: finding.SeverityHigh},
	{ID: "email/dkim-testing", Title: "DKIM key in testing mode", Severity: finding.SeverityMedium},
	{ID: "email/dkim-revoked", Title: "DKIM key revoked", Severity: finding.SeverityHigh},
	{ID: "email/dkim-syntax", Title: "Invalid DKIM record", Severity: finding.SeverityMedium},
	{ID: "email/dkim-key-too-short", Title: "DKIM key shorter than 1024 bits", Severity: finding.SeverityHigh},
	{ID: "email/dkim-key-short", Title: "DKIM key shorter than 2048 bits", Severity: finding.SeverityMedium},
	{ID: "email/mx-missing", Title: "No MX record", Severity: finding.SeverityLow},
}

// Meta implements check.Check.
func (Check) Meta() check.Meta {
	m := check.Meta{ID: "email", Title: "SPF, DKIM and DMARC of the mail domain", Rows: []finding.Row{finding.RowEmail}, Modes: []check.Mode{check.ModeDNS}}
	for _, r := range rules {
		r.CWE = "CWE-290" // Authentication Bypass by Spoofing
		m.Rules = append(m.Rules, r)
	}
	return m
}

// Timeout bounds the whole email check.
const Timeout = 20 * time.Second

// Run implements check.Check.
func (Check) Run(ctx context.Context, in *check.Input) check.Result {
	if in.Scan.Mode == check.ModeStaged {
		return check.Result{Status: check.StatusNotApplicable, Reason: "the pre-commit hook does not use the network"}
	}
	t := in.Email
	if t == nil || t.Domain == "" {
		return check.Result{Status: check.StatusNotChecked,
			Reason: "no mail domain given: pass --domain, set email.domain in .launchready.yml, or the action's mail-domain input"}
	}
	var r *Resolver
	if t.DNSServer != "" {
		r = &Resolver{Server: t.DNSServer, Retries: 1}
	} else {
		sys, err := SystemResolver()
		if err != nil {
			return check.Result{Status: check.StatusFailed, Reason: err.Error()}
		}
		r = sys
		r.Retries = 1
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	a := Run(ctx, r, t.Domain, t.Selectors)
	res := check.Result{Status: check.StatusRan, Findings: a.Findings, Notes: a.Notes}
	if len(a.NotChecked) > 0 {
		res.Status = check.StatusFailed
		res.Reason = "DNS lookups for " + t.Domain + " failed or reached launchready's query cap, so these parts were not checked: " + strings.Join(a.NotChecked, "; ") +
			"; check the resolver (--dns-server) or try again"
	}
	return res
}
