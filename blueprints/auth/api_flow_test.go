package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHappyPath(t *testing.T) {
	e := newTestEnv(t)
	r := e.do("POST", "/register", map[string]any{"email": "alice@example.com", "password": testPassword, "full_name": "Alice"}, "").
		want(t, http.StatusCreated, "")
	if r.str("email") != "alice@example.com" || r.json["is_active"] != true || r.str("_id") == "" || r.json["is_verified"] != true {
		t.Fatalf("register body %s", r.body)
	}
	for _, k := range []string{"hashed_password", "tokens_invalidated_after", "updated_at", "id"} {
		if _, ok := r.json[k]; ok {
			t.Errorf("UserPublic leaks %q", k)
		}
	}
	tok := e.login("alice@example.com", testPassword)
	me := e.do("GET", "/me", nil, tok).want(t, http.StatusOK, "")
	if me.str("email") != "alice@example.com" || me.str("full_name") != "Alice" || me.str("last_login") == "" {
		t.Fatalf("/me body %s", me.body)
	}
	if got := me.str("created_at"); got != "2025-01-01T00:00:00Z" {
		t.Errorf("created_at %q, want the reference's format 2025-01-01T00:00:00Z", got)
	}
	e.do("POST", "/logout", nil, tok).want(t, http.StatusOK, "")
	e.do("GET", "/me", nil, tok).want(t, http.StatusUnauthorized, "Token has been revoked.")
}

func TestRegisterErrors(t *testing.T) {
	e := newTestEnv(t)
	e.register("bob@example.com")
	e.do("POST", "/register", map[string]any{"email": "bob@example.com", "password": testPassword}, "").
		want(t, http.StatusConflict, "An account with that email already exists.")
	e.do("POST", "/register", map[string]any{"email": "Bob@EXAMPLE.com", "password": testPassword}, "").
		want(t, http.StatusCreated, "") // the local part's case is kept, so this is another address
	e.do("POST", "/register", map[string]any{"email": "carol@example.com", "password": "short"}, "").
		want(t, http.StatusUnprocessableEntity, "")

	closed := newTestEnv(t, func(c *Config) { c.AllowRegistration = false })
	closed.do("POST", "/register", map[string]any{"email": "dave@example.com", "password": testPassword}, "").
		want(t, http.StatusForbidden, "Registration is disabled.")
}

func TestEmailNormalisedOnRegister(t *testing.T) {
	e := newTestEnv(t)
	r := e.do("POST", "/register", map[string]any{"email": "  Alice@Example.COM ", "password": testPassword}, "").want(t, http.StatusCreated, "")
	if r.str("email") != "Alice@example.com" {
		t.Errorf("email %q, want Alice@example.com (domain lower-cased, local part kept)", r.str("email"))
	}
}

func TestLoginErrors(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": "wrong password"}, "").
		want(t, http.StatusUnauthorized, "Invalid email or password.")
	e.do("POST", "/login", map[string]any{"email": "nobody@example.com", "password": testPassword}, "").
		want(t, http.StatusUnauthorized, "Invalid email or password.")
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": "short"}, "").
		want(t, http.StatusUnprocessableEntity, "")

	e.disable("alice@example.com")
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").
		want(t, http.StatusForbidden, "Account is disabled.")
}

func TestBearerChecks(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)

	r := e.do("GET", "/me", nil, "").want(t, http.StatusUnauthorized, "Authentication required.")
	if r.header.Get("WWW-Authenticate") != "Bearer" {
		t.Errorf("WWW-Authenticate = %q", r.header.Get("WWW-Authenticate"))
	}
	bad := e.do("GET", "/me", nil, "not-a-jwt").want(t, http.StatusUnauthorized, "")
	if !strings.HasPrefix(bad.str("detail"), "Invalid token: ") {
		t.Errorf("detail %q", bad.str("detail"))
	}
	// The scheme is case-insensitive, as in the reference.
	req := httptest.NewRequest("GET", e.cfg.APIPrefix+"/me", nil)
	req.Header.Set("Authorization", "bEaReR "+tok)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("lowercase scheme: status %d", rec.Code)
	}
	for _, h := range []string{"Basic " + tok, "Bearer", "Bearer "} {
		req := httptest.NewRequest("GET", e.cfg.APIPrefix+"/me", nil)
		req.Header.Set("Authorization", h)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "Authentication required.") {
			t.Errorf("Authorization %q: %d %s", h, rec.Code, rec.Body)
		}
	}
	e.clock.Advance(time.Duration(e.cfg.JWTTTLSeconds+5) * time.Second)
	expired := e.do("GET", "/me", nil, tok).want(t, http.StatusUnauthorized, "")
	if !strings.HasPrefix(expired.str("detail"), "Invalid token: ") {
		t.Errorf("expired token detail %q", expired.str("detail"))
	}
}

