//regstack:feature email=console

package auth

import (
	"context"
	"log/slog"
	"regexp"
)

// ConsoleEmailSender is the development email backend: instead of sending
// anything it writes each message to a logger, so a developer can follow
// the verification link straight from the terminal.
type ConsoleEmailSender struct {
	logger *slog.Logger
}

// NewConsoleEmailSender returns a ConsoleEmailSender that logs to logger,
// or to slog.Default() when logger is nil.
func NewConsoleEmailSender(logger *slog.Logger) *ConsoleEmailSender {
	if logger == nil {
		logger = slog.Default()
	}
	return &ConsoleEmailSender{logger: logger}
}

// openConsoleEmailSender is the email transport of a package generated
// with [email] backend = "console"; wire_gen.go calls it.
func openConsoleEmailSender(_ context.Context, _ *Config, o *options) (EmailSender, error) {
	return NewConsoleEmailSender(o.logger), nil
}

// consoleLinkPattern finds the links in a text body.
var consoleLinkPattern = regexp.MustCompile(`https?://[^\s"<>]+`)

// Send logs m as one INFO record with the recipient, sender, subject, each
// link of the text body on its own (a text log handler would otherwise
// print it inside the quoted body, followed by an escaped newline that a
// terminal takes for part of the link), and the whole text body. Upstream
// logs the body at DEBUG; it is INFO here because the link in it is the
// reason this backend exists. The HTML body is left out: it says the same
// thing, less readably.
func (c *ConsoleEmailSender) Send(ctx context.Context, m EmailMessage) error {
	attrs := []slog.Attr{
		slog.String("to", m.To),
		slog.String("from", m.FromHeader()),
		slog.String("subject", m.Subject),
	}
	for _, link := range consoleLinkPattern.FindAllString(m.Text, -1) {
		attrs = append(attrs, slog.String("link", link))
	}
	attrs = append(attrs, slog.String("body", m.Text))
	c.logger.LogAttrs(ctx, slog.LevelInfo, "email (console backend, not sent)", attrs...)
	return nil
}
