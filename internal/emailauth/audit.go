package emailauth

import (
	"context"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/emersion/go-msgauth/dmarc"
	"golang.org/x/net/publicsuffix"

	"github.com/launchready/launchready/internal/check"
	"github.com/launchready/launchready/internal/finding"
)

// RFC 7208 §4.6.4: at most 10 terms that cause DNS lookups, and at most 2
// of those that find nothing ("void lookups").
const (
	maxSPFLookups = 10
	maxSPFVoids   = 2
	// A record longer than this may not fit a 512-byte UDP answer.
	maxSPFLength = 450
)

// CommonSelectors are tried after the configured ones: the defaults of
// the big mail senders.
var CommonSelectors = []string{
	"google", "selector1", "selector2", "k1", "k2", "k3", "s1", "s2", "default", "dkim", "mail", "smtp",
	"mandrill", "amazonses", "mxvault", "sendgrid", "smtpapi", "em", "pm", "mailgun", "mta", "zoho", "protonmail",
}

// Audit is one domain's result: findings, and the parts that could not be
// checked (their reasons).
type Audit struct {
	Findings   []finding.Finding
	NotChecked []string
	Notes      []string
}

// The DNS queries one domain check may send (every attempt counts, as the
// server sees it), split between its parts so that one part's records
// cannot starve another's. SPF needs at most 1 + 10 lookup terms (a and
// mx terms ask two questions) within RFC 7208's limits; DKIM asks one
// question per selector.
const (
	MaxQueries   = spfQueries + dmarcQueries + mxQueries + dkimQueries
	spfQueries   = 30
	dmarcQueries = 6
	mxQueries    = 2
	dkimQueries  = 26
)

type auditor struct {
	r      *Resolver
	domain string
	mu     *sync.Mutex
	a      *Audit
}

// part is the auditor of one part (SPF, DKIM, ...), with its own share of
// the query budget.
func (au *auditor) part(name string, limit int) *auditor {
	c := *au
	c.r = au.r.capped(name, limit)
	return &c
}

func (au *auditor) add(r check.Rule, record, msg, fix string) {
	au.mu.Lock()
	defer au.mu.Unlock()
	f := r.Finding(finding.Location{Domain: au.domain, Record: record}, msg, fix, "")
	f.Fingerprint = finding.Fingerprint(r.ID, au.domain, record)
	au.a.Findings = append(au.a.Findings, f)
}

func (au *auditor) unavailable(part string, err error) {
	au.mu.Lock()
	defer au.mu.Unlock()
	au.a.NotChecked = append(au.a.NotChecked, part+": "+err.Error())
}

func (au *auditor) note(s string) {
	au.mu.Lock()
	defer au.mu.Unlock()
	au.a.Notes = append(au.a.Notes, s)
}

// Run audits domain. selectors are tried for DKIM before the common ones.
func Run(ctx context.Context, r *Resolver, domain string, selectors []string) Audit {
	au := &auditor{r: r, domain: strings.TrimSuffix(strings.ToLower(domain), "."), mu: &sync.Mutex{}, a: &Audit{}}
	var wg sync.WaitGroup
	for _, part := range []func(context.Context){au.part("SPF", spfQueries).spf, au.part("DMARC", dmarcQueries).dmarc, au.part("MX", mxQueries).mx} {
		wg.Add(1)
		go func() { defer wg.Done(); part(ctx) }()
	}
	au.part("DKIM", dkimQueries).dkim(ctx, selectors)
	wg.Wait()
	sort.Slice(au.a.Findings, func(i, j int) bool { return au.a.Findings[i].RuleID < au.a.Findings[j].RuleID })
	sort.Strings(au.a.NotChecked)
	sort.Strings(au.a.Notes)
	return *au.a
}

// --- SPF ---

type spfWalk struct {
	lookups, voids int
	loops          []string
	ptr            bool
	broken         []string
	// stopped says where evaluation stopped at an RFC 7208 §4.6.4 limit
	// (receivers return permerror there); later terms are only counted.
	stopped string
	// unfollowed counts the includes and redirects not followed after
	// the stop, whose own lookups are therefore not counted.
	unfollowed int
	// broad lists the ip4/ip6 terms that pass very wide ranges.
	broad []string
}

