//regstack:feature password_reset

package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

const detailResetNoAccount = "Reset token does not match an active account."

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
		if err := rs.sendResetLink(ctx, u); err != nil {
			return err
		}
	case err != nil && !errors.Is(err, ErrNotFound):
		return err
	}
	writeMessage(w, http.StatusAccepted, "If an account exists for that email, a reset link has been sent.")
	return nil
}

// sendResetLink mails u a password-reset link and fires
// PasswordResetRequested. Verifying a contested registration uses it too,
// to let the owner of the mailbox choose the account's first password.
func (rs *RegStack) sendResetLink(ctx context.Context, u *User) error {
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
	return nil
}

// handleResetPassword is POST /reset-password. Unlike the reference, a
// reset link works once — it is spent before the password changes, so of
// concurrent uses exactly one succeeds — and a link sent before the
// password or address last changed is void (see spendOneOffToken).
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
	use, err := rs.spendOneOffToken(ctx, claims, invalid, detailResetNoAccount)
	if err != nil {
		return err
	}
	u := use.user
	if err := rs.setPassword(ctx, u, password); errors.Is(err, ErrNotFound) {
		// The account was deleted after the token was spent.
		return errDetail(http.StatusBadRequest, detailResetNoAccount)
	} else if err != nil {
		rs.releaseOneOff(ctx, use)
		return err
	}
	fire(ctx, rs.hooks, &rs.hooks.passwordResetCompleted, PasswordResetCompleted{User: *u})
	writeMessage(w, http.StatusOK, "Password has been reset. Please sign in.")
	return nil
}
