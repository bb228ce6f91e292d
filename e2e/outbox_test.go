package e2e

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestOutboxOverHTTP is issue 10 item 5 against a built host whose mail
// goes over SMTP: first to a closed port (the transport fails), then
// through a relay that waits 300 ms before passing each connection on to
// mailpit (slow, working). In both phases forgot-password answers 202 in
// the same time for an account that exists and for one that does not, and
// once the relay is up the queued mail reaches mailpit within a minute.
func TestOutboxOverHTTP(t *testing.T) {
	smtpAddr, _, _, mailpit := mailpitEnv(t)
	mainGo, err := os.ReadFile("testdata/smtphost.go.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"sqlite", "postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			relayAddr := freeAddr(t) // nothing listens there yet
			h := startCustomHost(t, mainGo, []string{"HOST_SMTP_ADDR=" + relayAddr, "REGSTACK_REQUIRE_VERIFICATION=false"},
				backendArgs(t, backend)...)
			known := "known-" + backend + "@example.com"
			unknown := "nobody-" + backend + "@example.com"
			h.expect(h.call("POST", "/api/auth/register", "", map[string]any{"email": known, "password": "correct horse battery"}), 201)

			h.compareForgot("closed SMTP port", known, unknown)
			relay := startSlowRelay(t, relayAddr, smtpAddr, 300*time.Millisecond)
			recovered := time.Now()
			h.compareForgot("SMTP 300 ms slow", known, unknown)

			// Eight requests for the known address in each phase (one warm-up
			// and seven measured): all sixteen emails arrive, those queued
			// while the port was closed after their backoff.
			const want = 16
			deadline := recovered.Add(time.Minute)
			for n := 0; n < want; n = countMailpit(t, mailpit, known) {
				if time.Now().After(deadline) {
					t.Fatalf("%d of %d emails to %s in mailpit a minute after the relay came up (%d relayed connections)",
						n, want, known, relay.count())
				}
				time.Sleep(100 * time.Millisecond)
			}
			t.Logf("all %d emails reached mailpit %v after the transport recovered", want, time.Since(recovered).Round(time.Millisecond))
			if n := countMailpit(t, mailpit, unknown); n != 0 {
				t.Errorf("%d messages to the unknown address", n)
			}
		})
	}
}

// compareForgot sends forgot-password for known and unknown alternately,
// seven times each after a warm-up, logs the medians and fails unless
// every answer is 202 and the medians are within 100 ms.
func (h *host) compareForgot(phase, known, unknown string) {
	h.t.Helper()
	timed := func(addr string) (int, time.Duration) {
		start := time.Now()
		r := h.call("POST", "/api/auth/forgot-password", "", map[string]any{"email": addr})
		return r.status, time.Since(start)
	}
	timed(known)
	timed(unknown)
	statuses := map[string][]int{}
	times := map[string][]time.Duration{}
	for range 7 {
		for _, addr := range []string{known, unknown} {
			s, d := timed(addr)
			statuses[addr] = append(statuses[addr], s)
			times[addr] = append(times[addr], d)
		}
	}
	med := func(ds []time.Duration) time.Duration { slices.Sort(ds); return ds[len(ds)/2] }
	mk, mu := med(times[known]), med(times[unknown])
	h.t.Logf("%s: known %v median %v; unknown %v median %v", phase, statuses[known], mk, statuses[unknown], mu)
	for addr, ss := range statuses {
		for _, s := range ss {
			if s != http.StatusAccepted {
				h.t.Errorf("%s: forgot-password for %s answered %d, want 202", phase, addr, s)
				break
			}
		}
	}
	if d := (mk - mu).Abs(); d > 100*time.Millisecond {
		h.t.Errorf("%s: known and unknown medians differ by %v", phase, d)
	}
}

// slowRelay accepts SMTP connections on one address and, after a delay,
// splices each to the real server.
type slowRelay struct {
	mu sync.Mutex
	n  int
}

func (r *slowRelay) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// startSlowRelay listens on addr and relays every connection to target
// after delay; it stops when the test ends.
func startSlowRelay(t *testing.T, addr, target string, delay time.Duration) *slowRelay {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("relay: %v", err)
	}
	r := &slowRelay{}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			r.mu.Lock()
			r.n++
			r.mu.Unlock()
			wg.Go(func() {
				defer c.Close()
				time.Sleep(delay)
				up, err := net.Dial("tcp", target)
				if err != nil {
					return
				}
				defer up.Close()
				done := make(chan struct{}, 2)
				go func() { _, _ = io.Copy(up, c); done <- struct{}{} }()
				go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
				<-done
			})
		}
	})
	return r
}

// countMailpit counts the messages mailpit holds for to.
func countMailpit(t *testing.T, base, to string) int {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/search?limit=200&query=" + strings.ReplaceAll("to:"+to, "@", "%40"))
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	defer resp.Body.Close()
	var body struct {
		Messages []struct {
			To []struct{ Address string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	n := 0
	for _, m := range body.Messages {
		for _, a := range m.To {
			if strings.EqualFold(a.Address, to) {
				n++
			}
		}
	}
	return n
}