// lookupTerm counts a term that causes DNS lookups. It reports false once
// evaluation has stopped: the term is counted, not looked up. The term
// that exceeds the limit is still looked up (a void there counts), and
// nothing after it is.
func (w *spfWalk) lookupTerm() bool {
	w.lookups++
	return w.stopped == ""
}

// limits stops evaluation past 10 lookup terms or 2 void lookups.
func (w *spfWalk) limits(term string) {
	if w.stopped != "" {
		return
	}
	switch {
	case w.lookups > maxSPFLookups:
		w.stopped = fmt.Sprintf("at %s, the 11th DNS-lookup term", term)
	case w.voids > maxSPFVoids:
		w.stopped = fmt.Sprintf("at %s, the 3rd lookup that found nothing", term)
	}
}

// records returns the TXT records at name that is accepts; a missing name
// is no records. false: the lookup failed, and the part (SPF, DMARC) is
// marked as not checked.
func (au *auditor) records(ctx context.Context, name, part string, is func(string) bool) ([]string, bool) {
	txts, err := au.r.TXT(ctx, name)
	if err != nil && !IsNotFound(err) {
		au.unavailable(part, err)
		return nil, false
	}
	var out []string
	for _, t := range txts {
		if is(t) {
			out = append(out, t)
		}
	}
	return out, true
}

