//regstack:feature password_reset

package auth

import (
	"fmt"
	"net/http"
	"sync"
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
	codes := concurrently(20, func(i int) response {
		return e.do("POST", "/reset-password", map[string]any{"token": link, "new_password": fmt.Sprintf("new password %02d", i)}, "")
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

// TestResetWhileAccountDeleted: 20 resets, each with its own link, race;
// the one that wins the account's cutoff waits in its password hash (its
// link spent, the account read) while DELETE /account removes the account.
// It then finds the account gone and answers 400 with the reset's own
// wording; the 19 others were refused as void links. Never a 5xx.
func TestResetWhileAccountDeleted(t *testing.T) {
	const n = 20
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	links := make([]string, n)
	for i := range links {
		links[i] = e.resetLink("alice@example.com")
	}
	parked, release := parkHashes(e, 1)
	answers := make(chan response, n)
	var wg sync.WaitGroup
	for _, link := range links {
		wg.Go(func() {
			answers <- e.do("POST", "/reset-password", map[string]any{"token": link, "new_password": "a brand new password"}, "")
		})
	}
	<-parked
	e.do("DELETE", "/account", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusOK, "")
	release()
	wg.Wait()
	close(answers)
	details := map[string]int{}
	for r := range answers {
		r.want(t, http.StatusBadRequest, "")
		details[r.str("detail")]++
	}
	// The winner, held in its hash, finds the account gone; so does any
	// reset that read the account after the deletion; the rest found
	// their link void.
	gone, void := details[detailResetNoAccount], details["Reset token is invalid or has expired."]
	if gone < 1 || gone+void != n {
		t.Errorf("details %v: want only %q (at least once) and void links", details, detailResetNoAccount)
	}
}

// TestConfirmEmailChangeWhileAccountDeleted: 20 email-change links, each to
// its own address, confirmed at once while DELETE /account removes the
// account. Whatever the interleaving, every answer is 200 (at most one:
// the first confirmation voids the other links) or 400, never a 5xx.
func TestConfirmEmailChangeWhileAccountDeleted(t *testing.T) {
	const n = 20
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	links := e.changeEmailLinks(tok, n)
	e.clock.Advance(time.Second)
	tally := concurrently(n+1, func(i int) response {
		if i == n {
			return e.do("DELETE", "/account", map[string]any{"current_password": testPassword}, tok)
		}
		return e.do("POST", "/confirm-email-change", map[string]any{"token": links[i]}, "")
	})
	if tally[http.StatusOK] > 2 || tally[http.StatusOK]+tally[http.StatusBadRequest]+tally[http.StatusUnauthorized] != n+1 {
		t.Errorf("answers %v: want only 200 (one confirmation and the deletion, at most), 400 and 401", tally)
	}
}
