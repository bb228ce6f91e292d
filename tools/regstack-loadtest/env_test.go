package main

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// TestAccountsSignInAtOnce starts the load test's environment with cheap
// Argon2id parameters and sends a burst of 20 sign-ins at once: each is a
// different copied account, so none meets the lockout (5 attempts per
// address), and every one is a 200 with the copied password hash.
func TestAccountsSignInAtOnce(t *testing.T) {
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
	r := burst(ctx, 20, time.Minute, accountLogins(e.loginURL(), 20), http.StatusOK)
	if r.requests != 20 || r.failures != 0 {
		t.Fatalf("burst of 20: %d ok, %d failed (first: %s), want 20 ok", r.requests, r.failures, r.firstFailure)
	}
}

// TestAccountLoginsCycle checks that request i signs in account i mod n.
func TestAccountLoginsCycle(t *testing.T) {
	build := accountLogins("http://127.0.0.1:1/login", 2)
	var got []string
	for range 5 {
		req, err := build(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var c map[string]string
		if err := json.NewDecoder(req.Body).Decode(&c); err != nil {
			t.Fatal(err)
		}
		got = append(got, c["email"])
	}
	want := []string{accountEmail(0), accountEmail(1), accountEmail(0), accountEmail(1), accountEmail(0)}
	if !slices.Equal(got, want) {
		t.Errorf("emails %v, want %v", got, want)
	}
}