func (au *auditor) spf(ctx context.Context) {
	d := au.domain
	rec := "TXT " + d
	spfs, ok := au.records(ctx, d, "SPF", IsSPF)
	if !ok {
		return
	}
	switch len(spfs) {
	case 0:
		au.add(ruleSpfMissing, rec,
			fmt.Sprintf("%s publishes no SPF record (TXT \"v=spf1 ...\"), so receivers cannot tell your mail servers from a forger's; password resets and alerts land in spam or are rejected.", d),
			fmt.Sprintf("Publish one TXT record at %s listing your senders, ending in -all, for example \"v=spf1 include:_spf.google.com -all\".", d))
		return
	case 1:
	default:
		au.add(ruleSpfMultiple, rec,
			fmt.Sprintf("%s publishes %d SPF records; receivers must then treat SPF as broken (permerror), as if there were none.", d, len(spfs)),
			"Merge them into one record: one \"v=spf1\", all the include: and ip4: terms, one all at the end.")
		return
	}
	parsed, err := ParseSPF(spfs[0])
	if err != nil {
		au.add(ruleSpfSyntax, rec,
			fmt.Sprintf("The SPF record of %s is invalid: %v. Receivers treat it as broken (permerror).", d, err),
			"Fix the record's syntax; check it with an SPF validator before publishing.")
		return
	}
	if len(spfs[0]) > maxSPFLength {
		au.add(ruleSpfTooLong, rec,
			fmt.Sprintf("The SPF record of %s is %d characters; past about %d it may not fit a UDP DNS answer, and some receivers fail it.", d, len(spfs[0]), maxSPFLength),
			"Shorten it: replace lists of ip4: terms with an include: of a record that holds them, or drop senders you no longer use.")
	}
	w := &spfWalk{}
	m, err := au.walkSPF(ctx, parsed, d, []string{d}, w)
	if err != nil {
		au.unavailable("SPF", err)
		return
	}
	all := m.q
	for _, b := range w.broad {
		au.add(ruleSpfBroadRange, rec,
			fmt.Sprintf("The SPF record of %s authorises %s: millions of addresses you do not run (hosting and cloud ranges included) pass SPF as %s.", d, b, d),
			"List only the addresses of your own mail servers (ip4: /24 or narrower) or your provider's include:.")
	}
	switch all {
	case '+':
		msg := fmt.Sprintf("The SPF record of %s ends in +all: every server on the internet passes SPF as %s.", d, d)
		if m.chain != "+all" || !m.last {
			msg = fmt.Sprintf("The SPF record of %s authorises every sender: %s matches any server, and SPF evaluation stops at the first matching term (RFC 7208), so the terms after it are ignored; every server on the internet passes SPF as %s.", d, m.chain, d)
		}
		au.add(ruleSpfPassAll, rec, msg,
			"Remove the term that matches everything (+all, an include of a record that passes everything, ip4:0.0.0.0/0 or ip6:::/0) and end the record with -all once your senders are listed.")
	case 0:
		if w.stopped != "" {
			// A redirect after the limit was not followed: the record's
			// result is the permerror reported below.
			break
		}
		fallthrough
	case '?':
		how := "ends in ?all"
		if all == 0 {
			how = "has no all term, so it defaults to neutral"
		}
		au.add(ruleSpfNeutralAll, rec,
			fmt.Sprintf("The SPF record of %s %s: mail from unlisted servers is neither passed nor failed, so SPF does not protect the domain.", d, how),
			"End the record with -all (or ~all while you are still finding your senders).")
	case '~':
		au.add(ruleSpfSoftfailAll, rec,
			fmt.Sprintf("The SPF record of %s ends in ~all: forged mail is marked, not rejected.", d),
			"Once every sender is listed (check your DMARC reports), change ~all to -all.")
	}
	if w.lookups > maxSPFLookups {
		msg := fmt.Sprintf("Checking the SPF record of %s takes %d DNS-lookup terms (include, a, mx, ptr, exists, redirect, counted through includes); past 10 receivers must fail SPF (permerror).", d, w.lookups)
		if w.unfollowed > 0 {
			msg = fmt.Sprintf("Checking the SPF record of %s takes more than 10 DNS-lookup terms (include, a, mx, ptr, exists, redirect, counted through includes): evaluation stopped %s, where receivers must fail SPF (permerror, RFC 7208 §4.6.4); at least %d terms were counted and %d includes or redirects after the limit were not followed.", d, w.stopped, w.lookups, w.unfollowed)
		}
		au.add(ruleSpfTooManyLookups, rec,
			msg,
			"Remove includes of senders you no longer use, replace a and mx terms with ip4:/ip6: ranges, or use one provider's flattened include.")
	}
	if w.voids > maxSPFVoids {
		au.add(ruleSpfVoidLookups, rec,
			fmt.Sprintf("Checking the SPF record of %s makes %d lookups that find no record; past 2 receivers may fail SPF (permerror).", d, w.voids),
			"Remove the include:, a: and mx: terms that point at names without records.")
	}
	for _, loop := range w.loops {
		au.add(ruleSpfIncludeLoop, rec,
			fmt.Sprintf("The SPF records of %s include each other in a loop: %s. Receivers fail SPF.", d, loop),
			"Remove the include that points back up the chain.")
	}
	for _, b := range w.broken {
		au.add(ruleSpfIncludeBroken, rec,
			fmt.Sprintf("The SPF record of %s includes %s; receivers fail SPF (permerror) for the whole domain.", d, b),
			"Fix or remove that include: (check the sender's documentation for the right name).")
	}
	if w.ptr {
		au.add(ruleSpfPtr, rec,
			fmt.Sprintf("The SPF record of %s uses ptr, which RFC 7208 says not to use: it is slow, unreliable and some receivers ignore it.", d),
			"Replace ptr with the ip4:/ip6: ranges or include: of your senders.")
	}
	if w.stopped != "" {
		au.note(fmt.Sprintf("SPF: evaluation stopped %s (permerror)", w.stopped))
	} else {
		au.note(fmt.Sprintf("SPF: %d DNS lookups", w.lookups))
	}
}

// spfMatch is the result of a record for an arbitrary sender: the
// qualifier of the first mechanism that matches every sender (0 when none
// does), and the terms that led there ("include:x → +all").
type spfMatch struct {
	q     byte
	chain string
	// last: the match is the record's final mechanism (the usual "-all" at
	// the end), not one that hides later terms.
	last bool
}

// Prefix lengths at or under which an ip4/ip6 term authorises a large part
// of the internet (a /8 is 16 million IPv4 addresses; a /16 is a
// 2^112-address slice of IPv6).
const (
	broadIPv4Bits = 8
	broadIPv6Bits = 16
)

