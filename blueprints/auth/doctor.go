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

	//regstack:if sms_2fa

	// SendTestSMS, when not empty, sends a probe text to this E.164 number
	// through the configured SMS backend.
	SendTestSMS string

	//regstack:end

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

// doctor is what the checks examine. It holds no *RegStack, because the
// doctor must also run when New cannot, with the database down or the
// secret missing: every check reads only these fields, and a check that
// needs the database reports its own "not checked" when store is nil.
type doctor struct {
	cfg    *Config
	opts   DoctorOptions
	clock  Clock
	sender EmailSender
	// senderErr says why the configured transport could not be built
	// (sender is then nil).
	senderErr error

	//regstack:if sms_2fa

	// sms is the SMS transport; smsErr says why it could not be built.
	sms    SMSSender
	smsErr error

	//regstack:end

	// store is nil when it could not be opened; storeErr then says why.
	store    Store
	storeErr error
	// databaseFailed is set by the database checks, so that the checks
	// that read the database report a broken connection once.
	databaseFailed bool
}

// checks lists the doctor's checks in the order it prints them. Each runs
// on its own and returns its lines (none when it does not apply, as the
// DNS checks without --check-dns); none stops the others. Adding a check
// is adding one line here.
func (d *doctor) checks() []func(context.Context) []Check {
	return []func(context.Context) []Check{
		d.checkJWTSecret,
		d.checkSecretsFile,
		d.checkDatabase, // backend, schema, and on MongoDB the server version
		d.checkEmailBackend,
		d.checkEmailTransport,
		//regstack:if sms_2fa
		d.checkSMS, // the SMS transport's own check, and --send-test-sms
		//regstack:end
		//regstack:if oauth
		d.checkOAuth, // each provider's client secret, and OIDC discovery
		//regstack:end
		d.checkOutbox,
		d.checkMailDNS,
		d.checkTestSend,
	}
}

// run runs every check.
func (d *doctor) run(ctx context.Context) []Check {
	var out []Check
	for _, check := range d.checks() {
		out = append(out, check(ctx)...)
	}
	return out
}

// Doctor checks the deployment the way `regstack doctor` does: the JWT
// secret, the secrets file's permissions, the database connection and
// schema, the email backend and its outbox (queued, failing and
// dead-lettered messages) and, when asked, the sender domain's DNS records
// and a test send. On MongoDB it also reports whether the server version
// is affected by a known vulnerability. It never changes anything except
// by sending the test email, and it returns every check, in a fixed order,
// rather than stopping at the first failure.
func (rs *RegStack) Doctor(ctx context.Context, o DoctorOptions) []Check {
	d := &doctor{cfg: rs.cfg, opts: o, clock: rs.clock, sender: rs.emailSender(), store: rs.store}

	//regstack:if sms_2fa

	d.sms = rs.smsSlot.load()

	//regstack:end

	return d.run(ctx)
}

// Diagnose runs the checks of Doctor without a RegStack, for when New
// fails or may fail: it opens the database itself, and a database that
// cannot be opened fails the backend check alone (with the schema and
// outbox checks marked as not checked) while every other check still
// runs. opts are New's options, so that the checks see the email
// transport (WithEmail) and clock the application uses. It starts no
// outbox worker and closes what it opened before it returns.
func Diagnose(ctx context.Context, cfg *Config, o DoctorOptions, opts ...Option) []Check {
	op := newOptions(opts)
	d := &doctor{cfg: cfg, opts: o, clock: op.clock}
	openCtx, cancel := context.WithTimeout(ctx, o.timeout())
	d.sender, d.senderErr = initialEmailSender(openCtx, cfg, op)
	d.store, d.storeErr = openStore(openCtx, cfg, op)

	//regstack:if sms_2fa

	d.sms, d.smsErr = initialSMSSender(openCtx, cfg, op)

	//regstack:end

	cancel()
	if d.store != nil {
		defer d.store.Close()
	}
	return d.run(ctx)
}

// checkJWTSecret judges the JWT secret (see checkJWTSecret).
func (d *doctor) checkJWTSecret(context.Context) []Check {
	return []Check{checkJWTSecret(d.cfg.JWTSecret)}
}

// checkMailDNS checks the sender domain's records when asked to.
func (d *doctor) checkMailDNS(ctx context.Context) []Check {
	if !d.opts.CheckDNS {
		return nil
	}
	return checkMailDNS(ctx, d.opts, emailDomain(d.cfg.Email.FromAddress))
}

// checkEmailBackend checks that an email transport is in place and that
// the configured sender address is a valid address: every account email
// goes out from it.
func (d *doctor) checkEmailBackend(context.Context) []Check {
	return []Check{d.emailBackend()}
}

func (d *doctor) emailBackend() Check {
	if d.senderErr != nil {
		return Check{Name: "email backend", Status: CheckFail, Detail: d.senderErr.Error()}
	}
	if d.sender == nil {
		return Check{Name: "email backend", Status: CheckFail, Detail: fmt.Sprintf("backend %q has no transport", d.cfg.Email.Backend)}
	}
	if _, err := normalizeEmail(d.cfg.Email.FromAddress); err != nil {
		return Check{Name: "email backend", Status: CheckFail,
			Detail: fmt.Sprintf("email.from_address %q is not a valid address: %v", d.cfg.Email.FromAddress, err)}
	}
	return Check{Name: "email backend", Status: CheckPass,
		Detail: fmt.Sprintf("%s → %T, from %s", d.cfg.Email.Backend, d.sender, d.cfg.Email.FromAddress)}
}

// checkTestSend sends a probe message through the configured transport
// when asked to.
func (d *doctor) checkTestSend(ctx context.Context) []Check {
	if d.opts.SendTestEmail == "" {
		return nil
	}
	return []Check{d.testSend(ctx)}
}

func (d *doctor) testSend(ctx context.Context) Check {
	o := d.opts
	if d.sender == nil {
		return Check{Name: "email send", Status: CheckFail, Detail: "not sent: the email transport could not be built"}
	}
	to, err := normalizeEmail(o.SendTestEmail)
	if err != nil {
		return Check{Name: "email send", Status: CheckFail, Detail: fmt.Sprintf("invalid address %q: %v", o.SendTestEmail, err)}
	}
	text := fmt.Sprintf("This is a test message from the %s doctor. If you can read it, email delivery works.\n", d.cfg.AppName)
	m := EmailMessage{
		To:          to,
		FromAddress: d.cfg.Email.FromAddress,
		FromName:    d.cfg.Email.FromName,
		Subject:     fmt.Sprintf("[%s] regstack doctor probe", d.cfg.AppName),
		Text:        text,
		HTML:        "<p>" + strings.TrimSpace(text) + "</p>\n",
	}
	sendCtx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	if err := d.sender.Send(sendCtx, m); err != nil {
		return Check{Name: "email send", Status: CheckFail, Detail: fmt.Sprintf("send failed: %v", err)}
	}
	return Check{Name: "email send", Status: CheckPass, Detail: fmt.Sprintf("probe delivered to %s via %s", to, d.cfg.Email.Backend)}
}
