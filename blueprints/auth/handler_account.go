//regstack:feature account_deletion

package auth

import (
	"fmt"
	"net/http"
)

// handleDeleteAccount is DELETE /account. The store removes the user with
// everything keyed by them (pending registration, login failures, second
// factor codes, OAuth identities) in one transaction where it can.
func (rs *RegStack) handleDeleteAccount(w http.ResponseWriter, r *http.Request, s session) error {
	var current string
	if err := decodeBody(r, rs.maxBody(), stringField("current_password", &current, true, 0, 0)); err != nil {
		return err
	}
	ctx := r.Context()
	if err := rs.checkCurrentPassword(ctx, s.user, current); err != nil {
		return err
	}
	if err := rs.store.DeleteUser(ctx, s.user); err != nil {
		// A concurrent DELETE /account (or an administrator) was first.
		return userGone(fmt.Errorf("deleting user: %w", err))
	}
	fire(ctx, rs.hooks, &rs.hooks.userDeleted, UserDeleted{User: *s.user})
	writeMessage(w, http.StatusOK, "Account deleted.")
	return nil
}
