//regstack:feature backend=postgres

package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// CreateUser inserts u; the email_unique constraint settles a race for one
// address.
func (s *postgresStore) CreateUser(ctx context.Context, u *User) error {
	err := s.q.CreateUser(ctx, pgdb.CreateUserParams{
		ID:                     u.ID,
		Email:                  u.Email,
		HashedPassword:         postgresNullIfEmpty(u.HashedPassword),
		IsActive:               u.IsActive,
		IsVerified:             u.IsVerified,
		IsSuperuser:            u.IsSuperuser,
		FullName:               u.FullName,
		PhoneNumber:            u.PhoneNumber,
		IsMFAEnabled:           u.IsMFAEnabled,
		CreatedAt:              u.CreatedAt,
		UpdatedAt:              u.UpdatedAt,
		LastLogin:              u.LastLogin,
		TokensInvalidatedAfter: u.TokensInvalidatedAfter,
	})
	if postgresEmailTaken(err) {
		return ErrDuplicateEmail
	}
	return postgresErr("create user", err)
}

// UserByID returns the user or ErrNotFound.
func (s *postgresStore) UserByID(ctx context.Context, id string) (*User, error) {
	r, err := s.q.UserByID(ctx, id)
	if err != nil {
		return nil, postgresErr("user by id", err)
	}
	return userFromPostgres(r), nil
}

// UserByEmail returns the user with exactly this email or ErrNotFound.
func (s *postgresStore) UserByEmail(ctx context.Context, email string) (*User, error) {
	r, err := s.q.UserByEmail(ctx, email)
	if err != nil {
		return nil, postgresErr("user by email", err)
	}
	return userFromPostgres(r), nil
}

// SessionUser returns the user and whether jti is revoked in one query;
// only when the user is gone does a second one check the revocation list.
func (s *postgresStore) SessionUser(ctx context.Context, userID, jti string) (*User, bool, error) {
	r, err := s.q.SessionUser(ctx, pgdb.SessionUserParams{JTI: jti, UserID: userID})
	if errors.Is(err, pgx.ErrNoRows) {
		revoked, err := s.q.TokenRevoked(ctx, jti)
		if err != nil {
			return nil, false, fmt.Errorf("postgres: session user: %w", err)
		}
		return nil, revoked, ErrNotFound
	}
	if err != nil {
		return nil, false, fmt.Errorf("postgres: session user: %w", err)
	}
	return sessionUserFromPostgres(r), r.Revoked, nil
}

// SetLastLogin records a successful sign-in at at.
func (s *postgresStore) SetLastLogin(ctx context.Context, id string, at time.Time) error {
	n, err := s.q.SetLastLogin(ctx, pgdb.SetLastLoginParams{ID: id, At: at})
	return postgresUpdated("set last login", n, err)
}

// RecordLogin records a successful password sign-in: the last login and
// email's failures cleared, in one statement and one round trip.
func (s *postgresStore) RecordLogin(ctx context.Context, id, email string, at time.Time) error {
	n, err := s.q.RecordLogin(ctx, pgdb.RecordLoginParams{ID: id, Email: email, At: at})
	return postgresUpdated("record login", n, err)
}

// SetFullName sets or clears the display name.
func (s *postgresStore) SetFullName(ctx context.Context, id string, name *string, now time.Time) (*User, error) {
	r, err := s.q.SetFullName(ctx, pgdb.SetFullNameParams{ID: id, FullName: name, Now: now})
	if err != nil {
		return nil, postgresErr("set full name", err)
	}
	return userFromPostgres(r), nil
}

// SetPassword replaces the hash and revokes earlier sessions.
func (s *postgresStore) SetPassword(ctx context.Context, id, hash string, now time.Time) error {
	n, err := s.q.SetPassword(ctx, pgdb.SetPasswordParams{ID: id, HashedPassword: postgresNullIfEmpty(hash), Now: now})
	return postgresUpdated("set password", n, err)
}

// SetEmail changes the address and revokes earlier sessions; the
// email_unique constraint refuses a taken address.
func (s *postgresStore) SetEmail(ctx context.Context, id, email string, now time.Time) (*User, error) {
	r, err := s.q.SetEmail(ctx, pgdb.SetEmailParams{ID: id, Email: email, Now: now})
	if postgresEmailTaken(err) {
		return nil, ErrDuplicateEmail
	}
	if err != nil {
		return nil, postgresErr("set email", err)
	}
	return userFromPostgres(r), nil
}

// SetSuperuser grants administrator rights.
func (s *postgresStore) SetSuperuser(ctx context.Context, id string, now time.Time) error {
	n, err := s.q.SetSuperuser(ctx, pgdb.SetSuperuserParams{ID: id, Now: now})
	return postgresUpdated("set superuser", n, err)
}

// DeleteUser removes the user and every row keyed by it in one
// transaction: pending registration and login failures by the stored email,
// MFA codes and OAuth identities by id.
func (s *postgresStore) DeleteUser(ctx context.Context, u *User) error {
	err := s.inQueriesTx(ctx, func(q *pgdb.Queries) error {
		email, err := q.DeleteUser(ctx, u.ID)
		if err != nil {
			return err
		}
		if _, err := q.DeletePendingByEmail(ctx, email); err != nil {
			return err
		}
		if err := q.ClearLoginFailures(ctx, email); err != nil {
			return err
		}
		if err := q.DeleteMFACodesByUser(ctx, u.ID); err != nil {
			return err
		}

		//regstack:if totp

		if _, err := q.DeleteTOTP(ctx, u.ID); err != nil {
			return err
		}
		if err := q.DeleteRecoveryCodes(ctx, u.ID); err != nil {
			return err
		}

		//regstack:end

		return q.DeleteOAuthIdentitiesByUser(ctx, u.ID)
	})
	// No users row gives pgx.ErrNoRows, which postgresErr makes ErrNotFound.
	return postgresErr("delete user", err)
}

// SetVerified marks the user's address as verified.
func (s *postgresStore) SetVerified(ctx context.Context, id string, now time.Time) error {
	n, err := s.q.SetVerified(ctx, pgdb.SetVerifiedParams{ID: id, Now: now})
	return postgresUpdated("set verified", n, err)
}