// walkSPF evaluates a record for an arbitrary sender, as RFC 7208 §4.6.2
// does: mechanisms in order, stopping at the first that matches. A
// mechanism matches every sender when it is all, an ip4/ip6 range of
// prefix length 0, or an include whose record passes every sender; other
// mechanisms match only listed senders and evaluation goes on. It counts
// lookups through includes and redirects and stops following terms at RFC
// 7208's limits, as receivers do, so a fan-out of includes costs at most 11
// lookups. Wide ip4/ip6 ranges are collected in w.broad.
func (au *auditor) walkSPF(ctx context.Context, rec *SPFRecord, domain string, stack []string, w *spfWalk) (spfMatch, error) {
	redirect := ""
	lastMech := -1
	for i, t := range rec.Terms {
		if t.Modifier {
			if t.Name == "redirect" {
				redirect = t.Value
			}
			continue
		}
		lastMech = i
	}
	for i, t := range rec.Terms {
		if t.Modifier {
			continue
		}
		term := t.Name
		if t.Value != "" {
			term += ":" + t.Value
		}
		switch t.Name {
		case "all":
			return spfMatch{q: t.Qualifier, chain: string(t.Qualifier) + "all", last: i == lastMech}, nil
		case "ip4", "ip6":
			bits, _ := t.PrefixBits()
			where := term + t.CIDR
			if bits == 0 {
				return spfMatch{q: t.Qualifier, chain: where, last: i == lastMech}, nil
			}
			if t.Qualifier == '+' && (t.Name == "ip4" && bits <= broadIPv4Bits || t.Name == "ip6" && bits <= broadIPv6Bits) {
				if len(stack) > 1 {
					where += " (in the record of " + domain + ")"
				}
				w.broad = append(w.broad, where)
			}
		case "ptr":
			w.lookupTerm()
			w.limits(term)
			w.ptr = true
		case "exists":
			w.lookupTerm()
			w.limits(term)
		case "a", "mx":
			if t.Qualifier == '+' && broadDualCIDR(t.CIDR) {
				where := term + t.CIDR
				if len(stack) > 1 {
					where += " (in the record of " + domain + ")"
				}
				w.broad = append(w.broad, where)
			}
			if !w.lookupTerm() {
				continue
			}
			host := t.Value
			if host == "" {
				host = domain
			}
			if !HasMacro(host) {
				var err error
				if t.Name == "a" {
					_, err = au.r.Addresses(ctx, host)
				} else {
					_, err = au.r.MX(ctx, host)
				}
				if IsNotFound(err) {
					w.voids++
				} else if err != nil {
					return spfMatch{}, err
				}
			}
			w.limits(term)
		case "include":
			if !w.lookupTerm() {
				w.unfollowed++
				continue
			}
			if w.lookups > maxSPFLookups {
				// The term past the limit: fetched (a void counts), not
				// followed.
				if _, err := au.followRecord(ctx, t.Value, "include:"+t.Value, stack, w); err != nil {
					return spfMatch{}, err
				}
				w.limits(term)
				w.unfollowed++
				continue
			}
			sub, err := au.follow(ctx, t.Value, "include:"+t.Value, stack, w)
			if err != nil {
				return spfMatch{}, err
			}
			w.limits(term)
			// RFC 7208 §5.2: an include matches when the included record
			// passes; one that passes every sender matches every sender.
			if sub.q == '+' && w.stopped == "" {
				return spfMatch{q: t.Qualifier, chain: term + " → " + sub.chain, last: i == lastMech}, nil
			}
		}
	}
	if redirect != "" {
		if !w.lookupTerm() {
			w.unfollowed++
			return spfMatch{}, nil
		}
		sub, err := au.followRecord(ctx, redirect, "redirect="+redirect, stack, w)
		w.limits("redirect=" + redirect)
		if err != nil || sub == nil {
			return spfMatch{}, err
		}
		if w.stopped != "" {
			w.unfollowed++
			return spfMatch{}, nil
		}
		m, err := au.walkSPF(ctx, sub, redirect, append(stack, redirect), w)
		if m.q != 0 {
			m.chain = "redirect=" + redirect + " → " + m.chain
		}
		return m, err
	}
	return spfMatch{}, nil
}

// broadDualCIDR reports an a/mx prefix ("/8", "//16", "/0//0") that
// widens each address of the host to a very large range.
func broadDualCIDR(cidr string) bool {
	if cidr == "" {
		return false
	}
	v4, v6, dual := strings.Cut(cidr, "//")
	if v4 != "" {
		if n, err := strconv.Atoi(strings.TrimPrefix(v4, "/")); err == nil && n <= broadIPv4Bits {
			return true
		}
	}
	if dual {
		if n, err := strconv.Atoi(v6); err == nil && n <= broadIPv6Bits {
			return true
		}
	}
	return false
}

