//regstack:feature email=smtp

package auth

import (
	"context"
	"fmt"
	"strings"
)

// CheckTransport connects to the SMTP server the way a delivery does:
// connect, EHLO, STARTTLS (or implicit TLS) and AUTH when a username is
// set, then QUIT without sending a message.
func (s *SMTPEmailSender) CheckTransport(ctx context.Context) (string, error) {
	c, err := s.client()
	if err != nil {
		return "", err
	}
	if err := c.DialWithContext(ctx); err != nil {
		return "", fmt.Errorf("%s: %w", c.ServerAddr(), err)
	}
	if err := c.Close(); err != nil {
		return "", fmt.Errorf("%s: %w", c.ServerAddr(), err)
	}
	steps := []string{"connected", "EHLO"}
	switch {
	case s.implicitTLS:
		steps = append(steps, "implicit TLS")
	case s.startTLS:
		steps = append(steps, "STARTTLS")
	default:
		steps = append(steps, "no TLS (smtp_starttls = false)")
	}
	if s.username != "" {
		steps = append(steps, "AUTH as "+s.username)
	} else {
		steps = append(steps, "no AUTH (no smtp_username)")
	}
	return fmt.Sprintf("smtp %s: %s; nothing sent", c.ServerAddr(), strings.Join(steps, ", ")), nil
}
