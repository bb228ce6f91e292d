//regstack:feature email=smtp

package auth

import (
	"context"
	"strings"
	"testing"
)

// doctorWithEmail returns a RegStack on the test database with its
// configured email transport (no host sender) and an installed schema.
func doctorWithEmail(t *testing.T, email EmailConfig) *RegStack {
	t.Helper()
	cfg := testConfig(t)
	cfg.Email = email
	return newTransportRegStack(t, cfg)
}

func TestDoctorSMTP(t *testing.T) {
	mp := testMailpit(t)
	withUser := mp.config()
	withUser.SMTPUsername, withUser.SMTPPassword = "doctor", "secret"
	startTLS := mp.config()
	startTLS.SMTPStartTLS = true
	tests := []struct {
		name   string
		email  EmailConfig
		status CheckStatus
		detail string
	}{
		{"plain, no auth", mp.config(), CheckPass, "connected, EHLO, no TLS (smtp_starttls = false), no AUTH (no smtp_username); nothing sent"},
		// mailpit offers only PLAIN and LOGIN, which must not cross an
		// unencrypted connection: the password is never sent.
		{"auth refused in the clear", withUser, CheckFail, "not able to detect a supported authentication mechanism"},
		{"starttls missing", startTLS, CheckFail, "STARTTLS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := checkNamed(t, doctorWithEmail(t, tt.email).Doctor(context.Background(), DoctorOptions{}), "email transport")
			if c.Status != tt.status || !strings.Contains(c.Detail, tt.detail) {
				t.Errorf("%v, want status %s and detail containing %q", c, tt.status.Symbol(), tt.detail)
			}
		})
	}
}

// TestDoctorSendTestEmailSMTP: --send-test-email goes through the real
// SMTP transport, not the outbox, and reaches the server.
func TestDoctorSendTestEmailSMTP(t *testing.T) {
	mp := testMailpit(t)
	to := uniqueAddress(t, "doctor")
	checks := doctorWithEmail(t, mp.config()).Doctor(context.Background(), DoctorOptions{SendTestEmail: to})
	if c := checkNamed(t, checks, "email send"); c.Status != CheckPass {
		t.Fatalf("email send: %v", c)
	}
	h, parts := parseAlternative(t, mp.waitMessage(t, to))
	if got := decodeWord(t, h.Get("Subject")); got != "[RegStack] regstack doctor probe" {
		t.Errorf("probe subject %q", got)
	}
	if len(parts) != 2 || !strings.Contains(parts[0].body, "email delivery works") {
		t.Errorf("probe parts %+v", parts)
	}
}
