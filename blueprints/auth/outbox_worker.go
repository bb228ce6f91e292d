package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// outboxPolicy is the timing of delivery. The defaults keep a queued
// message's delay under a second while the transport works, and under
// backoffMax plus poll (about half a minute) once a failing transport
// recovers.
type outboxPolicy struct {
	// poll is how often an idle worker looks for due messages it was not
	// woken for: queued by another process, or due again after a failure.
	poll time.Duration
	// lease is how long a claimed message is reserved for its worker. It
	// must exceed sendTimeout, so a live worker always finishes first; a
	// dead worker's message is taken over when it runs out.
	lease time.Duration
	// sendTimeout bounds one call of the transport.
	sendTimeout time.Duration
	// backoffBase is the wait after the first failure; each further failure
	// doubles it, up to backoffMax.
	backoffBase, backoffMax time.Duration
	// maxAttempts is how many failed attempts dead-letter a message.
	maxAttempts int
	// closeGrace is how long Close lets a delivery in progress finish before
	// cancelling it (the message is then due again at once).
	closeGrace time.Duration
}

// defaultOutboxPolicy: 50 attempts with the backoff capped at 30 s keep
// retrying a dead transport for about 24 minutes.
func defaultOutboxPolicy() outboxPolicy {
	return outboxPolicy{
		poll:        2 * time.Second,
		lease:       time.Minute,
		sendTimeout: 30 * time.Second,
		backoffBase: time.Second,
		backoffMax:  30 * time.Second,
		maxAttempts: 50,
		closeGrace:  5 * time.Second,
	}
}

// backoff is the wait before the next attempt after the attempts-th
// failure: backoffBase, doubled per failure, at most backoffMax.
func (p outboxPolicy) backoff(attempts int) time.Duration {
	d := p.backoffBase
	for i := 1; i < attempts && d < p.backoffMax; i++ {
		d *= 2
	}
	return min(d, p.backoffMax)
}

// maxLastError bounds the transport error kept with a failing message.
const maxLastError = 500

// emailOutbox queues account emails in the database and, unless
// WithoutOutboxWorker was given, runs the worker that delivers them: one
// goroutine per RegStack, woken when this instance queues a message and
// polling for the rest.
type emailOutbox struct {
	store  OutboxStore
	clock  Clock
	logger *slog.Logger
	sealer *outboxSealer
	sender func() EmailSender
	policy outboxPolicy

	// wake holds at most one pending wake-up; more would add nothing.
	wake     chan struct{}
	stop     chan struct{}
	stopOnce sync.Once
	// done is closed when the worker has returned; nil when none started.
	done chan struct{}

	// idMu guards lastIDTime, which keeps the message ids this instance
	// makes strictly increasing (see newID).
	idMu       sync.Mutex
	lastIDTime int64
	// ctx is the context of deliveries; cancel ends one that outlasts
	// Close's grace.
	ctx    context.Context
	cancel context.CancelFunc
}

// startOutbox builds the instance's outbox and starts its worker. The
// worker's first look at the table waits for a wake-up (InstallSchema or a
// queued message) or the first poll, so a host that runs InstallSchema
// right after New never sees it query a table not yet created.
func (rs *RegStack) startOutbox(o *options) error {
	sealer, err := newOutboxSealer(rs.cfg.JWTSecret)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	rs.outbox = &emailOutbox{
		store:  rs.store,
		clock:  rs.clock,
		logger: rs.logger,
		sealer: sealer,
		sender: rs.emailSender,
		policy: defaultOutboxPolicy(),
		wake:   make(chan struct{}, 1),
		stop:   make(chan struct{}),
		ctx:    ctx,
		cancel: cancel,
	}
	if !o.noOutboxWorker {
		rs.outbox.done = make(chan struct{})
		go rs.outbox.run()
	}
	return nil
}

// queue seals msg and stores it, due now, then wakes the worker.
func (o *emailOutbox) queue(ctx context.Context, msg EmailMessage) error {
	id, err := o.newID()
	if err != nil {
		return err
	}
	payload, err := o.sealer.seal(id, msg)
	if err != nil {
		return err
	}
	now := o.clock.Now()
	if err := o.store.EnqueueEmail(ctx, &OutboxMessage{ID: id, Payload: payload, CreatedAt: now, AvailableAt: now}); err != nil {
		return err
	}
	o.wakeUp()
	return nil
}

// newID returns a message id that sorts after every id this instance made
// before: 16 hex digits of the wall-clock time in nanoseconds (forced to
// grow by at least one per id), then 16 random ones. The claim takes due
// messages in id order, so two emails to one reader — a link and the link
// that replaced it, queued within the same clock tick — are delivered in
// the order they were queued, and the newest link arrives last. The wall
// clock, not the instance's Clock, orders them: a frozen test clock would
// not.
func (o *emailOutbox) newID() (string, error) {
	var random [8]byte
	if _, err := rand.Read(random[:]); err != nil {
		return "", fmt.Errorf("auth: random id: %w", err)
	}
	o.idMu.Lock()
	t := max(time.Now().UnixNano(), o.lastIDTime+1)
	o.lastIDTime = t
	o.idMu.Unlock()
	return fmt.Sprintf("%016x%x", uint64(t), random), nil
}

