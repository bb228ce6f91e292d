package auth

import (
	"context"
	"fmt"
	"time"
)

// OutboxStore is the durable email queue every backend keeps next to its
// other tables (email_outbox on SQL, the email_outbox and
// email_outbox_leases collections on MongoDB). Requests only enqueue; the
// outbox worker claims, delivers and then completes, retries or
// dead-letters each message. A claim is a lease: the database guarantees
// that one worker at a time holds a message, whatever the number of
// processes sharing the database, and a lease that runs out (its worker
// died) makes the message due again.
type OutboxStore interface {
	// EnqueueEmail stores m (m.ID set, Attempts 0), due at m.AvailableAt.
	EnqueueEmail(ctx context.Context, m *OutboxMessage) error
	// ClaimEmail leases the oldest message due at now (not dead, no lease
	// still running) to lease until leaseUntil and counts the attempt. Of
	// concurrent callers, at most one gets any given message. ErrNotFound
	// when nothing is due.
	ClaimEmail(ctx context.Context, now time.Time, lease string, leaseUntil time.Time) (*OutboxMessage, error)
	// CompleteEmail deletes a delivered message. ErrNotFound when lease no
	// longer holds it (it ran out and another worker took the message).
	CompleteEmail(ctx context.Context, id, lease string) error
	// RetryEmail releases a message whose delivery failed, recording
	// lastErr, and makes it due again at availableAt. ErrNotFound when
	// lease no longer holds it.
	RetryEmail(ctx context.Context, id, lease string, availableAt time.Time, lastErr string) error
	// KillEmail dead-letters a message that will never be delivered: it is
	// kept with lastErr and dead at at, for doctor, until ReapDeadEmail.
	// ErrNotFound when lease no longer holds it.
	KillEmail(ctx context.Context, id, lease string, at time.Time, lastErr string) error
	// OutboxStats counts the queue and lists at most failing messages that
	// failed at least once, newest first.
	OutboxStats(ctx context.Context, failing int) (OutboxStats, error)
	// ReapDeadEmail deletes the messages dead-lettered at or before before
	// and returns how many.
	ReapDeadEmail(ctx context.Context, before time.Time) (int64, error)
}

// OutboxMessage is one queued email as the store keeps it. Payload is the
// rendered EmailMessage sealed with AES-256-GCM (see outboxSealer): it
// carries one-time links, which never sit in the database in clear.
type OutboxMessage struct {
	ID          string
	Payload     []byte
	CreatedAt   time.Time
	AvailableAt time.Time
	// Attempts counts the claims so far, including the one in progress.
	Attempts int
	// LastError is the error of the latest failed attempt, if any.
	LastError *string
	// DeadAt is set once the message is dead-lettered.
	DeadAt *time.Time
}

// OutboxStats describes the queue for doctor.
type OutboxStats struct {
	// Queued counts the messages neither delivered nor dead (due now,
	// waiting for a retry, or being delivered).
	Queued int64
	// OldestQueued is when the oldest of them was queued; zero when none.
	OldestQueued time.Time
	// Dead counts the dead-lettered messages.
	Dead int64
	// Failing lists messages that failed at least once, newest first.
	Failing []OutboxFailure
}

// OutboxFailure is a message whose delivery failed at least once. The
// payload is left out: doctor must not need the key to report it.
type OutboxFailure struct {
	ID        string
	CreatedAt time.Time
	Attempts  int
	LastError string
	// DeadAt is nil while the message is still being retried.
	DeadAt *time.Time
}

// WithoutOutboxWorker makes New start no delivery worker: messages are
// still queued by requests but this instance never sends them; another
// process on the same database does. The generated CLI uses it, so that
// running `doctor` or `reap` never delivers (for example prints, with the
// console backend) the application's queued mail. A host whose web
// processes should not send mail, leaving that to a dedicated process, can
// use it too.
func WithoutOutboxWorker() Option { return func(o *options) { o.noOutboxWorker = true } }

// queueEmail hands msg to the outbox: it is sealed and written in the
// request's own database, and the worker is woken to deliver it. The
// request's answer therefore depends on neither the transport's speed nor
// its failures; only a database error fails it.
func (rs *RegStack) queueEmail(ctx context.Context, msg EmailMessage) error {
	if err := rs.outbox.queue(ctx, msg); err != nil {
		return fmt.Errorf("queueing email: %w", err)
	}
	return nil
}
