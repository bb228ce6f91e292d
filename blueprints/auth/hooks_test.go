package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of handlers
// that fire abandons.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records parses the JSON log lines written so far, keeping the keys a test
// asserts on (not time or stack).
func (b *syncBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(b.buf.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		delete(m, "time")
		delete(m, "stack")
		out = append(out, m)
	}
	return out
}

// newHookTestStack returns a RegStack with only an event registry, logging
// as JSON to the returned buffer.
func newHookTestStack(timeout time.Duration) (*RegStack, *syncBuffer) {
	buf := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(buf, nil))
	return &RegStack{hooks: newHookRegistry(logger, timeout)}, buf
}

func TestHookOrder(t *testing.T) {
	rs, logs := newHookTestStack(time.Minute)
	var got []string
	for _, name := range []string{"first", "second", "third"} {
		rs.OnUserRegistered(func(_ context.Context, e UserRegistered) error {
			got = append(got, name+":"+e.User.Email)
			return nil
		})
	}
	rs.OnUserDeleted(func(context.Context, UserDeleted) error {
		got = append(got, "wrong event")
		return nil
	})
	fire(context.Background(), rs.hooks, &rs.hooks.userRegistered, UserRegistered{User: User{Email: "ada@example.com"}})
	want := []string{"first:ada@example.com", "second:ada@example.com", "third:ada@example.com"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("handlers ran (-want +got):\n%s", diff)
	}
	if recs := logs.records(t); len(recs) != 0 {
		t.Errorf("unexpected log records: %v", recs)
	}
}

func TestHookErrorLoggedAndSwallowed(t *testing.T) {
	rs, logs := newHookTestStack(time.Minute)
	var after atomic.Bool
	rs.OnPasswordChanged(func(context.Context, PasswordChanged) error { return errors.New("webhook down") })
	rs.OnPasswordChanged(func(context.Context, PasswordChanged) error { after.Store(true); return nil })
	fire(context.Background(), rs.hooks, &rs.hooks.passwordChanged, PasswordChanged{})
	if !after.Load() {
		t.Errorf("the handler after a failing one did not run")
	}
	want := []map[string]any{{
		"level": "ERROR", "msg": "auth: event handler failed",
		"event": "password_changed", "error": "webhook down",
	}}
	if diff := cmp.Diff(want, logs.records(t)); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}

func TestHookPanicRecovered(t *testing.T) {
	rs, logs := newHookTestStack(time.Minute)
	var after atomic.Bool
	rs.OnUserVerified(func(context.Context, UserVerified) error { panic("handler bug") })
	rs.OnUserVerified(func(context.Context, UserVerified) error { after.Store(true); return nil })
	fire(context.Background(), rs.hooks, &rs.hooks.userVerified, UserVerified{})
	if !after.Load() {
		t.Errorf("the handler after a panicking one did not run")
	}
	want := []map[string]any{{
		"level": "ERROR", "msg": "auth: event handler panicked",
		"event": "user_verified", "panic": "handler bug",
	}}
	if diff := cmp.Diff(want, logs.records(t)); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}

func TestHookStuckHandlerAbandoned(t *testing.T) {
	const timeout = 50 * time.Millisecond
	rs, logs := newHookTestStack(timeout)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // let the abandoned goroutine end
	started := make(chan struct{})
	var deadline atomic.Bool
	rs.OnUserLoggedIn(func(ctx context.Context, _ UserLoggedIn) error {
		_, ok := ctx.Deadline()
		deadline.Store(ok)
		close(started)
		<-release // ignores ctx
		return nil
	})
	var after atomic.Bool
	rs.OnUserLoggedIn(func(context.Context, UserLoggedIn) error { after.Store(true); return nil })

	returned := make(chan struct{})
	go func() {
		fire(context.Background(), rs.hooks, &rs.hooks.userLoggedIn, UserLoggedIn{})
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("fire did not return while a handler was stuck")
	}
	waitFor(t, started, "the stuck handler to start")
	if !deadline.Load() {
		t.Errorf("handler context had no deadline")
	}
	if !after.Load() {
		t.Errorf("the handler after the stuck one did not run")
	}
	want := []map[string]any{{
		"level": "WARN", "msg": "auth: event handler timed out; continuing without it",
		"event": "user_logged_in", "timeout": float64(timeout),
	}}
	if diff := cmp.Diff(want, logs.records(t)); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}

type hookCtxKey struct{}

