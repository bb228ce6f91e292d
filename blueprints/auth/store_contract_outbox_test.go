package auth

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// testStoreOutbox is the OutboxStore part of the store contract: leases,
// retries, dead letters, statistics, and claims that race.
func testStoreOutbox(t *testing.T, newStore func(t *testing.T) Store) {
	t.Run("Lifecycle", func(t *testing.T) { testStoreOutboxLifecycle(t, newStore(t)) })
	t.Run("LeaseExpiry", func(t *testing.T) { testStoreOutboxLeaseExpiry(t, newStore(t)) })
	t.Run("DeadLetter", func(t *testing.T) { testStoreOutboxDeadLetter(t, newStore(t)) })
	t.Run("ClaimRace", func(t *testing.T) { testStoreOutboxClaimRace(t, newStore(t)) })
	t.Run("ClaimManyRace", func(t *testing.T) { testStoreOutboxClaimManyRace(t, newStore(t)) })
}

// contractEnqueue queues a message with a recognisable payload, due at at.
func contractEnqueue(t *testing.T, s Store, at time.Time) *OutboxMessage {
	t.Helper()
	m := &OutboxMessage{ID: contractID(), Payload: []byte("sealed " + contractID()), CreatedAt: at, AvailableAt: at}
	if err := s.EnqueueEmail(t.Context(), m); err != nil {
		t.Fatalf("EnqueueEmail: %v", err)
	}
	return m
}

