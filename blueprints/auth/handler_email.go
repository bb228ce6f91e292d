package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

const detailEmailInUse = "That email address is already in use."

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

// handleConfirmEmailChange is POST /confirm-email-change. The address and
// the revocation cutoff change in one write; the database's unique
// constraint decides if someone took the address meanwhile.
func (rs *RegStack) handleConfirmEmailChange(w http.ResponseWriter, r *http.Request) error {
	var token string
	if err := decodeBody(r, rs.maxBody(), stringField("token", &token, true, 0, 0)); err != nil {
		return err
	}
	claims, err := rs.tokens.Decode(token, PurposeEmailChange)
	if err != nil {
		return errDetail(http.StatusBadRequest, "Token is invalid or has expired.")
	}
	ctx := r.Context()
	u, err := rs.oneOffTokenUser(r, claims, "Token does not match an active account.")
	if errors.Is(err, errTokenUsed) {
		return errDetail(http.StatusBadRequest, "Token is invalid or has expired.")
	} else if err != nil {
		return err
	}
	previous := u.Email
	updated, err := rs.store.SetEmail(ctx, u.ID, claims.NewEmail, rs.clock.Now())
	if errors.Is(err, ErrDuplicateEmail) {
		return errDetail(http.StatusConflict, detailEmailInUse)
	} else if err != nil {
		return fmt.Errorf("changing email: %w", err)
	}
	if err := rs.store.RevokeToken(ctx, claims.ID, claims.ExpiresAt); err != nil {
		return fmt.Errorf("spending email-change token: %w", err)
	}
	if err := rs.clearFailures(ctx, previous); err != nil {
		return err
	}
	fire(ctx, rs.hooks, &rs.hooks.emailChanged, EmailChanged{User: *updated, PreviousEmail: previous})
	writeJSON(w, http.StatusOK, publicUser(updated))
	return nil
}

// errTokenUsed means a one-off token was already used.
var errTokenUsed = errors.New("token already used")

// oneOffTokenUser loads the account a password-reset or email-change token
// was issued for, in the same round trip that checks whether the token was
// already used (its id is put on the revocation list on use: unlike the
// reference, these links work once). A missing or disabled account is a 400
// with the given detail.
func (rs *RegStack) oneOffTokenUser(r *http.Request, c TokenClaims, detail string) (*User, error) {
	u, used, err := rs.store.SessionUser(r.Context(), c.Subject, c.ID)
	switch {
	case used:
		return nil, errTokenUsed
	case errors.Is(err, ErrNotFound), err == nil && !u.IsActive:
		return nil, errDetail(http.StatusBadRequest, detail)
	}
	return u, err
}
