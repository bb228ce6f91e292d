package auth

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// changeEmailLink asks for an email change to newEmail and returns the
// emailed token.
func (e *testEnv) changeEmailLink(session, newEmail string) string {
	e.t.Helper()
	e.do("POST", "/change-email", map[string]any{"new_email": newEmail, "current_password": testPassword}, session).
		want(e.t, http.StatusAccepted, "")
	return e.outbox.lastToken(e.t, newEmail)
}

// changeEmailLinks asks for n email changes, to new00@example.com,
// new01@…, and returns their links in that order.
func (e *testEnv) changeEmailLinks(session string, n int) []string {
	e.t.Helper()
	links := make([]string, n)
	for i := range links {
		links[i] = e.changeEmailLink(session, fmt.Sprintf("new%02d@example.com", i))
	}
	return links
}

// TestEmailChangeTokenConcurrentUse sends one email-change link 20 times
// at once: exactly one request may act on it.
func TestEmailChangeTokenConcurrentUse(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	link := e.changeEmailLink(e.login("alice@example.com", testPassword), "new@example.com")
	codes := concurrently(20, func(int) response {
		return e.do("POST", "/confirm-email-change", map[string]any{"token": link}, "")
	})
	if codes[http.StatusOK] != 1 || codes[http.StatusBadRequest] != 19 {
		t.Errorf("status counts %v, want one 200 and 19 400", codes)
	}
	if got := e.user("new@example.com"); got.Email != "new@example.com" {
		t.Errorf("email after the race = %q", got.Email)
	}
}

// TestEmailChangeTokenVoidAfterPasswordChange: a link requested while
// someone else knew the password stops working once the owner changes it.
func TestEmailChangeTokenVoidAfterPasswordChange(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	link := e.changeEmailLink(tok, "attacker@example.com")
	e.clock.Advance(time.Second)
	e.do("POST", "/change-password", map[string]any{"current_password": testPassword, "new_password": "owner's new password"}, tok).
		want(t, http.StatusOK, "")
	e.do("POST", "/confirm-email-change", map[string]any{"token": link}, "").
		want(t, http.StatusBadRequest, "Token is invalid or has expired.")
	if got := e.user("alice@example.com"); got.Email != "alice@example.com" {
		t.Errorf("email = %q, want it unchanged", got.Email)
	}
}

// TestEmailChangeTokenVoidAfterAnotherIsUsed: of two outstanding
// email-change links, the first one confirmed voids the other, whichever
// order they were issued in.
func TestEmailChangeTokenVoidAfterAnotherIsUsed(t *testing.T) {
	for _, newerFirst := range []bool{true, false} {
		name := map[bool]string{true: "newer used first", false: "older used first"}[newerFirst]
		t.Run(name, func(t *testing.T) {
			e := newTestEnv(t)
			e.register("alice@example.com")
			tok := e.login("alice@example.com", testPassword)
			older := e.changeEmailLink(tok, "older@example.com")
			e.clock.Advance(time.Second)
			newer := e.changeEmailLink(tok, "newer@example.com")
			e.clock.Advance(time.Second)
			first, second := older, newer
			if newerFirst {
				first, second = newer, older
			}
			e.do("POST", "/confirm-email-change", map[string]any{"token": first}, "").want(t, http.StatusOK, "")
			e.clock.Advance(time.Second)
			e.do("POST", "/confirm-email-change", map[string]any{"token": second}, "").
				want(t, http.StatusBadRequest, "Token is invalid or has expired.")
		})
	}
}

// TestDifferentOneOffTokensRace: 20 email-change links, each to its own
// address, confirmed at once. Each read the same cutoff, and only one may
// act: the first confirmation voids the other links.
func TestDifferentOneOffTokensRace(t *testing.T) {
	const n = 20
	e := newTestEnv(t)
	e.register("alice@example.com")
	links := e.changeEmailLinks(e.login("alice@example.com", testPassword), n)
	e.clock.Advance(time.Second)
	codes := concurrently(n, func(i int) response {
		return e.do("POST", "/confirm-email-change", map[string]any{"token": links[i]}, "")
	})
	if codes[http.StatusOK] != 1 || codes[http.StatusBadRequest] != n-1 {
		t.Errorf("status counts %v, want one 200 and %d 400", codes, n-1)
	}
}
