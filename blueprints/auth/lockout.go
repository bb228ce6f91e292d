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

// checkLockout returns a 429 error when email has reached the failure
// threshold within the window. It runs before any password work, so a
// locked account costs no hashing and the correct password is refused too.
func (rs *RegStack) checkLockout(ctx context.Context, email string) error {
	if rs.cfg.RateLimitDisabled {
		return nil
	}
	since := rs.clock.Now().Add(-rs.lockoutWindow())
	n, err := rs.store.CountLoginFailures(ctx, email, since)
	if err != nil {
		return fmt.Errorf("counting login failures: %w", err)
	}
	if n < rs.cfg.LoginLockoutThreshold {
		return nil
	}
	secs := strconv.Itoa(rs.cfg.LoginLockoutWindowSeconds)
	return errDetail(http.StatusTooManyRequests, "Too many failed attempts. Try again in "+secs+" seconds.").
		withHeader("Retry-After", secs)
}

// recordFailure counts one failed sign-in for email.
func (rs *RegStack) recordFailure(ctx context.Context, email string) error {
	if rs.cfg.RateLimitDisabled {
		return nil
	}
	if err := rs.store.RecordLoginFailure(ctx, email, rs.clock.Now()); err != nil {
		return fmt.Errorf("recording a login failure: %w", err)
	}
	return nil
}

// clearFailures forgets email's failures after a success or a credential
// change. It runs even with rate limiting off, like the reference.
func (rs *RegStack) clearFailures(ctx context.Context, email string) error {
	if err := rs.store.ClearLoginFailures(ctx, email); err != nil {
		return fmt.Errorf("clearing login failures: %w", err)
	}
	return nil
}
