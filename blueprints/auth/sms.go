//regstack:feature sms_2fa

package auth

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
)

// SMSMessage is one text message, ready for a transport.
type SMSMessage struct {
	// To is the recipient's number in E.164 form.
	To string
	// Body is the whole text.
	Body string
	// FromNumber is [sms] from_number: a number or an alphanumeric sender
	// id, or "" to let the transport choose.
	FromNumber string
}

// SMSSender delivers text messages. Unlike email, a code is sent while the
// request waits: the code expires in minutes and the response tells the
// user to look at their phone, so a failed send answers 500 (as upstream)
// rather than a 202 for a message that may never arrive.
type SMSSender interface {
	Send(ctx context.Context, m SMSMessage) error
}

// SetSMSSender replaces the SMS transport. It is safe to call while the
// instance serves requests: a send already under way finishes on the old
// transport. It panics if s is nil.
func (rs *RegStack) SetSMSSender(s SMSSender) {
	if s == nil {
		panic("auth: SetSMSSender: nil SMSSender")
	}
	rs.smsSlot.store(s)
}

// WithSMS replaces the configured SMS backend with s; the configured one is
// then never built (an SNS host sending through its own code needs no AWS
// credentials).
func WithSMS(s SMSSender) Option { return func(o *options) { o.sms = s } }

// initialSMSSender picks the transport New starts with: the one given by
// WithSMS, otherwise the [sms] backend the package was generated with
// (openSMSSender, in wire_gen.go).
func initialSMSSender(ctx context.Context, cfg *Config, o *options) (SMSSender, error) {
	if o.sms != nil {
		return o.sms, nil
	}
	s, err := openSMSSender(ctx, cfg, o)
	if err != nil {
		return nil, fmt.Errorf("sms backend %q: %w", cmp.Or(cfg.SMS.Backend, "null"), err)
	}
	return s, nil
}

// sendSMS sends body to the number to through the current transport.
func (rs *RegStack) sendSMS(ctx context.Context, to, body string) error {
	m := SMSMessage{To: to, Body: body, FromNumber: rs.cfg.SMS.FromNumber}
	if err := rs.smsSlot.load().Send(ctx, m); err != nil {
		return fmt.Errorf("sending SMS: %w", err)
	}
	return nil
}

// e164Pattern is the reference's E.164 rule with ASCII digits only
// (Python's \d would also take other scripts' digits).
var e164Pattern = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// isE164 reports whether s is an E.164 phone number.
func isE164(s string) bool { return e164Pattern.MatchString(s) }
