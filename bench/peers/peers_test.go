package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

// TestSystemsAnswerTheUser builds every SQLite system the way its server
// process does and checks that each answers its "who am I" request with
// the signed-in user, and refuses the request without its credential.
func TestSystemsAnswerTheUser(t *testing.T) {
	ctx := t.Context()
	secret := "peers-test-secret-0123456789abcdef"
	db, cleanup, err := setupDatabase(ctx, "sqlite", secret)
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	for _, sys := range systems["sqlite"] {
		t.Run(sys, func(t *testing.T) {
			h, path, cred, closeFn, err := buildSystem(ctx, serveArgs{
				system: sys, backend: "sqlite", dsn: db.dsn, dbURL: db.dbURL, userID: db.userID, secret: secret, token: db.token,
			})
			if closeFn != nil {
				defer closeFn()
			}
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if cred.header != "" {
				req.Header.Set(cred.header, cred.value)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var u struct {
				ID    string `json:"_id"`
				Email string `json:"email"`
			}
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &u) != nil || u.ID != db.userID || u.Email != "load@example.com" {
				t.Fatalf("status %d, body %s; want the user %s", rec.Code, rec.Body, db.userID)
			}
			if cred.header == "" {
				return // the floors do not authenticate
			}
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("without the credential: status %d, want 401", rec.Code)
			}
		})
	}
}

// TestProcessCPUCountsWork checks the /proc reading the figures rest on:
// after this process has spun for 200ms of CPU (by getrusage), its
// /proc/<pid>/stat time and the machine's /proc/stat busy time have grown
// by about as much (both count in 10ms ticks).
func TestProcessCPUCountsWork(t *testing.T) {
	before, err := markCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	x := 0
	for {
		now, err := markCPU(os.Getpid())
		if err != nil {
			t.Fatal(err)
		}
		if now.self-before.self >= 200*time.Millisecond {
			break
		}
		for range 1_000_000 {
			x++
		}
	}
	after, err := markCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	proc, machine := after.server-before.server, after.machine-before.machine
	if proc < 150*time.Millisecond || machine < 150*time.Millisecond {
		t.Errorf("after 200ms of CPU (%d spins): /proc/<pid>/stat grew %v, /proc/stat %v; want >= 150ms each", x, proc, machine)
	}
}

func TestPercentile(t *testing.T) {
	d := []time.Duration{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	if got := percentile(d, 0.5); got != 5 {
		t.Errorf("p50 = %v, want 5", got)
	}
	if got := percentile(d, 0.99); got != 10 {
		t.Errorf("p99 = %v, want 10", got)
	}
	if got := percentile(nil, 0.5); got != 0 {
		t.Errorf("p50 of nothing = %v, want 0", got)
	}
}
