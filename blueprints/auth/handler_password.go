package auth

import (
	"context"
	"fmt"
	"net/http"
)

const (
	detailNoPassword    = "No password set on this account. Use forgot-password to set one before changing account details."
	detailWrongPassword = "Current password is incorrect."
)

// checkCurrentPassword verifies a password the user re-enters to confirm a
// sensitive change. Each check counts as a sign-in attempt on the
// account's email: it is reserved before the hash (429 when the address is
// locked, which locks /login for it too), a wrong password leaves it as a
// failure, and the right one clears the failures, as a sign-in does. So a
// stolen session cannot guess the password faster than /login can.
func (rs *RegStack) checkCurrentPassword(ctx context.Context, u *User, password string) error {
	if !u.HasPassword() {
		return errDetail(http.StatusBadRequest, detailNoPassword)
	}
	if err := rs.reserveAttempt(ctx, u.Email); err != nil {
		return err
	}
	ok, err := rs.hasher.Verify(ctx, password, u.HashedPassword)
	if err != nil {
		return fmt.Errorf("verifying password: %w", err)
	}
	if !ok {
		return errDetail(http.StatusBadRequest, detailWrongPassword)
	}
	return rs.clearFailures(ctx, u.Email)
}

// handleChangePassword is POST /change-password. The new hash and the
// revocation cutoff are written together, so every existing session —
// including the caller's — ends.
func (rs *RegStack) handleChangePassword(w http.ResponseWriter, r *http.Request, s session) error {
	var current, next string
	if err := decodeBody(r, rs.maxBody(),
		stringField("current_password", &current, true, 0, 0),
		passwordField("new_password", &next),
	); err != nil {
		return err
	}
	ctx := r.Context()
	if err := rs.checkCurrentPassword(ctx, s.user, current); err != nil {
		return err
	}
	same, err := rs.hasher.Verify(ctx, next, s.user.HashedPassword)
	if err != nil {
		return fmt.Errorf("verifying password: %w", err)
	}
	if same {
		return errDetail(http.StatusBadRequest, "New password must differ from the current password.")
	}
	if err := rs.setPassword(ctx, s.user, next); err != nil {
		return userGone(err)
	}
	fire(ctx, rs.hooks, &rs.hooks.passwordChanged, PasswordChanged{User: *s.user})
	writeMessage(w, http.StatusOK, "Password changed. Existing sessions have been signed out.")
	return nil
}

// setPassword hashes and stores a new password, revoking every session
// issued until now, and clears the user's login failures. When the user no
// longer exists (deleted during the request) the error matches
// ErrNotFound.
func (rs *RegStack) setPassword(ctx context.Context, u *User, password string) error {
	hash, err := rs.hasher.Hash(ctx, password)
	if err != nil {
		return fmt.Errorf("hashing password: %w", err)
	}
	if err := rs.store.SetPassword(ctx, u.ID, hash, rs.clock.Now()); err != nil {
		return fmt.Errorf("storing password: %w", err)
	}
	return rs.clearFailures(ctx, u.Email)
}