// wakeUp makes the worker look for due messages now; it never blocks.
func (o *emailOutbox) wakeUp() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// run is the worker: deliver everything due, then sleep until woken or
// the next poll, until close.
func (o *emailOutbox) run() {
	defer close(o.done)
	poll := time.NewTimer(o.policy.poll)
	defer poll.Stop()
	for {
		select {
		case <-o.stop:
			return
		case <-o.wake:
		case <-poll.C:
		}
		o.deliverDue(o.ctx)
		poll.Reset(o.policy.poll)
	}
}

// stopping reports whether close has been called.
func (o *emailOutbox) stopping() bool {
	select {
	case <-o.stop:
		return true
	default:
		return false
	}
}

// deliverDue delivers due messages one by one until none is left or the
// outbox is closing, and returns how many it attempted.
func (o *emailOutbox) deliverDue(ctx context.Context) int {
	n := 0
	for !o.stopping() && o.deliverNext(ctx) {
		n++
	}
	return n
}

// deliverNext claims one due message and attempts it; false when nothing
// was due (or the claim failed, which is logged and retried at the next
// poll).
func (o *emailOutbox) deliverNext(ctx context.Context) bool {
	lease, err := newOpaqueToken()
	if err != nil {
		o.logger.ErrorContext(ctx, "email outbox: lease id", "error", err)
		return false
	}
	now := o.clock.Now()
	m, err := o.store.ClaimEmail(ctx, now, lease, now.Add(o.policy.lease))
	if errors.Is(err, ErrNotFound) {
		return false
	} else if err != nil {
		if ctx.Err() == nil {
			o.logger.ErrorContext(ctx, "email outbox: claiming a message failed", "error", err)
		}
		return false
	}
	o.attempt(ctx, m, lease, now)
	return true
}

// attempt sends the message m, claimed at claimed, and records the outcome:
// deleted when delivered, due again the backoff after the claim when the
// transport failed, dead-lettered when it can never succeed (undecryptable,
// or maxAttempts failures).
func (o *emailOutbox) attempt(ctx context.Context, m *OutboxMessage, lease string, claimed time.Time) {
	msg, err := o.sealer.open(m.ID, m.Payload)
	if err == nil {
		sendCtx, cancel := context.WithTimeout(ctx, o.policy.sendTimeout)
		err = o.sender().Send(sendCtx, msg)
		cancel()
	}
	// The outcome is recorded even when Close cancelled ctx, or the message
	// would stay leased until the lease runs out.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	now := o.clock.Now()
	var recErr error
	switch {
	case err == nil:
		recErr = o.store.CompleteEmail(rec, m.ID, lease)
	case errors.Is(err, errUndecryptable), m.Attempts >= o.policy.maxAttempts:
		o.logger.ErrorContext(rec, "email outbox: message dead-lettered; it will not be sent",
			"id", m.ID, "attempts", m.Attempts, "error", err)
		recErr = o.store.KillEmail(rec, m.ID, lease, now, lastError(err))
	case ctx.Err() != nil:
		// Cut short by Close: not the transport's fault, so no backoff.
		recErr = o.store.RetryEmail(rec, m.ID, lease, now, lastError(err))
	default:
		next := o.policy.backoff(m.Attempts)
		o.logger.WarnContext(rec, "email outbox: delivery failed; will retry",
			"id", m.ID, "attempts", m.Attempts, "retry_in", next, "error", err)
		recErr = o.store.RetryEmail(rec, m.ID, lease, claimed.Add(next), lastError(err))
	}
	if recErr != nil {
		// The lease ran out (another worker has the message) or the database
		// failed; either way the message is not lost, it may at worst be
		// sent twice.
		o.logger.WarnContext(rec, "email outbox: recording a delivery attempt failed",
			"id", m.ID, "delivered", err == nil, "error", recErr)
	}
}

// lastError is err's text, cut to maxLastError bytes.
func lastError(err error) string {
	s := err.Error()
	if len(s) > maxLastError {
		s = strings.ToValidUTF8(s[:maxLastError], "")
	}
	return s
}

// close stops the worker: it claims nothing more, a delivery in progress
// gets closeGrace to finish and is then cancelled (and released for
// another attempt), and close returns once the goroutine has ended.
// Messages still queued stay in the database for the next process.
func (o *emailOutbox) close() {
	o.stopOnce.Do(func() { close(o.stop) })
	defer o.cancel()
	if o.done == nil {
		return
	}
	grace := time.NewTimer(o.policy.closeGrace)
	defer grace.Stop()
	select {
	case <-o.done:
	case <-grace.C:
		o.cancel()
		<-o.done
	}
}
