package auth

import (
	"net/http"
	"testing"
	"time"
)

func withLockout(threshold, window int) func(*Config) {
	return func(c *Config) {
		c.RateLimitDisabled = false
		c.LoginLockoutThreshold = threshold
		c.LoginLockoutWindowSeconds = window
	}
}

func TestLockout(t *testing.T) {
	e := newTestEnv(t, withLockout(3, 60))
	e.register("alice@example.com")
	wrong := map[string]any{"email": "alice@example.com", "password": "wrong password"}
	for i := 0; i < 3; i++ {
		e.do("POST", "/login", wrong, "").want(t, http.StatusUnauthorized, "Invalid email or password.")
	}
	r := e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").
		want(t, http.StatusTooManyRequests, "Too many failed attempts. Try again in 60 seconds.")
	if r.header.Get("Retry-After") != "60" {
		t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	e.clock.Advance(61 * time.Second)
	e.login("alice@example.com", testPassword)
}

func TestLockoutClearedBySuccess(t *testing.T) {
	e := newTestEnv(t, withLockout(3, 60))
	e.register("alice@example.com")
	wrong := map[string]any{"email": "alice@example.com", "password": "wrong password"}
	e.do("POST", "/login", wrong, "").want(t, http.StatusUnauthorized, "")
	e.do("POST", "/login", wrong, "").want(t, http.StatusUnauthorized, "")
	e.login("alice@example.com", testPassword)
	e.do("POST", "/login", wrong, "").want(t, http.StatusUnauthorized, "")
	e.do("POST", "/login", wrong, "").want(t, http.StatusUnauthorized, "")
}

func TestLockoutUnknownEmail(t *testing.T) {
	e := newTestEnv(t, withLockout(2, 60))
	body := map[string]any{"email": "ghost@example.com", "password": testPassword}
	e.do("POST", "/login", body, "").want(t, http.StatusUnauthorized, "")
	e.do("POST", "/login", body, "").want(t, http.StatusUnauthorized, "")
	e.do("POST", "/login", body, "").want(t, http.StatusTooManyRequests, "")
}

func TestLockoutNotCountingValidationErrors(t *testing.T) {
	e := newTestEnv(t, withLockout(1, 60))
	e.register("alice@example.com")
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": "short"}, "").want(t, http.StatusUnprocessableEntity, "")
	e.login("alice@example.com", testPassword)
}
