//regstack:feature sms_2fa sms=twilio

package auth

import (
	"context"
	"fmt"
)

// CheckTransport reports the Twilio account and sender the transport was
// built with. Twilio has no call that checks credentials without sending
// or reading account data, so this check is that the three settings are
// present (NewTwilioSMSSender refuses to build without them); use
// --send-test-sms for the real thing.
func (s *TwilioSMSSender) CheckTransport(context.Context) (string, error) {
	return fmt.Sprintf("twilio account %s, auth token set, from %s", s.sid, s.from), nil
}
