package auth

import (
	"fmt"
	"net/http"
)

// handleGetMe is GET /me.
func (rs *RegStack) handleGetMe(w http.ResponseWriter, _ *http.Request, s session) error {
	writeUser(w, http.StatusOK, s.user)
	return nil
}

// handlePatchMe is PATCH /me. Like the reference, full_name is written
// whether or not it is in the body, so {} clears it.
func (rs *RegStack) handlePatchMe(w http.ResponseWriter, r *http.Request, s session) error {
	var fullName *string
	var set bool
	if err := decodeBody(r, rs.maxBody(), nullableStringField("full_name", &fullName, &set, 200)); err != nil {
		return err
	}
	u, err := rs.store.SetFullName(r.Context(), s.user.ID, fullName, rs.clock.Now())
	if err != nil {
		return userGone(fmt.Errorf("updating full name: %w", err))
	}
	writeUser(w, http.StatusOK, u)
	return nil
}