func TestBulkRevocationCutoff(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	u := e.user("alice@example.com")
	// A cutoff exactly at the token's issue time revokes it (<=).
	if err := e.rs.store.SetPassword(context.Background(), u.ID, u.HashedPassword, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.do("GET", "/me", nil, tok).want(t, http.StatusUnauthorized, "Session was invalidated; please sign in again.")
	// A login one microsecond after the cutoff is valid.
	e.clock.Advance(time.Microsecond)
	fresh := e.login("alice@example.com", testPassword)
	e.do("GET", "/me", nil, fresh).want(t, http.StatusOK, "")
}

func TestDeletedUserToken(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	if err := e.rs.store.DeleteUser(context.Background(), e.user("alice@example.com")); err != nil {
		t.Fatal(err)
	}
	e.do("GET", "/me", nil, tok).want(t, http.StatusUnauthorized, "User no longer active.")
}

func TestPatchMe(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	r := e.do("PATCH", "/me", map[string]any{"full_name": "Alice X."}, tok).want(t, http.StatusOK, "")
	if r.str("full_name") != "Alice X." {
		t.Fatalf("full_name %q", r.str("full_name"))
	}
	r = e.do("PATCH", "/me", map[string]any{}, tok).want(t, http.StatusOK, "")
	if r.json["full_name"] != nil {
		t.Errorf("PATCH {} should clear full_name like the reference, got %v", r.json["full_name"])
	}
	e.do("PATCH", "/me", map[string]any{"full_name": strings.Repeat("x", 201)}, tok).want(t, http.StatusUnprocessableEntity, "")
}

func TestChangePassword(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	e.do("POST", "/change-password", map[string]any{"current_password": "nope", "new_password": "a new password"}, tok).
		want(t, http.StatusBadRequest, "Current password is incorrect.")
	e.do("POST", "/change-password", map[string]any{"current_password": testPassword, "new_password": testPassword}, tok).
		want(t, http.StatusBadRequest, "New password must differ from the current password.")
	e.do("POST", "/change-password", map[string]any{"current_password": testPassword, "new_password": "a new password"}, tok).
		want(t, http.StatusOK, "")
	e.do("GET", "/me", nil, tok).want(t, http.StatusUnauthorized, "Session was invalidated; please sign in again.")
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").
		want(t, http.StatusUnauthorized, "Invalid email or password.")
	e.clock.Advance(time.Microsecond)
	fresh := e.login("alice@example.com", "a new password")
	e.do("GET", "/me", nil, fresh).want(t, http.StatusOK, "")
}

func TestChangeEmail(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	e.register("taken@example.com")
	tok := e.login("alice@example.com", testPassword)

	e.do("POST", "/change-email", map[string]any{"new_email": "ALICE@example.com", "current_password": testPassword}, tok).
		want(t, http.StatusBadRequest, "New email is the same as the current email.")
	e.do("POST", "/change-email", map[string]any{"new_email": "new@example.com", "current_password": "nope"}, tok).
		want(t, http.StatusBadRequest, "Current password is incorrect.")
	e.do("POST", "/change-email", map[string]any{"new_email": "taken@example.com", "current_password": testPassword}, tok).
		want(t, http.StatusConflict, "That email address is already in use.")

	before := len(e.outbox.messages())
	e.do("POST", "/change-email", map[string]any{"new_email": "new@example.com", "current_password": testPassword}, tok).
		want(t, http.StatusAccepted, "")
	if n := len(e.outbox.messages()) - before; n != 1 {
		t.Fatalf("%d emails sent, want 1", n)
	}
	token := e.outbox.lastToken(t, "new@example.com")
	e.do("POST", "/confirm-email-change", map[string]any{"token": tok}, "").
		want(t, http.StatusBadRequest, "Token is invalid or has expired.") // a session token is not an email-change token
	r := e.do("POST", "/confirm-email-change", map[string]any{"token": token}, "").want(t, http.StatusOK, "")
	if r.str("email") != "new@example.com" {
		t.Fatalf("email %q", r.str("email"))
	}
	e.do("GET", "/me", nil, tok).want(t, http.StatusUnauthorized, "Session was invalidated; please sign in again.")
	e.do("POST", "/confirm-email-change", map[string]any{"token": token}, "").
		want(t, http.StatusBadRequest, "Token is invalid or has expired.") // single use, unlike the reference
	e.clock.Advance(time.Second)
	e.login("new@example.com", testPassword)
}

func TestChangeEmailExpiredAndRace(t *testing.T) {
	e := newTestEnv(t, func(c *Config) { c.EmailChangeTokenTTLSeconds = 120 })
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	e.do("POST", "/change-email", map[string]any{"new_email": "new@example.com", "current_password": testPassword}, tok).
		want(t, http.StatusAccepted, "")
	token := e.outbox.lastToken(t, "new@example.com")
	// Someone registers the address before the link is clicked: 409.
	e.register("new@example.com")
	e.do("POST", "/confirm-email-change", map[string]any{"token": token}, "").
		want(t, http.StatusConflict, "That email address is already in use.")
	e.clock.Advance(180 * time.Second)
	e.do("POST", "/confirm-email-change", map[string]any{"token": token}, "").
		want(t, http.StatusBadRequest, "Token is invalid or has expired.")
}

func TestMethodAndPathErrors(t *testing.T) {
	e := newTestEnv(t)
	r := e.do("GET", "/login", nil, "").want(t, http.StatusMethodNotAllowed, "Method Not Allowed")
	if !strings.Contains(r.header.Get("Allow"), "POST") {
		t.Errorf("Allow = %q", r.header.Get("Allow"))
	}
	e.do("GET", "/no-such-endpoint", nil, "").want(t, http.StatusNotFound, "Not Found")
}