func (au *auditor) follow(ctx context.Context, target, how string, stack []string, w *spfWalk) (spfMatch, error) {
	rec, err := au.followRecord(ctx, target, how, stack, w)
	if err != nil || rec == nil {
		return spfMatch{}, err
	}
	return au.walkSPF(ctx, rec, target, append(stack, target), w)
}

// followRecord fetches the SPF record an include or redirect points at;
// nil means a problem already recorded in w.
func (au *auditor) followRecord(ctx context.Context, target, how string, stack []string, w *spfWalk) (*SPFRecord, error) {
	if HasMacro(target) {
		return nil, nil
	}
	for _, s := range stack {
		if strings.EqualFold(s, target) {
			w.loops = append(w.loops, strings.Join(append(append([]string(nil), stack...), target), " → "))
			return nil, nil
		}
	}
	if len(stack) > 12 {
		w.broken = append(w.broken, how+" (nested more than 12 deep)")
		return nil, nil
	}
	txts, err := au.r.TXT(ctx, target)
	if IsNotFound(err) {
		w.voids++
		w.broken = append(w.broken, how+", which has no SPF record")
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var spfs []string
	for _, t := range txts {
		if IsSPF(t) {
			spfs = append(spfs, t)
		}
	}
	switch len(spfs) {
	case 0:
		w.broken = append(w.broken, how+", which has no SPF record")
		return nil, nil
	case 1:
	default:
		w.broken = append(w.broken, fmt.Sprintf("%s, which has %d SPF records", how, len(spfs)))
		return nil, nil
	}
	rec, err := ParseSPF(spfs[0])
	if err != nil {
		w.broken = append(w.broken, fmt.Sprintf("%s, whose record is invalid (%v)", how, err))
		return nil, nil
	}
	return rec, nil
}

// --- DMARC ---

var dmarcTags = map[string]bool{"v": true, "p": true, "sp": true, "np": true, "rua": true, "ruf": true, "adkim": true,
	"aspf": true, "fo": true, "pct": true, "rf": true, "ri": true, "t": true, "psd": true}

// DMARCTags splits a DMARC record into its tags, in order.
func DMARCTags(txt string) ([][2]string, error) {
	var out [][2]string
	seen := map[string]bool{}
	for _, part := range strings.Split(txt, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not a tag=value pair", part)
		}
		k = strings.ToLower(strings.TrimSpace(k))
		// RFC 7489 §6.3 (the DKIM tag-list syntax of RFC 6376 §3.2): a
		// tag appearing twice makes the whole record invalid.
		if seen[k] {
			return nil, fmt.Errorf("the tag %q appears more than once, which makes the record invalid", k)
		}
		seen[k] = true
		out = append(out, [2]string{k, strings.TrimSpace(v)})
	}
	if len(out) == 0 || out[0][0] != "v" || out[0][1] != "DMARC1" {
		return nil, errors.New(`a DMARC record must start with "v=DMARC1"`)
	}
	return out, nil
}

func isDMARC(txt string) bool {
	return strings.HasPrefix(strings.ReplaceAll(strings.ToLower(txt), " ", ""), "v=dmarc1")
}

var policyStrength = map[dmarc.Policy]int{dmarc.PolicyNone: 0, dmarc.PolicyQuarantine: 1, dmarc.PolicyReject: 2}

