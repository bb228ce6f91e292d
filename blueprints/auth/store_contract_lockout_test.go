package auth

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testStoreLoginReservations: ReserveLoginAttempt grants at most threshold
// attempts per window, in one atomic step, and reports the attempt whose
// leaving the window unlocks the address.
func testStoreLoginReservations(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	const window = time.Minute
	reserve := func(t *testing.T, s Store, email string, at time.Time, threshold int) LoginReservation {
		t.Helper()
		r, err := s.ReserveLoginAttempt(ctx, email, at, window, threshold)
		if err != nil {
			t.Fatalf("ReserveLoginAttempt: %v", err)
		}
		return r
	}

	t.Run("threshold and window", func(t *testing.T) {
		s := newStore(t)
		t0 := contractNow()
		for i := range 3 {
			if r := reserve(t, s, "a@example.com", t0.Add(time.Duration(i)*10*time.Second), 3); !r.Reserved {
				t.Fatalf("attempt %d refused", i+1)
			}
		}
		if r := reserve(t, s, "b@example.com", t0, 3); !r.Reserved {
			t.Error("another address was refused")
		}
		r := reserve(t, s, "a@example.com", t0.Add(30*time.Second), 3)
		if r.Reserved || !r.Blocking.Equal(t0) {
			t.Errorf("4th attempt = %+v, want refused, blocked by the attempt at %v", r, t0)
		}
		// An attempt counts for exactly the window: at t0+window it is out.
		if r := reserve(t, s, "a@example.com", t0.Add(window-time.Millisecond), 3); r.Reserved {
			t.Error("attempt just before the first left the window was granted")
		}
		r = reserve(t, s, "a@example.com", t0.Add(window), 3)
		if !r.Reserved {
			t.Fatalf("attempt when the first left the window refused: %+v", r)
		}
		// Now at 10 s, 20 s and 60 s: the one at 10 s unlocks.
		r = reserve(t, s, "a@example.com", t0.Add(window), 3)
		if r.Reserved || !r.Blocking.Equal(t0.Add(10*time.Second)) {
			t.Errorf("after reuse = %+v, want refused, blocked by the attempt at 10 s", r)
		}
		// The reservations are the failures the Python library counts.
		if n, err := s.CountLoginFailures(ctx, "a@example.com", t0.Add(5*time.Second)); err != nil || n != 3 {
			t.Errorf("CountLoginFailures = %d, %v; want 3", n, err)
		}
		if err := s.ClearLoginFailures(ctx, "a@example.com"); err != nil {
			t.Fatal(err)
		}
		if r := reserve(t, s, "a@example.com", t0.Add(window), 3); !r.Reserved {
			t.Error("refused after ClearLoginFailures")
		}
		counts, err := s.Reap(ctx, t0.Add(3*window), window)
		if err != nil || counts.LoginAttempts != 2 {
			t.Errorf("Reap = %+v, %v; want 2 login attempts (one per address)", counts, err)
		}
		if r := reserve(t, s, "b@example.com", t0.Add(3*window), 1); !r.Reserved {
			t.Error("refused after Reap")
		}
	})

	t.Run("concurrent", func(t *testing.T) {
		s := newStore(t)
		const callers, threshold = 40, 5
		var granted, refused atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range callers {
			wg.Go(func() {
				<-start
				r, err := s.ReserveLoginAttempt(ctx, "race@example.com", contractNow(), window, threshold)
				switch {
				case err != nil:
					t.Errorf("ReserveLoginAttempt: %v", err)
				case r.Reserved:
					granted.Add(1)
				default:
					refused.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		if granted.Load() != threshold || refused.Load() != callers-threshold {
			t.Errorf("%d concurrent reservations: %d granted, %d refused; want %d, %d",
				callers, granted.Load(), refused.Load(), threshold, callers-threshold)
		}
	})
}

// testStoreDeleteUserRace: of concurrent DeleteUser calls for one user
// exactly one succeeds; the others get ErrNotFound.
func testStoreDeleteUserRace(t *testing.T, newStore func(t *testing.T) Store) {
	s := newStore(t)
	u := contractUser("gone@example.com")
	contractMustCreateUser(t, s, u)
	var ok, notFound atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 20 {
		wg.Go(func() {
			<-start
			err := s.DeleteUser(t.Context(), u)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, ErrNotFound):
				notFound.Add(1)
			default:
				t.Errorf("DeleteUser: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	if ok.Load() != 1 || notFound.Load() != 19 {
		t.Errorf("20 concurrent DeleteUser: %d succeeded, %d ErrNotFound; want 1, 19", ok.Load(), notFound.Load())
	}
}
