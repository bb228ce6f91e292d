//regstack:feature backend=postgres

package auth

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// ReserveLoginAttempt counts and records in one transaction that first
// takes an advisory lock on the address: under READ COMMITTED two
// transactions could otherwise both count threshold - 1 and both insert.
// The lock ends with the transaction, after the insert is committed, so
// the next holder's count includes it.
func (s *postgresStore) ReserveLoginAttempt(ctx context.Context, email string, now time.Time, window time.Duration, threshold int) (LoginReservation, error) {
	since := now.Add(-window)
	var res LoginReservation
	err := s.inQueriesTx(ctx, func(q *pgdb.Queries) error {
		if err := q.LockLoginAttempts(ctx, email); err != nil {
			return err
		}
		n, err := q.ReserveLoginAttempt(ctx, pgdb.ReserveLoginAttemptParams{
			Email: email, At: now, Since: since, Threshold: int64(threshold),
		})
		if err != nil {
			return err
		}
		if n == 1 {
			res.Reserved = true
			return nil
		}
		when, err := q.LoginAttemptUnlockTime(ctx, pgdb.LoginAttemptUnlockTimeParams{
			Email: email, Since: since, NewestRank: postgresInt32(threshold - 1),
		})
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		res.Blocking = when.UTC()
		return err
	})
	if err != nil {
		return LoginReservation{}, postgresErr("reserve login attempt", err)
	}
	return res, nil
}
