package auth

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countHashes counts every Argon2id computation of e's hasher from now on
// (Hash, Verify and VerifyDummy alike).
func countHashes(e *testEnv) *atomic.Int64 {
	var n atomic.Int64
	e.rs.hasher.slotHeld = func() { n.Add(1) }
	e.t.Cleanup(func() { e.rs.hasher.slotHeld = nil })
	return &n
}

// concurrently runs n calls of do at once and tallies the statuses.
func concurrently(n int, do func(i int) response) map[int]int {
	var (
		mu    sync.Mutex
		tally = map[int]int{}
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	for i := range n {
		wg.Go(func() {
			<-start
			r := do(i)
			mu.Lock()
			tally[r.status]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	return tally
}

// peer is a second RegStack on e's database, configuration, clock and
// outbox: another process of the same application, as far as the database
// can tell (on SQLite it has its own connections to the file).
func (e *testEnv) peer() http.Handler {
	e.t.Helper()
	rs, err := New(context.Background(), e.cfg, WithClock(e.clock), WithEmail(e.outbox), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		e.t.Fatalf("New (peer): %v", err)
	}
	e.t.Cleanup(func() { rs.Close() })
	return rs.Handler()
}

// wantLocked checks a 429 and its Retry-After, which must equal the
// seconds in the detail.
func wantLocked(t *testing.T, r response, retryAfter int) {
	t.Helper()
	secs := strconv.Itoa(retryAfter)
	r.want(t, http.StatusTooManyRequests, "Too many failed attempts. Try again in "+secs+" seconds.")
	if got := r.header.Get("Retry-After"); got != secs {
		t.Errorf("Retry-After = %q, want %q", got, secs)
	}
}

// TestLockoutConcurrentGuesses: 100 wrong passwords at once with a
// threshold of 5 get at most 5 password checks (401) and 429 for the rest;
// the right password is then refused until the window ends. Before the
// fix all 100 were checked (100 × 401).
func TestLockoutConcurrentGuesses(t *testing.T) {
	e := newTestEnv(t, withLockout(5, 60))
	e.register("alice@example.com")
	hashes := countHashes(e)
	wrong := map[string]any{"email": "alice@example.com", "password": "wrong password"}
	tally := concurrently(100, func(int) response { return e.do("POST", "/login", wrong, "") })
	t.Logf("100 concurrent wrong passwords: %v, %d password checks", tally, hashes.Load())
	if tally[http.StatusUnauthorized] != 5 || tally[http.StatusTooManyRequests] != 95 || len(tally) != 2 {
		t.Errorf("statuses %v, want 5 × 401 and 95 × 429", tally)
	}
	if n := hashes.Load(); n != 5 {
		t.Errorf("%d password checks, want 5", n)
	}

	right := map[string]any{"email": "alice@example.com", "password": testPassword}
	wantLocked(t, e.do("POST", "/login", right, ""), 60)
	e.clock.Advance(45 * time.Second)
	wantLocked(t, e.do("POST", "/login", right, ""), 15)
	e.clock.Advance(14*time.Second + 500*time.Millisecond)
	wantLocked(t, e.do("POST", "/login", right, ""), 1)
	if n := hashes.Load(); n != 5 {
		t.Errorf("locked sign-ins checked a password: %d checks, want 5", n)
	}
	e.clock.Advance(500 * time.Millisecond)
	e.login("alice@example.com", testPassword)
	// The success cleared the failures: a full threshold again.
	for range 5 {
		e.do("POST", "/login", wrong, "").want(t, http.StatusUnauthorized, detailBadCredentials)
	}
	wantLocked(t, e.do("POST", "/login", wrong, ""), 60)
}

// TestLockoutRetryAfterTimeLeft: Retry-After counts from the attempt that
// unlocks the address, not the full window.
func TestLockoutRetryAfterTimeLeft(t *testing.T) {
	e := newTestEnv(t, withLockout(3, 60))
	wrong := map[string]any{"email": "ghost@example.com", "password": "wrong password"}
	for range 3 {
		e.do("POST", "/login", wrong, "").want(t, http.StatusUnauthorized, "")
		e.clock.Advance(10 * time.Second)
	}
	// Attempts at 0, 10 and 20 s; now 30 s: the first leaves at 60 s.
	wantLocked(t, e.do("POST", "/login", wrong, ""), 30)
	e.clock.Advance(30 * time.Second)
	e.do("POST", "/login", wrong, "").want(t, http.StatusUnauthorized, "")
	// Attempts at 10, 20 and 60 s; now 60 s: the one at 10 s leaves at 70 s.
	wantLocked(t, e.do("POST", "/login", wrong, ""), 10)
}

// TestLockoutConcurrentGuessesTwoInstances: the same burst split over two
// RegStack values on one database (two processes, to the database) still
// gets at most 5 password checks.
func TestLockoutConcurrentGuessesTwoInstances(t *testing.T) {
	e := newTestEnv(t, withLockout(5, 60))
	e.register("alice@example.com")
	other := e.peer()
	wrong := map[string]any{"email": "alice@example.com", "password": "wrong password"}
	tally := concurrently(100, func(i int) response {
		if i%2 == 0 {
			return e.do("POST", "/login", wrong, "")
		}
		return e.doOn(other, "POST", "/login", wrong, "")
	})
	t.Logf("100 concurrent wrong passwords over two instances: %v", tally)
	if tally[http.StatusUnauthorized] != 5 || tally[http.StatusTooManyRequests] != 95 || len(tally) != 2 {
		t.Errorf("statuses %v, want 5 × 401 and 95 × 429", tally)
	}
	right := map[string]any{"email": "alice@example.com", "password": testPassword}
	wantLocked(t, e.doOn(other, "POST", "/login", right, ""), 60)
}

// TestLoginDisabledNeedsPassword: a disabled account answers 403 only to
// its password; a wrong password gets the 401 anyone gets. Before the fix
// the 403 came before the password check.
func TestLoginDisabledNeedsPassword(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	e.disable("alice@example.com")
	hashes := countHashes(e)
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": "wrong password"}, "").
		want(t, http.StatusUnauthorized, detailBadCredentials)
	e.do("POST", "/login", map[string]any{"email": "nobody@example.com", "password": "wrong password"}, "").
		want(t, http.StatusUnauthorized, detailBadCredentials)
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").
		want(t, http.StatusForbidden, "Account is disabled.")
	if n := hashes.Load(); n != 3 {
		t.Errorf("%d password computations for 3 sign-ins, want 3 (the same cost for each)", n)
	}
}

// TestLoginDisabledClearsFailuresWithPassword: the right password of a
// disabled account is no guess: it clears the failures, and the 403 is
// never turned into a lockout for the owner.
func TestLoginDisabledClearsFailuresWithPassword(t *testing.T) {
	e := newTestEnv(t, withLockout(2, 60))
	e.register("alice@example.com")
	e.disable("alice@example.com")
	right := map[string]any{"email": "alice@example.com", "password": testPassword}
	for range 4 {
		e.do("POST", "/login", right, "").want(t, http.StatusForbidden, "Account is disabled.")
	}
}

// currentPasswordCalls are the endpoints that re-check the password of a
// signed-in user, with a body carrying pw as current_password.
var currentPasswordCalls = []struct {
	name, method, path string
	body               func(pw string) map[string]any
}{
	{"change-password", "POST", "/change-password", func(pw string) map[string]any {
		return map[string]any{"current_password": pw, "new_password": "a brand new password"}
	}},
	{"change-email", "POST", "/change-email", func(pw string) map[string]any {
		return map[string]any{"current_password": pw, "new_email": "alice.new@example.com"}
	}},
}

// TestCurrentPasswordLockout: wrong current_password checks count as
// failed sign-ins of the account: 24 at once get at most 5 checks, the
// rest 429 with Retry-After, /login is locked too, and after the window
// the right current password works and clears the failures. Before the
// fix all 24 were checked (24 × 400) and /login stayed open.
func TestCurrentPasswordLockout(t *testing.T) {
	for _, c := range currentPasswordCalls {
		t.Run(c.name, func(t *testing.T) {
			testCurrentPasswordLockout(t, c.method, c.path, c.body)
		})
	}
}

func testCurrentPasswordLockout(t *testing.T, method, path string, body func(string) map[string]any) {
	e := newTestEnv(t, withLockout(5, 60))
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	hashes := countHashes(e)
	tally := concurrently(24, func(int) response { return e.do(method, path, body("wrong password"), tok) })
	t.Logf("24 concurrent wrong current passwords: %v, %d password checks", tally, hashes.Load())
	if tally[http.StatusBadRequest] != 5 || tally[http.StatusTooManyRequests] != 19 || len(tally) != 2 {
		t.Errorf("statuses %v, want 5 × 400 and 19 × 429", tally)
	}
	if n := hashes.Load(); n != 5 {
		t.Errorf("%d password checks, want 5", n)
	}
	wantLocked(t, e.do(method, path, body(testPassword), tok), 60)
	wantLocked(t, e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, ""), 60)

	e.clock.Advance(60 * time.Second)
	e.do(method, path, body("wrong password"), tok).want(t, http.StatusBadRequest, detailWrongPassword)
	r := e.do(method, path, body(testPassword), tok)
	if r.status != http.StatusOK && r.status != http.StatusAccepted {
		t.Fatalf("right current password: status %d %s", r.status, r.body)
	}
	n, err := e.rs.store.CountLoginFailures(context.Background(), "alice@example.com", time.Time{})
	if err != nil || n != 0 {
		t.Errorf("failures after the right current password: %d, %v; want 0", n, err)
	}
}
