//regstack:feature account_deletion

package auth

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
)

// parkHashes makes the first n password computations of e's hasher wait
// until the returned release is called, and reports on parked when all n
// are waiting. Every request parked there has already read its user (the
// session, or the account being signed in to), so what it writes after
// release meets a database where the user may be gone.
func parkHashes(e *testEnv, n int64) (<-chan struct{}, func()) {
	var (
		count   atomic.Int64
		all     = make(chan struct{})
		gate    = make(chan struct{})
		release = sync.OnceFunc(func() { close(gate) })
	)
	e.rs.hasher.slotHeld = func() {
		switch k := count.Add(1); {
		case k < n:
			<-gate
		case k == n:
			close(all)
			<-gate
		}
	}
	e.t.Cleanup(func() { release(); e.rs.hasher.slotHeld = nil })
	return all, release
}

// TestUserDeletedMidRequest: 30 requests that read the user and then write
// it (10 sign-ins, 10 change-password, 10 DELETE /account) all wait in the
// password check while one DELETE /account removes the account. Each then
// finds the user gone: 401 with the reference's wording, never a 5xx.
// Before the fix all 30 answered 500.
func TestUserDeletedMidRequest(t *testing.T) {
	const each = 10
	e := newTestEnv(t, func(c *Config) { c.MaxConcurrentHashes = 3*each + 4 })
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	parked, release := parkHashes(e, 3*each)

	type answer struct {
		kind string
		r    response
	}
	answers := make(chan answer, 3*each)
	var wg sync.WaitGroup
	for i := range 3 * each {
		wg.Go(func() {
			switch i % 3 {
			case 0:
				answers <- answer{"login", e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "")}
			case 1:
				answers <- answer{"change-password", e.do("POST", "/change-password", map[string]any{"current_password": testPassword, "new_password": "a brand new password"}, tok)}
			default:
				answers <- answer{"delete", e.do("DELETE", "/account", map[string]any{"current_password": testPassword}, tok)}
			}
		})
	}
	<-parked
	e.do("DELETE", "/account", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusOK, "")
	release()
	wg.Wait()
	close(answers)

	tally := map[string]map[int]int{}
	for a := range answers {
		if tally[a.kind] == nil {
			tally[a.kind] = map[int]int{}
		}
		tally[a.kind][a.r.status]++
		want := detailUserInactive
		if a.kind == "login" {
			want = detailBadCredentials
		}
		if got, _ := a.r.json["detail"].(string); a.r.status != http.StatusUnauthorized || got != want {
			t.Errorf("%s with the user deleted mid-request: %d %s, want 401 %q", a.kind, a.r.status, a.r.body, want)
		}
	}
	t.Logf("answers per request kind: %v", tally)
}

// TestUserDeletedRace: 24 requests of every kind that touches the user
// (sign-in, change-password, PATCH /me, GET /me, DELETE /account) race one
// another without any help; whatever the interleaving, every answer is
// one of the expected ones and at most one DELETE /account succeeds (none
// when a change-password ended the shared session first).
func TestUserDeletedRace(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	var deleted atomic.Int64
	tally := concurrently(25, func(i int) response {
		var r response
		switch i % 5 {
		case 0:
			r = e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "")
		case 1:
			r = e.do("POST", "/change-password", map[string]any{"current_password": testPassword, "new_password": "a brand new password"}, tok)
		case 2:
			r = e.do("PATCH", "/me", map[string]any{"full_name": "Alice"}, tok)
		case 3:
			r = e.do("GET", "/me", nil, tok)
		default:
			r = e.do("DELETE", "/account", map[string]any{"current_password": testPassword}, tok)
			if r.status == http.StatusOK {
				deleted.Add(1)
			}
		}
		if r.status != http.StatusOK && r.status != http.StatusUnauthorized {
			t.Errorf("request %d: %d %s, want 200 or 401", i, r.status, r.body)
		}
		return r
	})
	t.Logf("25 racing requests: %v", tally)
	if n := deleted.Load(); n > 1 {
		t.Errorf("%d DELETE /account succeeded, want at most 1", n)
	}
}
