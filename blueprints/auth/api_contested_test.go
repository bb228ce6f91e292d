//regstack:feature password_reset

package auth

import (
	"fmt"
	"net/http"
	"testing"
)

const attackerPassword = "attacker's password"

// signUpWith registers email with password (verification on) and returns the
// response, which must be the ordinary 201.
func (e *testEnv) signUpWith(email, password string) response {
	e.t.Helper()
	return e.do("POST", "/register", map[string]any{"email": email, "password": password}, "").want(e.t, http.StatusCreated, "")
}

// TestContestedRegistration is the pre-account hijack: someone who does not
// control the mailbox registers it with their password, before or after
// its owner. Whichever link the owner clicks last, the attacker's password
// never works; the owner gets a link to choose the password.
func TestContestedRegistration(t *testing.T) {
	orders := []struct {
		name  string
		first string
		then  string
	}{
		{"attacker first", attackerPassword, testPassword},
		{"owner first", testPassword, attackerPassword},
	}
	for _, o := range orders {
		t.Run(o.name, func(t *testing.T) {
			e := newTestEnv(t, withVerification)
			first := e.signUpWith("victim@example.com", o.first)
			firstLink := e.outbox.lastToken(t, "victim@example.com")
			second := e.signUpWith("victim@example.com", o.then)
			link := e.outbox.lastToken(t, "victim@example.com")
			// The answers do not tell the two apart.
			if first.str("status") != second.str("status") || len(first.body) != len(second.body) {
				t.Errorf("responses differ: %s vs %s", first.body, second.body)
			}
			// The earlier link was replaced.
			e.do("POST", "/verify", map[string]any{"token": firstLink}, "").want(t, http.StatusBadRequest, detailVerifyInvalid)

			v := e.do("POST", "/verify", map[string]any{"token": link}, "").want(t, http.StatusOK, "")
			if v.json["is_verified"] != true {
				t.Fatalf("verify body %s", v.body)
			}
			if u := e.user("victim@example.com"); u.HasPassword() {
				t.Fatal("a contested registration created an account with a password")
			}
			for _, pw := range []string{attackerPassword, testPassword} {
				e.do("POST", "/login", map[string]any{"email": "victim@example.com", "password": pw}, "").
					want(t, http.StatusUnauthorized, "Invalid email or password.")
			}
			// The owner got a reset link with the verification and sets the
			// password with it.
			reset := e.outbox.lastToken(t, "victim@example.com")
			if reset == link {
				t.Fatal("no reset link was mailed after verifying a contested registration")
			}
			e.do("POST", "/reset-password", map[string]any{"token": reset, "new_password": "owner's chosen password"}, "").
				want(t, http.StatusOK, "")
			e.login("victim@example.com", "owner's chosen password")
		})
	}
}

// TestRegistrationRepeatedWithSamePassword: registering twice with the same
// password (a user who lost the first email) is not a contest.
func TestRegistrationRepeatedWithSamePassword(t *testing.T) {
	e := newTestEnv(t, withVerification)
	e.signUpWith("alice@example.com", testPassword)
	e.signUpWith("alice@example.com", testPassword)
	e.do("POST", "/resend-verification", map[string]any{"email": "alice@example.com"}, "").want(t, http.StatusAccepted, "")
	link := e.outbox.lastToken(t, "alice@example.com")
	e.do("POST", "/verify", map[string]any{"token": link}, "").want(t, http.StatusOK, "")
	e.login("alice@example.com", testPassword)
}

// TestContestStaysAfterResend: re-sending the link of a contested
// registration, or registering again with either password, keeps it
// contested.
func TestContestStaysAfterResend(t *testing.T) {
	e := newTestEnv(t, withVerification)
	e.signUpWith("victim@example.com", attackerPassword)
	e.signUpWith("victim@example.com", testPassword)
	e.signUpWith("victim@example.com", attackerPassword)
	e.do("POST", "/resend-verification", map[string]any{"email": "victim@example.com"}, "").want(t, http.StatusAccepted, "")
	link := e.outbox.lastToken(t, "victim@example.com")
	e.do("POST", "/verify", map[string]any{"token": link}, "").want(t, http.StatusOK, "")
	if e.user("victim@example.com").HasPassword() {
		t.Fatal("the contest was forgotten")
	}
}

// TestContestedRegistrationRace: 20 sign-ups for one address with 20
// different passwords at once. Whatever interleaving the database allows,
// the registration left is contested, so none of the passwords works.
func TestContestedRegistrationRace(t *testing.T) {
	e := newTestEnv(t, withVerification)
	codes := concurrently(20, func(i int) response {
		password := fmt.Sprintf("password number %d", i)
		return e.do("POST", "/register", map[string]any{"email": "race@example.com", "password": password}, "")
	})
	if codes[http.StatusCreated] != 20 {
		t.Fatalf("status counts %v, want 20 201", codes)
	}
	p, err := e.rs.store.PendingByEmail(t.Context(), "race@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Contested {
		t.Error("after 20 racing sign-ups with different passwords the registration is not contested")
	}
}

// TestContestedRegistrationWithoutReset: with password reset off there is
// no way to give a password-less account one, so the contested link is
// refused and the owner registers again.
func TestContestedRegistrationWithoutReset(t *testing.T) {
	e := newTestEnv(t, withVerification, func(c *Config) { c.EnablePasswordReset = false })
	e.signUpWith("victim@example.com", attackerPassword)
	e.signUpWith("victim@example.com", testPassword)
	link := e.outbox.lastToken(t, "victim@example.com")
	e.do("POST", "/verify", map[string]any{"token": link}, "").want(t, http.StatusConflict, detailContestedNoReset)
	e.signUpWith("victim@example.com", testPassword)
	e.do("POST", "/verify", map[string]any{"token": e.outbox.lastToken(t, "victim@example.com")}, "").want(t, http.StatusOK, "")
	e.login("victim@example.com", testPassword)
}
