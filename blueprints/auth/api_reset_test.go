//regstack:feature password_reset

package auth

import (
	"net/http"
	"testing"
	"time"
)

func TestPasswordReset(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	old := e.login("alice@example.com", testPassword)

	r := e.do("POST", "/forgot-password", map[string]any{"email": "alice@example.com"}, "").want(t, http.StatusAccepted, "")
	if r.str("message") != "If an account exists for that email, a reset link has been sent." {
		t.Errorf("message %q", r.str("message"))
	}
	if n := len(e.outbox.messages()); n != 1 {
		t.Fatalf("%d emails, want 1", n)
	}
	token := e.outbox.lastToken(t, "alice@example.com")
	e.do("POST", "/reset-password", map[string]any{"token": old, "new_password": "brand new password"}, "").
		want(t, http.StatusBadRequest, "Reset token is invalid or has expired.") // a session token is not a reset token
	e.do("POST", "/reset-password", map[string]any{"token": token, "new_password": "brand new password"}, "").
		want(t, http.StatusOK, "")
	e.do("POST", "/reset-password", map[string]any{"token": token, "new_password": "another password"}, "").
		want(t, http.StatusBadRequest, "Reset token is invalid or has expired.") // single use, unlike the reference
	e.do("GET", "/me", nil, old).want(t, http.StatusUnauthorized, "Session was invalidated; please sign in again.")
	e.clock.Advance(time.Second)
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").
		want(t, http.StatusUnauthorized, "")
	e.login("alice@example.com", "brand new password")
}

func TestForgotPasswordUnknownEmail(t *testing.T) {
	e := newTestEnv(t)
	e.do("POST", "/forgot-password", map[string]any{"email": "nobody@example.com"}, "").want(t, http.StatusAccepted, "")
	if n := len(e.outbox.messages()); n != 0 {
		t.Fatalf("%d emails for an unknown address, want 0", n)
	}
}

func TestPasswordResetExpired(t *testing.T) {
	e := newTestEnv(t, func(c *Config) { c.PasswordResetTokenTTLSeconds = 120 })
	e.register("alice@example.com")
	e.do("POST", "/forgot-password", map[string]any{"email": "alice@example.com"}, "").want(t, http.StatusAccepted, "")
	token := e.outbox.lastToken(t, "alice@example.com")
	e.clock.Advance(180 * time.Second)
	e.do("POST", "/reset-password", map[string]any{"token": token, "new_password": "brand new password"}, "").
		want(t, http.StatusBadRequest, "Reset token is invalid or has expired.")
}

func TestPasswordResetDisabled(t *testing.T) {
	e := newTestEnv(t, func(c *Config) { c.EnablePasswordReset = false })
	e.do("POST", "/forgot-password", map[string]any{"email": "alice@example.com"}, "").want(t, http.StatusNotFound, "Not Found")
}

func TestPasswordResetLinkVoidAfterPasswordChange(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	e.do("POST", "/forgot-password", map[string]any{"email": "alice@example.com"}, "").want(t, http.StatusAccepted, "")
	link := e.outbox.lastToken(t, "alice@example.com")
	e.clock.Advance(time.Second)
	e.do("POST", "/change-password", map[string]any{"current_password": testPassword, "new_password": "changed password"}, tok).want(t, http.StatusOK, "")
	e.do("POST", "/reset-password", map[string]any{"token": link, "new_password": "attacker password"}, "").
		want(t, http.StatusBadRequest, "Reset token is invalid or has expired.")
}
