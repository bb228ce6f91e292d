package e2e

import (
	"net/http"
	"sync"
	"testing"
)

// TestOneOffTokensEndToEnd tries, over real HTTP against a generated host
// on each backend, the attacks on one-off links: a pre-account hijack
// through a pending registration, one reset link used 20 times at once, and
// an email-change link confirmed after the owner reset the password.
func TestOneOffTokensEndToEnd(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			testOneOffTokens(t, startHost(t, backendArgs(t, backend)...))
		})
	}
}

func testOneOffTokens(t *testing.T, h *host) {
	const api = "/api/auth"
	const victim = "victim@example.com"
	login := func(email, password string) reply {
		return h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password})
	}

	// The attacker registers the victim's address first, the victim
	// second; the victim clicks the newest link.
	h.expect(h.call("POST", api+"/register", "", map[string]any{"email": victim, "password": "attacker's password"}), 201)
	h.expect(h.call("POST", api+"/register", "", map[string]any{"email": victim, "password": "victim's password"}), 201)
	h.expect(h.call("POST", api+"/verify", "", map[string]any{"token": h.linkToken("verify", 2)}), 200)
	for _, pw := range []string{"attacker's password", "victim's password"} {
		if r := login(victim, pw); r.status != http.StatusUnauthorized {
			t.Fatalf("login with %q after a contested registration: %d %s", pw, r.status, r.raw)
		}
	}
	// The verification mailed a reset link: 20 uses at once, one wins.
	reset := h.linkToken("reset", 1)
	var mu sync.Mutex
	codes := map[int]int{}
	var password string
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 20 {
		wg.Go(func() {
			<-start
			pw := "victim's password " + string(rune('a'+i))
			r := h.call("POST", api+"/reset-password", "", map[string]any{"token": reset, "new_password": pw})
			mu.Lock()
			codes[r.status]++
			if r.status == http.StatusOK {
				password = pw
			}
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	if codes[http.StatusOK] != 1 || codes[http.StatusBadRequest] != 19 {
		t.Fatalf("20 concurrent uses of one reset link: %v, want one 200 and 19 400", codes)
	}

	// Sign in with the password that won and ask for an email change; the
	// owner then resets the password and the change is void.
	session := h.expect(login(victim, password), 200).json["access_token"].(string)
	h.expect(h.call("POST", api+"/change-email", session, map[string]any{"new_email": "attacker@example.com", "current_password": password}), 202)
	change := h.linkToken("confirm-email-change", 1)
	h.expect(h.call("POST", api+"/forgot-password", "", map[string]any{"email": victim}), 202)
	h.expect(h.call("POST", api+"/reset-password", "", map[string]any{"token": h.linkToken("reset", 2), "new_password": "victim's final password"}), 200)
	h.expect(h.call("POST", api+"/confirm-email-change", "", map[string]any{"token": change}), 400)
	h.expect(login(victim, "victim's final password"), 200)
}
