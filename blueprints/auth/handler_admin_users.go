//regstack:feature admin

package auth

import (
	"errors"
	"fmt"
	"net/http"
)

// detailUserNotFound answers every {user_id} route for an id no user has.
const detailUserNotFound = "User not found."

// adminTarget loads the account named by the request's {user_id}. Any id
// the backend cannot find — including one not even in its id format — is
// the same 404, so the answer reveals nothing about id formats.
func (rs *RegStack) adminTarget(r *http.Request) (*User, error) {
	u, err := rs.store.UserByID(r.Context(), r.PathValue("user_id"))
	if errors.Is(err, ErrNotFound) {
		return nil, errDetail(http.StatusNotFound, detailUserNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("loading user: %w", err)
	}
	return u, nil
}

// handleAdminGetUser is GET /admin/users/{user_id}.
func (rs *RegStack) handleAdminGetUser(w http.ResponseWriter, r *http.Request, _ session) error {
	u, err := rs.adminTarget(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, publicUser(u))
	return nil
}

// handleAdminPatchUser is PATCH /admin/users/{user_id}. Absent and null
// fields are left alone (so full_name cannot be cleared here, as in the
// reference). The store applies the edit in one statement; disabling an
// account also revokes every session it has, and enabling it again keeps
// them revoked. No event is fired, as in the reference.
func (rs *RegStack) handleAdminPatchUser(w http.ResponseWriter, r *http.Request, _ session) error {
	var p UserPatch
	var nameSet bool
	if err := decodeBody(r, rs.maxBody(),
		boolField("is_active", &p.IsActive),
		boolField("is_superuser", &p.IsSuperuser),
		nullableStringField("full_name", &p.FullName, &nameSet, 200),
	); err != nil {
		return err
	}
	u, err := rs.adminStore.UpdateUser(r.Context(), r.PathValue("user_id"), p, rs.clock.Now())
	if errors.Is(err, ErrNotFound) {
		return errDetail(http.StatusNotFound, detailUserNotFound)
	} else if err != nil {
		return fmt.Errorf("updating user: %w", err)
	}
	writeJSON(w, http.StatusOK, publicUser(u))
	return nil
}

// handleAdminDeleteUser is DELETE /admin/users/{user_id}. The store removes
// the account with everything keyed by it, OAuth identities included (the
// reference left those behind), and UserDeleted is fired as for DELETE
// /account.
func (rs *RegStack) handleAdminDeleteUser(w http.ResponseWriter, r *http.Request, _ session) error {
	ctx := r.Context()
	u, err := rs.adminTarget(r)
	if err != nil {
		return err
	}
	// ErrNotFound here means another request deleted it in between.
	if err := rs.store.DeleteUser(ctx, u); errors.Is(err, ErrNotFound) {
		return errDetail(http.StatusNotFound, detailUserNotFound)
	} else if err != nil {
		return fmt.Errorf("deleting user: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.userDeleted, UserDeleted{User: *u})
	writeMessage(w, http.StatusOK, "User "+u.Email+" deleted.")
	return nil
}

// handleAdminResendVerification is POST
// /admin/users/{user_id}/resend-verification: it emails a verification link
// for an existing, unverified account. The pending registration is built
// from the account itself (an account without a password gets an empty
// hash), and POST /verify recognises it and marks the account verified —
// the reference's link failed with 500 instead.
func (rs *RegStack) handleAdminResendVerification(w http.ResponseWriter, r *http.Request, _ session) error {
	ctx := r.Context()
	u, err := rs.adminTarget(r)
	if err != nil {
		return err
	}
	if u.IsVerified {
		return errDetail(http.StatusBadRequest, "User is already verified.")
	}
	// The link replaces any registration pending for the address without
	// contesting it: it is built from the account, not from a password
	// someone typed, and verifying it never sets one.
	s := signUp{email: u.Email, hash: u.HashedPassword, fullName: u.FullName}
	if p, err := rs.store.PendingByEmail(ctx, u.Email); err == nil {
		s.seenTokenHash = p.TokenHash
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	if _, err := rs.startVerification(ctx, s); err != nil {
		return err
	}
	writeMessage(w, http.StatusAccepted, "Verification email sent to "+u.Email+".")
	return nil
}
