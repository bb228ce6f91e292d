package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
)

// checkMailDNS checks the records receiving servers look at before they
// trust mail from domain: MX (so bounces and replies have somewhere to
// go), SPF, DMARC, and DKIM when the selector is known.
func checkMailDNS(ctx context.Context, o DoctorOptions, domain string) []Check {
	if domain == "" {
		return []Check{{Name: "dns", Status: CheckFail, Detail: "email.from_address has no domain to check"}}
	}
	r := o.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	checks := []Check{
		checkMX(ctx, r, o, domain),
		checkTXT(ctx, r, o, "dns spf", domain, "v=spf1"),
		checkTXT(ctx, r, o, "dns dmarc", "_dmarc."+domain, "v=DMARC1"),
	}
	if o.DKIMSelector != "" {
		checks = append(checks, checkTXT(ctx, r, o, "dns dkim", o.DKIMSelector+"._domainkey."+domain, "v=DKIM1"))
	}
	return checks
}

// checkMX passes when the domain has at least one MX record.
func checkMX(ctx context.Context, r *net.Resolver, o DoctorOptions, domain string) Check {
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	mxs, err := r.LookupMX(ctx, domain)
	if err != nil {
		return Check{Name: "dns mx", Status: CheckFail, Detail: dnsFailure(domain, err)}
	}
	if len(mxs) == 0 {
		return Check{Name: "dns mx", Status: CheckFail, Detail: "no MX record on " + domain}
	}
	hosts := make([]string, 0, len(mxs))
	for _, mx := range mxs {
		hosts = append(hosts, strings.TrimSuffix(mx.Host, "."))
	}
	return Check{Name: "dns mx", Status: CheckPass, Detail: domain + " → " + strings.Join(hosts, ", ")}
}

// checkTXT passes when a TXT record at name starts with prefix (compared
// without regard to case, as receivers do for these tags).
func checkTXT(ctx context.Context, r *net.Resolver, o DoctorOptions, check, name, prefix string) Check {
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	txts, err := r.LookupTXT(ctx, name)
	if err != nil && !isNotFound(err) {
		return Check{Name: check, Status: CheckFail, Detail: dnsFailure(name, err)}
	}
	for _, t := range txts {
		if len(t) >= len(prefix) && strings.EqualFold(t[:len(prefix)], prefix) {
			return Check{Name: check, Status: CheckPass, Detail: name + " → " + t}
		}
	}
	return Check{Name: check, Status: CheckFail, Detail: fmt.Sprintf("no '%s' record on %s", prefix, name)}
}

// dnsFailure describes a failed lookup the way upstream does.
func dnsFailure(name string, err error) string {
	if isNotFound(err) {
		return name + " → NXDOMAIN"
	}
	return fmt.Sprintf("%s → %v", name, err)
}

// isNotFound reports whether err says the name or record does not exist.
func isNotFound(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

// emailDomain returns the domain part of an address, or "".
func emailDomain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.TrimSuffix(addr[i+1:], ">")
	}
	return ""
}
