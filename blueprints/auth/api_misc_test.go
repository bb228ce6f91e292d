package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

func TestBootstrapAdmin(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	u, outcome, err := e.rs.EnsureAdmin(ctx, "root@example.com", testPassword)
	if err != nil || outcome != AdminCreated || !u.IsSuperuser || !u.IsVerified {
		t.Fatalf("first call: %+v outcome=%v err=%v", u, outcome, err)
	}
	again, outcome, err := e.rs.EnsureAdmin(ctx, "root@example.com", "a different password")
	if err != nil || outcome != AdminUnchanged || again.ID != u.ID {
		t.Fatalf("second call: id %s (want %s) outcome=%v err=%v", again.ID, u.ID, outcome, err)
	}
	e.login("root@example.com", testPassword) // the password was not touched

	e.register("bob@example.com")
	if _, outcome, err := e.rs.EnsureAdmin(ctx, "bob@example.com", "irrelevant"); err != nil || outcome != AdminPromoted {
		t.Fatalf("promoting bob: outcome=%v err=%v", outcome, err)
	}
	if !e.user("bob@example.com").IsSuperuser {
		t.Error("existing user was not promoted")
	}
	if err := e.rs.BootstrapAdmin(ctx, "new@example.com", "short"); err == nil {
		t.Error("accepted a 5-character password")
	}
}

func TestRequireMiddleware(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	var seen string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, ok := e.rs.User(r.Context()); ok {
			seen = u.Email
		} else {
			seen = "guest"
		}
	})
	call := func(mw func(http.Handler) http.Handler, token string) int {
		seen = ""
		req := httptest.NewRequest("GET", "/x", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		mw(h).ServeHTTP(rec, req)
		return rec.Code
	}
	if code := call(e.rs.RequireUser, tok); code != 200 || seen != "alice@example.com" {
		t.Errorf("RequireUser with token: %d %q", code, seen)
	}
	if code := call(e.rs.RequireUser, ""); code != 401 || seen != "" {
		t.Errorf("RequireUser without token: %d, handler ran=%v", code, seen != "")
	}
	if code := call(e.rs.RequireAdmin, tok); code != 403 {
		t.Errorf("RequireAdmin for a non-admin: %d", code)
	}
	if code := call(e.rs.OptionalUser, ""); code != 200 || seen != "guest" {
		t.Errorf("OptionalUser without token: %d %q", code, seen)
	}
	if code := call(e.rs.OptionalUser, "garbage"); code != 200 || seen != "guest" {
		t.Errorf("OptionalUser with a bad token: %d %q", code, seen)
	}
	if err := e.rs.BootstrapAdmin(context.Background(), "alice@example.com", ""); err != nil {
		t.Fatal(err)
	}
	if code := call(e.rs.RequireAdmin, tok); code != 200 || seen != "alice@example.com" {
		t.Errorf("RequireAdmin for an admin: %d %q", code, seen)
	}
}

// TestInstancesShareNothing runs two RegStacks in one process with their
// own databases, prefixes and secrets: a token of one is 401 at the other,
// and a user signed in at one is not visible through the other's context.
func TestInstancesShareNothing(t *testing.T) {
	a := newTestEnv(t)
	b := newTestEnv(t, func(c *Config) {
		c.APIPrefix = "/other/auth"
		c.JWTSecret = "another-secret-0123456789abcdef-0123456789"
	})
	a.register("alice@example.com")
	b.register("alice@example.com")
	tokA := a.login("alice@example.com", testPassword)
	b.do("GET", "/me", nil, tokA).want(t, http.StatusUnauthorized, "")
	a.do("GET", "/me", nil, tokA).want(t, http.StatusOK, "")

	var sawB bool
	h := a.rs.RequireUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, sawB = b.rs.User(r.Context())
	}))
	req := httptest.NewRequest("GET", "/x", nil)
	req.Header.Set("Authorization", "Bearer "+tokA)
	h.ServeHTTP(httptest.NewRecorder(), req)
	if sawB {
		t.Error("instance b saw the user instance a put in the context")
	}
}

// TestConcurrentRegistration: 50 simultaneous registrations of one address
// give exactly one 201; the database's unique constraint settles it.
func TestConcurrentRegistration(t *testing.T) {
	e := newTestEnv(t)
	codes := concurrently(50, func(int) response {
		return e.do("POST", "/register", map[string]any{"email": "race@example.com", "password": testPassword}, "")
	})
	if codes[http.StatusCreated] != 1 || codes[http.StatusConflict] != 49 {
		t.Errorf("status counts %v, want one 201 and 49 409", codes)
	}
}

// TestConcurrentVerification: 20 simultaneous uses of one verification
// token give exactly one success.
func TestConcurrentVerification(t *testing.T) {
	e := newTestEnv(t, withVerification)
	e.do("POST", "/register", map[string]any{"email": "race@example.com", "password": testPassword}, "").want(t, http.StatusCreated, "")
	token := e.outbox.lastToken(t, "race@example.com")
	codes := concurrently(20, func(int) response {
		return e.do("POST", "/verify", map[string]any{"token": token}, "")
	})
	if codes[http.StatusOK] != 1 || codes[http.StatusBadRequest] != 19 {
		t.Errorf("status counts %v, want one 200 and 19 400", codes)
	}
}

func TestEventsFired(t *testing.T) {
	e := newTestEnv(t, withVerification)
	var mu sync.Mutex
	var got []string
	record := func(name string) { mu.Lock(); got = append(got, name); mu.Unlock() }
	e.rs.OnVerificationRequested(func(_ context.Context, ev VerificationRequested) error {
		record(ev.EventName() + " " + ev.Email)
		return nil
	})
	e.rs.OnUserVerified(func(_ context.Context, ev UserVerified) error {
		record(ev.EventName() + " " + ev.User.Email)
		return nil
	})
	e.rs.OnUserLoggedIn(func(_ context.Context, ev UserLoggedIn) error {
		record(ev.EventName() + " " + ev.User.Email)
		return nil
	})
	e.do("POST", "/register", map[string]any{"email": "alice@example.com", "password": testPassword}, "").want(t, http.StatusCreated, "")
	e.do("POST", "/verify", map[string]any{"token": e.outbox.lastToken(t, "alice@example.com")}, "").want(t, http.StatusOK, "")
	e.login("alice@example.com", testPassword)
	want := []string{"verification_requested alice@example.com", "user_verified alice@example.com", "user_logged_in alice@example.com"}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != len(want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestEventHandlerErrorDoesNotFailRequest(t *testing.T) {
	e := newTestEnv(t)
	e.rs.OnUserRegistered(func(context.Context, UserRegistered) error { panic("host bug") })
	e.register("alice@example.com")
}
