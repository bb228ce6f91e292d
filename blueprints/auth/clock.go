package auth

import (
	"sync"
	"time"
)

// Clock is the source of the current time for every expiry, lockout and
// revocation decision, so tests can freeze and advance it.
type Clock interface {
	// Now returns the current time in UTC.
	Now() time.Time
}

// SystemClock reads the machine's clock.
type SystemClock struct{}

// Now returns time.Now in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// FrozenClock is a Clock that stands still until told to move. Tests use it
// to put a token exactly at its expiry or a login exactly at a revocation
// cutoff. It is safe for concurrent use.
type FrozenClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFrozenClock returns a clock stopped at t (converted to UTC).
func NewFrozenClock(t time.Time) *FrozenClock {
	return &FrozenClock{now: t.UTC()}
}

// Now returns the time the clock is stopped at, in UTC.
func (c *FrozenClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (converted to UTC).
func (c *FrozenClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t.UTC()
}

// Advance moves the clock forward by d (backward when d is negative) and
// returns the new time.
func (c *FrozenClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}
