//regstack:feature backend=sqlite

package auth

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteTimeLayout is how the Python library stores times in SQLite: UTC,
// no offset, always six fraction digits. Every time has the same width, so
// SQL comparisons of the text order instants correctly (also against rows
// the Python library wrote), SQLite's date functions read it, and so does
// the Python library. Storing it here, not through the driver's
// _time_format, keeps the format the same on a host pool opened without it.
const sqliteTimeLayout = "2006-01-02 15:04:05.000000"

// sqliteTimeText passes every query to db with its time arguments formatted by
// sqliteTimeLayout, truncated to the microsecond as in PostgreSQL.
type sqliteTimeText struct{ db sqlitedb.DBTX }

func (u sqliteTimeText) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return u.db.ExecContext(ctx, query, sqliteTimeArgs(args)...)
}

// PrepareContext is not used by the generated code (prepared queries are
// off); a statement prepared here binds times the driver's way.
func (u sqliteTimeText) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return u.db.PrepareContext(ctx, query)
}

func (u sqliteTimeText) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return u.db.QueryContext(ctx, query, sqliteTimeArgs(args)...)
}

func (u sqliteTimeText) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return u.db.QueryRowContext(ctx, query, sqliteTimeArgs(args)...)
}

// sqliteTimeArgs replaces time.Time and *time.Time arguments in place (the
// slice is the variadic copy the generated code built for this call).
func sqliteTimeArgs(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			args[i] = sqliteTime(v)
		case *time.Time:
			if v == nil {
				args[i] = nil
			} else {
				args[i] = sqliteTime(*v)
			}
		}
	}
	return args
}

func sqliteTime(t time.Time) string { return t.UTC().Format(sqliteTimeLayout) }

// sqliteNotFound turns the driver's "no rows" into ErrNotFound.
func sqliteNotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// sqliteUniqueViolation reports whether err is SQLite refusing a write
// because of a UNIQUE constraint (not the primary key: a duplicate id is a
// caller bug, not a taken email).
func sqliteUniqueViolation(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

// sqliteNullIfEmpty maps the domain's "no password" ("") to SQL NULL.
func sqliteNullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func sqliteDeref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func sqliteUTCPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func userFromSQLite(r sqlitedb.User) *User {
	return &User{
		ID:                     r.ID,
		Email:                  r.Email,
		HashedPassword:         sqliteDeref(r.HashedPassword),
		IsActive:               r.IsActive,
		IsVerified:             r.IsVerified,
		IsSuperuser:            r.IsSuperuser,
		FullName:               r.FullName,
		PhoneNumber:            r.PhoneNumber,
		IsMFAEnabled:           r.IsMFAEnabled,
		CreatedAt:              r.CreatedAt.UTC(),
		UpdatedAt:              r.UpdatedAt.UTC(),
		LastLogin:              sqliteUTCPtr(r.LastLogin),
		TokensInvalidatedAfter: sqliteUTCPtr(r.TokensInvalidatedAfter),
	}
}

// sessionUserFromSQLite converts SessionUser's row, whose times are the
// stored text (the empty string for NULL), to the domain type.
func sessionUserFromSQLite(r sqlitedb.SessionUserRow) (*User, error) {
	created, err := sqliteParseTime(r.CreatedAt)
	if err != nil {
		return nil, err
	}
	updated, err := sqliteParseTime(r.UpdatedAt)
	if err != nil {
		return nil, err
	}
	lastLogin, err := sqliteParseNullTime(r.LastLogin)
	if err != nil {
		return nil, err
	}
	cutoff, err := sqliteParseNullTime(r.TokensInvalidatedAfter)
	if err != nil {
		return nil, err
	}
	return userFromSQLite(sqlitedb.User{
		ID:                     r.ID,
		Email:                  r.Email,
		HashedPassword:         r.HashedPassword,
		IsActive:               r.IsActive,
		IsVerified:             r.IsVerified,
		IsSuperuser:            r.IsSuperuser,
		FullName:               r.FullName,
		PhoneNumber:            r.PhoneNumber,
		IsMFAEnabled:           r.IsMFAEnabled,
		CreatedAt:              created,
		UpdatedAt:              updated,
		LastLogin:              lastLogin,
		TokensInvalidatedAfter: cutoff,
	}), nil
}

func pendingFromSQLite(r sqlitedb.PendingRegistration) *PendingRegistration {
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
