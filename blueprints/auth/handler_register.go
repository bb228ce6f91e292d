package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// pendingResponse answers a registration that waits for verification. Its
// expires_at uses "+00:00", as the reference's isoformat() did.
type pendingResponse struct {
	Status    string `json:"status"`
	Email     string `json:"email"`
	ExpiresAt string `json:"expires_at"`
}

const detailEmailTaken = "An account with that email already exists."

// handleRegister is POST /register. With require_verification it stores a
// pending registration and emails a link; otherwise it creates a verified
// user at once. Either way the password is hashed before anything is
// stored, and the database's unique constraint settles concurrent sign-ups.
func (rs *RegStack) handleRegister(w http.ResponseWriter, r *http.Request) error {
	var email, password string
	var fullName *string
	var nameSet bool
	if err := decodeBody(r, rs.maxBody(),
		emailField("email", &email),
		passwordField("password", &password),
		nullableStringField("full_name", &fullName, &nameSet, 200),
	); err != nil {
		return err
	}
	if !rs.cfg.AllowRegistration {
		return errDetail(http.StatusForbidden, "Registration is disabled.")
	}
	ctx := r.Context()
	if _, err := rs.store.UserByEmail(ctx, email); err == nil {
		return errDetail(http.StatusConflict, detailEmailTaken)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	hash, err := rs.hasher.Hash(ctx, password)
	if err != nil {
		return fmt.Errorf("hashing password: %w", err)
	}
	if rs.cfg.RequireVerification {
		p, err := rs.startVerification(ctx, email, hash, fullName)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, pendingResponse{
			Status: "pending_verification", Email: email, ExpiresAt: formatAPITime(p.ExpiresAt, "+00:00"),
		})
		return nil
	}
	u, err := rs.createVerifiedUser(ctx, email, hash, fullName)
	if err != nil {
		return err
	}
	fire(ctx, rs.hooks, &rs.hooks.userRegistered, UserRegistered{User: *u})
	writeJSON(w, http.StatusCreated, publicUser(u))
	return nil
}

// createVerifiedUser stores a new active, verified account. The database's
// unique constraint settles a race for the address: the loser gets 409.
func (rs *RegStack) createVerifiedUser(ctx context.Context, email, hash string, fullName *string) (*User, error) {
	u, err := rs.newUser(email, hash, fullName)
	if err != nil {
		return nil, err
	}
	u.IsVerified = true
	if err := rs.store.CreateUser(ctx, u); errors.Is(err, ErrDuplicateEmail) {
		return nil, errDetail(http.StatusConflict, detailEmailTaken)
	} else if err != nil {
		return nil, fmt.Errorf("creating user: %w", err)
	}
	return u, nil
}

// newUser returns an active user with a fresh id; the caller stores it.
func (rs *RegStack) newUser(email, hash string, fullName *string) (*User, error) {
	id, err := newUUIDHex()
	if err != nil {
		return nil, err
	}
	now := rs.clock.Now()
	return &User{
		ID: id, Email: email, HashedPassword: hash, IsActive: true,
		FullName: fullName, CreatedAt: now, UpdatedAt: now,
	}, nil
}

// maxBody is the request body limit.
func (rs *RegStack) maxBody() int64 {
	if rs.cfg.MaxBodyBytes > 0 {
		return rs.cfg.MaxBodyBytes
	}
	return 64 << 10
}

// ttl converts a configured number of seconds.
func ttl(seconds int) time.Duration { return time.Duration(seconds) * time.Second }
