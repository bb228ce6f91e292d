//regstack:feature sms_2fa sms=null

package auth

import (
	"context"
	"log/slog"
)

// NullSMSSender is the development SMS backend, the reference's default:
// instead of sending anything it logs each message, so a developer can read
// the code from the terminal.
type NullSMSSender struct {
	logger *slog.Logger
}

// NewNullSMSSender returns a NullSMSSender that logs to logger, or to
// slog.Default() when logger is nil.
func NewNullSMSSender(logger *slog.Logger) *NullSMSSender {
	if logger == nil {
		logger = slog.Default()
	}
	return &NullSMSSender{logger: logger}
}

// openNullSMSSender is the SMS transport of a package generated with
// [sms] backend = "null"; wire_gen.go calls it.
func openNullSMSSender(_ context.Context, _ *Config, o *options) (SMSSender, error) {
	return NewNullSMSSender(o.logger), nil
}

// Send logs m as one INFO record with the recipient, sender and body.
func (n *NullSMSSender) Send(ctx context.Context, m SMSMessage) error {
	n.logger.LogAttrs(ctx, slog.LevelInfo, "sms (null backend, not sent)",
		slog.String("to", m.To), slog.String("from", m.FromNumber), slog.String("body", m.Body))
	return nil
}
