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

// spoofing is the weakness every email rule is about.
const spoofing = "CWE-290" // Authentication Bypass by Spoofing

// The email rules, declared once: findings are made from them.
var (
	ruleSpfMissing               = check.Rule{ID: "email/spf-missing", Title: "No SPF record", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfMultiple              = check.Rule{ID: "email/spf-multiple", Title: "More than one SPF record", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfSyntax                = check.Rule{ID: "email/spf-syntax", Title: "Invalid SPF record", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfPassAll               = check.Rule{ID: "email/spf-pass-all", Title: "SPF authorises every sender", Row: finding.RowEmail, Severity: finding.SeverityCritical, CWE: spoofing}
	ruleSpfBroadRange            = check.Rule{ID: "email/spf-broad-range", Title: "SPF authorises a large part of the internet", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfNeutralAll            = check.Rule{ID: "email/spf-neutral-all", Title: "SPF is neutral about other senders", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfSoftfailAll           = check.Rule{ID: "email/spf-softfail-all", Title: "SPF only soft-fails other senders (~all)", Row: finding.RowEmail, Severity: finding.SeverityMedium, CWE: spoofing}
	ruleSpfTooManyLookups        = check.Rule{ID: "email/spf-too-many-lookups", Title: "SPF needs more than 10 DNS lookups", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfVoidLookups           = check.Rule{ID: "email/spf-void-lookups", Title: "SPF has too many lookups that find nothing", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfIncludeLoop           = check.Rule{ID: "email/spf-include-loop", Title: "SPF include loop", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfIncludeBroken         = check.Rule{ID: "email/spf-include-broken", Title: "SPF includes a broken record", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleSpfPtr                   = check.Rule{ID: "email/spf-ptr", Title: "SPF uses the ptr mechanism", Row: finding.RowEmail, Severity: finding.SeverityLow, CWE: spoofing}
	ruleSpfTooLong               = check.Rule{ID: "email/spf-too-long", Title: "SPF record too long", Row: finding.RowEmail, Severity: finding.SeverityLow, CWE: spoofing}
	ruleDmarcMissing             = check.Rule{ID: "email/dmarc-missing", Title: "No DMARC record", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleDmarcMultiple            = check.Rule{ID: "email/dmarc-multiple", Title: "More than one DMARC record", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleDmarcSyntax              = check.Rule{ID: "email/dmarc-syntax", Title: "Invalid DMARC record", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleDmarcPolicyNone          = check.Rule{ID: "email/dmarc-policy-none", Title: "DMARC policy is p=none", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleDmarcWeakSubdomainPolicy = check.Rule{ID: "email/dmarc-weak-subdomain-policy", Title: "DMARC subdomain policy is weaker", Row: finding.RowEmail, Severity: finding.SeverityMedium, CWE: spoofing}
	ruleDmarcNoReports           = check.Rule{ID: "email/dmarc-no-reports", Title: "DMARC asks for no reports", Row: finding.RowEmail, Severity: finding.SeverityLow, CWE: spoofing}
	ruleDmarcPartialPct          = check.Rule{ID: "email/dmarc-partial-pct", Title: "DMARC applies to part of the mail", Row: finding.RowEmail, Severity: finding.SeverityMedium, CWE: spoofing}
	ruleDmarcUnknownTag          = check.Rule{ID: "email/dmarc-unknown-tag", Title: "Unknown DMARC tag", Row: finding.RowEmail, Severity: finding.SeverityLow, CWE: spoofing}
	ruleDmarcWrongName           = check.Rule{ID: "email/dmarc-wrong-name", Title: "DMARC record at the wrong name", Row: finding.RowEmail, Severity: finding.SeverityMedium, CWE: spoofing}
	ruleDkimNotFound             = check.Rule{ID: "email/dkim-not-found", Title: "No DKIM key found", Row: finding.RowEmail, Severity: finding.SeverityMedium, CWE: spoofing}
	ruleDkimNoUsableKey          = check.Rule{ID: "email/dkim-no-usable-key", Title: "No DKIM key can verify mail", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleDkimTesting              = check.Rule{ID: "email/dkim-testing", Title: "DKIM key in testing mode", Row: finding.RowEmail, Severity: finding.SeverityMedium, CWE: spoofing}
	ruleDkimRevoked              = check.Rule{ID: "email/dkim-revoked", Title: "DKIM key revoked", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleDkimSyntax               = check.Rule{ID: "email/dkim-syntax", Title: "Invalid DKIM record", Row: finding.RowEmail, Severity: finding.SeverityMedium, CWE: spoofing}
	ruleDkimKeyTooShort          = check.Rule{ID: "email/dkim-key-too-short", Title: "DKIM key shorter than 1024 bits", Row: finding.RowEmail, Severity: finding.SeverityHigh, CWE: spoofing}
	ruleDkimKeyShort             = check.Rule{ID: "email/dkim-key-short", Title: "DKIM key shorter than 2048 bits", Row: finding.RowEmail, Severity: finding.SeverityMedium, CWE: spoofing}
	ruleMxMissing                = check.Rule{ID: "email/mx-missing", Title: "No MX record", Row: finding.RowEmail, Severity: finding.SeverityLow, CWE: spoofing}
)

// rules are the check's rules, in the order docs/checks.md lists them.
var rules = []check.Rule{ruleSpfMissing, ruleSpfMultiple, ruleSpfSyntax, ruleSpfPassAll, ruleSpfBroadRange, ruleSpfNeutralAll, ruleSpfSoftfailAll, ruleSpfTooManyLookups, ruleSpfVoidLookups, ruleSpfIncludeLoop, ruleSpfIncludeBroken, ruleSpfPtr, ruleSpfTooLong, ruleDmarcMissing, ruleDmarcMultiple, ruleDmarcSyntax, ruleDmarcPolicyNone, ruleDmarcWeakSubdomainPolicy, ruleDmarcNoReports, ruleDmarcPartialPct, ruleDmarcUnknownTag, ruleDmarcWrongName, ruleDkimNotFound, ruleDkimNoUsableKey, ruleDkimTesting, ruleDkimRevoked, ruleDkimSyntax, ruleDkimKeyTooShort, ruleDkimKeyShort, ruleMxMissing}

// Meta implements check.Check.
func (Check) Meta() check.Meta {
	m := check.Meta{ID: "email", Title: "SPF, DKIM and DMARC of the mail domain", Rows: []finding.Row{finding.RowEmail}, Modes: []check.Mode{check.ModeDNS}}
	m.Rules = rules
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