// TestHookContextDetached checks that a handler keeps the request's values
// but not its cancellation, and gets the registry's deadline instead.
func TestHookContextDetached(t *testing.T) {
	rs, _ := newHookTestStack(time.Hour)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), hookCtxKey{}, "request-id"))
	cancel() // the client has gone away
	var (
		errSeen  error
		value    any
		deadline time.Time
	)
	rs.OnUserDeleted(func(ctx context.Context, _ UserDeleted) error {
		errSeen, value = ctx.Err(), ctx.Value(hookCtxKey{})
		deadline, _ = ctx.Deadline()
		return nil
	})
	start := time.Now()
	fire(ctx, rs.hooks, &rs.hooks.userDeleted, UserDeleted{})
	if errSeen != nil {
		t.Errorf("handler context error = %v, want nil despite the cancelled request", errSeen)
	}
	if value != "request-id" {
		t.Errorf("handler context value = %v, want the request's", value)
	}
	if deadline.Before(start.Add(59*time.Minute)) || deadline.After(time.Now().Add(time.Hour)) {
		t.Errorf("handler deadline %v, want about an hour after %v", deadline, start)
	}
}

// TestHookRegisterWhileFiring is meaningful under -race.
func TestHookRegisterWhileFiring(t *testing.T) {
	rs, _ := newHookTestStack(time.Minute)
	var calls atomic.Int64
	handler := func(context.Context, EmailChanged) error { calls.Add(1); return nil }
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				rs.OnEmailChanged(handler)
			}
		})
		wg.Go(func() {
			for range 20 {
				fire(context.Background(), rs.hooks, &rs.hooks.emailChanged, EmailChanged{})
			}
		})
	}
	wg.Wait()
	calls.Store(0)
	fire(context.Background(), rs.hooks, &rs.hooks.emailChanged, EmailChanged{})
	if n := calls.Load(); n != 200 {
		t.Errorf("after 200 registrations one fire ran %d handlers", n)
	}
}

func TestHookNilHandlerPanicsAtRegistration(t *testing.T) {
	rs, _ := newHookTestStack(time.Minute)
	defer func() {
		if recover() == nil {
			t.Errorf("registering a nil handler did not panic")
		}
	}()
	rs.OnUserRegistered(nil)
}

func TestHookRegistryDefaults(t *testing.T) {
	r := newHookRegistry(nil, 0)
	if r.logger == nil || r.timeout != 10*time.Second {
		t.Errorf("newHookRegistry(nil, 0): logger %v, timeout %v; want slog.Default and 10s", r.logger, r.timeout)
	}
}

// checkRegistration registers through on, fires through h and reports
// whether the handler saw e: it ties each On… method to its list.
func checkRegistration[E interface{ EventName() string }](t *testing.T, rs *RegStack, on func(func(context.Context, E) error), h *eventHandlers[E], e E, wantName string) {
	t.Helper()
	var got E
	var called bool
	on(func(_ context.Context, ev E) error { got, called = ev, true; return nil })
	fire(context.Background(), rs.hooks, h, e)
	if !called {
		t.Errorf("%s: handler not called", wantName)
	}
	if diff := cmp.Diff(e, got); diff != "" {
		t.Errorf("%s: event (-fired +received):\n%s", wantName, diff)
	}
	if name := e.EventName(); name != wantName {
		t.Errorf("%T.EventName() = %q, want %q", e, name, wantName)
	}
}

func TestHookEvents(t *testing.T) {
	u := User{ID: "u1", Email: "ada@example.com"}
	rs, _ := newHookTestStack(time.Minute)
	r := rs.hooks
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"user_registered", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnUserRegistered, &r.userRegistered, UserRegistered{User: u}, "user_registered")
		}},
		{"verification_requested", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnVerificationRequested, &r.verificationRequested, VerificationRequested{Email: u.Email, URL: "https://x/verify?token=t"}, "verification_requested")
		}},
		{"user_verified", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnUserVerified, &r.userVerified, UserVerified{User: u}, "user_verified")
		}},
		{"user_logged_in", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnUserLoggedIn, &r.userLoggedIn, UserLoggedIn{User: u}, "user_logged_in")
		}},
		{"password_reset_requested", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnPasswordResetRequested, &r.passwordResetRequested, PasswordResetRequested{User: u, URL: "https://x/reset?token=t"}, "password_reset_requested")
		}},
		{"password_reset_completed", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnPasswordResetCompleted, &r.passwordResetCompleted, PasswordResetCompleted{User: u}, "password_reset_completed")
		}},
		{"password_changed", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnPasswordChanged, &r.passwordChanged, PasswordChanged{User: u}, "password_changed")
		}},
		{"email_change_requested", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnEmailChangeRequested, &r.emailChangeRequested, EmailChangeRequested{User: u, NewEmail: "new@example.com", URL: "https://x/c?token=t"}, "email_change_requested")
		}},
		{"email_changed", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnEmailChanged, &r.emailChanged, EmailChanged{User: u, PreviousEmail: "old@example.com"}, "email_changed")
		}},
		{"user_deleted", func(t *testing.T) {
			checkRegistration(t, rs, rs.OnUserDeleted, &r.userDeleted, UserDeleted{User: u}, "user_deleted")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}
