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
	if rs.cfg.RequireVerification {
		s, err := rs.newSignUp(ctx, email, password, fullName)
		if err != nil {
			return err
		}
		p, err := rs.startVerification(ctx, s)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, pendingResponse{
			Status: "pending_verification", Email: email, ExpiresAt: formatAPITime(p.ExpiresAt, "+00:00"),
		})
		return nil
	}
	hash, err := rs.hasher.Hash(ctx, password)
	if err != nil {
		return fmt.Errorf("hashing password: %w", err)
	}
	u, err := rs.createVerifiedUser(ctx, email, hash, fullName)
	if err != nil {
		return err
	}
	fire(ctx, rs.hooks, &rs.hooks.userRegistered, UserRegistered{User: *u})
	writeJSON(w, http.StatusCreated, publicUser(u))
	return nil
}

// newSignUp prepares a pending registration for email and judges the one
// it replaces. A registration for the address that has not expired is
// compared with password: a different password makes the new one
// contested (and a contested one stays so), because two people typed
// passwords for one mailbox and only its owner may choose the account's
// password (see docs/security.md). Either way exactly one Argon2id
// computation runs — a hash for a new registration, a verification against
// the existing one, whose hash is kept — so the time taken does not reveal
// whether a registration was pending.
func (rs *RegStack) newSignUp(ctx context.Context, email, password string, fullName *string) (signUp, error) {
	s := signUp{email: email, fullName: fullName}
	seen, err := rs.store.PendingByEmail(ctx, email)
	switch {
	case err == nil && seen.ExpiresAt.After(rs.clock.Now()):
		same, err := rs.hasher.Verify(ctx, password, seen.HashedPassword)
		if err != nil {
			// A hash this package cannot read is not the same password.
			rs.logger.WarnContext(ctx, "auth: pending registration has an unreadable password hash", "error", err)
		}
		s.hash, s.seenTokenHash = seen.HashedPassword, seen.TokenHash
		s.contested = seen.Contested || !same
		return s, nil
	case err != nil && !errors.Is(err, ErrNotFound):
		return signUp{}, err
	}
	if err == nil {
		s.seenTokenHash = seen.TokenHash // expired: the database forgets it
	}
	if s.hash, err = rs.hasher.Hash(ctx, password); err != nil {
		return signUp{}, fmt.Errorf("hashing password: %w", err)
	}
	return s, nil
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

// maxBody is the request body limit; Config.Validate guarantees at least
// 1024 bytes.
func (rs *RegStack) maxBody() int64 { return rs.cfg.MaxBodyBytes }

// ttl converts a configured number of seconds.
func ttl(seconds int) time.Duration { return time.Duration(seconds) * time.Second }
