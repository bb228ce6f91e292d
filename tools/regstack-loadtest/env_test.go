package main

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// TestBurstAccountsSignIn starts the load test's environment with cheap
// Argon2id parameters and sends a burst of 20 sign-ins at once: each is a
// different burst account, so none meets the lockout (5 attempts per
// address), and every one is a 200 with the copied password hash.
func TestBurstAccountsSignIn(t *testing.T) {
	o := options{
		params: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, KeyLength: 32, SaltLength: 16},
		bursts: []int{20},
	}
	ctx := context.Background()
	e, err := startEnv(ctx, o, t.TempDir())
	t.Cleanup(func() { _ = e.close() })
	if err != nil {
		t.Fatal(err)
	}
	r := burst(ctx, 20, time.Minute, burstLoginRequests(e.loginURL()), http.StatusOK)
	if r.requests != 20 || r.failures != 0 {
		t.Fatalf("burst of 20: %d ok, %d failed (first: %s), want 20 ok", r.requests, r.failures, r.firstFailure)
	}
}
