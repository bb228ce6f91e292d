//regstack:feature sms_2fa

package auth

import (
	"cmp"
	"context"
	"fmt"
)

// checkSMS checks the SMS transport: that it could be built, its own
// TransportChecker check when it has one (SNS: region and credentials;
// Twilio: credentials present), and, with --send-test-sms, a probe text
// through it. With enable_sms_2fa off nothing sends texts, so there is
// nothing to check.
func (d *doctor) checkSMS(ctx context.Context) []Check {
	const name = "sms transport"
	if !d.cfg.EnableSMS2FA {
		return nil
	}
	backend := cmp.Or(d.cfg.SMS.Backend, "null")
	var out []Check
	switch {
	case d.smsErr != nil:
		out = append(out, Check{Name: name, Status: CheckFail, Detail: d.smsErr.Error()})
	case d.sms == nil:
		out = append(out, Check{Name: name, Status: CheckFail, Detail: fmt.Sprintf("backend %q has no transport", backend)})
	default:
		out = append(out, d.smsTransport(ctx, backend))
	}
	if d.opts.SendTestSMS != "" {
		out = append(out, d.testSMS(ctx, backend))
	}
	return out
}

func (d *doctor) smsTransport(ctx context.Context, backend string) Check {
	const name = "sms transport"
	tc, ok := d.sms.(TransportChecker)
	if !ok {
		return Check{Name: name, Status: CheckPass, Detail: fmt.Sprintf("%s → %T", backend, d.sms)}
	}
	ctx, cancel := context.WithTimeout(ctx, d.opts.timeout())
	defer cancel()
	detail, err := tc.CheckTransport(ctx)
	if err != nil {
		return Check{Name: name, Status: CheckFail, Detail: fmt.Sprintf("%s: %v", backend, err)}
	}
	return Check{Name: name, Status: CheckPass, Detail: detail}
}

// testSMS sends a probe text through the real transport.
func (d *doctor) testSMS(ctx context.Context, backend string) Check {
	const name = "sms send"
	to := d.opts.SendTestSMS
	switch {
	case d.sms == nil:
		return Check{Name: name, Status: CheckFail, Detail: "not sent: the SMS transport could not be built"}
	case !isE164(to):
		return Check{Name: name, Status: CheckFail, Detail: fmt.Sprintf("invalid number %q: use E.164, e.g. +14155552671", to)}
	}
	m := SMSMessage{To: to, FromNumber: d.cfg.SMS.FromNumber,
		Body: fmt.Sprintf("This is a test message from the %s doctor. If you can read it, SMS delivery works.", d.cfg.AppName)}
	sendCtx, cancel := context.WithTimeout(ctx, d.opts.timeout())
	defer cancel()
	if err := d.sms.Send(sendCtx, m); err != nil {
		return Check{Name: name, Status: CheckFail, Detail: fmt.Sprintf("send failed: %v", err)}
	}
	return Check{Name: name, Status: CheckPass, Detail: fmt.Sprintf("probe sent to %s via %s", to, backend)}
}