func (au *auditor) dmarc(ctx context.Context) {
	d := au.domain
	name := "_dmarc." + d
	recs, ok := au.records(ctx, name, "DMARC", isDMARC)
	if !ok {
		return
	}
	inherited := ""
	if len(recs) == 0 {
		// RFC 7489 §6.6.3: fall back to the organisational domain.
		if org, err := publicsuffix.EffectiveTLDPlusOne(d); err == nil && org != d {
			if recs, ok = au.records(ctx, "_dmarc."+org, "DMARC", isDMARC); !ok {
				return
			}
			if len(recs) > 0 {
				name, inherited = "_dmarc."+org, org
			}
		}
	}
	rec := "TXT " + name
	if len(recs) == 0 {
		msg := fmt.Sprintf("%s publishes no DMARC record at _dmarc.%s, so receivers have no policy for mail that fails SPF and DKIM, and you get no reports of who sends as you.", d, d)
		if apex, err := au.r.TXT(ctx, d); err == nil {
			for _, t := range apex {
				if isDMARC(t) {
					au.add(ruleDmarcWrongName, "TXT "+d,
						fmt.Sprintf("%s has a DMARC record at %s itself; receivers only look at _dmarc.%s, so it has no effect.", d, d, d),
						fmt.Sprintf("Move the record to _dmarc.%s.", d))
				}
			}
		}
		au.add(ruleDmarcMissing, rec, msg,
			fmt.Sprintf("Publish TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@%s\" at _dmarc.%s, watch the reports, then move to p=reject.", d, d))
		return
	}
	if len(recs) > 1 {
		au.add(ruleDmarcMultiple, rec,
			fmt.Sprintf("%s has %d DMARC records; receivers then ignore DMARC entirely.", name, len(recs)),
			"Keep exactly one v=DMARC1 record.")
		return
	}
	tags, err := DMARCTags(recs[0])
	var r *dmarc.Record
	if err == nil {
		r, err = dmarc.Parse(strings.ReplaceAll(recs[0], " ", ""))
	}
	if err != nil {
		au.add(ruleDmarcSyntax, rec,
			fmt.Sprintf("The DMARC record at %s is invalid: %s. Receivers ignore it.", name, strings.TrimPrefix(err.Error(), "dmarc: ")),
			"Fix the record: \"v=DMARC1; p=quarantine; rua=mailto:...\" (v first, then p).")
		return
	}
	for _, t := range tags {
		if !dmarcTags[t[0]] {
			au.add(ruleDmarcUnknownTag, rec,
				fmt.Sprintf("The DMARC record at %s has a tag %q that DMARC does not define; receivers ignore it, which may hide a typo (such as \"rue\" for \"rua\").", name, t[0]),
				"Remove the tag or correct its name (v, p, sp, rua, ruf, adkim, aspf, fo, pct, rf, ri).")
		}
	}
	via := ""
	if inherited != "" {
		via = fmt.Sprintf(" (inherited from the organisational domain %s)", inherited)
	}
	// The policy in force for the domain: p= for the domain itself, and
	// for a subdomain inheriting the organisational record, sp= (or p=
	// when there is no sp=), RFC 7489 §6.6.3.
	policy, tag := r.Policy, "p"
	if inherited != "" && r.SubdomainPolicy != "" {
		policy, tag = r.SubdomainPolicy, "sp"
	}
	if policy == dmarc.PolicyNone {
		msg := fmt.Sprintf("The DMARC policy of %s%s is p=none: mail that fails authentication is delivered anyway, so anyone can send as the domain.", d, via)
		if tag == "sp" {
			msg = fmt.Sprintf("The DMARC policy in force for %s%s is sp=none (the record's p=%s applies only to %s itself): mail that fails authentication is delivered anyway, so anyone can send as %s.", d, via, r.Policy, inherited, d)
		}
		fix := "Move to p=quarantine, then p=reject, once the aggregate reports show your own senders pass."
		if tag == "sp" {
			fix = fmt.Sprintf("Set sp=quarantine or sp=reject in the record at %s (or remove sp= so that p= applies to subdomains too), or publish a DMARC record of its own at _dmarc.%s.", name, d)
		}
		au.add(ruleDmarcPolicyNone, rec, msg, fix)
	}
	sp := r.SubdomainPolicy
	if inherited != "" && sp == "" {
		sp = r.Policy
	}
	if sp != "" && policyStrength[sp] < policyStrength[r.Policy] && !(tag == "sp" && policy == dmarc.PolicyNone) {
		au.add(ruleDmarcWeakSubdomainPolicy, rec,
			fmt.Sprintf("The DMARC record at %s sets sp=%s, weaker than p=%s: forgers can use any subdomain.", name, sp, r.Policy),
			"Set sp= to the same policy as p=, or remove sp=.")
	}
	if len(r.ReportURIAggregate) == 0 {
		au.add(ruleDmarcNoReports, rec,
			fmt.Sprintf("The DMARC record at %s has no rua= address, so nobody learns which servers send as %s or whether your own mail fails.", name, d),
			fmt.Sprintf("Add rua=mailto:dmarc-reports@%s (or a DMARC reporting service's address).", d))
	}
	if r.Percent != nil && *r.Percent < 100 {
		au.add(ruleDmarcPartialPct, rec,
			fmt.Sprintf("The DMARC record at %s sets pct=%d: the policy is applied to only %d%% of failing mail (pct is obsolete in DMARCbis).", name, *r.Percent, *r.Percent),
			"Remove pct= (or set pct=100) once the policy is stable.")
	}
	au.note("DMARC: " + tag + "=" + string(policy) + via)
}

