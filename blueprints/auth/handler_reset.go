//regstack:feature password_reset

package auth

import (
	"errors"
	"fmt"
	"net/http"
)

// handleForgotPassword is POST /forgot-password. It always answers 202 with
// the same text so it does not reveal which addresses have accounts; only
// an active account gets the email. An account without a password (OAuth
// only) may use it to set a first password.
func (rs *RegStack) handleForgotPassword(w http.ResponseWriter, r *http.Request) error {
	var email string
	if err := decodeBody(r, rs.maxBody(), emailField("email", &email)); err != nil {
		return err
	}
	ctx := r.Context()
	u, err := rs.store.UserByEmail(ctx, email)
	switch {
	case err == nil && u.IsActive:
		lifetime := ttl(rs.cfg.PasswordResetTokenTTLSeconds)
		token, _, err := rs.tokens.Issue(PurposePasswordReset, u.ID, lifetime, TokenClaims{})
		if err != nil {
			return fmt.Errorf("issuing reset token: %w", err)
		}
		link := rs.link("/reset", token)
		msg, err := rs.mailer.passwordReset(u.Email, deref(u.FullName), link, lifetime)
		if err != nil {
			return err
		}
		if err := rs.queueEmail(ctx, msg); err != nil {
			return fmt.Errorf("sending reset email: %w", err)
		}
		fire(ctx, rs.hooks, &rs.hooks.passwordResetRequested, PasswordResetRequested{User: *u, URL: link})
	case err != nil && !errors.Is(err, ErrNotFound):
		return err
	}
	writeMessage(w, http.StatusAccepted, "If an account exists for that email, a reset link has been sent.")
	return nil
}

// handleResetPassword is POST /reset-password. Unlike the reference, a
// reset link works once (its token id is revoked on use), and a link sent
// before the password last changed is void.
func (rs *RegStack) handleResetPassword(w http.ResponseWriter, r *http.Request) error {
	var token, password string
	if err := decodeBody(r, rs.maxBody(),
		stringField("token", &token, true, 0, 0),
		passwordField("new_password", &password),
	); err != nil {
		return err
	}
	const invalid = "Reset token is invalid or has expired."
	claims, err := rs.tokens.Decode(token, PurposePasswordReset)
	if err != nil {
		return errDetail(http.StatusBadRequest, invalid)
	}
	ctx := r.Context()
	u, err := rs.oneOffTokenUser(r, claims, "Reset token does not match an active account.")
	if errors.Is(err, errTokenUsed) {
		return errDetail(http.StatusBadRequest, invalid)
	} else if err != nil {
		return err
	}
	if u.TokensInvalidatedAfter != nil && !claims.IssuedAt.After(*u.TokensInvalidatedAfter) {
		// The password changed after this link was sent: the link is void.
		return errDetail(http.StatusBadRequest, invalid)
	}
	if err := rs.setPassword(ctx, u, password); err != nil {
		return err
	}
	if err := rs.store.RevokeToken(ctx, claims.ID, claims.ExpiresAt); err != nil {
		return fmt.Errorf("spending reset token: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.passwordResetCompleted, PasswordResetCompleted{User: *u})
	writeMessage(w, http.StatusOK, "Password has been reset. Please sign in.")
	return nil
}
