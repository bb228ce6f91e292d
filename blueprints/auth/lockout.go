package auth

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// lockoutWindow is the period over which failed sign-ins are counted.
func (rs *RegStack) lockoutWindow() time.Duration {
	return time.Duration(rs.cfg.LoginLockoutWindowSeconds) * time.Second
}

// reserveAttempt reserves one password check for email in the database
// before any password work, or answers 429 when email already has
// login_lockout_threshold attempts in the window. Reserving (not counting
// first and recording after the hash) is what makes the threshold bound
// the number of password checks however the guesses arrive: in parallel,
// or through several processes on one database. The reservation is the
// failure record; a correct password clears it (clearFailures).
//
// Sign-ins and every current_password check reserve under the account's
// email, so a stolen session cannot guess the password either, and
// unknown addresses reserve too, so a lockout says nothing about which
// accounts exist.
func (rs *RegStack) reserveAttempt(ctx context.Context, email string) error {
	if rs.cfg.RateLimitDisabled {
		return nil
	}
	now := rs.clock.Now()
	res, err := rs.store.ReserveLoginAttempt(ctx, email, now, rs.lockoutWindow(), rs.cfg.LoginLockoutThreshold)
	if err != nil {
		return fmt.Errorf("reserving a login attempt: %w", err)
	}
	if res.Reserved {
		return nil
	}
	secs := strconv.Itoa(retryAfterSeconds(res.Blocking.Add(rs.lockoutWindow()).Sub(now)))
	return errDetail(http.StatusTooManyRequests, "Too many failed attempts. Try again in "+secs+" seconds.").
		withHeader("Retry-After", secs)
}

// retryAfterSeconds is left, the time until the blocking attempt leaves
// the window, in whole seconds rounded up and at least 1: a client that
// waits that long is not refused for that attempt again. (The reference
// always answers the full window.)
func retryAfterSeconds(left time.Duration) int {
	secs := int((left + time.Second - 1) / time.Second)
	return max(secs, 1)
}

// clearFailures forgets email's failures after a correct password or a
// credential change. It runs even with rate limiting off, like the
// reference.
func (rs *RegStack) clearFailures(ctx context.Context, email string) error {
	if err := rs.store.ClearLoginFailures(ctx, email); err != nil {
		return fmt.Errorf("clearing login failures: %w", err)
	}
	return nil
}