// --- DKIM ---

func (au *auditor) dkim(ctx context.Context, selectors []string) {
	d := au.domain
	configured := map[string]bool{}
	var order []string
	for _, s := range selectors {
		s = strings.TrimSpace(strings.ToLower(s))
		if s != "" && !configured[s] {
			configured[s] = true
			order = append(order, s)
		}
	}
	for _, s := range CommonSelectors {
		if !configured[s] {
			order = append(order, s)
		}
	}
	if len(order) > dkimQueries {
		// One question per selector: the configured ones first, then as
		// many common ones as the cap allows.
		if len(configured) > dkimQueries {
			au.unavailable("DKIM", fmt.Errorf("%d selectors are configured and launchready looks up at most %d per domain, so %d of them (from %q on) were not checked; list only the selectors in use",
				len(configured), dkimQueries, len(configured)-dkimQueries, order[dkimQueries]))
		}
		order = order[:dkimQueries]
	}
	type result struct {
		txts []string
		err  error
	}
	results := make([]result, len(order))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, s := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			txts, err := au.r.TXT(ctx, s+"._domainkey."+d)
			results[i] = result{txts, err}
		}()
	}
	wg.Wait()
	found, usable := 0, 0
	var failed []string
	for i, s := range order {
		res := results[i]
		name := s + "._domainkey." + d
		if res.err != nil {
			if !IsNotFound(res.err) {
				failed = append(failed, res.err.Error())
			} else if configured[s] {
				au.add(ruleDkimNotFound, "TXT "+name,
					fmt.Sprintf("The DKIM selector %q of %s has no key at %s, so mail signed with it fails DKIM.", s, d, name),
					"Publish the key your mail provider gives you at that name, or correct the selector.")
			}
			continue
		}
		found++
		if au.checkDKIMKey(name, s, strings.Join(res.txts, ""), configured[s]) {
			usable++
		}
	}
	if len(failed) > 0 {
		au.unavailable("DKIM", errors.New(failed[0]))
	}
	if found == 0 && len(failed) == 0 && len(configured) == 0 {
		au.add(ruleDkimNotFound, "TXT *._domainkey."+d,
			fmt.Sprintf("No DKIM key was found for %s under the common selectors (%s). DKIM keys live at <selector>._domainkey.%s and the selector is not discoverable, so this may only mean yours is unusual.", d, strings.Join(CommonSelectors[:8], ", ")+", ...", d),
			"Find the selector in your mail provider's settings (or in the s= tag of a DKIM-Signature header of mail you sent) and pass it: --dkim-selector NAME, email.selectors in .launchready.yml, or the action's dkim-selectors input.")
	}
	if found > 0 && usable == 0 && len(failed) == 0 {
		au.add(ruleDkimNoUsableKey, "TXT *._domainkey."+d,
			fmt.Sprintf("%s publishes %d DKIM record(s) under the selectors tried, but none holds a key that can verify a signature (revoked with an empty p=, invalid, or too short), so every DKIM signature of %s fails.", d, found, d),
			"Publish the current public key of the selector your mail provider signs with (a 2048-bit RSA key, v=DKIM1; k=rsa; p=...), and pass that selector with --dkim-selector.")
	}
	au.note(fmt.Sprintf("DKIM: %d key(s) found, %d usable", found, usable))
}

