//regstack:feature backend=sqlite

package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// EnqueueEmail stores a queued message.
func (s *sqliteStore) EnqueueEmail(ctx context.Context, m *OutboxMessage) error {
	err := s.w.EnqueueEmail(ctx, sqlitedb.EnqueueEmailParams{
		ID: m.ID, Payload: m.Payload, CreatedAt: m.CreatedAt, AvailableAt: m.AvailableAt,
	})
	if err != nil {
		return fmt.Errorf("sqlite: enqueue email: %w", err)
	}
	return nil
}

// ClaimEmail leases the oldest due message in one UPDATE … WHERE id =
// (SELECT … LIMIT 1) RETURNING statement. SQLite runs one writer at a time
// and the statement holds the write lock from its subquery to its update,
// so concurrent claims, in this process or another, never get one row.
func (s *sqliteStore) ClaimEmail(ctx context.Context, now time.Time, lease string, leaseUntil time.Time) (*OutboxMessage, error) {
	r, err := s.w.ClaimEmail(ctx, sqlitedb.ClaimEmailParams{Lease: &lease, LeaseUntil: &leaseUntil, Now: now})
	if err != nil {
		return nil, sqliteOutboxErr("claim email", sqliteNotFound(err))
	}
	return &OutboxMessage{
		ID: r.ID, Payload: r.Payload, CreatedAt: r.CreatedAt, AvailableAt: r.AvailableAt,
		Attempts: int(r.Attempts), LastError: r.LastError, DeadAt: r.DeadAt,
	}, nil
}

// CompleteEmail deletes a delivered message held by lease.
func (s *sqliteStore) CompleteEmail(ctx context.Context, id, lease string) error {
	n, err := s.w.CompleteEmail(ctx, sqlitedb.CompleteEmailParams{ID: id, Lease: &lease})
	return sqliteOutboxRows("complete email", n, err)
}

// RetryEmail releases a failed message held by lease, due at availableAt.
func (s *sqliteStore) RetryEmail(ctx context.Context, id, lease string, availableAt time.Time, lastErr string) error {
	n, err := s.w.RetryEmail(ctx, sqlitedb.RetryEmailParams{AvailableAt: availableAt, LastError: &lastErr, ID: id, Lease: &lease})
	return sqliteOutboxRows("retry email", n, err)
}

// KillEmail dead-letters a message held by lease.
func (s *sqliteStore) KillEmail(ctx context.Context, id, lease string, at time.Time, lastErr string) error {
	n, err := s.w.KillEmail(ctx, sqlitedb.KillEmailParams{DeadAt: &at, LastError: &lastErr, ID: id, Lease: &lease})
	return sqliteOutboxRows("kill email", n, err)
}

// OutboxStats counts the queue and lists the latest failures.
func (s *sqliteStore) OutboxStats(ctx context.Context, failing int) (OutboxStats, error) {
	var st OutboxStats
	var err error
	if st.Queued, err = s.r.CountQueuedEmail(ctx); err != nil {
		return st, fmt.Errorf("sqlite: count queued email: %w", err)
	}
	if st.Queued > 0 {
		// The queue may have drained since the count: then there is none.
		oldest, err := s.r.OldestQueuedEmail(ctx)
		if err := sqliteNotFound(err); err != nil && !errors.Is(err, ErrNotFound) {
			return st, fmt.Errorf("sqlite: oldest queued email: %w", err)
		}
		st.OldestQueued = oldest
	}
	if st.Dead, err = s.r.CountDeadEmail(ctx); err != nil {
		return st, fmt.Errorf("sqlite: count dead email: %w", err)
	}
	rows, err := s.r.FailingEmail(ctx, int64(failing))
	if err != nil {
		return st, fmt.Errorf("sqlite: failing email: %w", err)
	}
	for _, r := range rows {
		st.Failing = append(st.Failing, OutboxFailure{
			ID: r.ID, CreatedAt: r.CreatedAt, Attempts: int(r.Attempts), LastError: deref(r.LastError), DeadAt: r.DeadAt,
		})
	}
	return st, nil
}

// ReapDeadEmail deletes messages dead-lettered at or before before.
func (s *sqliteStore) ReapDeadEmail(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.w.ReapDeadEmail(ctx, &before)
	if err != nil {
		return 0, fmt.Errorf("sqlite: reap dead email: %w", err)
	}
	return n, nil
}

// sqliteOutboxErr wraps err, keeping ErrNotFound as it is.
func sqliteOutboxErr(op string, err error) error {
	if err == nil || errors.Is(err, ErrNotFound) {
		return err
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}

// sqliteOutboxRows turns a lease-guarded write's row count into
// ErrNotFound when the lease no longer held the row.
func sqliteOutboxRows(op string, n int64, err error) error {
	switch {
	case err != nil:
		return fmt.Errorf("sqlite: %s: %w", op, err)
	case n == 0:
		return ErrNotFound
	}
	return nil
}
