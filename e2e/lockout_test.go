package e2e

import (
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestLockoutTwoProcesses: two processes of one generated host share one
// database (SQLite file, PostgreSQL database, MongoDB database) with the
// lockout on (threshold 5). 100 wrong passwords sent to both at once get
// at most 5 password checks (401) and 429 for the rest; the right password
// is refused with a Retry-After no longer than the window, and accepted
// once that time has passed.
func TestLockoutTwoProcesses(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			testLockoutTwoProcesses(t, startHost(t, backendArgs(t, backend)...))
		})
	}
}

func testLockoutTwoProcesses(t *testing.T, h *host) {
	const (
		api    = "/api/auth"
		window = 10
		email  = "alice@example.com"
		right  = "correct horse battery"
	)
	h.expect(h.call("POST", api+"/register", "", map[string]any{"email": email, "password": right}), 201)
	h.expect(h.call("POST", api+"/verify", "", map[string]any{"token": h.linkToken("verify", 1)}), 200)

	env := []string{
		"REGSTACK_RATE_LIMIT_DISABLED=false",
		"REGSTACK_LOGIN_LOCKOUT_THRESHOLD=5",
		"REGSTACK_LOGIN_LOCKOUT_WINDOW_SECONDS=" + strconv.Itoa(window),
	}
	procs := []*host{h.another(env...), h.another(env...)}

	var (
		mu    sync.Mutex
		tally = map[int]int{}
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	began := time.Now()
	for i := range 100 {
		wg.Go(func() {
			<-start
			r := procs[i%2].call("POST", api+"/login", "", map[string]any{"email": email, "password": "wrong password"})
			mu.Lock()
			tally[r.status]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	took := time.Since(began)
	t.Logf("100 concurrent wrong passwords over two processes: %v in %v", tally, took)
	if n := tally[401]; n > 5 || n < 1 || n+tally[429] != 100 {
		t.Errorf("statuses %v, want at most 5 × 401 and 429 for the rest", tally)
	}
	if took < window*time.Second && tally[401] != 5 {
		t.Errorf("the burst fit in the window but got %d × 401, want 5", tally[401])
	}

	for _, p := range procs {
		r := p.expect(p.call("POST", api+"/login", "", map[string]any{"email": email, "password": right}), 429)
		secs, err := strconv.Atoi(r.header.Get("Retry-After"))
		if err != nil || secs < 1 || secs > window {
			t.Fatalf("Retry-After %q, want 1..%d", r.header.Get("Retry-After"), window)
		}
		if want := "Too many failed attempts. Try again in " + strconv.Itoa(secs) + " seconds."; r.json["detail"] != want {
			t.Errorf("detail %v, want %q", r.json["detail"], want)
		}
	}
	r := procs[0].call("POST", api+"/login", "", map[string]any{"email": email, "password": right})
	if r.status == 429 {
		secs, _ := strconv.Atoi(r.header.Get("Retry-After"))
		time.Sleep(time.Duration(secs) * time.Second)
		r = procs[1].call("POST", api+"/login", "", map[string]any{"email": email, "password": right})
	}
	procs[1].expect(r, 200)
}
