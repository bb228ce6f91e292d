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

// EnqueueEmail stores a queued message.
func (s *postgresStore) EnqueueEmail(ctx context.Context, m *OutboxMessage) error {
	err := s.q.EnqueueEmail(ctx, pgdb.EnqueueEmailParams{
		ID: m.ID, Payload: m.Payload, CreatedAt: m.CreatedAt, AvailableAt: m.AvailableAt,
	})
	if err != nil {
		return fmt.Errorf("postgres: enqueue email: %w", err)
	}
	return nil
}

// ClaimEmail leases the oldest due message in one UPDATE … WHERE id =
// (SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING statement: a
// concurrent claim skips the row this one has locked and takes the next,
// so no two claims, in this process or another, get one row.
func (s *postgresStore) ClaimEmail(ctx context.Context, now time.Time, lease string, leaseUntil time.Time) (*OutboxMessage, error) {
	r, err := s.q.ClaimEmail(ctx, pgdb.ClaimEmailParams{Lease: &lease, LeaseUntil: &leaseUntil, Now: now})
	if err != nil {
		return nil, postgresOutboxErr("claim email", postgresNotFound(err))
	}
	return &OutboxMessage{
		ID: r.ID, Payload: r.Payload, CreatedAt: r.CreatedAt, AvailableAt: r.AvailableAt,
		Attempts: int(r.Attempts), LastError: r.LastError, DeadAt: r.DeadAt,
	}, nil
}

// CompleteEmail deletes a delivered message held by lease.
func (s *postgresStore) CompleteEmail(ctx context.Context, id, lease string) error {
	n, err := s.q.CompleteEmail(ctx, pgdb.CompleteEmailParams{ID: id, Lease: &lease})
	return postgresOutboxRows("complete email", n, err)
}

// RetryEmail releases a failed message held by lease, due at availableAt.
func (s *postgresStore) RetryEmail(ctx context.Context, id, lease string, availableAt time.Time, lastErr string) error {
	n, err := s.q.RetryEmail(ctx, pgdb.RetryEmailParams{AvailableAt: availableAt, LastError: &lastErr, ID: id, Lease: &lease})
	return postgresOutboxRows("retry email", n, err)
}

// KillEmail dead-letters a message held by lease.
func (s *postgresStore) KillEmail(ctx context.Context, id, lease string, at time.Time, lastErr string) error {
	n, err := s.q.KillEmail(ctx, pgdb.KillEmailParams{DeadAt: &at, LastError: &lastErr, ID: id, Lease: &lease})
	return postgresOutboxRows("kill email", n, err)
}

// OutboxStats counts the queue and lists the latest failures.
func (s *postgresStore) OutboxStats(ctx context.Context, failing int) (OutboxStats, error) {
	var st OutboxStats
	var err error
	if st.Queued, err = s.q.CountQueuedEmail(ctx); err != nil {
		return st, fmt.Errorf("postgres: count queued email: %w", err)
	}
	if st.Queued > 0 {
		// The queue may have drained since the count: then there is none.
		oldest, err := s.q.OldestQueuedEmail(ctx)
		if err := postgresNotFound(err); err != nil && !errors.Is(err, ErrNotFound) {
			return st, fmt.Errorf("postgres: oldest queued email: %w", err)
		}
		st.OldestQueued = oldest
	}
	if st.Dead, err = s.q.CountDeadEmail(ctx); err != nil {
		return st, fmt.Errorf("postgres: count dead email: %w", err)
	}
	rows, err := s.q.FailingEmail(ctx, int32(failing))
	if err != nil {
		return st, fmt.Errorf("postgres: failing email: %w", err)
	}
	for _, r := range rows {
		st.Failing = append(st.Failing, OutboxFailure{
			ID: r.ID, CreatedAt: r.CreatedAt, Attempts: int(r.Attempts), LastError: deref(r.LastError), DeadAt: r.DeadAt,
		})
	}
	return st, nil
}

// ReapDeadEmail deletes messages dead-lettered at or before before.
func (s *postgresStore) ReapDeadEmail(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.q.ReapDeadEmail(ctx, &before)
	if err != nil {
		return 0, fmt.Errorf("postgres: reap dead email: %w", err)
	}
	return n, nil
}

// postgresOutboxErr wraps err, keeping ErrNotFound as it is.
func postgresOutboxErr(op string, err error) error {
	if err == nil || errors.Is(err, ErrNotFound) {
		return err
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}

// postgresOutboxRows turns a lease-guarded write's row count into
// ErrNotFound when the lease no longer held the row.
func postgresOutboxRows(op string, n int64, err error) error {
	switch {
	case err != nil:
		return fmt.Errorf("postgres: %s: %w", op, err)
	case n == 0:
		return ErrNotFound
	}
	return nil
}

// postgresNotFound turns pgx's "no rows" into ErrNotFound.
func postgresNotFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
