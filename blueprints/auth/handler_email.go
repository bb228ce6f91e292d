package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

const (
	detailEmailInUse         = "That email address is already in use."
	detailEmailChangeInvalid = "Token is invalid or has expired."
)

// handleChangeEmail is POST /change-email. Nothing changes yet: a signed
// link goes to the NEW address, proving the user controls it.
func (rs *RegStack) handleChangeEmail(w http.ResponseWriter, r *http.Request, s session) error {
	var newEmail, current string
	if err := decodeBody(r, rs.maxBody(),
		emailField("new_email", &newEmail),
		stringField("current_password", &current, true, 0, 0),
	); err != nil {
		return err
	}
	ctx := r.Context()
	if strings.EqualFold(newEmail, s.user.Email) {
		return errDetail(http.StatusBadRequest, "New email is the same as the current email.")
	}
	if err := rs.checkCurrentPassword(ctx, s.user, current); err != nil {
		return err
	}
	if _, err := rs.store.UserByEmail(ctx, newEmail); err == nil {
		return errDetail(http.StatusConflict, detailEmailInUse)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	lifetime := ttl(rs.cfg.EmailChangeTokenTTLSeconds)
	token, _, err := rs.tokens.Issue(PurposeEmailChange, s.user.ID, lifetime, TokenClaims{NewEmail: newEmail})
	if err != nil {
		return fmt.Errorf("issuing email-change token: %w", err)
	}
	link := rs.link("/confirm-email-change", token)
	msg, err := rs.mailer.emailChange(newEmail, deref(s.user.FullName), link, lifetime)
	if err != nil {
		return err
	}
	if err := rs.queueEmail(ctx, msg); err != nil {
		return fmt.Errorf("sending email-change confirmation: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.emailChangeRequested, EmailChangeRequested{User: *s.user, NewEmail: newEmail, URL: link})
	writeMessage(w, http.StatusAccepted, "A confirmation link has been sent to the new email address.")
	return nil
}

// handleConfirmEmailChange is POST /confirm-email-change. The token is
// spent first (see spendOneOffToken: it is refused after a password change
// or reset, and after a newer email change was confirmed), then the address
// and the revocation cutoff change in one write; the database's unique
// constraint decides if someone took the address meanwhile.
func (rs *RegStack) handleConfirmEmailChange(w http.ResponseWriter, r *http.Request) error {
	var token string
	if err := decodeBody(r, rs.maxBody(), stringField("token", &token, true, 0, 0)); err != nil {
		return err
	}
	claims, err := rs.tokens.Decode(token, PurposeEmailChange)
	if err != nil {
		return errDetail(http.StatusBadRequest, detailEmailChangeInvalid)
	}
	ctx := r.Context()
	use, err := rs.spendOneOffToken(ctx, claims, detailEmailChangeInvalid, "Token does not match an active account.")
	if err != nil {
		return err
	}
	previous := use.user.Email
	updated, err := rs.store.SetEmail(ctx, use.user.ID, claims.NewEmail, rs.clock.Now())
	switch {
	case errors.Is(err, ErrDuplicateEmail):
		rs.releaseOneOff(ctx, use)
		return errDetail(http.StatusConflict, detailEmailInUse)
	case errors.Is(err, ErrNotFound):
		// The account was deleted after the token was spent.
		return errDetail(http.StatusBadRequest, "Token does not match an active account.")
	case err != nil:
		rs.releaseOneOff(ctx, use)
		return fmt.Errorf("changing email: %w", err)
	}
	if err := rs.clearFailures(ctx, previous); err != nil {
		return err
	}
	fire(ctx, rs.hooks, &rs.hooks.emailChanged, EmailChanged{User: *updated, PreviousEmail: previous})
	writeJSON(w, http.StatusOK, publicUser(updated))
	return nil
}
