//regstack:feature backend=sqlite

package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// CreateUser inserts u; the email_unique constraint settles a race for one
// address.
func (s *sqliteStore) CreateUser(ctx context.Context, u *User) error {
	err := s.w.CreateUser(ctx, sqlitedb.CreateUserParams{
		ID:                     u.ID,
		Email:                  u.Email,
		HashedPassword:         sqliteNullIfEmpty(u.HashedPassword),
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
	if sqliteUniqueViolation(err) {
		return ErrDuplicateEmail
	}
	if err != nil {
		return fmt.Errorf("sqlite: create user: %w", err)
	}
	return nil
}

// UserByID returns the user or ErrNotFound.
func (s *sqliteStore) UserByID(ctx context.Context, id string) (*User, error) {
	r, err := s.r.UserByID(ctx, id)
	if err != nil {
		return nil, sqliteNotFound(err)
	}
	return userFromSQLite(r), nil
}

// UserByEmail returns the user with exactly this email or ErrNotFound.
func (s *sqliteStore) UserByEmail(ctx context.Context, email string) (*User, error) {
	r, err := s.r.UserByEmail(ctx, email)
	if err != nil {
		return nil, sqliteNotFound(err)
	}
	return userFromSQLite(r), nil
}

// SessionUser returns the user and whether jti is revoked in one query;
// only when the user is gone does a second one check the revocation list.
func (s *sqliteStore) SessionUser(ctx context.Context, userID, jti string) (*User, bool, error) {
	r, err := s.r.SessionUser(ctx, sqlitedb.SessionUserParams{JTI: jti, UserID: userID})
	if errors.Is(err, sql.ErrNoRows) {
		revoked, err := s.r.TokenRevoked(ctx, jti)
		if err != nil {
			return nil, false, fmt.Errorf("sqlite: session user: %w", err)
		}
		return nil, revoked, ErrNotFound
	}
	if err != nil {
		return nil, false, fmt.Errorf("sqlite: session user: %w", err)
	}
	u, err := sessionUserFromSQLite(r)
	if err != nil {
		return nil, false, fmt.Errorf("sqlite: session user: %w", err)
	}
	return u, r.Revoked, nil
}

// SetLastLogin records a successful sign-in at at.
func (s *sqliteStore) SetLastLogin(ctx context.Context, id string, at time.Time) error {
	n, err := s.w.SetLastLogin(ctx, sqlitedb.SetLastLoginParams{ID: id, At: at})
	return sqliteUpdated("set last login", n, err)
}

// RecordLogin records a successful password sign-in: the last login and
// email's failures cleared, in one transaction (one commit, so one fsync of
// the write-ahead log instead of two).
func (s *sqliteStore) RecordLogin(ctx context.Context, id, email string, at time.Time) error {
	return s.inTx(ctx, func(q *sqlitedb.Queries) error {
		n, err := q.SetLastLogin(ctx, sqlitedb.SetLastLoginParams{ID: id, At: at})
		if err := sqliteUpdated("record login", n, err); err != nil {
			return err
		}
		if err := q.ClearLoginFailures(ctx, email); err != nil {
			return fmt.Errorf("sqlite: record login: %w", err)
		}
		return nil
	})
}

// SetFullName sets or clears the display name.
func (s *sqliteStore) SetFullName(ctx context.Context, id string, name *string, now time.Time) (*User, error) {
	r, err := s.w.SetFullName(ctx, sqlitedb.SetFullNameParams{ID: id, FullName: name, Now: now})
	if err != nil {
		return nil, sqliteNotFound(err)
	}
	return userFromSQLite(r), nil
}

// SetPassword replaces the hash and revokes earlier sessions.
func (s *sqliteStore) SetPassword(ctx context.Context, id, hash string, now time.Time) error {
	n, err := s.w.SetPassword(ctx, sqlitedb.SetPasswordParams{ID: id, HashedPassword: sqliteNullIfEmpty(hash), Now: now})
	return sqliteUpdated("set password", n, err)
}

// SetEmail changes the address and revokes earlier sessions.
func (s *sqliteStore) SetEmail(ctx context.Context, id, email string, now time.Time) (*User, error) {
	r, err := s.w.SetEmail(ctx, sqlitedb.SetEmailParams{ID: id, Email: email, Now: now})
	if sqliteUniqueViolation(err) {
		return nil, ErrDuplicateEmail
	}
	if err != nil {
		return nil, sqliteNotFound(err)
	}
	return userFromSQLite(r), nil
}

// SetSuperuser grants administrator rights.
func (s *sqliteStore) SetSuperuser(ctx context.Context, id string, now time.Time) error {
	n, err := s.w.SetSuperuser(ctx, sqlitedb.SetSuperuserParams{ID: id, Now: now})
	return sqliteUpdated("set superuser", n, err)
}

// DeleteUser removes the user and every row keyed by it in one
// transaction: pending registration and login failures by the stored email,
// MFA codes and OAuth identities by id.
func (s *sqliteStore) DeleteUser(ctx context.Context, u *User) error {
	err := s.inTx(ctx, func(q *sqlitedb.Queries) error {
		email, err := q.DeleteUser(ctx, u.ID)
		if err != nil {
			return sqliteNotFound(err)
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
	switch {
	case errors.Is(err, ErrNotFound):
		return ErrNotFound
	case err != nil:
		return fmt.Errorf("sqlite: delete user: %w", err)
	}
	return nil
}

// sqliteUpdated turns the result of a single-row UPDATE into ErrNotFound when no
// row matched.
func sqliteUpdated(op string, rows int64, err error) error {
	switch {
	case err != nil:
		return fmt.Errorf("sqlite: %s: %w", op, err)
	case rows == 0:
		return ErrNotFound
	}
	return nil
}

// SetVerified marks the user's address as verified.
func (s *sqliteStore) SetVerified(ctx context.Context, id string, now time.Time) error {
	n, err := s.w.SetVerified(ctx, sqlitedb.SetVerifiedParams{ID: id, Now: now})
	return sqliteUpdated("set verified", n, err)
}
