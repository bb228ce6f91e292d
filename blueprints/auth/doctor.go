package auth

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"
)

// CheckStatus is the outcome of one doctor check.
type CheckStatus int

const (
	// CheckPass means the check found nothing wrong.
	CheckPass CheckStatus = iota
	// CheckWarn means something deserves attention but the deployment
	// works; a warning never makes the doctor fail.
	CheckWarn
	// CheckFail means the deployment is broken or unsafe as configured.
	CheckFail
)

// Symbol is the mark the CLI prints in front of a check: ✓, ⚠ or ✗.
func (s CheckStatus) Symbol() string {
	switch s {
	case CheckPass:
		return "✓"
	case CheckWarn:
		return "⚠"
	default:
		return "✗"
	}
}

// Check is the result of one doctor check.
type Check struct {
	// Name is short and stable ("jwt secret", "schema"), so scripts can
	// grep for it.
	Name string
	// Status says whether the check passed.
	Status CheckStatus
	// Detail says what was found, and for a failure what to do about it.
	Detail string
}

// String formats the check as the CLI prints it: "✓ name: detail".
func (c Check) String() string {
	return c.Status.Symbol() + " " + c.Name + ": " + c.Detail
}

// CountFailed returns how many checks failed; warnings do not count.
func CountFailed(checks []Check) int {
	n := 0
	for _, c := range checks {
		if c.Status == CheckFail {
			n++
		}
	}
	return n
}

// DoctorOptions selects the optional doctor checks.
type DoctorOptions struct {
	// CheckDNS adds the MX, SPF and DMARC checks for the domain of
	// email.from_address (and DKIM when DKIMSelector is set).
	CheckDNS bool
	// DKIMSelector is the DKIM selector the mail provider signs with; the
	// record lives at <selector>._domainkey.<domain>. The configuration
	// does not know it, so DKIM is only checked when it is given.
	DKIMSelector string
	// Resolver answers the DNS checks; nil means net.DefaultResolver.
	// Tests point it at a DNS server on loopback.
	Resolver *net.Resolver
	// SendTestEmail, when not empty, sends a probe message to this address
	// through the configured email backend.
	SendTestEmail string
	// Timeout bounds each network check; zero means five seconds, as
	// upstream's DNS lifetime.
	Timeout time.Duration
}

// timeout returns the per-check time limit.
func (o DoctorOptions) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return 5 * time.Second
}

// Doctor checks the deployment the way `regstack doctor` does: the JWT
// secret, the database connection and schema, the email backend and its
// outbox (queued, failing and dead-lettered messages) and,
// when asked, the sender domain's DNS records and a test send. On MongoDB
// it also reports whether the server version is affected by a known
// vulnerability. It never changes anything except by sending the test
// email, and it returns every check, in a fixed order, rather than
// stopping at the first failure.
func (rs *RegStack) Doctor(ctx context.Context, o DoctorOptions) []Check {
	checks := []Check{checkJWTSecret(rs.cfg.JWTSecret)}
	database := rs.checkDatabase(ctx, o)
	checks = append(checks, database...)
	checks = append(checks, rs.checkEmailBackend())
	checks = append(checks, rs.checkEmailTransport(ctx, o)...)
	checks = append(checks, rs.checkOutbox(ctx, database))
	if o.CheckDNS {
		checks = append(checks, checkMailDNS(ctx, o, emailDomain(rs.cfg.Email.FromAddress))...)
	}
	if o.SendTestEmail != "" {
		checks = append(checks, rs.checkTestSend(ctx, o))
	}
	return checks
}

// checkDatabase checks that the database answers and that its schema is
// current. The schema check is skipped when the database is unreachable,
// so one broken connection is reported once.
func (rs *RegStack) checkDatabase(ctx context.Context, o DoctorOptions) []Check {
	kind := backendName(rs.cfg)
	pingCtx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	if err := rs.store.Ping(pingCtx); err != nil {
		return []Check{
			{Name: "backend", Status: CheckFail, Detail: fmt.Sprintf("%s unreachable: %v", kind, err)},
			{Name: "schema", Status: CheckFail, Detail: "not checked: the database is unreachable"},
		}
	}
	checks := []Check{{Name: "backend", Status: CheckPass, Detail: kind + " reachable"}}
	checks = append(checks, rs.checkSchema(ctx))
	//regstack:if backend=mongo

	if sv, ok := rs.store.(serverVersioner); ok {
		checks = append(checks, checkServerVersion(ctx, sv, o.timeout()))
	}

	//regstack:end
	return checks
}

// checkSchema reports the schema steps InstallSchema would still apply.
func (rs *RegStack) checkSchema(ctx context.Context) Check {
	pending, err := rs.store.PendingSchema(ctx)
	switch {
	case err != nil:
		return Check{Name: "schema", Status: CheckFail, Detail: fmt.Sprintf("check failed: %v", err)}
	case len(pending) > 0:
		return Check{Name: "schema", Status: CheckFail,
			Detail: "pending: " + strings.Join(pending, ", ") + " (run `migrate`)"}
	}
	return Check{Name: "schema", Status: CheckPass, Detail: "current"}
}

// checkEmailBackend checks that an email transport is in place and that
// the configured sender address is a valid address: every account email
// goes out from it.
func (rs *RegStack) checkEmailBackend() Check {
	sender := rs.emailSender()
	if sender == nil {
		return Check{Name: "email backend", Status: CheckFail, Detail: fmt.Sprintf("backend %q has no transport", rs.cfg.Email.Backend)}
	}
	if _, err := normalizeEmail(rs.cfg.Email.FromAddress); err != nil {
		return Check{Name: "email backend", Status: CheckFail,
			Detail: fmt.Sprintf("email.from_address %q is not a valid address: %v", rs.cfg.Email.FromAddress, err)}
	}
	return Check{Name: "email backend", Status: CheckPass,
		Detail: fmt.Sprintf("%s → %T, from %s", rs.cfg.Email.Backend, sender, rs.cfg.Email.FromAddress)}
}

// checkTestSend sends a probe message through the configured transport.
func (rs *RegStack) checkTestSend(ctx context.Context, o DoctorOptions) Check {
	to, err := normalizeEmail(o.SendTestEmail)
	if err != nil {
		return Check{Name: "email send", Status: CheckFail, Detail: fmt.Sprintf("invalid address %q: %v", o.SendTestEmail, err)}
	}
	text := fmt.Sprintf("This is a test message from the %s doctor. If you can read it, email delivery works.\n", rs.cfg.AppName)
	m := EmailMessage{
		To:          to,
		FromAddress: rs.cfg.Email.FromAddress,
		FromName:    rs.cfg.Email.FromName,
		Subject:     fmt.Sprintf("[%s] regstack doctor probe", rs.cfg.AppName),
		Text:        text,
		HTML:        "<p>" + strings.TrimSpace(text) + "</p>\n",
	}
	sendCtx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	if err := rs.emailSender().Send(sendCtx, m); err != nil {
		return Check{Name: "email send", Status: CheckFail, Detail: fmt.Sprintf("send failed: %v", err)}
	}
	return Check{Name: "email send", Status: CheckPass, Detail: fmt.Sprintf("probe delivered to %s via %s", to, rs.cfg.Email.Backend)}
}
