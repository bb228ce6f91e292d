package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// tokenResponse answers a successful sign-in.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

const detailBadCredentials = "Invalid email or password."

// handleLogin is POST /login. An attempt is reserved in the database
// first (lockout, before any hashing), then the user is read and the
// password checked, and only then is the account's state reported: a
// disabled or unverified account answers 403 only to its own password, so
// without it every address looks alike. An unknown email costs the same
// Argon2id work as a wrong password, so the response time does not reveal
// which addresses have accounts either.
func (rs *RegStack) handleLogin(w http.ResponseWriter, r *http.Request) error {
	var email, password string
	if err := decodeBody(r, rs.maxBody(),
		emailField("email", &email),
		passwordField("password", &password),
	); err != nil {
		return err
	}
	ctx := r.Context()
	if err := rs.reserveAttempt(ctx, email); err != nil {
		return err
	}
	u, err := rs.store.UserByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		rs.hasher.VerifyDummy(ctx, password)
		return errBadCredentials()
	} else if err != nil {
		return err
	}
	if !u.HasPassword() {
		rs.hasher.VerifyDummy(ctx, password)
		return errBadCredentials()
	}
	ok, err := rs.hasher.Verify(ctx, password, u.HashedPassword)
	if err != nil {
		return fmt.Errorf("verifying password: %w", err)
	}
	if !ok {
		// The reservation stays: it is the recorded failure.
		return errBadCredentials()
	}
	if !u.IsActive || (rs.cfg.RequireVerification && !u.IsVerified) {
		// The right password was no guess, so it clears the failures as a
		// sign-in does; the reference records nothing on these answers.
		if err := rs.clearFailures(ctx, email); err != nil {
			return err
		}
		if !u.IsActive {
			return errDetail(http.StatusForbidden, "Account is disabled.")
		}
		return errDetail(http.StatusForbidden, "Email address has not been verified.")
	}

	//regstack:if sms_2fa

	if started, err := rs.answerSecondFactor(ctx, w, u); err != nil || started {
		return err
	}

	//regstack:end

	resp, err := rs.issueSession(ctx, u)
	if errors.Is(err, ErrNotFound) {
		// The account was deleted while the password was checked: answer
		// as for an address without an account.
		return errBadCredentials()
	} else if err != nil {
		return err
	}
	rs.writeSession(w, resp)
	return nil
}

// errBadCredentials is the 401 of a failed sign-in.
func errBadCredentials() error {
	return errDetail(http.StatusUnauthorized, detailBadCredentials)
}

// issueSession mints a session token for u after a password (and second
// factor) check, records the sign-in and clears u's login failures in one
// write (Store.RecordLogin), and fires UserLoggedIn. It returns an error
// matching ErrNotFound when u no longer exists.
func (rs *RegStack) issueSession(ctx context.Context, u *User) (tokenResponse, error) {
	snapshot := *u
	resp, issuedAt, err := rs.mintSession(u)
	if err != nil {
		return tokenResponse{}, err
	}
	if err := rs.store.RecordLogin(ctx, u.ID, u.Email, issuedAt); err != nil {
		return tokenResponse{}, fmt.Errorf("recording the sign-in: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.userLoggedIn, UserLoggedIn{User: snapshot})
	return resp, nil
}

// mintSession issues a session token for u and returns the response body
// with the token's issue time, which the caller records as the last login.
func (rs *RegStack) mintSession(u *User) (tokenResponse, time.Time, error) {
	token, claims, err := rs.tokens.Issue(PurposeSession, u.ID, ttl(rs.cfg.JWTTTLSeconds), TokenClaims{})
	if err != nil {
		return tokenResponse{}, time.Time{}, fmt.Errorf("issuing session token: %w", err)
	}
	return tokenResponse{AccessToken: token, TokenType: "bearer", ExpiresIn: rs.cfg.JWTTTLSeconds}, claims.IssuedAt, nil
}

// handleLogout is POST /logout: it puts the presented token's id on the
// revocation list until the token would have expired anyway.
func (rs *RegStack) handleLogout(w http.ResponseWriter, r *http.Request, s session) error {
	if _, err := rs.store.RevokeToken(r.Context(), s.claims.ID, s.claims.ExpiresAt); err != nil {
		return fmt.Errorf("revoking token: %w", err)
	}
	rs.clearSessionCookie(w)
	writeMessage(w, http.StatusOK, "Logged out.")
	return nil
}
