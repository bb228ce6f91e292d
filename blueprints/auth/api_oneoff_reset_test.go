//regstack:feature password_reset

package auth

import (
	"net/http"
	"testing"
	"time"
)

// resetLink asks for a password reset for email and returns the emailed
// token.
func (e *testEnv) resetLink(email string) string {
	e.t.Helper()
	e.do("POST", "/forgot-password", map[string]any{"email": email}, "").want(e.t, http.StatusAccepted, "")
	return e.outbox.lastToken(e.t, email)
}

// TestResetTokenConcurrentUse sends one reset link 20 times at once, each
// with its own new password: exactly one request may set a password.
func TestResetTokenConcurrentUse(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	link := e.resetLink("alice@example.com")
	codes := raceRequests(t, 20, func() int {
		return e.do("POST", "/reset-password", map[string]any{"token": link, "new_password": "new password " + time.Now().String()}, "").status
	})
	if codes[http.StatusOK] != 1 || codes[http.StatusBadRequest] != 19 {
		t.Errorf("status counts %v, want one 200 and 19 400", codes)
	}
}

// TestResetTokenVoidAfterEmailChange: a reset link mailed to the old
// address stops working once the address changed.
func TestResetTokenVoidAfterEmailChange(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	link := e.resetLink("alice@example.com")
	e.clock.Advance(time.Second)
	change := e.changeEmailLink(e.login("alice@example.com", testPassword), "new@example.com")
	e.do("POST", "/confirm-email-change", map[string]any{"token": change}, "").want(t, http.StatusOK, "")
	e.do("POST", "/reset-password", map[string]any{"token": link, "new_password": "attacker password"}, "").
		want(t, http.StatusBadRequest, "Reset token is invalid or has expired.")
}

// TestEmailChangeTokenVoidAfterReset is the takeover the issue describes:
// someone who knew the password asks for an email change, the owner resets
// the password, and the pending change must no longer go through.
func TestEmailChangeTokenVoidAfterReset(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	change := e.changeEmailLink(e.login("alice@example.com", testPassword), "attacker@example.com")
	e.clock.Advance(time.Second)
	reset := e.resetLink("alice@example.com")
	e.do("POST", "/reset-password", map[string]any{"token": reset, "new_password": "owner's new password"}, "").
		want(t, http.StatusOK, "")
	e.clock.Advance(time.Second)
	e.do("POST", "/confirm-email-change", map[string]any{"token": change}, "").
		want(t, http.StatusBadRequest, "Token is invalid or has expired.")
	e.login("alice@example.com", "owner's new password")
}
