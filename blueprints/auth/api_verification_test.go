package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func withVerification(c *Config) { c.RequireVerification = true }

func TestVerificationFlow(t *testing.T) {
	e := newTestEnv(t, withVerification)
	r := e.do("POST", "/register", map[string]any{"email": "alice@example.com", "password": testPassword, "full_name": "Alice"}, "").
		want(t, http.StatusCreated, "")
	if r.str("status") != "pending_verification" || r.str("email") != "alice@example.com" {
		t.Fatalf("register body %s", r.body)
	}
	if want := "2025-01-02T00:00:00+00:00"; r.str("expires_at") != want {
		t.Errorf("expires_at %q, want %q", r.str("expires_at"), want)
	}
	if _, err := e.rs.store.UserByEmail(context.Background(), "alice@example.com"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a user exists before verification (err %v)", err)
	}
	msgs := e.outbox.messages()
	if len(msgs) != 1 || msgs[0].To != "alice@example.com" || !strings.Contains(strings.ToLower(msgs[0].Text), "confirm") {
		t.Fatalf("emails: %+v", msgs)
	}
	// Logging in before verifying: there is no user yet, so 401, not 403.
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").
		want(t, http.StatusUnauthorized, "Invalid email or password.")

	token := e.outbox.lastToken(t, "alice@example.com")
	if !strings.Contains(msgs[0].Text, "http://localhost:8000/account/verify?token=") {
		t.Errorf("link does not point at the account UI's verify page:\n%s", msgs[0].Text)
	}
	v := e.do("POST", "/verify", map[string]any{"token": token}, "").want(t, http.StatusOK, "")
	if v.json["is_verified"] != true || v.str("email") != "alice@example.com" || v.str("full_name") != "Alice" {
		t.Fatalf("verify body %s", v.body)
	}
	if _, err := e.rs.store.PendingByEmail(context.Background(), "alice@example.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("pending row still there (err %v)", err)
	}
	e.do("POST", "/verify", map[string]any{"token": token}, "").want(t, http.StatusBadRequest, "Verification token is invalid or has expired.")
	e.login("alice@example.com", testPassword)
}

func TestVerificationExpiredAndBogus(t *testing.T) {
	e := newTestEnv(t, withVerification, func(c *Config) { c.VerificationTokenTTLSeconds = 60 })
	e.do("POST", "/register", map[string]any{"email": "alice@example.com", "password": testPassword}, "").want(t, http.StatusCreated, "")
	token := e.outbox.lastToken(t, "alice@example.com")
	e.clock.Advance(120 * time.Second)
	e.do("POST", "/verify", map[string]any{"token": token}, "").want(t, http.StatusBadRequest, "Verification token has expired. Request a new one.")
	e.do("POST", "/verify", map[string]any{"token": "totally-bogus-token"}, "").want(t, http.StatusBadRequest, "Verification token is invalid or has expired.")
}

func TestResendVerification(t *testing.T) {
	e := newTestEnv(t, withVerification)
	e.do("POST", "/register", map[string]any{"email": "alice@example.com", "password": testPassword}, "").want(t, http.StatusCreated, "")
	first := e.outbox.lastToken(t, "alice@example.com")
	const msg = "If a pending registration exists, a new email has been sent."
	r := e.do("POST", "/resend-verification", map[string]any{"email": "alice@example.com"}, "").want(t, http.StatusAccepted, "")
	if r.str("message") != msg {
		t.Errorf("message %q", r.str("message"))
	}
	second := e.outbox.lastToken(t, "alice@example.com")
	if second == first {
		t.Fatal("resend reused the token")
	}
	e.do("POST", "/verify", map[string]any{"token": first}, "").want(t, http.StatusBadRequest, "Verification token is invalid or has expired.")
	e.do("POST", "/verify", map[string]any{"token": second}, "").want(t, http.StatusOK, "")

	n := len(e.outbox.messages())
	e.do("POST", "/resend-verification", map[string]any{"email": "nobody@example.com"}, "").want(t, http.StatusAccepted, "")
	e.do("POST", "/resend-verification", map[string]any{"email": "alice@example.com"}, "").want(t, http.StatusAccepted, "")
	if got := len(e.outbox.messages()); got != n {
		t.Errorf("%d emails sent for unknown and verified addresses, want none", got-n)
	}
}

func TestLoginUnverifiedUser(t *testing.T) {
	e := newTestEnv(t, withVerification)
	u, err := e.rs.newUser("alice@example.com", mustHash(t, e.rs.hasher, testPassword), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.rs.store.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").
		want(t, http.StatusForbidden, "Email address has not been verified.")
}

// TestVerifyWhenAccountExists: a registration link clicked after an account
// with the address appeared by another route is a 409 (the reference
// answered 500), and never verifies that account: the link was issued for
// the registration, not for the account, whose owner may be someone else.
func TestVerifyWhenAccountExists(t *testing.T) {
	e := newTestEnv(t, withVerification)
	ctx := context.Background()
	for _, verified := range []bool{false, true} {
		addr := "unverified@example.com"
		if verified {
			addr = "verified@example.com"
		}
		e.do("POST", "/register", map[string]any{"email": addr, "password": testPassword}, "").want(t, http.StatusCreated, "")
		u, err := e.rs.newUser(addr, mustHash(t, e.rs.hasher, "another password"), nil)
		if err != nil {
			t.Fatal(err)
		}
		u.IsVerified = verified
		if err := e.rs.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		e.do("POST", "/verify", map[string]any{"token": e.outbox.lastToken(t, addr)}, "").
			want(t, http.StatusConflict, "An account with that email already exists.")
		if got := e.user(addr); got.IsVerified != verified || got.HashedPassword != u.HashedPassword {
			t.Errorf("%s: account changed by the link: verified=%v", addr, got.IsVerified)
		}
	}
}