func testStoreOutboxLifecycle(t *testing.T, s Store) {
	ctx, now := t.Context(), contractNow()
	if _, err := s.ClaimEmail(ctx, now, "l0", now.Add(time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ClaimEmail on an empty outbox: %v, want ErrNotFound", err)
	}
	later := contractEnqueue(t, s, now.Add(time.Second))
	first := contractEnqueue(t, s, now)
	st, err := s.OutboxStats(ctx, 5)
	if err != nil || st.Queued != 2 || !st.OldestQueued.Equal(now) || st.Dead != 0 || len(st.Failing) != 0 {
		t.Fatalf("OutboxStats = %+v, %v; want 2 queued, oldest %v", st, err, now)
	}

	m, err := s.ClaimEmail(ctx, now, "l1", now.Add(time.Minute))
	if err != nil {
		t.Fatalf("ClaimEmail: %v", err)
	}
	if m.ID != first.ID || string(m.Payload) != string(first.Payload) || m.Attempts != 1 || !m.CreatedAt.Equal(now) {
		t.Fatalf("claimed %+v, want the due message %s with attempts 1", m, first.ID)
	}
	// The other message is not due yet and the first is leased.
	if _, err := s.ClaimEmail(ctx, now, "l2", now.Add(time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second ClaimEmail: %v, want ErrNotFound", err)
	}
	if err := s.CompleteEmail(ctx, m.ID, "not-the-lease"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("CompleteEmail with another lease: %v, want ErrNotFound", err)
	}
	if err := s.RetryEmail(ctx, m.ID, "l1", now.Add(10*time.Second), "421 try later"); err != nil {
		t.Fatalf("RetryEmail: %v", err)
	}
	st, err = s.OutboxStats(ctx, 5)
	if err != nil || st.Queued != 2 || len(st.Failing) != 1 || st.Failing[0].ID != first.ID ||
		st.Failing[0].LastError != "421 try later" || st.Failing[0].Attempts != 1 || st.Failing[0].DeadAt != nil {
		t.Fatalf("OutboxStats after a failure = %+v, %v", st, err)
	}

	// At now+1s only the later message is due.
	m, err = s.ClaimEmail(ctx, now.Add(time.Second), "l3", now.Add(time.Minute))
	if err != nil || m.ID != later.ID {
		t.Fatalf("ClaimEmail at +1s = %+v, %v; want %s", m, err, later.ID)
	}
	if err := s.CompleteEmail(ctx, m.ID, "l3"); err != nil {
		t.Fatalf("CompleteEmail: %v", err)
	}
	if err := s.CompleteEmail(ctx, m.ID, "l3"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second CompleteEmail: %v, want ErrNotFound", err)
	}
	// The retried one is due again at +10s, with its attempt counted.
	m, err = s.ClaimEmail(ctx, now.Add(10*time.Second), "l4", now.Add(time.Minute))
	if err != nil || m.ID != first.ID || m.Attempts != 2 || m.LastError == nil || *m.LastError != "421 try later" {
		t.Fatalf("ClaimEmail at +10s = %+v, %v; want %s on attempt 2", m, err, first.ID)
	}
	if err := s.CompleteEmail(ctx, m.ID, "l4"); err != nil {
		t.Fatalf("CompleteEmail: %v", err)
	}
	if st, err := s.OutboxStats(ctx, 5); err != nil || st.Queued != 0 || !st.OldestQueued.IsZero() || len(st.Failing) != 0 {
		t.Fatalf("OutboxStats when drained = %+v, %v", st, err)
	}
}

func testStoreOutboxLeaseExpiry(t *testing.T, s Store) {
	ctx, now := t.Context(), contractNow()
	q := contractEnqueue(t, s, now)
	if _, err := s.ClaimEmail(ctx, now, "dead-worker", now.Add(time.Minute)); err != nil {
		t.Fatalf("ClaimEmail: %v", err)
	}
	if _, err := s.ClaimEmail(ctx, now.Add(59*time.Second), "l2", now.Add(2*time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ClaimEmail before the lease ran out: %v, want ErrNotFound", err)
	}
	m, err := s.ClaimEmail(ctx, now.Add(time.Minute), "l2", now.Add(2*time.Minute))
	if err != nil || m.ID != q.ID || m.Attempts != 2 {
		t.Fatalf("ClaimEmail once the lease ran out = %+v, %v; want %s on attempt 2", m, err, q.ID)
	}
	// The worker that lost its lease can no longer settle the message.
	for name, call := range map[string]func() error{
		"CompleteEmail": func() error { return s.CompleteEmail(ctx, q.ID, "dead-worker") },
		"RetryEmail":    func() error { return s.RetryEmail(ctx, q.ID, "dead-worker", now, "late") },
		"KillEmail":     func() error { return s.KillEmail(ctx, q.ID, "dead-worker", now, "late") },
	} {
		if err := call(); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s with an expired, taken-over lease: %v, want ErrNotFound", name, err)
		}
	}
	if err := s.CompleteEmail(ctx, q.ID, "l2"); err != nil {
		t.Fatalf("CompleteEmail by the new holder: %v", err)
	}
}

func testStoreOutboxDeadLetter(t *testing.T, s Store) {
	ctx, now := t.Context(), contractNow()
	q := contractEnqueue(t, s, now)
	if _, err := s.ClaimEmail(ctx, now, "l1", now.Add(time.Minute)); err != nil {
		t.Fatalf("ClaimEmail: %v", err)
	}
	if err := s.KillEmail(ctx, q.ID, "l1", now, "550 no such user"); err != nil {
		t.Fatalf("KillEmail: %v", err)
	}
	if _, err := s.ClaimEmail(ctx, now.Add(time.Hour), "l2", now.Add(2*time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ClaimEmail of a dead letter: %v, want ErrNotFound", err)
	}
	st, err := s.OutboxStats(ctx, 5)
	if err != nil || st.Queued != 0 || st.Dead != 1 || len(st.Failing) != 1 || st.Failing[0].DeadAt == nil ||
		!st.Failing[0].DeadAt.Equal(now) || st.Failing[0].LastError != "550 no such user" {
		t.Fatalf("OutboxStats = %+v, %v; want one dead letter", st, err)
	}
	if n, err := s.ReapDeadEmail(ctx, now.Add(-time.Millisecond)); err != nil || n != 0 {
		t.Fatalf("ReapDeadEmail(before its death) = %d, %v; want 0", n, err)
	}
	if n, err := s.ReapDeadEmail(ctx, now); err != nil || n != 1 {
		t.Fatalf("ReapDeadEmail = %d, %v; want 1", n, err)
	}
	if st, err := s.OutboxStats(ctx, 5); err != nil || st.Dead != 0 || len(st.Failing) != 0 {
		t.Fatalf("OutboxStats after reap = %+v, %v", st, err)
	}
}

// testStoreOutboxClaimRace: 20 workers claim the one due message at once,
// then 20 more race for it once the winner's lease has run out; each time
// exactly one gets it.
func testStoreOutboxClaimRace(t *testing.T, s Store) {
	ctx, now := t.Context(), contractNow()
	contractEnqueue(t, s, now)
	const n = 20
	for round, at := range []time.Time{now, now.Add(time.Minute)} {
		got := contractRace(t, n, ErrNotFound, func(i int) error {
			_, err := s.ClaimEmail(ctx, at, contractID(), at.Add(time.Minute))
			return err
		})
		if got != (contractRaceOutcome{OK: 1, Expected: n - 1}) {
			t.Errorf("round %d: %d concurrent claims: %+v, want exactly one", round+1, n, got)
		}
	}
}

// testStoreOutboxClaimManyRace: 20 workers drain 25 messages; every
// message is claimed exactly once.
func testStoreOutboxClaimManyRace(t *testing.T, s Store) {
	ctx, now := t.Context(), contractNow()
	const messages, workers = 25, 20
	for range messages {
		contractEnqueue(t, s, now)
	}
	var mu sync.Mutex
	claimed := map[string]int{}
	contractRace(t, workers, nil, func(i int) error {
		for {
			m, err := s.ClaimEmail(ctx, now, contractID(), now.Add(time.Minute))
			if errors.Is(err, ErrNotFound) {
				return nil
			} else if err != nil {
				return err
			}
			mu.Lock()
			claimed[m.ID]++
			mu.Unlock()
		}
	})
	if len(claimed) != messages {
		t.Errorf("%d messages claimed, want %d", len(claimed), messages)
	}
	for id, c := range claimed {
		if c != 1 {
			t.Errorf("message %s claimed %d times", id, c)
		}
	}
}