// checkDKIMKey reports on one key record and says whether it holds a key
// that can verify signatures.
func (au *auditor) checkDKIMKey(name, selector, txt string, configured bool) bool {
	rec := "TXT " + name
	tags := map[string]string{}
	for _, part := range strings.Split(txt, ";") {
		if k, v, ok := strings.Cut(strings.TrimSpace(part), "="); ok {
			tags[strings.ToLower(strings.TrimSpace(k))] = strings.Join(strings.Fields(v), "")
		}
	}
	if v, ok := tags["v"]; ok && v != "DKIM1" {
		au.add(ruleDkimSyntax, rec,
			fmt.Sprintf("The DKIM record at %s has v=%s; it must be v=DKIM1, so verifiers ignore the key.", name, v),
			"Publish the record exactly as your mail provider gives it (v=DKIM1; k=rsa; p=...).")
		return false
	}
	p, ok := tags["p"]
	if !ok {
		au.add(ruleDkimSyntax, rec,
			fmt.Sprintf("The DKIM record at %s has no p= tag, so it holds no key.", name),
			"Publish the record with its public key (p=...).")
		return false
	}
	if p == "" {
		if configured {
			au.add(ruleDkimRevoked, rec,
				fmt.Sprintf("The DKIM key of selector %q (%s) is revoked (empty p=), so mail signed with it fails DKIM.", selector, name),
				"Sign with a current selector and configure that one, or publish the new key here.")
		}
		return false
	}
	for _, f := range strings.Split(tags["t"], ":") {
		if strings.EqualFold(strings.TrimSpace(f), "y") {
			au.add(ruleDkimTesting, rec,
				fmt.Sprintf("The DKIM key of selector %q (%s) sets t=y, testing mode: receivers may treat failures as passes, so forged signatures under %s are not rejected.", selector, name, selector),
				"Remove t=y from the record once signing works (keep the rest of the record as it is).")
			break
		}
	}
	der, err := base64.StdEncoding.DecodeString(p)
	if err != nil {
		au.add(ruleDkimSyntax, rec,
			fmt.Sprintf("The p= key of %s is not valid base64, so verifiers cannot use it.", name),
			"Publish the key again exactly as your provider gives it (watch for line breaks and quotes).")
		return false
	}
	if strings.EqualFold(tags["k"], "ed25519") {
		if len(der) != ed25519.PublicKeySize {
			au.add(ruleDkimSyntax, rec,
				fmt.Sprintf("The ed25519 key of %s is %d bytes, not %d.", name, len(der), ed25519.PublicKeySize), "Publish the key again.")
		}
		return false
	}
	bits := 0
	if pub, err := x509.ParsePKIXPublicKey(der); err == nil {
		if k, ok := pub.(*rsa.PublicKey); ok {
			bits = k.N.BitLen()
		}
	} else if k, err := x509.ParsePKCS1PublicKey(der); err == nil {
		bits = k.N.BitLen()
	}
	switch {
	case bits == 0:
		au.add(ruleDkimSyntax, rec,
			fmt.Sprintf("The p= key of %s is not an RSA public key.", name), "Publish the key again exactly as your provider gives it.")
	case bits < 1024:
		au.add(ruleDkimKeyTooShort, rec,
			fmt.Sprintf("The DKIM key of selector %q is RSA %d bits; receivers treat keys under 1024 bits as no signature, and they can be factored.", selector, bits),
			"Generate a 2048-bit key with your mail provider, publish it under a new selector, and switch signing to it.")
	case bits < 2048:
		au.add(ruleDkimKeyShort, rec,
			fmt.Sprintf("The DKIM key of selector %q is RSA %d bits; 2048 bits is the current recommendation (RFC 8301).", selector, bits),
			"Rotate to a 2048-bit key under a new selector.")
	}
	return bits >= 1024
}

// --- MX ---

func (au *auditor) mx(ctx context.Context) {
	d := au.domain
	_, err := au.r.MX(ctx, d)
	switch {
	case IsNotFound(err):
		au.add(ruleMxMissing, "MX "+d,
			fmt.Sprintf("%s has no MX record: replies and bounces to mail sent as %s go nowhere, and some receivers distrust senders whose domain cannot receive mail.", d, d),
			"Publish MX records for the mailboxes that receive replies, or a null MX (\"0 .\") if the domain never receives mail.")
	case err != nil:
		au.unavailable("MX", err)
	}
}
