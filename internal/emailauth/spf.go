package emailauth

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// SPFTerm is one mechanism or modifier of an SPF record (RFC 7208 §4.6.1).
type SPFTerm struct {
	// Qualifier is '+', '-', '~' or '?' (mechanisms only).
	Qualifier byte
	// Name is the mechanism or modifier, lower-case.
	Name string
	// Value is the domain-spec, the address, or the modifier's value.
	Value    string
	Modifier bool
	// CIDR is the prefix length as written ("/24", "//64", "/24//64"),
	// empty when there is none.
	CIDR string
}

// SPFRecord is a parsed v=spf1 record.
type SPFRecord struct {
	Terms []SPFTerm
}

// IsSPF reports whether a TXT record is an SPF record (RFC 7208 §4.5:
// "v=spf1" followed by a space or the end).
func IsSPF(txt string) bool {
	return len(txt) >= 6 && strings.EqualFold(txt[:6], "v=spf1") && (len(txt) == 6 || txt[6] == ' ')
}

var (
	modifierName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._-]*$`)
	// A domain-spec is a domain name or a macro string; this accepts both
	// without expanding macros.
	domainSpec = regexp.MustCompile(`^(?:[A-Za-z0-9_.+,/=|-]|%\{[slodiphcrtv][0-9]*r?[-.+,/_=]*\}|%%|%_|%-)+$`)
)

// ParseSPF parses a record. Its errors say which term is wrong and why.
func ParseSPF(txt string) (*SPFRecord, error) {
	if !IsSPF(txt) {
		return nil, errors.New(`the record does not start with "v=spf1"`)
	}
	rec := &SPFRecord{}
	seen := map[string]bool{}
	for _, f := range strings.Fields(txt[6:]) {
		if i := strings.IndexAny(f, ":=/"); i > 0 && f[i] == '=' {
			name, value := strings.ToLower(f[:i]), f[i+1:]
			if !modifierName.MatchString(name) {
				return nil, fmt.Errorf("%q is not a valid modifier name", f[:i])
			}
			if name == "redirect" || name == "exp" {
				if seen[name] {
					return nil, fmt.Errorf("the %s= modifier appears twice", name)
				}
				seen[name] = true
				if !domainSpec.MatchString(value) {
					return nil, fmt.Errorf("%s=%q is not a domain", name, value)
				}
			}
			rec.Terms = append(rec.Terms, SPFTerm{Name: name, Value: value, Modifier: true})
			continue
		}
		t := SPFTerm{Qualifier: '+'}
		if strings.ContainsRune("+-~?", rune(f[0])) {
			t.Qualifier, f = f[0], f[1:]
		}
		name, rest := f, ""
		if i := strings.IndexAny(f, ":/"); i >= 0 {
			name, rest = f[:i], f[i:]
		}
		t.Name = strings.ToLower(name)
		value, cidr := rest, ""
		if strings.HasPrefix(rest, ":") {
			value = rest[1:]
			if t.Name != "ip6" {
				if i := strings.Index(value, "/"); i >= 0 && t.Name != "include" && t.Name != "exists" {
					value, cidr = value[:i], value[i:]
				}
			} else if i := strings.LastIndex(value, "/"); i >= 0 {
				value, cidr = value[:i], value[i:]
			}
		} else if rest != "" {
			value, cidr = "", rest
		}
		t.Value, t.CIDR = value, cidr
		if err := checkMechanism(t, cidr); err != nil {
			return nil, err
		}
		rec.Terms = append(rec.Terms, t)
	}
	return rec, nil
}

func checkMechanism(t SPFTerm, cidr string) error {
	where := string(t.Qualifier) + t.Name
	needDomain := func() error {
		if t.Value == "" {
			return fmt.Errorf("%q needs a domain: %s:example.com", where, t.Name)
		}
		if !domainSpec.MatchString(t.Value) {
			return fmt.Errorf("%s:%q is not a domain", t.Name, t.Value)
		}
		return nil
	}
	optDomain := func() error {
		if t.Value != "" && !domainSpec.MatchString(t.Value) {
			return fmt.Errorf("%s:%q is not a domain", t.Name, t.Value)
		}
		return nil
	}
	switch t.Name {
	case "all":
		if t.Value != "" || cidr != "" {
			return fmt.Errorf("%q takes no argument", where)
		}
	case "include", "exists":
		if cidr != "" {
			return fmt.Errorf("%q takes no prefix length", where)
		}
		return needDomain()
	case "ptr":
		if cidr != "" {
			return fmt.Errorf("%q takes no prefix length", where)
		}
		return optDomain()
	case "a", "mx":
		if err := checkDualCIDR(cidr); err != nil {
			return fmt.Errorf("%s: %v", where, err)
		}
		return optDomain()
	case "ip4":
		ip := net.ParseIP(t.Value)
		if ip == nil || ip.To4() == nil || strings.Contains(t.Value, ":") {
			return fmt.Errorf("ip4:%q is not an IPv4 address", t.Value)
		}
		return checkCIDR(cidr, 32)
	case "ip6":
		ip := net.ParseIP(t.Value)
		if ip == nil || !strings.Contains(t.Value, ":") {
			return fmt.Errorf("ip6:%q is not an IPv6 address", t.Value)
		}
		return checkCIDR(cidr, 128)
	default:
		return fmt.Errorf("%q is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists)", where)
	}
	return nil
}

func checkCIDR(cidr string, maxBits int) error {
	if cidr == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(cidr, "/"))
	if err != nil || !strings.HasPrefix(cidr, "/") || n < 0 || n > maxBits || strings.HasPrefix(cidr, "/0") && len(cidr) > 2 {
		return fmt.Errorf("prefix length %q is not between /0 and /%d", cidr, maxBits)
	}
	return nil
}

// checkDualCIDR accepts a/mx's "/24", "//64" and "/24//64".
func checkDualCIDR(cidr string) error {
	if cidr == "" {
		return nil
	}
	v4, v6, dual := strings.Cut(cidr, "//")
	if v4 != "" {
		if err := checkCIDR(v4, 32); err != nil {
			return err
		}
	}
	if dual {
		return checkCIDR("/"+v6, 128)
	}
	return nil
}

// HasMacro reports whether a domain-spec needs a sender to expand it.
func HasMacro(spec string) bool { return strings.Contains(spec, "%{") }

// PrefixBits returns an ip4/ip6 term's prefix length: the written one, or
// the full address length when there is none. ok is false for other terms.
func (t SPFTerm) PrefixBits() (bits int, ok bool) {
	maxBits := 0
	switch t.Name {
	case "ip4":
		maxBits = 32
	case "ip6":
		maxBits = 128
	default:
		return 0, false
	}
	if t.CIDR == "" {
		return maxBits, true
	}
	n, err := strconv.Atoi(strings.TrimPrefix(t.CIDR, "/"))
	if err != nil {
		return maxBits, true
	}
	return n, true
}
