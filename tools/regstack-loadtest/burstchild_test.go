package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRunBurstClient checks the child's side: every request is a sign-in
// of a different account, and the report counts answers by status.
func TestRunBurstClient(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var c map[string]string
		if r.Method != http.MethodPost || r.URL.Path != "/api/auth/login" ||
			json.Unmarshal(body, &c) != nil || c["password"] != userPassword {
			http.Error(w, "bad sign-in", http.StatusBadRequest)
			return
		}
		mu.Lock()
		seen[c["email"]]++
		mu.Unlock()
		_, _ = w.Write([]byte(`{"access_token":"t"}`))
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name string
		path string
		want burstReport
	}{
		{"all succeed", "/api/auth/login", burstReport{OK: 5}},
		{"all fail", "/elsewhere", burstReport{Failed: 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := runBurstClient(context.Background(), srv.URL+tc.path, 5, time.Minute, &out); err != nil {
				t.Fatal(err)
			}
			var got burstReport
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("report %q: %v", out.Bytes(), err)
			}
			if got.ElapsedNS <= 0 {
				t.Errorf("elapsed %d ns, want > 0", got.ElapsedNS)
			}
			got.ElapsedNS, got.FirstFailure = 0, ""
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			if tc.want.OK == 0 {
				return
			}
			want := map[string]int{}
			for i := range tc.want.OK {
				want[accountEmail(i)] = 1
			}
			mu.Lock()
			defer mu.Unlock()
			if diff := cmp.Diff(want, seen); diff != "" {
				t.Errorf("accounts signed in (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoopbackURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://127.0.0.1:8000/api/auth/login": true,
		"http://[::1]:8000/login":              true,
		"http://localhost:8000/login":          false, // a name could resolve anywhere
		"https://127.0.0.1/login":              false,
		"http://192.0.2.1/login":               false,
		"::not a url":                          false,
	} {
		if got := loopbackURL(raw); got != want {
			t.Errorf("loopbackURL(%q) = %v, want %v", raw, got, want)
		}
	}
}
