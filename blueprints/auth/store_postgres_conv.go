//regstack:feature backend=postgres

package auth

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// postgresUniqueViolation is the SQLSTATE of a write refused by a unique
// constraint.
const postgresUniqueViolation = "23505"

// postgresErr wraps err from operation op: nil stays nil and "no rows"
// becomes ErrNotFound, which handlers compare with errors.Is.
func postgresErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return ErrNotFound
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}

// postgresEmailTaken reports whether err is PostgreSQL refusing a write
// because an email unique constraint already holds the address. Other
// unique violations (a duplicate id is a caller bug, not a taken email)
// are not.
func postgresEmailTaken(err error) bool {
	var e *pgconn.PgError
	if !errors.As(err, &e) || e.Code != postgresUniqueViolation {
		return false
	}
	return e.ConstraintName == "email_unique" || e.ConstraintName == "pending_email_unique"
}

// postgresUpdated turns the result of a single-row UPDATE into ErrNotFound
// when no row matched.
func postgresUpdated(op string, rows int64, err error) error {
	switch {
	case err != nil:
		return postgresErr(op, err)
	case rows == 0:
		return ErrNotFound
	}
	return nil
}

// postgresInt32 fits a count from the API into a LIMIT or OFFSET argument:
// PostgreSQL refuses negative ones, and sqlc types them int32.
func postgresInt32(n int) int32 {
	return int32(min(max(n, 0), math.MaxInt32))
}

// postgresNullIfEmpty maps the domain's "no password" ("") to SQL NULL.
func postgresNullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// postgresDeref maps SQL NULL back to the domain's "no password" ("").
func postgresDeref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// postgresUTCPtr returns a copy of *t in UTC, or nil for a NULL column.
func postgresUTCPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// userFromPostgres converts a users row to the domain type. The user and
// its two optional times are one allocation: the session check converts a
// user on every authenticated request.
func userFromPostgres(r pgdb.User) *User {
	a := &struct {
		u                 User
		lastLogin, cutoff time.Time
	}{}
	a.u = User{
		ID:             r.ID,
		Email:          r.Email,
		HashedPassword: postgresDeref(r.HashedPassword),
		IsActive:       r.IsActive,
		IsVerified:     r.IsVerified,
		IsSuperuser:    r.IsSuperuser,
		FullName:       r.FullName,
		PhoneNumber:    r.PhoneNumber,
		IsMFAEnabled:   r.IsMFAEnabled,
		CreatedAt:      r.CreatedAt.UTC(),
		UpdatedAt:      r.UpdatedAt.UTC(),
	}
	if r.LastLogin != nil {
		a.lastLogin = r.LastLogin.UTC()
		a.u.LastLogin = &a.lastLogin
	}
	if r.TokensInvalidatedAfter != nil {
		a.cutoff = r.TokensInvalidatedAfter.UTC()
		a.u.TokensInvalidatedAfter = &a.cutoff
	}
	return &a.u
}

// sessionUserFromPostgres converts SessionUser's row to the domain type.
func sessionUserFromPostgres(r pgdb.SessionUserRow) *User {
	return userFromPostgres(pgdb.User{
		ID:                     r.ID,
		Email:                  r.Email,
		HashedPassword:         r.HashedPassword,
		IsActive:               r.IsActive,
		IsVerified:             r.IsVerified,
		IsSuperuser:            r.IsSuperuser,
		FullName:               r.FullName,
		PhoneNumber:            r.PhoneNumber,
		IsMFAEnabled:           r.IsMFAEnabled,
		CreatedAt:              r.CreatedAt,
		UpdatedAt:              r.UpdatedAt,
		LastLogin:              r.LastLogin,
		TokensInvalidatedAfter: r.TokensInvalidatedAfter,
	})
}

// pendingFromPostgres converts a pending_registrations row to the domain
// type.
func pendingFromPostgres(r pgdb.PendingRegistration) *PendingRegistration {
	return &PendingRegistration{
		ID:             r.ID,
		Email:          r.Email,
		HashedPassword: r.HashedPassword,
		FullName:       r.FullName,
		TokenHash:      r.TokenHash,
		CreatedAt:      r.CreatedAt.UTC(),
		ExpiresAt:      r.ExpiresAt.UTC(),
		Contested:      r.Contested,
	}
}
