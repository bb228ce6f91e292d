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

// ReserveLoginAttempt counts and records in one INSERT … SELECT statement,
// which SQLite runs under the database's write lock: the store's writer
// connection, other connections and other processes on the same file all
// take their turn, so none decides on a stale count.
func (s *sqliteStore) ReserveLoginAttempt(ctx context.Context, email string, now time.Time, window time.Duration, threshold int) (LoginReservation, error) {
	since := now.Add(-window)
	n, err := s.w.ReserveLoginAttempt(ctx, sqlitedb.ReserveLoginAttemptParams{
		Email: email, At: now, Since: since, Threshold: int64(threshold),
	})
	if err != nil {
		return LoginReservation{}, fmt.Errorf("sqlite: reserve login attempt: %w", err)
	}
	if n == 1 {
		return LoginReservation{Reserved: true}, nil
	}
	// Refused. The time the lock ends is advice for Retry-After, so it is
	// read afterwards, outside the write lock.
	when, err := s.r.LoginAttemptUnlockTime(ctx, sqlitedb.LoginAttemptUnlockTimeParams{
		Email: email, Since: since, NewestRank: int64(max(threshold, 1) - 1),
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Cleared since the refusal (a successful sign-in).
		return LoginReservation{}, nil
	case err != nil:
		return LoginReservation{}, fmt.Errorf("sqlite: login attempt unlock time: %w", err)
	}
	return LoginReservation{Blocking: when.UTC()}, nil
}
