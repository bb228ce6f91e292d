//regstack:feature email=smtp

package auth

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPEmailSender delivers email through an SMTP server with
// github.com/wneessen/go-mail. Each Send opens its own connection: the
// outbox worker sends one message at a time, so a pool would buy nothing,
// and a fresh connection never fails on a server that dropped an idle one.
type SMTPEmailSender struct {
	host    string
	options []gomail.Option
	timeout time.Duration
	// tlsConfig is the configuration every connection's TLS uses (the
	// options hold the same pointer): the host's name, TLS 1.2 or later,
	// the system's roots.
	tlsConfig *tls.Config
	// What doctor reports (CheckTransport).
	implicitTLS, startTLS bool
	username              string
}

// ErrSMTPConfig reports an [email] table the SMTP backend cannot use.
var ErrSMTPConfig = errors.New("smtp email backend")

// NewSMTPEmailSender returns a sender for the smtp_* keys of c:
//   - smtp_implicit_tls connects with TLS from the first byte (SMTPS, port
//     465); otherwise smtp_starttls (default on) upgrades the connection
//     and refuses to go on when the server does not offer STARTTLS, so a
//     man in the middle cannot strip it; with both off the connection stays
//     plain (a relay on loopback);
//   - AUTH happens only when smtp_username is set. go-mail picks the
//     strongest mechanism the server offers and never sends PLAIN or LOGIN
//     credentials over an unencrypted connection;
//   - smtp_timeout_seconds bounds the dial and every command of a delivery
//     (10 s by default); the caller's context can end it sooner.
func NewSMTPEmailSender(c EmailConfig) (*SMTPEmailSender, error) {
	if c.SMTPHost == "" {
		return nil, fmt.Errorf("%w: email.smtp_host is required", ErrSMTPConfig)
	}
	timeout := time.Duration(c.SMTPTimeoutSeconds) * time.Second
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	tlsConfig := &tls.Config{ServerName: c.SMTPHost, MinVersion: tls.VersionTLS12}
	opts := []gomail.Option{
		gomail.WithPort(c.SMTPPort),
		gomail.WithTimeout(timeout),
		gomail.WithTLSConfig(tlsConfig),
	}
	switch {
	case c.SMTPImplicitTLS:
		// The connection is TLS already; there is nothing to upgrade.
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	case c.SMTPStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if c.SMTPUsername != "" {
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(c.SMTPUsername),
			gomail.WithPassword(c.SMTPPassword))
	}
	s := &SMTPEmailSender{host: c.SMTPHost, options: opts, timeout: timeout, tlsConfig: tlsConfig,
		implicitTLS: c.SMTPImplicitTLS, startTLS: c.SMTPStartTLS, username: c.SMTPUsername}
	// Build one client now, so a bad port fails at start-up rather than on
	// the first message.
	if _, err := s.client(); err != nil {
		return nil, err
	}
	return s, nil
}

// openSMTPEmailSender is the email transport of a package generated with
// [email] backend = "smtp"; wire_gen.go calls it.
func openSMTPEmailSender(_ context.Context, cfg *Config, _ *options) (EmailSender, error) {
	return NewSMTPEmailSender(cfg.Email)
}

// client returns a new go-mail client for one connection.
func (s *SMTPEmailSender) client() (*gomail.Client, error) {
	c, err := gomail.NewClient(s.host, s.options...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSMTPConfig, err)
	}
	return c, nil
}

// Send delivers m as one multipart/alternative message, the text part
// first and the HTML part second (readers show the last part they
// understand). Display names and the subject are RFC 2047 encoded when
// they are not plain ASCII, and a line break in any of them is encoded
// with the rest, so no field of m can add a header; an address with a
// line break is refused.
func (s *SMTPEmailSender) Send(ctx context.Context, m EmailMessage) error {
	msg, err := smtpMessage(m)
	if err != nil {
		return err
	}
	c, err := s.client()
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp send to %s via %s: %w", m.To, s.host, err)
	}
	return nil
}

// smtpMessage builds the MIME message for m.
func smtpMessage(m EmailMessage) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	// The address alone is parsed (so a line break in it is refused); the
	// name goes in as it is and net/mail quotes or RFC 2047 encodes it.
	// go-mail's FromFormat would paste the name between quotes instead,
	// which breaks on a name holding a quote.
	from, err := mail.ParseAddress(m.FromAddress)
	if err != nil || from.Name != "" {
		return nil, fmt.Errorf("smtp message: from address %q is not a bare address: %w", m.FromAddress, errors.Join(err, ErrSMTPConfig))
	}
	from.Name = m.FromName
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderFrom, from)
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("smtp message: to %q: %w", m.To, err)
	}
	// go-mail encodes a subject with a control character as an encoded
	// word, which already keeps CR and LF out of the header; folding them
	// to spaces first keeps the subject readable too.
	msg.Subject(strings.Join(strings.Fields(m.Subject), " "))
	msg.SetMessageID()
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
