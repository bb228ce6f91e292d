//regstack:feature account_deletion

package auth

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestDeleteAccount(t *testing.T) {
	e := newTestEnv(t, withLockout(5, 3600))
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	ctx := context.Background()
	if err := e.rs.store.RecordLoginFailure(ctx, "alice@example.com", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.do("DELETE", "/account", map[string]any{"current_password": "wrong"}, tok).want(t, http.StatusBadRequest, "Current password is incorrect.")
	e.do("DELETE", "/account", nil, tok).want(t, http.StatusUnprocessableEntity, "")
	r := e.do("DELETE", "/account", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusOK, "")
	if r.str("message") != "Account deleted." {
		t.Errorf("message %q", r.str("message"))
	}
	if _, err := e.rs.store.UserByEmail(ctx, "alice@example.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("user still there (err %v)", err)
	}
	if n, err := e.rs.store.CountLoginFailures(ctx, "alice@example.com", e.clock.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("login failures left: %d (err %v)", n, err)
	}
	e.do("GET", "/me", nil, tok).want(t, http.StatusUnauthorized, "User no longer active.")
}

func TestDeleteAccountDisabled(t *testing.T) {
	e := newTestEnv(t, func(c *Config) { c.EnableAccountDeletion = false })
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	e.do("DELETE", "/account", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusNotFound, "")
}
